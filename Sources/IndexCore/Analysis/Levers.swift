/// The cross-section of a run, prepared for reruns (levers, robustness, audit, the dashboard).
///
/// The earlier name of ``CrossSectionPipeline``: one cross-section held as treated raw values, so
/// that changed values run again through the same normalisation, weights, aggregation and tiers.
public typealias CrossSectionSnapshot = CrossSectionPipeline

/// What would move a unit: which indicators raise its score most, and the smallest change in one
/// indicator (all others held) that lifts it into the next tier.
public struct LeverReport: Sendable, Hashable, Codable {
    /// One indicator's effect on the unit.
    public struct Lever: Sendable, Hashable, Codable {
        /// The indicator's id.
        public var indicator: String
        /// The indicator's name.
        public var name: LocalisedText
        /// The indicator's unit of measure.
        public var unit: String
        /// Whether more of the indicator is better.
        public var direction: Direction
        /// The unit's current value; `nil` when it has none.
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

    /// The unit's id.
    public var unit: String
    /// The unit's overall score.
    public var score: Double
    /// The unit's overall rank.
    public var rank: Int
    /// The unit's tier (1 = best).
    public var tier: Int
    /// The levers, those that reach the next tier first, then by gain.
    public var levers: [Lever]
}

/// Computes levers by rerunning the cross-section with one value changed (so min-max bounds move
/// when the unit becomes the new maximum, and Jenks breaks are drawn again).
public enum Levers {
    /// How many doublings take the smallest positive double past the largest finite one
    /// (2⁻¹⁰⁷⁴ → 2¹⁰²⁴: 2,099), the most a tier search can take.
    static let maximumDoublings =
        Int(Double.greatestFiniteMagnitude.exponent - Double.leastNonzeroMagnitude.exponent) + 2
    /// Levers of one unit, best first.
    ///
    /// - Throws: ``IndexError`` for an unknown unit.
    public static func report(_ snapshot: CrossSectionSnapshot, unit id: String) throws -> LeverReport {
        guard let u = snapshot.units.firstIndex(where: { $0.id == id }) else {
            throw IndexError(
                "unit '\(id)' has no score in \(snapshot.compiled.evaluation.id) \(snapshot.period)",
                unit: id
            )
        }
        let n = snapshot.compiled.nodeCount
        let root = snapshot.compiled.rootSlot
        // The unit's row in the stacked raw matrix (the target period's block).
        let r = snapshot.target.rows.lowerBound + u
        let rows = snapshot.target.rows
        let base = try snapshot.evaluate(raw: snapshot.raw)
        let score = base.scores[u * n + root]
        // Ranked as the run ranks: a tie takes the rank the run's tie rule gives it.
        let rank =
            Ranking.ranked(snapshot.units.indices.map { base.scores[$0 * n + root] }, ties: snapshot.options.ties)
            .ranks[u] ?? 0
        let tier = base.tiers[u] ?? 0
        let nextTierFloor = snapshot.units.indices.filter { base.tiers[$0] == tier - 1 }.map {
            base.scores[$0 * n + root]
        }.min()
        var levers: [LeverReport.Lever] = []
        for (j, indicator) in snapshot.compiled.indicators.enumerated() {
            let column = rows.map { snapshot.raw[$0 * n + j] }.filter { !$0.isNaN }
            guard let low = column.min(), let high = column.max() else { continue }
            let value = snapshot.raw[r * n + j]
            let step = (high > low ? high - low : max(abs(high), 1)) / 100
            let sign = indicator.direction.sign
            func run(_ change: Double) throws -> (score: Double, tier: Int) {
                var raw = snapshot.raw
                let start = value.isNaN ? (indicator.direction == .higherIsBetter ? low : high) : value
                raw[r * n + j] = start + sign * change
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
                let limit =
                    indicator.bounds.map { sign > 0 ? $0.upperBound - start : start - $0.lowerBound } ?? 100 * step * 10
                var previous = 0.0
                var found: Double?
                var change = step
                var best = score
                // The search ends by construction: doubling a positive double passes the largest
                // finite one within `maximumDoublings` steps (from the smallest subnormal), so a range
                // or bounds too wide for a double end it at infinity, and a step that underflows to 0
                // (a range of a few subnormals) ends it at once instead of doubling 0 for ever.
                var doublings = 0
                while change > 0, change.isFinite, change <= limit * (1 + 1e-12), doublings < Self.maximumDoublings {
                    doublings += 1
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
                    indicator: indicator.id,
                    name: indicator.name,
                    unit: indicator.unit,
                    direction: indicator.direction,
                    value: value.isNaN ? nil : value,
                    gainPerStep: gain,
                    step: step,
                    valueForNextTier: target,
                    note: note
                )
            )
        }
        levers.sort {
            ($0.valueForNextTier != nil ? 1 : 0, $0.gainPerStep, $1.indicator) > (
                $1.valueForNextTier != nil ? 1 : 0, $1.gainPerStep, $0.indicator
            )
        }
        return LeverReport(unit: id, score: score, rank: rank, tier: tier, levers: levers)
    }

    static func format(_ value: Double) -> String { "\((value * 10).rounded() / 10)" }
}
