/// Runs a framework on a dataset: validate → normalise → weight → aggregate → analyse.
///
/// ```swift
/// let results = try IndexEngine.run(framework: framework, dataset: dataset)
/// ```
public enum IndexEngine {
    /// The engine's version, recorded with every stored run.
    public static let version = "0.4.0"

    /// Runs every evaluation of a framework.
    ///
    /// - Throws: ``IndexErrors`` listing every problem found (unknown indicators or units are the
    ///   readers' business; here: missing base values, undefined normalisations, inconsistent AHP).
    public static func run(
        framework: Framework,
        dataset: Dataset,
        options: RunOptions = RunOptions()
    ) throws
        -> IndexResults
    {
        let dataset = try Denominator.apply(framework, to: dataset, onRequest: options.denominate)
        let seriesUnits = Set(framework.evaluations.compactMap(\.seriesUnit))
        var treatments: [TreatedValue] = []
        var results: [EvaluationResult] = []
        var weights: [String: DerivedWeights] = [:]
        var warnings: [String] = []
        var notes: [RenormalisationNote] = []
        var errors: [IndexError] = []
        for evaluation in framework.evaluations where options.evaluations?.contains(evaluation.id) ?? true {
            do {
                let evaluation = try evaluation.configured(by: options)
                let derived = try evaluation.deriveWeights()
                weights[evaluation.id] = derived
                let compiled = try CompiledEvaluation(
                    evaluation: evaluation,
                    root: derived.root,
                    minCoverage: options.minCoverage
                )
                switch evaluation.kind {
                case .basePeriod:
                    // A method that compares units (Copeland, Mazziotta–Pareto, benefit of the doubt)
                    // has nothing to compare in a one-unit series: the series keeps its own methods.
                    var seriesOptions = options
                    if let method = options.aggregation, method.comparesUnits {
                        seriesOptions.aggregation = nil
                        warnings.append(
                            "evaluation '\(evaluation.id)': \(method.name) compares units, and a series has one; its own aggregation is kept"
                        )
                    }
                    results.append(
                        .series(
                            try runSeries(
                                compiled,
                                dataset: dataset,
                                options: seriesOptions,
                                notes: &notes,
                                treatments: &treatments
                            )
                        )
                    )
                case .crossSection:
                    let pipeline = try CrossSectionPipeline(
                        compiled: compiled,
                        dataset: dataset,
                        excluding: seriesUnits,
                        options: options
                    )
                    var collected: [Normaliser.Warning] = []
                    let scores = try pipeline.scores(warnings: &collected, notes: &notes)
                    warnings += pipeline.notes
                    warnings += collected.map { "evaluation '\(evaluation.id)': \($0)" }
                    treatments += pipeline.treatments
                    results.append(.crossSection(try pipeline.result(scores: scores)))
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
            frameworkID: framework.id,
            frameworkName: framework.name,
            isIllustrative: dataset.isIllustrative,
            evaluations: results,
            weights: weights,
            warnings: warnings,
            renormalisations: notes,
            options: options,
            treatments: treatments
        )
    }

    /// Every node's description in preorder; `localWeights` (by slot) in place of the compiled ones
    /// when the run scores with other weights.
    static func nodeInfos(_ compiled: CompiledEvaluation, localWeights: [Double]? = nil) -> [NodeInfo] {
        // Preorder of the tree, which is how people read a framework.
        var order: [Int] = []
        func visit(_ slot: Int) {
            order.append(slot)
            for child in compiled.childSlots(of: slot) { visit(child) }
        }
        visit(compiled.rootSlot)
        return order.map { slot in
            NodeInfo(
                id: compiled.nodeIDs[slot],
                name: compiled.nodeNames[slot],
                parent: compiled.parents[slot] >= 0 ? compiled.nodeIDs[compiled.parents[slot]] : nil,
                depth: compiled.depths[slot],
                isIndicator: slot < compiled.indicatorCount,
                localWeight: localWeights?[slot] ?? compiled.localWeights[slot]
            )
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
            let table = dataset.observations
            let isIndicator = table.strings.map { indicatorIDs.contains($0) }
            let candidates = Set(
                table.indices.filter { isIndicator[Int(table.indicatorNumbers[$0])] }
                    .map { table.strings[Int(table.unitNumbers[$0])] }
            )
            guard candidates.count == 1, let only = candidates.first else {
                throw IndexError(
                    "base-period evaluation '\(evaluation.id)' needs one unit (set `unit:`); the data have \(candidates.count)"
                )
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
        let imputation = (options.imputation != .none ? options.imputation : evaluation.imputation ?? .none)
            .resolved(by: evaluation.conventions)
        for (j, indicator) in compiled.indicators.enumerated() {
            var series = periods.map { values[ObservationKey(unit: unit, indicator: indicator.id, period: $0)] ?? .nan }
            if imputation.usesOtherPeriods {
                let observed = series
                for t in periods.indices where observed[t].isNaN {
                    guard
                        let (value, action) = Imputation.fillFromSeries(
                            observed,
                            positions: positions,
                            at: t,
                            method: imputation
                        )
                    else { continue }
                    series[t] = value
                    treatments.append(
                        TreatedValue(
                            evaluation: evaluation.id,
                            unit: unit,
                            indicator: indicator.id,
                            period: periods[t],
                            original: nil,
                            value: value,
                            action: action
                        )
                    )
                }
            }
            do {
                try Normaliser.normaliseToBase(
                    &series,
                    baseIndex: baseIndex,
                    indicator: indicator,
                    unit: unit,
                    basePeriod: basePeriod
                )
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
                            unit: unit,
                            period: periods[t],
                            node: compiled.nodeIDs[slot],
                            missing: missing.map { compiled.nodeIDs[$0] }
                        )
                    )
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
                    weight: compiled.localWeights[slot],
                    part: raw[t],
                    previousPart: raw[t - 1],
                    whole: matrix[t * n + parent],
                    previousWhole: matrix[(t - 1) * n + parent]
                )
            }
        }
        return SeriesResult(
            evaluation: evaluation.id,
            name: evaluation.name,
            unit: unit,
            periods: periods,
            nodes: nodeInfos(compiled),
            series: series,
            growth: growth,
            cagr: cagr,
            contribution: contribution,
            basePeriod: basePeriod
        )
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

}

/// The hot path of a cross-section: a units × nodes matrix, normalised and aggregated in place.
package enum CrossSection {
    /// Local weights (in the layout of ``CompiledEvaluation/childWeights``) with each group of one
    /// level weighted from the data by an objective method; `nil` for derived weights.
    ///
    /// At level 1 a group is an aggregate whose children are all indicators, weighted from the raw
    /// data (`matrix`); at level L an aggregate whose children are all level-L aggregates, weighted
    /// from their scores (`matrix` then holds the scores aggregated with `base`; aggregates read
    /// higher is better) — COINr's `get_PCA(Level = L, by_groups = TRUE)` on the aggregated data.
    /// A group's weights use the units with a value for every child. Other levels keep `base`.
    package static func objectiveWeights(
        _ compiled: CompiledEvaluation,
        matrix: [Double],
        unitCount: Int,
        method: WeightMethod,
        alpha: Double?,
        combination: MCDA.Combination = .linear,
        level: Int = 1,
        base: [Double]? = nil
    ) throws -> [Double]? {
        guard method != .derived else { return nil }
        let n = compiled.nodeCount
        var weights = base ?? compiled.childWeights
        let parents = compiled.childParents
        let slots = compiled.childSlotsInOrder
        let height = compiled.heights
        for parent in Set(parents).sorted() {
            let positions = parents.indices.filter { parents[$0] == parent }
            let children = positions.map { slots[$0] }
            guard children.allSatisfy({ height[$0] == level }) else { continue }
            let rows = (0..<unitCount).filter { i in children.allSatisfy { !matrix[i * n + $0].isNaN } }
            let id = compiled.nodeIDs[parent]
            guard rows.count >= 2 else {
                throw IndexError("\(method.rawValue) weights of '\(id)' need at least two units with every value")
            }
            let decision = try DecisionMatrix(
                alternatives: rows.map(String.init),
                criteria: children.map { compiled.nodeIDs[$0] },
                values: rows.map { i in children.map { matrix[i * n + $0] } },
                isBenefit: children.map {
                    $0 >= compiled.indicatorCount || compiled.indicators[$0].direction == .higherIsBetter
                }
            )
            let objective: [Double]
            do {
                objective = try method.weights(decision)
            } catch let error as IndexError {
                throw IndexError("\(method.rawValue) weights of '\(id)': \(error.message)")
            }
            let combined =
                try alpha.map { alpha in
                    try MCDA.combine(
                        subjective: positions.map { (base ?? compiled.childWeights)[$0] },
                        objective: objective,
                        alpha: alpha,
                        method: combination
                    )
                } ?? objective
            for (k, position) in positions.enumerated() { weights[position] = combined[k] }
        }
        return weights
    }

    /// Replaces every aggregate's score with TOPSIS closeness × 100 over its descendant indicators,
    /// weighted by their effective weights within the aggregate. A unit missing one of those
    /// indicators gets no score for that aggregate.
    package static func scoreByTOPSIS(
        _ compiled: CompiledEvaluation,
        raw: [Double],
        rows: Range<Int>,
        into matrix: inout [Double],
        weights: [Double]?
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
                for (position, parent) in parents.enumerated() where parent == slot {
                    walk(slots[position], weight * local[position])
                }
            }
            walk(aggregate, 1)
            let complete = rows.filter { i in leaves.allSatisfy { !raw[i * n + $0.slot].isNaN } }
            for i in rows { matrix[i * n + aggregate] = .nan }
            guard complete.count >= 2 else { continue }
            let total = leaves.reduce(0) { $0 + $1.weight }
            let decision = try DecisionMatrix(
                alternatives: complete.map(String.init),
                criteria: leaves.map { compiled.nodeIDs[$0.slot] },
                values: complete.map { i in leaves.map { raw[i * n + $0.slot] } },
                isBenefit: leaves.map { compiled.indicators[$0.slot].direction == .higherIsBetter }
            )
            let result = try MCDA.topsis(decision, weights: leaves.map { $0.weight / total })
            for (k, i) in complete.enumerated() { matrix[i * n + aggregate] = 100 * result.closeness[k] }
        }
    }
}
