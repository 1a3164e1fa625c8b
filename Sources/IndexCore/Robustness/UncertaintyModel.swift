import RealModule

/// A cross-section evaluation prepared for thousands of reruns under varied assumptions.
///
/// One replication is a set of choices, one per assumption group, each drawn from its own seed:
/// data treatment → normalisation → weights → aggregation → ranks at every node → tiers. The
/// treated and normalised indicator matrices are computed once per alternative (they do not depend
/// on the other choices); weights, aggregation, ranks and tiers are recomputed every time.
///
/// ```swift
/// let model = try UncertaintyModel(framework: framework, dataset: dataset, specification: .standard(units: 31, tiers: 4))
/// var scratch = model.makeScratch()
/// let outcome = try model.evaluate(seeds: model.seeds(replication: 0, seed: 1), scratch: &scratch)
/// ```
public struct UncertaintyModel: Sendable {
    /// An assumption group: one input of a sensitivity analysis.
    public enum Group: String, Sendable, Hashable, CaseIterable {
        case treatment, normalisation, weights, aggregation, tiers, inclusion
    }

    package let compiled: CompiledEvaluation
    /// The units ranked in the analysed period, in the order of ``Outcome/tiers``.
    public let units: [AssessedUnit]
    /// The analysed period (the run's last).
    public let period: String
    /// The varied groups, in the order their seeds are given.
    public let groups: [Group]
    /// The slots whose ranks are reported: every aggregate node, the root last.
    package let reportedSlots: [Int]
    /// The ids of the nodes whose ranks are reported, in the order of the `slot` arguments of
    /// ``RankAccumulator`` and of ``Outcome/ranks``: every aggregate node, the root last.
    public var reportedNodeIDs: [String] { reportedSlots.map { compiled.nodeIDs[$0] } }
    /// What varies.
    public let specification: UncertaintySpecification
    /// The nominal run's outcome (the evaluation as configured, with the run's options).
    public private(set) var nominal: Outcome
    /// The largest tier number any tier method can give.
    public let maxTier: Int

    /// Normalised indicator matrices (units × indicators), by treatment then normalisation.
    let matrices: [[Double]]
    /// The same matrices column-major (indicator × units), read by the column path.
    let columns: [[Double]]
    /// `Double.log` of each of ``columns`` where a geometric mean can be drawn and every present
    /// value is positive (else empty): computed once here instead of in every replication.
    let leafLogs: [[Double]]
    let treatmentChoices: [Int]
    let normalisationChoices: [Int]
    let normalisationCount: Int
    let aggregations: [AggregationMethod]
    let tierMethods: [TierMethod]
    let nominalAggregation: AggregationMethod?
    let nominalTiers: TierMethod
    let nominalWeights: [Double]
    /// How the run ranks tied scores.
    let ties: TieRule
    let weightVariation: WeightVariation?
    let evaluation: Evaluation
    let childParents: [Int]
    let childSlots: [Int]
    /// The treated raw values of each treatment alternative (units × nodes), for TOPSIS.
    let raws: [[Double]]
    let isTOPSIS: Bool
    /// The child positions (layout of ``CompiledEvaluation/childWeights``) inclusion may leave out.
    let inclusionPositions: [Int]
    /// Whether replications may be scored column by column (tests turn it off to compare the
    /// column path with the row path, bit for bit).
    package var allowsColumnPath = true
    /// Per aggregation choice (0 = the nominal methods, then ``aggregations``): whether the column
    /// kernel can score it (``CompiledEvaluation/aggregatesByColumns(methodOverride:)``, not TOPSIS,
    /// more than one unit), decided once here rather than in every replication.
    let columnPathApplies: [Bool]
    /// How many starting orders a scratch keeps per reported slot: one per choice of data,
    /// normalisation and aggregation where the units are few enough to sort by insertion
    /// (``insertionLimit``) and the orders take at most a million integers (8 MiB a thread), else
    /// one (the keys' sort ignores it).
    let orderSets: Int

    /// The ids of the nodes inclusion may leave out, in draw order (choice `k` leaves out the
    /// `k`-th, 1-based; 0 keeps every node).
    public var inclusionNodes: [String] { inclusionPositions.map { compiled.nodeIDs[childSlots[$0]] } }

    /// One replication's result.
    public struct Outcome: Sendable, Hashable {
        /// Competition ranks by reported slot then unit (`0` = no score).
        public var ranks: [Int]
        /// Tier of each unit (`0` = none).
        public var tiers: [Int]
        /// Mean |rank − nominal rank| over units at the root (COINr's mean absolute rank shift).
        public var meanRankShift: Double { rankShiftTerms > 0 ? Double(rankShiftTotal) / Double(rankShiftTerms) : 0 }
        /// Σ |rank − nominal rank| over the units ranked in both, and how many they are.
        public var rankShiftTotal: Int
        /// The number of units ranked both here and in the nominal run.
        public var rankShiftTerms: Int

        /// An outcome from its ranks, tiers and rank-shift sums.
        public init(ranks: [Int], tiers: [Int], rankShiftTotal: Int, rankShiftTerms: Int) {
            self.ranks = ranks
            self.tiers = tiers
            self.rankShiftTotal = rankShiftTotal
            self.rankShiftTerms = rankShiftTerms
        }
    }

    /// Buffers reused across replications: a replication writes its scores, weights, ranks and
    /// tiers here and allocates nothing when its tiers are cut by sizes, thresholds or one class.
    public struct Scratch: Sendable {
        /// The row path's units × nodes matrix.
        var matrix: [Double]
        /// The reported slots' scores, column-major (slot then unit): the column path writes the
        /// aggregates here, the row path copies them here.
        package internal(set) var scores: [Double]
        /// The column path's work space (``CompiledEvaluation/columnWork(aggregates:count:)``).
        var work: [Double]
        /// Each reported slot's units best first, from the last replication that made the same
        /// choice of data, normalisation and aggregation (``orderSet(of:)``): the next one's sort
        /// starts from it, since drawn weights move the scores little, so it is nearly sorted.
        var orders: [Int]
        /// The root's scores and order, for its tiers.
        var column: [Double]
        var order: [Int]
        /// The drawn local weights (uniform draws are made in place).
        var weights: [Double]
        /// Ranks by reported slot then unit, as ``Outcome/ranks``.
        var ranks: [Int]
        /// Tiers by unit (`0` = none), as ``Outcome/tiers``.
        var tiers: [Int]
        /// The sort keys and tier buffers of ranking and tiering.
        var workspace = RankWorkspace()
    }

    /// The buffers ``competitionRanks(_:order:workspace:into:ties:)`` and
    /// ``assignTiers(_:scores:bestFirst:workspace:into:)`` reuse from one replication to the next.
    package struct RankWorkspace: Sendable {
        /// Orders the units when there are more than an insertion sort suits.
        var sorter = RadixSorter()
        /// The insertion sort's keys, ``Ranking/descendingKey(_:)`` by position.
        var descending: [UInt64] = []
        /// The scored units' values ascending, and the units, for Jenks.
        var ascending: [Double] = []
        var ascendingUnits: [Int] = []
        var jenks = Jenks.Workspace()

        package init() {}
    }

    /// Prepares a framework's cross-section evaluation.
    ///
    /// - Parameters:
    ///   - framework: the framework holding the evaluation.
    ///   - dataset: the data as read.
    ///   - evaluationID: the cross-section to analyse; `nil` = the first.
    ///   - options: the nominal run's options (period, normalisation, aggregation, tiers, treatment).
    ///   - specification: what varies, one assumption group per item.
    /// - Throws: ``IndexError`` when there is no cross-section, or a combination cannot run (geometric
    ///   aggregation of a normalisation that gives zero or negative values; tier sizes that do not
    ///   add up to the number of units).
    public init(
        framework: Framework,
        dataset: Dataset,
        evaluationID: String? = nil,
        options: RunOptions = RunOptions(),
        specification: UncertaintySpecification
    ) throws {
        try self.init(
            pipeline: CrossSectionPipeline(
                framework: framework,
                dataset: dataset,
                evaluationID: evaluationID,
                options: options
            ),
            specification: specification
        )
    }

    /// Prepares an evaluation already prepared for a run (the dashboard keeps one per snapshot and
    /// hands it to levers and here, so neither rebuilds it).
    ///
    /// - Parameters:
    ///   - pipeline: the nominal run's pipeline; its options are the nominal run's.
    ///   - specification: what varies, one assumption group per item.
    /// - Throws: as ``init(framework:dataset:evaluationID:options:specification:)``.
    public init(pipeline: CrossSectionPipeline, specification: UncertaintySpecification) throws {
        let options = pipeline.options
        let compiled = pipeline.compiled
        let evaluation = compiled.evaluation
        let units = pipeline.units
        self.compiled = compiled
        self.units = units
        self.period = pipeline.period
        self.specification = specification
        self.evaluation = evaluation
        self.childParents = compiled.childParents
        self.childSlots = compiled.childSlotsInOrder
        self.nominalWeights = pipeline.weights
        self.weightVariation = specification.weights
        self.reportedSlots = Array(compiled.indicatorCount..<compiled.nodeCount)
        self.isTOPSIS = options.topsis
        self.ties = options.ties

        // Data treatments and normalisations: the nominal one first, then each alternative once.
        let nominalTreatment = UncertaintySpecification.Treatment(
            imputation: options.imputation,
            outliers: options.outliers
        )
        var treatmentList = [nominalTreatment]
        let treatmentChoices = specification.treatments.map { treatment -> Int in
            if let index = treatmentList.firstIndex(of: treatment) { return index }
            treatmentList.append(treatment)
            return treatmentList.count - 1
        }
        let nominalNormalisation = pipeline.normalisation
        var normalisationList = [nominalNormalisation]
        let normalisationChoices = specification.normalisations.map { method -> Int in
            if let index = normalisationList.firstIndex(of: method) { return index }
            normalisationList.append(method)
            return normalisationList.count - 1
        }
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        var matrices: [[Double]] = []
        var raws: [[Double]] = []
        for treatment in treatmentList {
            // Every alternative goes through the same pipeline as the run, and must rank the same units.
            let variant =
                treatment == nominalTreatment
                ? pipeline : try pipeline.variant(imputation: treatment.imputation, outliers: treatment.outliers)
            guard variant.units.map(\.id) == units.map(\.id) else {
                throw IndexError(
                    "treatment alternative \(treatment.name) changes which units are screened in; robustness needs the same units in every alternative"
                )
            }
            let rows = variant.target.rows
            raws.append(Array(variant.raw[(rows.lowerBound * n)..<(rows.upperBound * n)]))
            for method in normalisationList {
                var ignored: [Normaliser.Warning] = []
                let normalised = try variant.normalised(variant.raw, method: method, warnings: &ignored)
                var matrix = [Double](repeating: .nan, count: units.count * m)
                for (k, i) in rows.enumerated() {
                    for j in 0..<m { matrix[k * m + j] = normalised[i * n + j] }
                }
                matrices.append(matrix)
            }
        }
        self.matrices = matrices
        let count = units.count
        self.columns = matrices.map { matrix in
            var columns = [Double](repeating: .nan, count: matrix.count)
            for i in 0..<count {
                for j in 0..<m { columns[j * count + i] = matrix[i * m + j] }
            }
            return columns
        }
        self.raws = raws
        self.treatmentChoices = treatmentChoices
        self.normalisationChoices = normalisationChoices
        self.normalisationCount = normalisationList.count
        self.aggregations = specification.aggregations
        self.tierMethods = specification.tierMethods
        self.nominalAggregation = options.aggregation
        self.columnPathApplies = ([options.aggregation] + specification.aggregations.map { Optional($0) }).map {
            !options.topsis && units.count > 1 && compiled.aggregatesByColumns(methodOverride: $0)
        }
        let sets = matrices.count * (specification.aggregations.count + 1)
        self.orderSets =
            units.count <= Self.insertionLimit && sets * reportedSlots.count * units.count <= 1 << 20 ? sets : 1
        self.nominalTiers = options.tierMethod ?? .jenks(classes: max(evaluation.tierNames.count, 1))
        self.maxTier =
            ([nominalTiers] + specification.tierMethods).map { method -> Int in
                switch method {
                case .jenks(let k): k
                case .sizes(let sizes): sizes.count
                case .thresholds(let bounds): bounds.count + 1
                }
            }.max() ?? 1

        if let inclusion = specification.inclusion {
            let height = pipeline.levels()
            let weights = pipeline.weights
            let parents = compiled.childParents
            self.inclusionPositions = compiled.childSlotsInOrder.indices.filter { position in
                height[compiled.childSlotsInOrder[position]] == inclusion.level
                    && parents.indices.contains {
                        $0 != position && parents[$0] == parents[position] && weights[$0] != 0
                    }
            }
            guard !inclusionPositions.isEmpty else {
                throw IndexError(
                    "inclusion varies over \(inclusion.name), but evaluation '\(evaluation.id)' has no node there that can be left out"
                )
            }
        } else {
            self.inclusionPositions = []
        }

        var groups: [Group] = []
        if !specification.treatments.isEmpty { groups.append(.treatment) }
        if !specification.normalisations.isEmpty { groups.append(.normalisation) }
        if specification.weights != nil { groups.append(.weights) }
        if !specification.aggregations.isEmpty { groups.append(.aggregation) }
        if !specification.tierMethods.isEmpty { groups.append(.tiers) }
        if specification.inclusion != nil { groups.append(.inclusion) }
        self.groups = groups
        self.nominal = Outcome(ranks: [], tiers: [], rankShiftTotal: 0, rankShiftTerms: 0)

        // Every combination a replication can draw must be able to run: geometric means need
        // positive scores, tier sizes must add up. The nominal choices are used only where a group
        // does not vary.
        let reachableAggregations = aggregations.isEmpty ? [nominalAggregation] : aggregations.map { Optional($0) }
        let geometric = reachableAggregations.contains { choice in
            (choice.map { [$0] } ?? compiled.methods).contains { method in
                switch method {
                case .geometric, .harmonic: true
                case .generalised(let p): p < 0
                case .arithmetic, .maximum, .minimum, .copeland, .mazziottaPareto, .benefitOfTheDoubt: false
                }
            }
        }
        self.leafLogs = columns.map { columns in
            guard geometric, columns.allSatisfy({ $0.isNaN || $0 > 0 }) else { return [] }
            return columns.map { Double.log($0) }
        }
        if geometric {
            let treatments = treatmentChoices.isEmpty ? [0] : treatmentChoices
            let normalisations = normalisationChoices.isEmpty ? [0] : normalisationChoices
            for t in treatments {
                for k in normalisations
                where matrices[t * normalisationList.count + k].contains(where: { !$0.isNaN && $0 <= 0 }) {
                    throw IndexError(
                        "geometric, harmonic and negative-power means cannot take the zero or negative scores of normalisation "
                            + "'\(normalisationList[k].name)' (\(treatmentList[t].name)); use a positive range such as minmax:1,100"
                    )
                }
            }
        }
        // Benefit of the doubt needs scores ≥ 0 (its programs' weights are non-negative).
        let frontier = reachableAggregations.contains { choice in
            (choice.map { [$0] } ?? compiled.methods).contains {
                if case .benefitOfTheDoubt = $0 { true } else { false }
            }
        }
        if frontier {
            for t in treatmentChoices.isEmpty ? [0] : treatmentChoices {
                for k in normalisationChoices.isEmpty ? [0] : normalisationChoices
                where matrices[t * normalisationList.count + k].contains(where: { !$0.isNaN && $0 < 0 }) {
                    throw IndexError(
                        "benefit-of-the-doubt aggregation cannot take the negative scores of normalisation "
                            + "'\(normalisationList[k].name)' (\(treatmentList[t].name)); use min-max, such as minmax:1,100"
                    )
                }
            }
        }
        for method in [nominalTiers] + tierMethods {
            if case .sizes(let sizes) = method, sizes.reduce(0, +) != units.count {
                throw IndexError(
                    "tiers \(method.name) add up to \(sizes.reduce(0, +)), but \(units.count) units are ranked"
                )
            }
        }
        var scratch = makeScratch()
        let shift = try evaluate(choices: nominalChoices(), scratch: &scratch, nominalRoot: nil)
        nominal = Outcome(
            ranks: scratch.ranks,
            tiers: scratch.tiers,
            rankShiftTotal: shift.total,
            rankShiftTerms: shift.terms
        )
    }

    /// The normalised indicator matrix (units × indicators, row-major) of a treatment and
    /// normalisation alternative (0 = nominal), for reimplementations to start from.
    package func normalisedMatrix(treatment: Int = 0, normalisation: Int) -> [Double] {
        matrices[treatment * normalisationCount + normalisation]
    }

    /// The prepared index of each varied normalisation (0 = the nominal one).
    package var normalisationIndices: [Int] { normalisationChoices }

    /// The starting orders a replication's choices use (see ``Scratch/orders``).
    func orderSet(of choices: Choices) -> Int {
        guard orderSets > 1 else { return 0 }
        return (choices.treatment * normalisationCount + choices.normalisation) * (aggregations.count + 1)
            + choices.aggregationChoice
    }

    /// Buffers for ``evaluate(seeds:scratch:)``.
    public func makeScratch() -> Scratch {
        let count = units.count
        return Scratch(
            matrix: [Double](repeating: .nan, count: count * compiled.nodeCount),
            scores: [Double](repeating: .nan, count: reportedSlots.count * count),
            work: [Double](
                repeating: 0,
                count: CompiledEvaluation.columnWork(aggregates: reportedSlots.count, count: count)
            ),
            orders: Array(repeatElement(Array(0..<count), count: orderSets * reportedSlots.count).joined()),
            column: [Double](repeating: 0, count: count),
            order: Array(units.indices),
            weights: nominalWeights,
            ranks: [Int](repeating: 0, count: reportedSlots.count * units.count),
            tiers: [Int](repeating: 0, count: units.count)
        )
    }

    /// Runs replications `range` of an uncertainty analysis into an accumulator, on this thread.
    /// Chunks of replications can run on several threads and their accumulators merge exactly.
    ///
    /// Each replication runs in `scratch`'s buffers and is counted from them: no outcome is built.
    public func accumulate(_ range: Range<Int>, seed: UInt64, into accumulator: inout RankAccumulator) throws {
        var scratch = makeScratch()
        for replication in range {
            // The seeds of ``seeds(replication:seed:)``, drawn as they are used.
            var random = Self.stream(replication: replication, seed: seed)
            let choices = try choose(scratch: &scratch) { random.next() }
            let shift = try evaluate(choices: choices, scratch: &scratch, nominalRoot: nominalRootRanks)
            accumulator.add(
                ranks: scratch.ranks,
                tiers: scratch.tiers,
                shiftTotal: shift.total,
                shiftTerms: shift.terms
            )
        }
    }

    /// The seeds of one replication of an uncertainty analysis, one per group: a stream of its own,
    /// so the result depends on the replication's number and the seed, never on threads or chunks.
    public func seeds(replication: Int, seed: UInt64) -> [UInt64] {
        var random = Self.stream(replication: replication, seed: seed)
        return groups.map { _ in random.next() }
    }

    /// The generator of one replication's seeds.
    static func stream(replication: Int, seed: UInt64) -> SplitMix64 {
        SplitMix64(seed: seed ^ (UInt64(replication) &* 0xD1B5_4A32_D192_ED03))
    }

    struct Choices {
        var treatment = 0
        var normalisation = 0
        /// 1 + the index of the drawn aggregation in ``aggregations``, 0 = the nominal methods.
        var aggregationChoice = 0
        /// Whether the weights were drawn (into the scratch's weights) or are the nominal ones.
        var drawsWeights = false
        var aggregation: AggregationMethod?
        var tiers: TierMethod
    }

    func nominalChoices() -> Choices {
        Choices(aggregation: nominalAggregation, tiers: nominalTiers)
    }

    /// Runs one replication with a seed per group (in ``groups`` order).
    public func evaluate(seeds: [UInt64], scratch: inout Scratch) throws -> Outcome {
        var next = seeds.makeIterator()
        return try outcome(of: choose(scratch: &scratch) { next.next() }, scratch: &scratch)
    }

    /// Runs one replication's choices and returns its outcome.
    func outcome(of choices: Choices, scratch: inout Scratch) throws -> Outcome {
        let shift = try evaluate(choices: choices, scratch: &scratch, nominalRoot: nominalRootRanks)
        return Outcome(
            ranks: scratch.ranks,
            tiers: scratch.tiers,
            rankShiftTotal: shift.total,
            rankShiftTerms: shift.terms
        )
    }

    /// The node the inclusion seed leaves out (`nil` = none): choice `seed mod (K + 1)`, 0 = none.
    public func leftOut(seed: UInt64) -> String? {
        let choice = Int(seed % UInt64(inclusionPositions.count + 1))
        return choice == 0 ? nil : inclusionNodes[choice - 1]
    }

    /// One replication's choices from a seed per group (in ``groups`` order; a group without a
    /// seed keeps the nominal choice), drawn weights going into `scratch`.
    func choose(scratch: inout Scratch, seed: () -> UInt64?) throws -> Choices {
        var choices = nominalChoices()
        var leftOut: Int?
        for group in groups {
            guard let seed = seed() else { break }
            switch group {
            case .treatment: choices.treatment = treatmentChoices[Int(seed % UInt64(treatmentChoices.count))]
            case .normalisation:
                choices.normalisation = normalisationChoices[Int(seed % UInt64(normalisationChoices.count))]
            case .weights:
                try drawWeights(seed: seed, into: &scratch.weights)
                choices.drawsWeights = true
            case .aggregation:
                choices.aggregationChoice = 1 + Int(seed % UInt64(aggregations.count))
                choices.aggregation = aggregations[choices.aggregationChoice - 1]
            case .tiers: choices.tiers = tierMethods[Int(seed % UInt64(tierMethods.count))]
            case .inclusion:
                let choice = Int(seed % UInt64(inclusionPositions.count + 1))
                leftOut = choice == 0 ? nil : inclusionPositions[choice - 1]
            }
        }
        if let leftOut {
            // A node left out weighs 0 within its parent, the rest as drawn (or nominal).
            if !choices.drawsWeights {
                useNominalWeights(in: &scratch)
                choices.drawsWeights = true
            }
            scratch.weights[leftOut] = 0
        }
        return choices
    }

    /// Copies the nominal weights into `scratch`'s weights, in place.
    func useNominalWeights(in scratch: inout Scratch) {
        if scratch.weights.count == nominalWeights.count {
            for position in nominalWeights.indices { scratch.weights[position] = nominalWeights[position] }
        } else {
            scratch.weights = nominalWeights
        }
    }

    var nominalRootRanks: ArraySlice<Int> {
        let count = units.count
        return nominal.ranks[((reportedSlots.count - 1) * count)..<(reportedSlots.count * count)]
    }

    /// Runs one replication into `scratch` (its ``Scratch/ranks`` and ``Scratch/tiers``) and returns
    /// Σ |rank − nominal rank| at the root and its number of terms.
    func evaluate(
        choices: Choices,
        scratch: inout Scratch,
        nominalRoot: ArraySlice<Int>?
    ) throws -> (total: Int, terms: Int) {
        let count = units.count
        let reported = reportedSlots.count
        // The run's own weights where the weights do not vary: derived, objective or combined
        // (the compiled tree alone holds only the derived ones).
        let weights = choices.drawsWeights ? scratch.weights : nominalWeights
        let matrix = choices.treatment * normalisationCount + choices.normalisation
        if !aggregateByColumns(matrix: matrix, choices: choices, weights: weights, scratch: &scratch) {
            try aggregateByRows(matrix: matrix, choices: choices, weights: weights, scratch: &scratch)
        }
        let ties = ties
        scratch.scores.withUnsafeBufferPointer { scores in
            scratch.orders.withUnsafeMutableBufferPointer { orders in
                scratch.ranks.withUnsafeMutableBufferPointer { ranks in
                    let base = orderSet(of: choices) * reported * count
                    for r in 0..<reported {
                        let segment = (r * count)..<((r + 1) * count)
                        let previous = (base + r * count)..<(base + (r + 1) * count)
                        Self.competitionRanks(
                            UnsafeBufferPointer(rebasing: scores[segment]),
                            order: UnsafeMutableBufferPointer(rebasing: orders[previous]),
                            workspace: &scratch.workspace,
                            into: UnsafeMutableBufferPointer(rebasing: ranks[segment]),
                            ties: ties
                        )
                    }
                }
            }
        }
        // The root is ranked last: its order holds its units best first.
        let root = (reported - 1) * count
        let rootOrder = (orderSet(of: choices) * reported + reported - 1) * count
        for i in 0..<count {
            scratch.column[i] = scratch.scores[root + i]
            scratch.order[i] = scratch.orders[rootOrder + i]
        }
        try Self.assignTiers(
            choices.tiers,
            scores: scratch.column,
            bestFirst: scratch.order,
            workspace: &scratch.workspace,
            into: &scratch.tiers
        )
        var shift = 0
        var counted = 0
        if let nominalRoot {
            let offset = (reportedSlots.count - 1) * count
            for i in 0..<count where scratch.ranks[offset + i] > 0 && nominalRoot[nominalRoot.startIndex + i] > 0 {
                shift += abs(scratch.ranks[offset + i] - nominalRoot[nominalRoot.startIndex + i])
                counted += 1
            }
        }
        return (shift, counted)
    }

    /// Scores a replication column by column into `scratch.scores`, straight from the prepared
    /// columns and their logarithms (no matrix copied, nothing allocated), where the evaluation and
    /// the drawn method allow it (``CompiledEvaluation/aggregatesByColumns(methodOverride:)``, not
    /// TOPSIS); `false` otherwise, or where a geometric child is not positive.
    func aggregateByColumns(matrix: Int, choices: Choices, weights: [Double], scratch: inout Scratch) -> Bool {
        let count = units.count
        guard allowsColumnPath, columnPathApplies[choices.aggregationChoice] else { return false }
        let logs = leafLogs[matrix]
        return columns[matrix].withUnsafeBufferPointer { leaves in
            logs.withUnsafeBufferPointer { logs in
                weights.withUnsafeBufferPointer { weights in
                    scratch.scores.withUnsafeMutableBufferPointer { scores in
                        scratch.work.withUnsafeMutableBufferPointer { work in
                            guard let leaves = leaves.baseAddress, let scores = scores.baseAddress,
                                let work = work.baseAddress
                            else { return false }
                            return compiled.aggregateColumns(
                                leaves: leaves,
                                leafLogs: logs.isEmpty ? nil : logs.baseAddress,
                                into: scores,
                                work: work,
                                count: count,
                                methodOverride: choices.aggregation,
                                weights: weights
                            )
                        }
                    }
                }
            }
        }
    }

    /// Scores a replication through the run's own block aggregation (any method, formulas, TOPSIS)
    /// and copies the reported slots into `scratch.scores`.
    func aggregateByRows(matrix: Int, choices: Choices, weights: [Double], scratch: inout Scratch) throws {
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        let count = units.count
        let source = matrices[matrix]
        scratch.matrix.withUnsafeMutableBufferPointer { matrix in
            source.withUnsafeBufferPointer { source in
                for i in 0..<count {
                    for j in 0..<m { matrix[i * n + j] = source[i * m + j] }
                }
            }
        }
        try compiled.aggregate(
            &scratch.matrix,
            rows: 0..<count,
            methodOverride: choices.aggregation,
            weights: weights,
            unitOfRow: { units[$0].id }
        )
        if isTOPSIS {
            try CrossSection.scoreByTOPSIS(
                compiled,
                raw: raws[choices.treatment],
                rows: 0..<count,
                into: &scratch.matrix,
                weights: weights
            )
        }
        for (r, slot) in reportedSlots.enumerated() {
            for i in 0..<count { scratch.scores[r * count + i] = scratch.matrix[i * n + slot] }
        }
    }

    /// ``assignTiers(_:scores:bestFirst:workspace:into:)`` with buffers of its own.
    package static func assignTiers(
        _ method: TierMethod,
        scores: [Double],
        bestFirst: [Int],
        into tiers: inout [Int]
    ) throws {
        var workspace = RankWorkspace()
        try assignTiers(method, scores: scores, bestFirst: bestFirst, workspace: &workspace, into: &tiers)
    }

    /// Tiers of the root's scores into `tiers` (`0` = none), as ``TierMethod/assign(_:)`` cuts them.
    ///
    /// Cut here without allocating, from `bestFirst` — the units in descending order of score with
    /// ties in unit order, as ``competitionRanks(_:order:workspace:into:ties:)`` leaves it:
    /// sizes, thresholds, a single class, and Jenks (its ascending values read off `bestFirst`,
    /// each tie kept in unit order as `assign`'s stable sort keeps it, its table in `workspace`).
    /// Any case that throws goes through ``TierMethod/assign(_:)``, which says why.
    package static func assignTiers(
        _ method: TierMethod,
        scores: [Double],
        bestFirst: [Int],
        workspace: inout RankWorkspace,
        into tiers: inout [Int]
    ) throws {
        var present = 0
        for score in scores where !score.isNaN { present += 1 }
        switch method {
        case .jenks(1) where present >= 1:
            for i in scores.indices { tiers[i] = scores[i].isNaN ? 0 : 1 }
            return
        case .jenks(let k) where k > 1 && present > k:
            if jenksTiers(
                k,
                scores: scores,
                bestFirst: bestFirst,
                present: present,
                workspace: &workspace,
                into: &tiers
            ) {
                return
            }
        case .sizes(let sizes) where sizes.reduce(0, +) == present:
            for i in tiers.indices { tiers[i] = 0 }
            var position = 0
            for (tier, size) in sizes.enumerated() {
                for _ in 0..<size {
                    tiers[bestFirst[position]] = tier + 1
                    position += 1
                }
            }
            return
        case .thresholds(let bounds):
            for i in scores.indices {
                if scores[i].isNaN {
                    tiers[i] = 0
                } else {
                    tiers[i] = (bounds.firstIndex { scores[i] >= $0 } ?? bounds.count) + 1
                }
            }
            return
        default:
            break
        }
        for (i, tier) in try method.assign(scores).enumerated() { tiers[i] = tier ?? 0 }
    }

    /// Jenks tiers of ``assignTiers(_:scores:bestFirst:workspace:into:)``; `false` (nothing written)
    /// where `assign` would refuse: fewer distinct scores than classes, or breaks that do not split.
    private static func jenksTiers(
        _ k: Int,
        scores: [Double],
        bestFirst: [Int],
        present: Int,
        workspace w: inout RankWorkspace,
        into tiers: inout [Int]
    ) -> Bool {
        // Ascending: bestFirst's ties from the last to the first, each tie in unit order.
        w.ascending.removeAll(keepingCapacity: true)
        w.ascendingUnits.removeAll(keepingCapacity: true)
        var distinct = 0
        var end = present
        while end > 0 {
            var start = end - 1
            while start > 0, scores[bestFirst[start - 1]] == scores[bestFirst[end - 1]] { start -= 1 }
            for position in start..<end {
                w.ascending.append(scores[bestFirst[position]])
                w.ascendingUnits.append(bestFirst[position])
            }
            distinct += 1
            end = start
        }
        guard distinct >= k else { return false }
        let units = w.ascendingUnits
        let split = w.ascending.withUnsafeBufferPointer {
            Jenks.tiers($0, classes: k, workspace: &w.jenks) { tiers[units[$0]] = $1 }
        }
        guard split else { return false }
        for i in scores.indices where scores[i].isNaN { tiers[i] = 0 }
        return true
    }

    /// Ranks (1 = highest; ties as the run ranks them, ``TieRule``; `NaN` gets 0) with buffers of its
    /// own, from `order` as it is (any order of the units); a replication passes its ``RankWorkspace``
    /// and the order it left last time.
    package static func competitionRanks(
        _ scores: [Double],
        order: inout [Int],
        into ranks: inout [Int],
        offset: Int,
        ties: TieRule = .min
    ) {
        precondition(order.count == scores.count && ranks.count >= offset + scores.count)
        var workspace = RankWorkspace()
        scores.withUnsafeBufferPointer { scores in
            order.withUnsafeMutableBufferPointer { order in
                ranks.withUnsafeMutableBufferPointer { ranks in
                    competitionRanks(
                        scores,
                        order: order,
                        workspace: &workspace,
                        into: UnsafeMutableBufferPointer(rebasing: ranks[offset..<(offset + scores.count)]),
                        ties: ties
                    )
                }
            }
        }
    }

    /// Up to this many units a ranking sorts by insertion from the order it is given; above it, by
    /// a radix sort of the keys in unit order (``RadixSorter``), which ignores the given order.
    package static let insertionLimit = 256

    /// Ranks (1 = highest; ties as the run ranks them, ``TieRule``; `NaN` gets 0) without allocating,
    /// leaving `order` best first with ties in unit order and `NaN` last.
    ///
    /// `order` holds every unit once on entry, in any order: the result does not depend on it, but
    /// the time does. A replication passes the slot's order from its previous replication, which
    /// its small changes of weights and methods leave nearly sorted, so the insertion sort moves a
    /// few units instead of comparing O(n log n) pairs (the library sort of 31 keys was a third of a
    /// replication). Units are compared by (``Ranking/descendingKey(_:)``, index), the order of
    /// ``Ranking/key(_:_:)``, in which the radix sort leaves the larger sets too.
    ///
    /// - Parameters:
    ///   - order: a permutation of `scores.indices`; on return, the units best first.
    ///   - ranks: receives each unit's rank, `scores.count` of them.
    package static func competitionRanks(
        _ scores: UnsafeBufferPointer<Double>,
        order: UnsafeMutableBufferPointer<Int>,
        workspace: inout RankWorkspace,
        into ranks: UnsafeMutableBufferPointer<Int>,
        ties: TieRule
    ) {
        let count = scores.count
        if workspace.descending.count < count {
            workspace.descending = [UInt64](repeating: 0, count: count)
        }
        if count > insertionLimit {
            workspace.sorter.removeAll()
            for i in 0..<count { workspace.sorter.append(Ranking.descendingKey(scores[i]), i) }
            workspace.sorter.sort()
            for i in 0..<count {
                order[i] = workspace.sorter.indices[i]
                workspace.descending[i] = workspace.sorter.keys[i]
            }
        }
        workspace.descending.withUnsafeMutableBufferPointer { keys in
            if count <= insertionLimit {
                for position in 0..<count {
                    let unit = order[position]
                    let key = Ranking.descendingKey(scores[unit])
                    var slot = position
                    while slot > 0, keys[slot - 1] > key || (keys[slot - 1] == key && order[slot - 1] > unit) {
                        keys[slot] = keys[slot - 1]
                        order[slot] = order[slot - 1]
                        slot -= 1
                    }
                    keys[slot] = key
                    order[slot] = unit
                }
            }
            // `NaN` sorts last (the largest key): the scored prefix is ranked as
            // ``Ranking/ranked(_:ties:)`` ranks, the rest get 0. Equal keys are equal scores.
            var scored = count
            while scored > 0, keys[scored - 1] == .max { scored -= 1 }
            ties.rank(count: scored, score: { keys[$0] }) { ranks[order[$0]] = $1 }
            for position in scored..<count { ranks[order[position]] = 0 }
        }
    }

    // MARK: - Weights

    /// Local weights in the layout of ``CompiledEvaluation/childWeights`` for one draw of the
    /// weights group.
    package func drawWeights(seed: UInt64) throws -> [Double] {
        var weights = nominalWeights
        try drawWeights(seed: seed, into: &weights)
        return weights
    }

    /// ``drawWeights(seed:)`` into a buffer of the same length (uniform draws without allocating).
    func drawWeights(seed: UInt64, into weights: inout [Double]) throws {
        if case .uniform(let f) = weightVariation, weights.count == nominalWeights.count {
            var random = SplitMix64(seed: seed)
            for position in weights.indices {
                weights[position] = nominalWeights[position] * (1 + random.uniform(-f, f))
            }
            return
        }
        weights = try draw(seed: seed)
    }

    /// One draw of the weights group, however it varies.
    func draw(seed: UInt64) throws -> [Double] {
        var random = SplitMix64(seed: seed)
        switch weightVariation {
        case nil:
            return nominalWeights
        case .uniform(let f):
            return nominalWeights.map { $0 * (1 + random.uniform(-f, f)) }
        case .dirichlet(let k):
            // Dirichlet(k · w) within each parent: independent gammas, normalised by the parent's sum.
            var draws = nominalWeights.map { Gamma.sample(shape: max(k * $0, 1e-9), random: &random) }
            var sums: [Int: Double] = [:]
            for (position, parent) in childParents.enumerated() { sums[parent, default: 0] += draws[position] }
            for (position, parent) in childParents.enumerated() {
                if let total = sums[parent], total > 0 { draws[position] /= total }
            }
            return draws
        case .experts:
            // Several experts' matrices per node (as `iidei survey apply` writes them) are resampled too:
            // one bootstrap draw of the AHP experts for every node.
            let counts = Set((evaluation.weighting?.judgements.values.map(\.count)) ?? [])
            let ahpExperts = counts.count == 1 ? counts.first ?? 0 : 0
            guard var weighting = evaluation.weighting, weighting.panel != nil || ahpExperts > 1 else {
                throw IndexError("weights vary by experts, but evaluation '\(evaluation.id)' has no expert panel")
            }
            if let panel = weighting.panel {
                let rows = panel.scores.indices.map { _ in panel.scores[Int(random.next() % UInt64(panel.scores.count))]
                }
                weighting.panel = try ExpertPanel(experts: panel.experts, indicators: panel.indicators, scores: rows)
            }
            if ahpExperts > 1 {
                let draw = (0..<ahpExperts).map { _ in Int(random.next() % UInt64(ahpExperts)) }
                weighting.judgements = weighting.judgements.mapValues { matrices in draw.map { matrices[$0] } }
                weighting.expertWeights = weighting.expertWeights.map { w in
                    w.count == ahpExperts ? draw.map { w[$0] } : w
                }
                weighting.allowInconsistent = true
            }
            return try localWeights(weighting)
        case .ahpStep:
            guard var weighting = evaluation.weighting, !weighting.judgements.isEmpty else {
                throw IndexError("weights vary by AHP judgements, but evaluation '\(evaluation.id)' has none")
            }
            for key in weighting.judgements.keys.sorted() {
                weighting.judgements[key] = try weighting.judgements[key]?.map { try Self.stepped($0, random: &random) }
            }
            weighting.allowInconsistent = true
            return try localWeights(weighting)
        }
    }

    /// Weights derived again from a changed weighting specification, in the compiled layout.
    func localWeights(_ weighting: WeightingSpecification) throws -> [Double] {
        var changed = evaluation
        changed.weighting = weighting
        let derived = try changed.deriveWeights()
        var byID: [String: Double] = [:]
        func walk(_ node: FrameworkNode) {
            for child in node.children {
                byID[child.id] = child.weight
                walk(child)
            }
        }
        walk(derived.root)
        return childSlots.map { byID[compiled.nodeIDs[$0]] ?? 0 }
    }

    /// Saaty's scale, 1/9 … 1 … 9, as steps.
    static let saatyScale: [Double] = (1...9).reversed().map { 1 / Double($0) } + (2...9).map(Double.init)

    /// Each upper-triangle judgement moved one step down, kept, or one step up (equally likely),
    /// staying on the scale; the lower triangle stays reciprocal.
    static func stepped(_ matrix: JudgementMatrix, random: inout SplitMix64) throws -> JudgementMatrix {
        var entries = matrix.entries
        let n = entries.count
        for i in 0..<n {
            for j in (i + 1)..<n {
                let value = entries[i][j]
                let position =
                    saatyScale.indices.min {
                        abs(Double.log(saatyScale[$0] / value)) < abs(Double.log(saatyScale[$1] / value))
                    } ?? 8
                let step = Int(random.next() % 3) - 1
                let moved = saatyScale[min(max(position + step, 0), saatyScale.count - 1)]
                entries[i][j] = moved
                entries[j][i] = 1 / moved
            }
        }
        return try JudgementMatrix(entries)
    }
}

/// Gamma variates (Marsaglia & Tsang 2000), for Dirichlet weights.
enum Gamma {
    static func sample(shape: Double, random: inout SplitMix64) -> Double {
        if shape < 1 {
            // Boost: Gamma(a) = Gamma(a + 1) · U^{1/a}.
            let u = max(random.uniform(0, 1), .leastNormalMagnitude)
            return sample(shape: shape + 1, random: &random) * Double.pow(u, 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = normal(&random)
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = random.uniform(0, 1)
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Double.log(u) < 0.5 * x * x + d * (1 - v + Double.log(v)) { return d * v }
        }
    }

    /// A standard normal variate (Box–Muller).
    static func normal(_ random: inout SplitMix64) -> Double {
        let u1 = max(random.uniform(0, 1), .leastNormalMagnitude)
        let u2 = random.uniform(0, 1)
        return (-2 * Double.log(u1)).squareRoot() * Double.cos(2 * .pi * u2)
    }
}
