/// A cross-section evaluation prepared once from a framework, data and a run's options — the one
/// place where the method lives: period(s) → raw matrix → screening → imputation → outlier
/// treatment → weights → normalisation → aggregation → ranks and tiers.
///
/// `iidei run`, `levers`, `robustness`, `audit`, `report`, the dashboard and the store all start
/// here, so they analyse the run the user made. A panel (several periods) is a stack of blocks,
/// one per period, each holding the units ranked in that period; normalisation takes its bounds
/// from each block or from the whole stack (``NormalisationScope``).
///
/// ```swift
/// let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset, options: options)
/// let result = try pipeline.result()
/// ```
///
/// Its matrices (units × nodes, in the slot layout of the compiled tree) are the package's own:
/// the public API hands out results, tiers and treatments, never the buffers.
public struct CrossSectionPipeline: Sendable {
    /// One period of the evaluation: its units, and their rows in the stacked matrices.
    public struct Block: Sendable, Hashable {
        /// The period's label.
        public let period: String
        /// The units ranked in this period, in the dataset's order.
        public let units: [AssessedUnit]
        /// Their rows in ``raw`` and in scored matrices.
        package let rows: Range<Int>
    }

    package let compiled: CompiledEvaluation
    /// The run's options.
    public let options: RunOptions
    /// The blocks in period order; the last is the one levers and robustness analyse.
    public let blocks: [Block]
    /// Treated raw values, rows × nodes (indicators in the first columns, `NaN` where missing).
    package let raw: [Double]
    /// Raw values as observed (before imputation and treatment), rows × indicators.
    let observed: [Double]
    /// Local weights in the layout of ``CompiledEvaluation/childWeights``: objective weights when
    /// the run asks for them, else the derived ones.
    package private(set) var weights: [Double]
    /// The weights `--optimise-weights` chose, and the optimiser's outcome (`nil` without it).
    public private(set) var weightOptimisation: OptimisedWeights?
    /// The normalisation in force: the run's, else the evaluation's.
    public let normalisation: NormalisationMethod
    /// Whether normalisation bounds come from each period or the whole panel.
    public let scope: NormalisationScope
    /// The tier method in force: the run's, else Jenks with as many classes as the evaluation names tiers.
    public let tierMethod: TierMethod
    /// Every value imputed or treated, one entry per step (imputation, then outlier treatment).
    public let treatments: [TreatedValue]
    /// Units left out by the screening rule.
    public let screened: [ScreenedUnit]
    /// Each ranked row's share of indicators with a value, as screened.
    package let coverage: [Double]
    /// Notes on weights and treatments for the run's warnings.
    public private(set) var notes: [String]
    /// The dataset the pipeline was prepared from (for variants under other treatments).
    let dataset: Dataset
    let seriesUnits: Set<String>
    /// What every scoring pass reuses, prepared once (`ScoringPlan`).
    let plan: ScoringPlan

    /// The evaluation prepared.
    public var evaluation: Evaluation { compiled.evaluation }
    package var rowCount: Int { blocks.last?.rows.upperBound ?? 0 }
    /// Whether the run covers several periods.
    public var isPanel: Bool { blocks.count > 1 }
    /// The block levers and robustness analyse: the last period.
    public var target: Block { blocks[blocks.count - 1] }
    /// The target block's units (a single period's units).
    public var units: [AssessedUnit] { target.units }
    /// The target block's period.
    public var period: String { target.period }

    // MARK: - Preparation

    /// Prepares a framework's cross-section evaluation (the first, or `evaluationID`) for a run.
    ///
    /// The dataset is denominated here (``Denominator``) as the engine does.
    ///
    /// - Parameters:
    ///   - framework: the framework holding the evaluation.
    ///   - dataset: the data as read (ratio indicators not yet divided).
    ///   - evaluationID: the cross-section to prepare; `nil` = the framework's first.
    ///   - options: the run's options (periods, treatment, normalisation, aggregation, tiers).
    ///
    /// - Throws: ``IndexError`` when the framework has no such cross-section or the data cannot be
    ///   prepared (no data in a period, weights that cannot be derived).
    public init(
        framework: Framework,
        dataset: Dataset,
        evaluationID: String? = nil,
        options: RunOptions = RunOptions()
    )
        throws
    {
        guard
            let evaluation = framework.evaluations.first(where: {
                $0.kind == .crossSection && (evaluationID == nil || $0.id == evaluationID)
            })
        else {
            throw IndexError("no cross-section evaluation '\(evaluationID ?? "")'")
        }
        let denominated = try Denominator.apply(framework, to: dataset, onRequest: options.denominate)
        try self.init(
            evaluation: evaluation,
            dataset: denominated,
            excluding: Set(framework.evaluations.compactMap(\.seriesUnit)),
            options: options
        )
    }

    /// Prepares one cross-section evaluation of an already denominated dataset.
    ///
    /// - Parameters:
    ///   - evaluation: a cross-section evaluation; its weights are derived here.
    ///   - dataset: the data, already through ``Denominator``.
    ///   - seriesUnits: units of base-period evaluations (the national unit), never ranked.
    ///   - options: the run's options (periods, treatment, normalisation, aggregation, tiers).
    /// - Throws: ``IndexError`` when the weights cannot be derived, the tree cannot be flattened
    ///   (an id used twice, an aggregate without children) or the data cannot be prepared.
    public init(
        evaluation: Evaluation,
        dataset: Dataset,
        excluding seriesUnits: Set<String>,
        options: RunOptions
    ) throws {
        let evaluation = try evaluation.configured(by: options)
        let derived = try evaluation.deriveWeights()
        let compiled = try CompiledEvaluation(
            evaluation: evaluation,
            root: derived.root,
            minCoverage: options.minCoverage
        )
        try self.init(compiled: compiled, dataset: dataset, excluding: seriesUnits, options: options)
    }

    init(compiled: CompiledEvaluation, dataset: Dataset, excluding seriesUnits: Set<String>, options: RunOptions) throws
    {
        let evaluation = compiled.evaluation
        self.compiled = compiled
        self.options = options
        self.dataset = dataset
        self.seriesUnits = seriesUnits
        self.normalisation = (options.normalisation ?? evaluation.normalisation).resolved(by: evaluation.conventions)
        self.scope = options.normalisationScope ?? evaluation.normalisationScope
        self.tierMethod = options.tierMethod ?? .jenks(classes: max(evaluation.tierNames.count, 1))
        switch options.imputation != .none ? options.imputation : evaluation.imputation ?? .none {
        case .groupMean(let group), .groupMedian(let group): try Self.requireGroup(group, in: dataset)
        default: break
        }
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        let columns = Dictionary(compiled.indicators.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Units of base-period evaluations (the national unit) are never ranked: they are not looked up.
        let unitIndex = Dictionary(
            dataset.units.enumerated().filter { !seriesUnits.contains($1.id) }.map { ($1.id, $0) },
            uniquingKeysWith: { a, _ in a }
        )

        // Each question about a string (which indicator, which unit, which period block) is asked
        // once per distinct string of the table, then every observation is a few integer look-ups.
        let table = dataset.observations
        let indicatorOf = table.strings.map { columns[$0] ?? -1 }
        let unitOf = table.strings.map { unitIndex[$0] ?? -1 }
        // The periods of observations with a value for a known unit and indicator.
        var periodUsed = [Bool](repeating: false, count: table.strings.count)
        for i in table.indices
        where table.flags[i] & ObservationTable.valueFlag != 0
            && indicatorOf[Int(table.indicatorNumbers[i])] >= 0 && unitOf[Int(table.unitNumbers[i])] >= 0
        {
            periodUsed[Int(table.periodNumbers[i])] = true
        }
        let usedPeriods = table.strings.indices.filter { periodUsed[$0] }.map { table.strings[$0] }
        let selection = options.periods ?? evaluation.periods ?? .latest
        var periods: [String]
        switch selection {
        case .latest:
            guard let latest = usedPeriods.max() else { throw IndexError("no data for evaluation '\(evaluation.id)'") }
            periods = [latest]
        case .all:
            periods = Set(usedPeriods).sorted()
            guard !periods.isEmpty else { throw IndexError("no data for evaluation '\(evaluation.id)'") }
        case .list(let chosen):
            periods = chosen.sorted()
        }
        let blockIndex = Dictionary(periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let blockOf = table.strings.map { blockIndex[$0] ?? -1 }
        var full = periods.map { _ in [Double](repeating: .nan, count: dataset.units.count * n) }
        var hasData = periods.map { _ in [Bool](repeating: false, count: dataset.units.count) }
        for i in table.indices where table.flags[i] & ObservationTable.valueFlag != 0 {
            let b = blockOf[Int(table.periodNumbers[i])]
            let j = indicatorOf[Int(table.indicatorNumbers[i])]
            let u = unitOf[Int(table.unitNumbers[i])]
            guard b >= 0, j >= 0, u >= 0 else { continue }
            full[b][u * n + j] = table.values[i]
            hasData[b][u] = true
        }
        if case .list = selection {
            for (b, period) in periods.enumerated() where !hasData[b].contains(true) {
                throw IndexError("no units have data for evaluation '\(evaluation.id)' in \(period)")
            }
        }
        var blockUnits: [[Int]] = hasData.map { flags in flags.indices.filter { flags[$0] } }
        var rawBlocks: [[Double]] = blockUnits.enumerated().map { b, units in
            var block = [Double](repeating: .nan, count: units.count * n)
            for (i, u) in units.enumerated() {
                for j in 0..<m { block[i * n + j] = full[b][u * n + j] }
            }
            return block
        }
        full = []
        // The run's imputation, else the evaluation's (`impute:`).
        let imputation = (options.imputation != .none ? options.imputation : evaluation.imputation ?? .none)
            .resolved(by: evaluation.conventions)
        // Other periods are looked up only to impute from them.
        let values =
            imputation.usesOtherPeriods ? dataset.valueTable { !seriesUnits.contains($0.unit) } : [:]
        let allPeriods = imputation.usesOtherPeriods ? dataset.periods : []

        if let rule = options.screen ?? evaluation.screen {
            let known = Set(dataset.units.map(\.id))
            for unit in rule.included + rule.excluded where !known.contains(unit) {
                throw IndexError(
                    "the screening rule of evaluation '\(evaluation.id)' forces unit '\(unit)', which the data does not have",
                    unit: unit
                )
            }
        }
        var treatments: [TreatedValue] = []
        var screened: [ScreenedUnit] = []
        var coverage: [Double] = []
        var observedRows: [Double] = []
        var stacked: [Double] = []
        var blocks: [Block] = []
        for (b, period) in periods.enumerated() {
            var matrix = rawBlocks[b]
            var units = blockUnits[b]
            func shares(_ matrix: [Double], _ count: Int) -> [Double] {
                (0..<count).map { i in
                    Double((0..<m).filter { !matrix[i * n + $0].isNaN }.count) / Double(max(m, 1))
                }
            }
            func screen(_ matrix: inout [Double], _ units: inout [Int], _ observed: inout [Double]) {
                guard let rule = options.screen ?? evaluation.screen, rule.screensAnything else { return }
                let share = shares(matrix, units.count)
                let nonZero: [Double?] = units.indices.map { i in
                    let present = (0..<m).map { matrix[i * n + $0] }.filter { !$0.isNaN }
                    return present.isEmpty ? nil : Double(present.filter { $0 != 0 }.count) / Double(present.count)
                }
                let keeps = units.indices.map {
                    rule.keeps(unit: dataset.units[units[$0]].id, coverage: share[$0], nonZero: nonZero[$0])
                }
                let kept = units.indices.filter { keeps[$0] }
                guard kept.count < units.count else { return }
                for i in units.indices where !keeps[i] {
                    screened.append(ScreenedUnit(unit: dataset.units[units[i]].id, period: period, coverage: share[i]))
                }
                matrix = kept.flatMap { i in matrix[(i * n)..<((i + 1) * n)] }
                observed = kept.flatMap { i in observed[(i * m)..<((i + 1) * m)] }
                units = kept.map { units[$0] }
            }
            var observed = (0..<units.count).flatMap { i in matrix[(i * n)..<(i * n + m)] }
            let rule = options.screen ?? evaluation.screen
            if rule?.when != .afterImputation { screen(&matrix, &units, &observed) }
            var steps = try Self.impute(
                compiled,
                matrix: &matrix,
                units: units.map { dataset.units[$0] },
                period: period,
                periods: allPeriods,
                values: values,
                method: imputation
            )
            if rule?.when == .afterImputation {
                let before = Set(units)
                screen(&matrix, &units, &observed)
                if units.count < before.count {
                    let kept = Set(units.map { dataset.units[$0].id })
                    steps.removeAll { !kept.contains($0.unit) }
                }
            }
            steps += Self.treatOutliers(
                compiled,
                matrix: &matrix,
                units: units.map { dataset.units[$0] },
                period: period,
                method: options.outliers != .none ? options.outliers : evaluation.outliers ?? .none
            )
            treatments += steps
            guard !units.isEmpty else {
                throw IndexError("no units of evaluation '\(evaluation.id)' in \(period) pass the screening rule")
            }
            coverage += shares(matrix, units.count)
            let start = stacked.count / n
            stacked += matrix
            observedRows += observed
            blocks.append(
                Block(period: period, units: units.map { dataset.units[$0] }, rows: start..<(start + units.count))
            )
            blockUnits[b] = units
            rawBlocks[b] = []
        }
        self.blocks = blocks
        self.plan = ScoringPlan(
            compiled: compiled,
            blocks: blocks,
            scope: scope,
            normalisation: normalisation
        )
        self.raw = stacked
        self.observed = observedRows
        self.treatments = treatments
        self.screened = screened
        self.coverage = coverage

        var notes: [String] = []
        let objective = try CrossSection.objectiveWeights(
            compiled,
            matrix: stacked,
            unitCount: stacked.count / max(n, 1),
            method: options.weightMethod,
            alpha: options.weightAlpha,
            combination: options.weightCombination
        )
        self.weights = objective ?? compiled.childWeights
        self.weightOptimisation = nil
        let level = options.weightsLevel ?? 1
        if options.weightMethod != .derived {
            let group =
                level == 1
                ? "indicator weights within each group"
                : "the weights of the level-\(level) nodes within each parent (from their scores)"
            notes.append(
                "evaluation '\(evaluation.id)': \(group) are \(options.weightMethod.rawValue)"
                    + (options.weightAlpha.map {
                        " combined with the derived ones (α = \($0), \(options.weightCombination.rawValue))"
                    } ?? "")
                    + "; other levels keep the derived weights"
            )
        }
        if options.topsis {
            notes.append(
                "evaluation '\(evaluation.id)': every aggregate scored by TOPSIS (closeness × 100) over its indicators"
            )
        }
        if !screened.isEmpty {
            notes.append(
                "evaluation '\(evaluation.id)': \(screened.count) unit-period(s) left out by the screening rule: "
                    + screened.prefix(10).map { "\($0.unit) \($0.period) (\(Self.percent($0.coverage)))" }.joined(
                        separator: ", "
                    )
                    + (screened.count > 10 ? ", …" : "")
            )
        }
        self.notes = notes
        if level > 1 {
            // The level's scores, aggregated with the derived weights, are what its weights are read off.
            guard compiled.heights.contains(level + 1) else {
                throw IndexError(
                    "evaluation '\(evaluation.id)': --weights-level \(level) needs aggregates above level \(level); its highest level is \(compiled.heights.max() ?? 1)"
                )
            }
            self.weights = compiled.childWeights
            var warnings: [Normaliser.Warning] = []
            var scores = try normalised(stacked, warnings: &warnings)
            try aggregate(&scores, weights: compiled.childWeights)
            self.weights =
                try CrossSection.objectiveWeights(
                    compiled,
                    matrix: scores,
                    unitCount: scores.count / max(n, 1),
                    method: options.weightMethod,
                    alpha: options.weightAlpha,
                    combination: options.weightCombination,
                    level: level
                ) ?? compiled.childWeights
        }
        if let request = options.weightOptimisation {
            let found = try optimisedWeights(request)
            self.weights = found.localWeights
            self.weightOptimisation = found
            self.notes.append("evaluation '\(evaluation.id)': " + found.summary(request))
        }
    }

    /// The same evaluation under another data treatment (for robustness alternatives).
    public func variant(imputation: ImputationMethod, outliers: OutlierMethod) throws -> CrossSectionPipeline {
        var changed = options
        changed.imputation = imputation
        changed.outliers = outliers
        return try CrossSectionPipeline(compiled: compiled, dataset: dataset, excluding: seriesUnits, options: changed)
    }

    static func percent(_ share: Double) -> String { "\((share * 1000).rounded() / 10) %" }

    // MARK: - Treatment

    /// Refuses `group-mean:GROUP` (and `group-median:GROUP`) when no unit has the group: every unit
    /// would be its own group of one and nothing would be imputed, in silence (`group-mean:Regoin`).
    static func requireGroup(_ group: String, in dataset: Dataset) throws {
        var known: Set<String> = []
        for unit in dataset.units { known.formUnion(unit.groups.keys) }
        guard !known.contains(group) else { return }
        let names = known.sorted()
        let hint =
            NameSuggestion.nearest(to: group, in: names, within: max(2, group.count / 3)).map {
                "; did you mean '\($0)'?"
            }
            ?? (names.isEmpty
                ? "; the data has no group columns" : " (groups: \(names.prefix(20).joined(separator: ", ")))")
        throw IndexError("imputation by group '\(group)': no unit has a group '\(group)'\(hint)")
    }

    /// Fills missing values of a block, column by column (row by row, or group by group, for the
    /// row-wise and EM methods); one entry per filled value.
    ///
    /// - Throws: ``IndexError`` when EM cannot fit a group.
    static func impute(
        _ compiled: CompiledEvaluation,
        matrix: inout [Double],
        units: [AssessedUnit],
        period: String,
        periods: [String],
        values: [ObservationKey: Double],
        method: ImputationMethod
    ) throws -> [TreatedValue] {
        guard method != .none else { return [] }
        let n = compiled.nodeCount
        func entry(_ i: Int, _ j: Int, _ action: TreatmentAction) -> TreatedValue {
            TreatedValue(
                evaluation: compiled.evaluation.id,
                unit: units[i].id,
                indicator: compiled.indicators[j].id,
                period: period,
                original: nil,
                value: matrix[i * n + j],
                action: action
            )
        }
        if let (level, rowRule) = Self.groupedMethod(method) {
            var cells: [(column: Int, unit: Int)] = []
            for group in compiled.indicatorGroups(atLevel: level) {
                var columns = group.map { j in units.indices.map { matrix[$0 * n + j] } }
                let filled: [(unit: Int, column: Int)]
                if let rowRule {
                    filled = Imputation.fillRows(
                        &columns,
                        directions: group.map { compiled.indicators[$0].direction.sign },
                        rule: rowRule
                    )
                } else {
                    filled = try Imputation.fillByEM(&columns, names: group.map { compiled.indicators[$0].id })
                }
                for (i, c) in filled {
                    matrix[i * n + group[c]] = columns[c][i]
                    cells.append((group[c], i))
                }
            }
            let action: TreatmentAction =
                rowRule.map { $0.statistic == .mean ? .imputedRowMean : .imputedRowMedian } ?? .imputedEM
            // Column by column, as the other methods list them.
            return cells.sorted { ($0.column, $0.unit) < ($1.column, $1.unit) }.map {
                entry($0.unit, $0.column, action)
            }
        }
        var groups: [String?] = []
        switch method {
        case .groupMean(let group), .groupMedian(let group): groups = units.map { $0.groups[group] }
        default: break
        }
        let positions = Imputation.positions(of: periods)
        let here = periods.firstIndex(of: period)
        var treated: [TreatedValue] = []
        var column = [Double](repeating: 0, count: units.count)
        for (j, indicator) in compiled.indicators.enumerated() {
            for i in units.indices { column[i] = matrix[i * n + j] }
            var actions: [(index: Int, action: TreatmentAction)] = []
            if method.usesOtherPeriods {
                guard let here else { continue }
                for i in units.indices where column[i].isNaN {
                    let series = periods.map {
                        values[ObservationKey(unit: units[i].id, indicator: indicator.id, period: $0)] ?? .nan
                    }
                    if let (value, action) = Imputation.fillFromSeries(
                        series,
                        positions: positions,
                        at: here,
                        method: method
                    ) {
                        column[i] = value
                        actions.append((i, action))
                    }
                }
            } else {
                actions = Imputation.fillCrossSection(&column, method: method, groups: groups)
            }
            for (i, action) in actions {
                treated.append(
                    TreatedValue(
                        evaluation: compiled.evaluation.id,
                        unit: units[i].id,
                        indicator: indicator.id,
                        period: period,
                        original: nil,
                        value: column[i],
                        action: action
                    )
                )
                matrix[i * n + j] = column[i]
            }
        }
        return treated
    }

    /// The level and row rule of a method that imputes groups of indicators together (row-wise or EM;
    /// a `nil` row rule is EM), `nil` for the others.
    static func groupedMethod(_ method: ImputationMethod) -> (level: Int?, row: RowImputation?)? {
        switch method {
        case .rowwise(let rule): (rule.level, rule)
        case .expectationMaximisation(let level): (level, nil)
        default: nil
        }
    }

    /// Treats outliers of a block, column by column — each indicator by its own method where the
    /// framework gives one, else by `method`; one entry per changed value, with the value before this
    /// step (imputed or observed) and after.
    static func treatOutliers(
        _ compiled: CompiledEvaluation,
        matrix: inout [Double],
        units: [AssessedUnit],
        period: String,
        method: OutlierMethod
    ) -> [TreatedValue] {
        guard method != .none || compiled.indicators.contains(where: { $0.outliers != nil }) else { return [] }
        let n = compiled.nodeCount
        var treated: [TreatedValue] = []
        var column = [Double](repeating: 0, count: units.count)
        for (j, indicator) in compiled.indicators.enumerated() {
            let own = indicator.outliers ?? method
            guard own != .none else { continue }
            for i in units.indices { column[i] = matrix[i * n + j] }
            // A point changed twice (winsorised, then transformed) starts its second entry where the
            // first ended.
            var before = column
            for step in OutlierTreatment.treat(&column, method: own) {
                treated.append(
                    TreatedValue(
                        evaluation: compiled.evaluation.id,
                        unit: units[step.index].id,
                        indicator: indicator.id,
                        period: period,
                        original: before[step.index],
                        value: step.value,
                        action: step.action
                    )
                )
                before[step.index] = step.value
                matrix[step.index * n + j] = column[step.index]
            }
        }
        return treated
    }

    // MARK: - Scoring

    /// The indicator columns of a raw matrix (rows × nodes) normalised, aggregates left `NaN`.
    ///
    /// Each block is normalised on its own, or the whole stack at once under the panel scope.
    ///
    /// - Throws: ``IndexError`` naming the indicator when the method is undefined for its values.
    package func normalised(
        _ raw: [Double],
        method: NormalisationMethod? = nil,
        warnings: inout [Normaliser.Warning]
    ) throws -> [Double] {
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        let method = method?.resolved(by: evaluation.conventions) ?? normalisation
        // The pipeline's own method was resolved for each indicator once, when it was prepared.
        let isPlanned = method == normalisation
        var matrix = raw
        matrix.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<rowCount {
                for slot in m..<n { buffer[i * n + slot] = .nan }
            }
        }
        // Indicators are borrowed from the buffer, not copied out of the array (each copy retains
        // a dozen strings and arrays).
        try compiled.indicators.withUnsafeBufferPointer { indicators in
            try plan.subjects.withUnsafeBufferPointer { subjects in
                // Each indicator's summary is read from the buffer; passing it still copies one
                // (its id's retain), where passing the `Indicator` copied a dozen strings and arrays.
                guard let subjects = subjects.baseAddress else { return }
                var column: [Double] = []
                for (r, rows) in plan.ranges.enumerated() {
                    column = [Double](repeating: 0, count: rows.count)
                    for j in indicators.indices {
                        try normaliseColumn(
                            &column,
                            indicator: j,
                            block: r,
                            of: matrix,
                            method: method,
                            isPlanned: isPlanned,
                            indicators: indicators,
                            subjects: subjects,
                            warnings: &warnings
                        )
                        Self.scatter(column, into: &matrix, start: rows.lowerBound * n + j, stride: n)
                    }
                }
            }
        }
        return matrix
    }

    /// Copies `column.count` values of `matrix` into `column`, from `start` on, `stride` apart: an
    /// indicator's values run down the rows `nodeCount` apart. The copies step a pointer, so they
    /// carry no overflow check per value (with index arithmetic they were a fifth of a pass).
    static func gather(_ column: inout [Double], from matrix: [Double], start: Int, stride: Int) {
        column.withUnsafeMutableBufferPointer { column in
            matrix.withUnsafeBufferPointer { matrix in
                guard var value = matrix.baseAddress.map({ $0 + start }) else { return }
                for k in column.indices {
                    column[k] = value.pointee
                    value += stride
                }
            }
        }
    }

    /// Writes `column` back where ``gather(_:from:start:stride:)`` read it.
    static func scatter(_ column: [Double], into matrix: inout [Double], start: Int, stride: Int) {
        column.withUnsafeBufferPointer { column in
            matrix.withUnsafeMutableBufferPointer { matrix in
                guard var value = matrix.baseAddress.map({ $0 + start }) else { return }
                for k in column.indices {
                    value.pointee = column[k]
                    value += stride
                }
            }
        }
    }

    /// Indicator `j`'s values in block `r` (``ScoringPlan/ranges``) of `matrix` (rows × nodes),
    /// normalised, into `column` (one per row of the block, in order), their warnings named with the
    /// block's scope when the run has more than one.
    private func normaliseColumn(
        _ column: inout [Double],
        indicator j: Int,
        block r: Int,
        of matrix: [Double],
        method: NormalisationMethod,
        isPlanned: Bool,
        indicators: UnsafeBufferPointer<Indicator>,
        subjects: UnsafePointer<Normaliser.Subject>,
        warnings: inout [Normaliser.Warning]
    ) throws {
        let rows = plan.ranges[r]
        let n = compiled.nodeCount
        Self.gather(&column, from: matrix, start: rows.lowerBound * n + j, stride: n)
        // The indicator's own method replaces the run's (COINr's indiv_specs replace global_specs).
        let chosen: NormalisationMethod
        if isPlanned, let planned = plan.methods[j] {
            chosen = planned
        } else {
            chosen = try ScoringPlan.method(method, for: indicators[j], by: evaluation.conventions)
        }
        let raised = try Normaliser.normaliseResolved(
            &column,
            method: chosen,
            subject: subjects[j],
            units: plan.labels[r]
        )
        if !raised.isEmpty {
            warnings += raised.map {
                Normaliser.Warning(
                    indicator: $0.indicator,
                    message: $0.message + (rows.count < rowCount || isPanel ? " (\(scopeLabel(rows)))" : "")
                )
            }
        }
    }

    /// The labels of rows: unit ids, `"ID PERIOD"` in a panel.
    static func rowLabels(_ rows: Range<Int>, blocks: [Block]) -> [String] {
        var labels: [String] = []
        labels.reserveCapacity(rows.count)
        for block in blocks where block.rows.overlaps(rows) {
            for unit in block.units { labels.append(blocks.count > 1 ? "\(unit.id) \(block.period)" : unit.id) }
        }
        return labels
    }

    func scopeLabel(_ rows: Range<Int>) -> String {
        rows.count == rowCount && isPanel ? "whole panel" : (blocks.first { $0.rows == rows }?.period ?? "")
    }

    /// The unit of a row.
    package func unit(ofRow row: Int) -> AssessedUnit {
        Self.unit(ofRow: row, blocks: blocks, target: target)
    }

    static func unit(ofRow row: Int, blocks: [Block], target: Block) -> AssessedUnit {
        let block = blocks.first { $0.rows.contains(row) } ?? target
        return block.units[row - block.rows.lowerBound]
    }

    /// The period of a row.
    package func period(ofRow row: Int) -> String {
        (blocks.first { $0.rows.contains(row) } ?? target).period
    }

    /// Aggregates the rows of `blocks` in place (indicator columns normalised), or scores every
    /// aggregate by TOPSIS when the run asks for it.
    ///
    /// - Parameters:
    ///   - raw: the treated raw matrix TOPSIS reads (``raw`` unless a lever changed a value).
    ///   - aggregation: replaces every node's method (a robustness alternative).
    ///   - weights: local weights (a robustness draw); `nil` = ``weights``.
    ///   - missing: called with (row, aggregate slot, missing child slots).
    package func aggregate(
        _ matrix: inout [Double],
        raw: [Double]? = nil,
        blocks selected: [Block]? = nil,
        aggregation: AggregationMethod? = nil,
        weights: [Double]? = nil,
        missing: ((Int, Int, [Int]) -> Void)? = nil
    ) throws {
        let weights = weights ?? self.weights
        // The unit names come from the blocks alone: a closure naming the pipeline copied all of
        // it at every pass.
        let blocks = self.blocks
        let target = self.target
        for block in selected ?? blocks {
            try compiled.aggregate(
                &matrix,
                rows: block.rows,
                methodOverride: aggregation ?? options.aggregation,
                weights: weights,
                unitOfRow: { Self.unit(ofRow: $0, blocks: blocks, target: target).id },
                missing: missing
            )
            if options.topsis {
                try CrossSection.scoreByTOPSIS(
                    compiled,
                    raw: raw ?? self.raw,
                    rows: block.rows,
                    into: &matrix,
                    weights: weights
                )
            }
        }
    }

    /// Scores every row (rows × nodes): normalised indicators and aggregates.
    ///
    /// - Parameter raw: a changed raw matrix (levers); `nil` = ``raw``.
    package func scores(
        raw: [Double]? = nil,
        warnings: inout [Normaliser.Warning],
        notes: inout [RenormalisationNote]
    )
        throws -> [Double]
    {
        // The callback escapes, so it keeps to its own list: naming the pipeline in it copied the
        // whole pipeline into the closure at every pass.
        var found: [(row: Int, slot: Int, missing: [Int])] = []
        let matrix: [Double]
        if let byColumns = try scoresByColumns(raw ?? self.raw, warnings: &warnings, found: &found) {
            matrix = byColumns
        } else {
            var normalised = try normalised(raw ?? self.raw, warnings: &warnings)
            try aggregate(&normalised, raw: raw) { found.append(($0, $1, $2)) }
            matrix = normalised
        }
        notes += found.map { row, slot, missing in
            RenormalisationNote(
                unit: unit(ofRow: row).id,
                period: period(ofRow: row),
                node: compiled.nodeIDs[slot],
                missing: missing.map { compiled.nodeIDs[$0] }
            )
        }
        return matrix
    }

    /// ``scores(raw:warnings:notes:)`` in the common case: each block normalised on its own and
    /// every node an arithmetic or geometric mean (``CompiledEvaluation/aggregatesByColumns(methodOverride:)``),
    /// without TOPSIS. Each indicator is normalised straight into the column-major block the
    /// aggregation kernel reads, and each row is written once, leaves and aggregates together.
    /// The other path writes the normalised leaves into the row-major matrix, then turns them
    /// column-major again to aggregate them. This one runs about 19,500 fewer instructions a pass at
    /// 31 units × 60 indicators (callgrind), though the pass's wall time did not measurably change:
    /// the normaliser's divisions and the kernel bound it. The values and their order of operations
    /// are the same, so the bits are.
    ///
    /// - Returns: `nil`, with `warnings` and `found` untouched, when the case is not the common one
    ///   or a geometric child is not positive (the other path then refuses it by name).
    private func scoresByColumns(
        _ raw: [Double],
        warnings: inout [Normaliser.Warning],
        found: inout [(row: Int, slot: Int, missing: [Int])]
    ) throws -> [Double]? {
        let n = compiled.nodeCount
        let m = compiled.indicatorCount
        guard m > 0, !options.topsis, compiled.aggregatesByColumns(methodOverride: options.aggregation),
            plan.ranges.elementsEqual(blocks.lazy.map(\.rows)), blocks.allSatisfy({ $0.rows.count > 1 })
        else { return nil }
        // Not filled first: the blocks cover the rows one after another (checked), and each block
        // writes every slot of its rows, or the matrix is dropped.
        var nextRow = 0
        for block in blocks {
            guard block.rows.lowerBound == nextRow else { return nil }
            nextRow = block.rows.upperBound
        }
        guard nextRow * n == raw.count else { return nil }
        var matrix = [Double](unsafeUninitializedCapacity: raw.count) { _, initialised in initialised = raw.count }
        var raised: [Normaliser.Warning] = []
        var missing: [(row: Int, slot: Int, missing: [Int])] = []
        let scored = try compiled.indicators.withUnsafeBufferPointer { indicators in
            try plan.subjects.withUnsafeBufferPointer { subjects in
                guard let subjects = subjects.baseAddress else { return false }
                for (r, block) in blocks.enumerated() {
                    let rows = block.rows
                    let count = rows.count
                    var columns = compiled.columnBlock(count: count)
                    var column = [Double](repeating: 0, count: count)
                    for j in 0..<m {
                        try normaliseColumn(
                            &column,
                            indicator: j,
                            block: r,
                            of: raw,
                            method: normalisation,
                            isPlanned: true,
                            indicators: indicators,
                            subjects: subjects,
                            warnings: &raised
                        )
                        columns.withUnsafeMutableBufferPointer { columns in
                            column.withUnsafeBufferPointer { column in
                                guard let to = columns.baseAddress, let from = column.baseAddress else { return }
                                (to + j * count).update(from: from, count: count)
                            }
                        }
                    }
                    guard
                        compiled.scoreColumnBlock(
                            &columns,
                            into: &matrix,
                            rows: rows,
                            writingFrom: 0,
                            methodOverride: options.aggregation,
                            weights: weights,
                            missing: { missing.append(($0, $1, $2)) }
                        )
                    else { return false }
                }
                return true
            }
        }
        guard scored else { return nil }
        warnings += raised
        found += missing
        return matrix
    }

    /// Scores without collecting warnings (levers, tests).
    package func scores(raw: [Double]? = nil) throws -> [Double] {
        var warnings: [Normaliser.Warning] = []
        var notes: [RenormalisationNote] = []
        return try scores(raw: raw, warnings: &warnings, notes: &notes)
    }

    /// The target block's scores (units × nodes) and tiers for a changed raw matrix: what a lever
    /// would do.
    package func evaluate(raw: [Double]) throws -> (scores: [Double], tiers: [Int?]) {
        let matrix = try scores(raw: raw)
        let n = compiled.nodeCount
        let rows = target.rows
        let block = Array(matrix[(rows.lowerBound * n)..<(rows.upperBound * n)])
        let root = target.units.indices.map { block[$0 * n + compiled.rootSlot] }
        return (block, try assignTiers(root, period: target.period))
    }

    /// Tiers of one block's overall scores.
    ///
    /// - Throws: ``IndexError`` naming the evaluation and period when the tiers cannot be cut.
    public func assignTiers(_ scores: [Double], method: TierMethod? = nil, period: String) throws -> [Int?] {
        do {
            return try (method ?? tierMethod).assign(scores)
        } catch let error as IndexError {
            throw IndexError("evaluation '\(evaluation.id)' \(period): \(error.message)")
        }
    }
}
