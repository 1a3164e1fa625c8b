/// One cross-section of an evaluation, held as raw values so that changed values can be run again
/// through the same normalisation, weights, aggregation and tiers (levers, sensitivity).
public struct CrossSectionSnapshot: Sendable {
    public let compiled: CompiledEvaluation
    public let units: [AssessedUnit]
    public let period: String
    /// The nominal run's options.
    public let options: RunOptions
    /// Treated raw values, units × nodes (indicators in the first columns, `NaN` where missing).
    public let raw: [Double]
    public let normalisation: NormalisationMethod
    public let tierMethod: TierMethod
    let weights: [Double]?
    let values: [ObservationKey: Double]
    let periods: [String]

    /// The cross-section the engine runs for `options` (its period, units, treatment, weights).
    ///
    /// - Throws: ``IndexError`` when the framework has no such cross-section.
    public init(framework: Framework, dataset: Dataset, evaluationID: String? = nil, options: RunOptions = RunOptions()) throws {
        guard
            let evaluation = framework.evaluations.first(where: {
                $0.kind == .crossSection && (evaluationID == nil || $0.id == evaluationID)
            })
        else {
            throw IndexError("no cross-section evaluation '\(evaluationID ?? "")'")
        }
        var only = options
        only.evaluations = [evaluation.id]
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: only)
        guard case .crossSection(let section)? = results.evaluations.first else {
            throw IndexError("evaluation '\(evaluation.id)' gave no cross-section result")
        }
        let compiled = try CompiledEvaluation(evaluation: evaluation, root: try evaluation.deriveWeights().root)
        let ids = Set(section.units.map(\.id))
        self.compiled = compiled
        self.units = dataset.units.filter { ids.contains($0.id) }
        self.period = section.period
        self.options = options
        self.normalisation = options.normalisation ?? evaluation.normalisation
        self.tierMethod = options.tierMethod ?? .jenks(classes: max(evaluation.tierNames.count, 1))
        self.values = dataset.valueTable()
        self.periods = dataset.periods
        var raw = CrossSection.rawMatrix(compiled, units: units.map(\.id), period: section.period, values: values)
        _ = CrossSection.treat(compiled, matrix: &raw, units: units, period: section.period, periods: periods, values: values, options: options)
        self.raw = raw
        self.weights = try CrossSection.objectiveWeights(
            compiled, matrix: raw, unitCount: units.count, method: options.weightMethod, alpha: options.weightAlpha)
    }

    /// The raw matrix under another data treatment.
    public func raw(imputation: ImputationMethod, outliers: OutlierMethod) -> [Double] {
        var matrix = CrossSection.rawMatrix(compiled, units: units.map(\.id), period: period, values: values)
        var treated = options
        treated.imputation = imputation
        treated.outliers = outliers
        _ = CrossSection.treat(compiled, matrix: &matrix, units: units, period: period, periods: periods, values: values, options: treated)
        return matrix
    }

    /// Scores (units × nodes) and root tiers for changed raw values.
    public func evaluate(raw: [Double]) throws -> (scores: [Double], tiers: [Int?]) {
        var matrix = raw
        var warnings: [Normaliser.Warning] = []
        try CrossSection.evaluate(
            compiled, matrix: &matrix, unitCount: units.count, unitIDs: units.map(\.id), normalisation: normalisation,
            aggregation: options.aggregation, weights: weights, warnings: &warnings)
        let n = compiled.nodeCount
        let root = units.indices.map { matrix[$0 * n + compiled.rootSlot] }
        return (matrix, try tierMethod.assign(root))
    }
}

/// What would move a unit: which indicators raise its score most, and the smallest change in one
/// indicator (all others held) that lifts it into the next tier.
public struct LeverReport: Sendable, Hashable {
    public struct Lever: Sendable, Hashable {
        public var indicator: String
        public var name: LocalisedText
        public var unit: String
        public var direction: Direction
        public var value: Double?
        /// The change in the unit's score when the indicator improves by 1 % of its range across units.
        public var gainPerStep: Double
        /// 1 % of the indicator's range: the step of ``gainPerStep``.
        public var step: Double
        /// The value that lifts the unit into the next tier, if one indicator alone can.
        public var valueForNextTier: Double?
        /// Why not, when it cannot.
        public var note: String?
    }

    public var unit: String
    public var score: Double
    public var rank: Int
    public var tier: Int
    public var levers: [Lever]
}

/// Computes levers by rerunning the cross-section with one value changed (so min-max bounds move
/// when the unit becomes the new maximum, and Jenks breaks are drawn again).
public enum Levers {
    /// Levers of one unit, best first.
    ///
    /// - Throws: ``IndexError`` for an unknown unit.
    public static func report(_ snapshot: CrossSectionSnapshot, unit id: String) throws -> LeverReport {
        guard let u = snapshot.units.firstIndex(where: { $0.id == id }) else {
            throw IndexError("unit '\(id)' has no score in \(snapshot.compiled.evaluation.id) \(snapshot.period)", unit: id)
        }
        let n = snapshot.compiled.nodeCount
        let root = snapshot.compiled.rootSlot
        let base = try snapshot.evaluate(raw: snapshot.raw)
        let score = base.scores[u * n + root]
        let rank = Ranking.competitionRanks(snapshot.units.indices.map { base.scores[$0 * n + root] })[u] ?? 0
        let tier = base.tiers[u] ?? 0
        let nextTierFloor = snapshot.units.indices.filter { base.tiers[$0] == tier - 1 }.map { base.scores[$0 * n + root] }.min()
        var levers: [LeverReport.Lever] = []
        for (j, indicator) in snapshot.compiled.indicators.enumerated() {
            let column = snapshot.units.indices.map { snapshot.raw[$0 * n + j] }.filter { !$0.isNaN }
            guard let low = column.min(), let high = column.max() else { continue }
            let value = snapshot.raw[u * n + j]
            let step = (high > low ? high - low : max(abs(high), 1)) / 100
            let sign = indicator.direction.sign
            func run(_ change: Double) throws -> (score: Double, tier: Int) {
                var raw = snapshot.raw
                let start = value.isNaN ? (indicator.direction == .higherIsBetter ? low : high) : value
                raw[u * n + j] = start + sign * change
                let result = try snapshot.evaluate(raw: raw)
                return (result.scores[u * n + root], result.tiers[u] ?? 0)
            }
            let gain = (try? run(step).score - score) ?? 0
            var target: Double?
            var note: String?
            if tier <= 1 {
                note = "already in the first tier"
            } else {
                let start = value.isNaN ? (indicator.direction == .higherIsBetter ? low : high) : value
                let limit = indicator.bounds.map { sign > 0 ? $0.upperBound - start : start - $0.lowerBound } ?? 100 * step * 10
                var previous = 0.0
                var found: Double?
                var change = step
                var best = score
                while change <= limit * (1 + 1e-12) {
                    let attempt = try? run(change)
                    best = max(best, attempt?.score ?? best)
                    if let attempt, attempt.tier < tier {
                        found = change
                        break
                    }
                    previous = change
                    change = change * 2 > limit && change < limit ? limit : change * 2
                }
                if var high = found {
                    var low = previous
                    for _ in 0..<40 {
                        let middle = (low + high) / 2
                        if let attempt = try? run(middle), attempt.tier < tier { high = middle } else { low = middle }
                    }
                    target = start + sign * high
                } else {
                    let reach = "alone it lifts the score to \(Self.format(best)) at most"
                    let floor = nextTierFloor.map { "; tier \(tier - 1) starts at \(Self.format($0))" } ?? ""
                    let scope = indicator.bounds != nil ? " within its bounds" : " within ten times its range"
                    note = reach + scope + floor
                }
            }
            levers.append(
                LeverReport.Lever(
                    indicator: indicator.id, name: indicator.name, unit: indicator.unit, direction: indicator.direction,
                    value: value.isNaN ? nil : value, gainPerStep: gain, step: step, valueForNextTier: target, note: note))
        }
        levers.sort { ($0.valueForNextTier != nil ? 1 : 0, $0.gainPerStep, $1.indicator) > ($1.valueForNextTier != nil ? 1 : 0, $1.gainPerStep, $0.indicator) }
        return LeverReport(unit: id, score: score, rank: rank, tier: tier, levers: levers)
    }

    static func format(_ value: Double) -> String { "\((value * 10).rounded() / 10)" }
}
