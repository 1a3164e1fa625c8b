/// Runs a framework on a dataset: validate → normalise → weight → aggregate → analyse.
///
/// ```swift
/// let results = try IndexEngine.run(framework: framework, dataset: dataset)
/// ```
public enum IndexEngine {
    /// The engine's version, recorded with every stored run.
    public static let version = "0.3.0"

    /// Runs every evaluation of a framework.
    ///
    /// - Throws: ``IndexErrors`` listing every problem found (unknown indicators or units are the
    ///   readers' business; here: missing base values, undefined normalisations, inconsistent AHP).
    public static func run(framework: Framework, dataset: Dataset, options: RunOptions = RunOptions()) throws
        -> IndexResults
    {
        let dataset = try Denominator.apply(framework, to: dataset)
        let seriesUnits = Set(framework.evaluations.compactMap(\.seriesUnit))
        // Each evaluation builds the lookup of just the values it reads: a series its unit's, a
        // cross-section its period's.
        // Every period is needed only to impute from other periods; collecting them costs a pass.
        let allPeriods = options.imputation.usesOtherPeriods ? dataset.periods : []
        var treatments: [TreatedValue] = []
        var results: [EvaluationResult] = []
        var weights: [String: DerivedWeights] = [:]
        var warnings: [String] = []
        var notes: [RenormalisationNote] = []
        var errors: [IndexError] = []
        for evaluation in framework.evaluations where options.evaluations?.contains(evaluation.id) ?? true {
            do {
                let derived = try evaluation.deriveWeights()
                weights[evaluation.id] = derived
                let compiled = try CompiledEvaluation(evaluation: evaluation, root: derived.root)
                switch evaluation.kind {
                case .basePeriod:
                    results.append(
                        .series(
                            try runSeries(
                                compiled, dataset: dataset, options: options, notes: &notes,
                                treatments: &treatments)))
                case .crossSection:
                    let result = try runCrossSection(
                        compiled, dataset: dataset, periods: allPeriods, excluding: seriesUnits,
                        options: options, warnings: &warnings, notes: &notes, treatments: &treatments)
                    results.append(.crossSection(result))
                }
            } catch let error as IndexErrors {
                errors += error.errors
            } catch let error as IndexError {
                var located = error
                if !located.message.contains(evaluation.id) {
                    located.message = "evaluation '\(evaluation.id)': " + located.message
                }
                errors.append(located)
            }
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        return IndexResults(
            frameworkID: framework.id, frameworkName: framework.name, isIllustrative: dataset.isIllustrative,
            evaluations: results, weights: weights, warnings: warnings, renormalisations: notes, options: options,
            treatments: treatments)
    }

    static func nodeInfos(_ compiled: CompiledEvaluation) -> [NodeInfo] {
        // Preorder of the tree, which is how people read a framework.
        var order: [Int] = []
        func visit(_ slot: Int) {
            order.append(slot)
            for child in compiled.childSlots(of: slot) { visit(child) }
        }
        visit(compiled.rootSlot)
        return order.map { slot in
            NodeInfo(
                id: compiled.nodeIDs[slot], name: compiled.nodeNames[slot],
                parent: compiled.parents[slot] >= 0 ? compiled.nodeIDs[compiled.parents[slot]] : nil,
                depth: compiled.depths[slot], isIndicator: slot < compiled.indicatorCount,
                localWeight: compiled.localWeights[slot])
        }
    }

    static func runSeries(
        _ compiled: CompiledEvaluation,
        dataset: Dataset,
        options: RunOptions,
        notes: inout [RenormalisationNote],
        treatments: inout [TreatedValue]
    ) throws -> SeriesResult {
        let evaluation = compiled.evaluation
        let indicatorIDs = Set(compiled.indicators.map(\.id))
        let unit: String
        if let named = evaluation.seriesUnit {
            unit = named
        } else {
            let candidates = Set(dataset.observations.filter { indicatorIDs.contains($0.indicator) }.map(\.unit))
            guard candidates.count == 1, let only = candidates.first else {
                throw IndexError(
                    "base-period evaluation '\(evaluation.id)' needs one unit (set `unit:`); the data have \(candidates.count)")
            }
            unit = only
        }
        let values = dataset.valueTable { $0.unit == unit }
        let periods = Array(
            Set(dataset.observations.filter { $0.unit == unit && indicatorIDs.contains($0.indicator) }.map(\.period))
        ).sorted()
        guard !periods.isEmpty else {
            throw IndexError("no data for base-period evaluation '\(evaluation.id)'", unit: unit)
        }
        let basePeriod: String
        if case .basePeriod(let base?) = evaluation.normalisation { basePeriod = base } else { basePeriod = periods[0] }
        guard let baseIndex = periods.firstIndex(of: basePeriod) else {
            throw IndexError("base period \(basePeriod) has no data in evaluation '\(evaluation.id)'", unit: unit)
        }
        let n = compiled.nodeCount
        var matrix = [Double](repeating: .nan, count: periods.count * n)
        var errors: [IndexError] = []
        let positions = Imputation.positions(of: periods)
        for (j, indicator) in compiled.indicators.enumerated() {
            var series = periods.map { values[ObservationKey(unit: unit, indicator: indicator.id, period: $0)] ?? .nan }
            if options.imputation.usesOtherPeriods {
                let observed = series
                for t in periods.indices where observed[t].isNaN {
                    guard let (value, action) = Imputation.fillFromSeries(
                        observed, positions: positions, at: t, method: options.imputation)
                    else { continue }
                    series[t] = value
                    treatments.append(
                        TreatedValue(
                            evaluation: evaluation.id, unit: unit, indicator: indicator.id, period: periods[t],
                            original: nil, value: value, action: action))
                }
            }
            do {
                try Normaliser.normaliseToBase(
                    &series, baseIndex: baseIndex, indicator: indicator, unit: unit, basePeriod: basePeriod)
            } catch let error as IndexError {
                errors.append(error)
                continue
            }
            for t in periods.indices { matrix[t * n + j] = series[t] }
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        var found: [RenormalisationNote] = []
        try matrix.withUnsafeMutableBufferPointer { buffer in
            for t in periods.indices {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(t * n)..<((t + 1) * n)])
                try compiled.aggregate(row, methodOverride: options.aggregation) { slot, missing in
                    found.append(
                        RenormalisationNote(
                            unit: unit, period: periods[t], node: compiled.nodeIDs[slot],
                            missing: missing.map { compiled.nodeIDs[$0] }))
                }
            }
        }
        notes += found
        var series: [String: [Double?]] = [:]
        var growth: [String: [Double?]] = [:]
        var cagr: [String: Double?] = [:]
        var contribution: [String: [Double?]] = [:]
        let years = spanInYears(periods)
        for slot in 0..<n {
            let id = compiled.nodeIDs[slot]
            let raw = periods.indices.map { matrix[$0 * n + slot] }
            series[id] = raw.map { $0.isNaN ? nil : $0 }
            growth[id] = Growth.yearOnYear(raw)
            cagr[id] = raw.count > 1 ? Growth.cagr(first: raw[0], last: raw[raw.count - 1], years: years) : nil
            let parent = compiled.parents[slot]
            contribution[id] = periods.indices.map { t in
                guard t > 0, parent >= 0 else { return nil }
                return Growth.contribution(
                    weight: compiled.localWeights[slot], part: raw[t], previousPart: raw[t - 1],
                    whole: matrix[t * n + parent], previousWhole: matrix[(t - 1) * n + parent])
            }
        }
        return SeriesResult(
            evaluation: evaluation.id, name: evaluation.name, unit: unit, periods: periods,
            nodes: nodeInfos(compiled), series: series, growth: growth, cagr: cagr, contribution: contribution,
            basePeriod: basePeriod)
    }

    /// Whole years between the first and last period when both are numbers, else the number of steps.
    static func spanInYears(_ periods: [String]) -> Double {
        if let first = periods.first.flatMap({ Double($0) }), let last = periods.last.flatMap({ Double($0) }),
            last > first
        {
            return last - first
        }
        return Double(max(periods.count - 1, 1))
    }

    static func runCrossSection(
        _ compiled: CompiledEvaluation,
        dataset: Dataset,
        periods: [String],
        excluding seriesUnits: Set<String>,
        options: RunOptions,
        warnings: inout [String],
        notes: inout [RenormalisationNote],
        treatments: inout [TreatedValue]
    ) throws -> CrossSectionResult {
        let evaluation = compiled.evaluation
        let indicatorIDs = Set(compiled.indicators.map(\.id))
        func isRelevant(_ observation: Observation) -> Bool {
            indicatorIDs.contains(observation.indicator) && !seriesUnits.contains(observation.unit)
        }
        let period: String
        if let chosen = options.period {
            period = chosen
        } else {
            var latest: String?
            // The cheap comparison first: the set lookups run only for a later period than seen so far.
            for observation in dataset.observations
            where observation.value != nil && (latest.map { observation.period > $0 } ?? true) && isRelevant(observation) {
                if latest.map({ observation.period > $0 }) ?? true { latest = observation.period }
            }
            guard let latest else { throw IndexError("no data for evaluation '\(evaluation.id)'") }
            period = latest
        }
        var unitIDs: Set<String> = []
        for observation in dataset.observations where observation.period == period && isRelevant(observation) {
            unitIDs.insert(observation.unit)
        }
        let units = dataset.units.filter { unitIDs.contains($0.id) }
        guard !units.isEmpty else { throw IndexError("no units have data for evaluation '\(evaluation.id)' in \(period)") }
        // Other periods are looked up only to impute from them; otherwise one pass fills the matrix.
        let values = options.imputation.usesOtherPeriods ? dataset.valueTable { !seriesUnits.contains($0.unit) } : [:]
        var matrix =
            options.imputation.usesOtherPeriods
            ? CrossSection.rawMatrix(compiled, units: units.map(\.id), period: period, values: values)
            : CrossSection.rawMatrix(compiled, units: units.map(\.id), period: period, observations: dataset.observations)
        treatments += CrossSection.treat(
            compiled, matrix: &matrix, units: units, period: period, periods: periods, values: values, options: options)
        let normalisation = options.normalisation ?? evaluation.normalisation
        var collected: [Normaliser.Warning] = []
        var found: [RenormalisationNote] = []
        let weights = try CrossSection.objectiveWeights(
            compiled, matrix: matrix, unitCount: units.count, method: options.weightMethod, alpha: options.weightAlpha,
            combination: options.weightCombination)
        let rawForTOPSIS = options.topsis ? matrix : []
        if options.weightMethod != .derived {
            warnings.append(
                "evaluation '\(evaluation.id)': indicator weights within each group are \(options.weightMethod.rawValue)"
                    + (options.weightAlpha.map { " combined with the derived ones (α = \($0))" } ?? "")
                    + "; upper levels keep the derived weights")
        }
        try CrossSection.evaluate(
            compiled, matrix: &matrix, unitCount: units.count, unitIDs: units.map(\.id), normalisation: normalisation,
            aggregation: options.aggregation, weights: weights, warnings: &collected
        ) { unitIndex, slot, missing in
            found.append(
                RenormalisationNote(
                    unit: units[unitIndex].id, period: period, node: compiled.nodeIDs[slot],
                    missing: missing.map { compiled.nodeIDs[$0] }))
        }
        notes += found
        warnings += collected.map { "evaluation '\(evaluation.id)' \(period): \($0)" }
        if options.topsis {
            try CrossSection.scoreByTOPSIS(compiled, raw: rawForTOPSIS, into: &matrix, unitCount: units.count, weights: weights)
            warnings.append("evaluation '\(evaluation.id)': every aggregate scored by TOPSIS (closeness × 100) over its indicators")
        }

        let n = compiled.nodeCount
        let root = compiled.rootSlot
        var ranksBySlot: [[Int?]] = []
        var topBySlot: [String: [String]] = [:]
        for slot in 0..<n {
            let column = units.indices.map { matrix[$0 * n + slot] }
            ranksBySlot.append(Ranking.competitionRanks(column))
            if slot >= compiled.indicatorCount {
                topBySlot[compiled.nodeIDs[slot]] = Ranking.top(options.topCount, of: column).map { units[$0].id }
            }
        }
        let overall = units.indices.map { matrix[$0 * n + root] }
        let tierNames = evaluation.tierNames
        let tierMethod = options.tierMethod ?? .jenks(classes: max(tierNames.count, 1))
        let tiers = try tierMethod.assign(overall)
        var scores: [UnitScore] = []
        for (index, unit) in units.enumerated() {
            var nodes: [String: NodeScore] = [:]
            for slot in 0..<n {
                let value = matrix[index * n + slot]
                nodes[compiled.nodeIDs[slot]] = NodeScore(score: value.isNaN ? nil : value, rank: ranksBySlot[slot][index])
            }
            scores.append(
                UnitScore(
                    id: unit.id, name: unit.name, score: overall[index].isNaN ? nil : overall[index],
                    rank: ranksBySlot[root][index], tier: tiers[index], nodes: nodes))
        }
        scores.sort { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }
        var leadingShare: [String: Double] = [:]
        let leaders = Set(units.indices.filter { tiers[$0] == 1 })
        for slot in 0..<n {
            var total = 0.0
            var held = 0.0
            for index in units.indices where !matrix[index * n + slot].isNaN {
                total += matrix[index * n + slot]
                if leaders.contains(index) { held += matrix[index * n + slot] }
            }
            if total > 0 { leadingShare[compiled.nodeIDs[slot]] = 100 * held / total }
        }
        return CrossSectionResult(
            evaluation: evaluation.id, name: evaluation.name, period: period, nodes: nodeInfos(compiled), units: scores,
            tierMethod: tierMethod, tierNames: tierNames, top: topBySlot, leadingShare: leadingShare,
            normalisation: normalisation)
    }
}

/// The hot path of a cross-section: a units × nodes matrix, normalised and aggregated in place.
public enum CrossSection {
    /// The raw matrix, `units × nodeCount`, indicators in the first columns, `NaN` where missing.
    public static func rawMatrix(
        _ compiled: CompiledEvaluation,
        units: [String],
        period: String,
        values: [ObservationKey: Double]
    ) -> [Double] {
        let n = compiled.nodeCount
        var matrix = [Double](repeating: .nan, count: units.count * n)
        for (i, unit) in units.enumerated() {
            for (j, indicator) in compiled.indicators.enumerated() {
                if let value = values[ObservationKey(unit: unit, indicator: indicator.id, period: period)] {
                    matrix[i * n + j] = value
                }
            }
        }
        return matrix
    }

    /// The raw matrix filled in one pass over the observations of a period.
    public static func rawMatrix(
        _ compiled: CompiledEvaluation,
        units: [String],
        period: String,
        observations: [Observation]
    ) -> [Double] {
        let n = compiled.nodeCount
        let rows = Dictionary(units.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let columns = Dictionary(compiled.indicators.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        var matrix = [Double](repeating: .nan, count: units.count * n)
        for observation in observations where observation.period == period {
            guard let value = observation.value, let j = columns[observation.indicator], let i = rows[observation.unit] else { continue }
            matrix[i * n + j] = value
        }
        return matrix
    }

    /// Imputes missing values and treats outliers, column by column, in place.
    ///
    /// - Returns: every value changed, flagged with what was done.
    public static func treat(
        _ compiled: CompiledEvaluation,
        matrix: inout [Double],
        units: [AssessedUnit],
        period: String,
        periods: [String],
        values: [ObservationKey: Double],
        options: RunOptions
    ) -> [TreatedValue] {
        guard options.imputation != .none || options.outliers != .none else { return [] }
        let n = compiled.nodeCount
        let evaluation = compiled.evaluation.id
        var groups: [String?] = []
        if case .groupMean(let group) = options.imputation { groups = units.map { $0.groups[group] } }
        let positions = Imputation.positions(of: periods)
        let here = periods.firstIndex(of: period)
        var treated: [TreatedValue] = []
        var column = [Double](repeating: 0, count: units.count)
        for (j, indicator) in compiled.indicators.enumerated() {
            for i in units.indices { column[i] = matrix[i * n + j] }
            let original = column
            var actions: [(index: Int, action: TreatmentAction)] = []
            if options.imputation.usesOtherPeriods, let here {
                for i in units.indices where column[i].isNaN {
                    let series = periods.map {
                        values[ObservationKey(unit: units[i].id, indicator: indicator.id, period: $0)] ?? .nan
                    }
                    if let (value, action) = Imputation.fillFromSeries(
                        series, positions: positions, at: here, method: options.imputation)
                    {
                        column[i] = value
                        actions.append((i, action))
                    }
                }
            } else {
                actions += Imputation.fillCrossSection(&column, method: options.imputation, groups: groups)
            }
            actions += OutlierTreatment.treat(&column, method: options.outliers)
            guard !actions.isEmpty else { continue }
            for (i, action) in actions {
                treated.append(
                    TreatedValue(
                        evaluation: evaluation, unit: units[i].id, indicator: indicator.id, period: period,
                        original: original[i].isNaN ? nil : original[i], value: column[i], action: action))
            }
            for i in units.indices { matrix[i * n + j] = column[i] }
        }
        return treated
    }

    /// Local weights (in the layout of ``CompiledEvaluation/childWeights``) with each group of
    /// indicators weighted from the raw data by an objective method; `nil` for derived weights.
    ///
    /// A group is an aggregate whose children are all indicators; its weights use the units with a
    /// value for every indicator of the group. Upper levels keep the derived weights.
    public static func objectiveWeights(
        _ compiled: CompiledEvaluation, matrix: [Double], unitCount: Int, method: WeightMethod, alpha: Double?,
        combination: MCDA.Combination = .linear
    ) throws -> [Double]? {
        guard method != .derived else { return nil }
        let n = compiled.nodeCount
        var weights = compiled.childWeights
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        for parent in Set(parents).sorted() {
            let positions = parents.indices.filter { parents[$0] == parent }
            let children = positions.map { slots[$0] }
            guard children.allSatisfy({ $0 < compiled.indicatorCount }) else { continue }
            let rows = (0..<unitCount).filter { i in children.allSatisfy { !matrix[i * n + $0].isNaN } }
            let id = compiled.nodeIDs[parent]
            guard rows.count >= 2 else { throw IndexError("\(method.rawValue) weights of '\(id)' need at least two units with every value") }
            let decision = try DecisionMatrix(
                alternatives: rows.map(String.init), criteria: children.map { compiled.nodeIDs[$0] },
                values: rows.map { i in children.map { matrix[i * n + $0] } },
                isBenefit: children.map { compiled.indicators[$0].direction == .higherIsBetter })
            let objective: [Double]
            do {
                objective = try method.weights(decision)
            } catch let error as IndexError {
                throw IndexError("\(method.rawValue) weights of '\(id)': \(error.message)")
            }
            let combined =
                try alpha.map { alpha in
                    try MCDA.combine(
                        subjective: positions.map { compiled.childWeights[$0] }, objective: objective, alpha: alpha, method: combination)
                } ?? objective
            for (k, position) in positions.enumerated() { weights[position] = combined[k] }
        }
        return weights
    }

    /// Replaces every aggregate's score with TOPSIS closeness × 100 over its descendant indicators,
    /// weighted by their effective weights within the aggregate. A unit missing one of those
    /// indicators gets no score for that aggregate.
    public static func scoreByTOPSIS(
        _ compiled: CompiledEvaluation, raw: [Double], into matrix: inout [Double], unitCount: Int, weights: [Double]?
    ) throws {
        let n = compiled.nodeCount
        let local = weights ?? compiled.childWeights
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        for aggregate in compiled.indicatorCount..<n {
            // Descendant indicators and their weight relative to this aggregate.
            var leaves: [(slot: Int, weight: Double)] = []
            func walk(_ slot: Int, _ weight: Double) {
                if slot < compiled.indicatorCount {
                    leaves.append((slot, weight))
                    return
                }
                for (position, parent) in parents.enumerated() where parent == slot { walk(slots[position], weight * local[position]) }
            }
            walk(aggregate, 1)
            let complete = (0..<unitCount).filter { i in leaves.allSatisfy { !raw[i * n + $0.slot].isNaN } }
            for i in 0..<unitCount { matrix[i * n + aggregate] = .nan }
            guard complete.count >= 2 else { continue }
            let total = leaves.reduce(0) { $0 + $1.weight }
            let decision = try DecisionMatrix(
                alternatives: complete.map(String.init), criteria: leaves.map { compiled.nodeIDs[$0.slot] },
                values: complete.map { i in leaves.map { raw[i * n + $0.slot] } },
                isBenefit: leaves.map { compiled.indicators[$0.slot].direction == .higherIsBetter })
            let result = try MCDA.topsis(decision, weights: leaves.map { $0.weight / total })
            for (k, i) in complete.enumerated() { matrix[i * n + aggregate] = 100 * result.closeness[k] }
        }
    }

    /// Normalises each indicator column and aggregates each unit's row, in place.
    ///
    /// - Parameter missing: called with (unit index, aggregate slot, missing child slots).
    public static func evaluate(
        _ compiled: CompiledEvaluation,
        matrix: inout [Double],
        unitCount: Int,
        unitIDs: [String],
        normalisation: NormalisationMethod,
        aggregation: AggregationMethod? = nil,
        weights: [Double]? = nil,
        warnings: inout [Normaliser.Warning],
        missing: ((Int, Int, [Int]) -> Void)? = nil
    ) throws {
        let n = compiled.nodeCount
        var column = [Double](repeating: 0, count: unitCount)
        for (j, indicator) in compiled.indicators.enumerated() {
            for i in 0..<unitCount { column[i] = matrix[i * n + j] }
            let raised = try Normaliser.normalise(&column, method: normalisation, indicator: indicator, units: unitIDs)
            if !raised.isEmpty { warnings += raised }
            for i in 0..<unitCount { matrix[i * n + j] = column[i] }
        }
        try matrix.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<unitCount {
                let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)])
                if let missing {
                    try compiled.aggregate(row, methodOverride: aggregation, weights: weights) { missing(i, $0, $1) }
                } else {
                    try compiled.aggregate(row, methodOverride: aggregation, weights: weights)
                }
            }
        }
    }
}
