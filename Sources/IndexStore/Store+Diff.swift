public import IndexCore

/// A value that differs between two dataset versions.
public struct ValueChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case added, removed, changed
    }

    public var kind: Kind
    public var unit: String
    public var indicator: String
    public var period: String
    public var old: Double?
    public var new: Double?
    /// Set when only the provenance (status, source or note) changed.
    public var provenance: String?
}

/// A score that differs between two runs.
public struct ScoreChange: Sendable, Hashable {
    public var evaluation: String
    public var period: String
    public var unit: String
    public var node: String
    public var old: StoredScore?
    public var new: StoredScore?

    /// new − old, when both are numbers.
    public var scoreChange: Double? {
        guard let a = old?.score, let b = new?.score else { return nil }
        return b - a
    }

    /// Places moved up (positive) or down (negative).
    public var rankChange: Int? {
        guard let a = old?.rank, let b = new?.rank else { return nil }
        return a - b
    }
}

/// Compares dataset versions and runs.
public enum Diff {
    /// What changed from one dataset to another, sorted by unit, indicator and period.
    public static func datasets(_ old: Dataset, _ new: Dataset) -> [ValueChange] {
        func key(_ o: Observation) -> ObservationKey {
            ObservationKey(unit: o.unit, indicator: o.indicator, period: o.period)
        }
        let before = Dictionary(old.observations.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.observations.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [ValueChange] = []
        for (k, o) in after {
            guard let previous = before[k] else {
                changes.append(
                    ValueChange(
                        kind: .added,
                        unit: k.unit,
                        indicator: k.indicator,
                        period: k.period,
                        old: nil,
                        new: o.value
                    )
                )
                continue
            }
            if previous.value != o.value {
                changes.append(
                    ValueChange(
                        kind: .changed,
                        unit: k.unit,
                        indicator: k.indicator,
                        period: k.period,
                        old: previous.value,
                        new: o.value
                    )
                )
            } else if previous.status != o.status || previous.source != o.source || previous.note != o.note {
                var what: [String] = []
                if previous.status != o.status {
                    what.append("status \(previous.status.rawValue) → \(o.status.rawValue)")
                }
                if previous.source != o.source { what.append("source") }
                if previous.note != o.note { what.append("note") }
                changes.append(
                    ValueChange(
                        kind: .changed,
                        unit: k.unit,
                        indicator: k.indicator,
                        period: k.period,
                        old: previous.value,
                        new: o.value,
                        provenance: what.joined(separator: ", ")
                    )
                )
            }
        }
        for (k, o) in before where after[k] == nil {
            changes.append(
                ValueChange(
                    kind: .removed,
                    unit: k.unit,
                    indicator: k.indicator,
                    period: k.period,
                    old: o.value,
                    new: nil
                )
            )
        }
        return changes.sorted { ($0.unit, $0.indicator, $0.period) < ($1.unit, $1.indicator, $1.period) }
    }

    /// Scores, ranks and tiers that differ between two runs (beyond `tolerance` for scores).
    public static func runs(_ old: [StoredScore], _ new: [StoredScore], tolerance: Double = 1e-9) -> [ScoreChange] {
        struct Key: Hashable {
            var evaluation, period, unit, node: String
        }
        func key(_ s: StoredScore) -> Key {
            Key(evaluation: s.evaluation, period: s.period, unit: s.unit, node: s.node)
        }
        let before = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
        var changes: [ScoreChange] = []
        var order: [Key] = new.map(key)
        order += old.map(key).filter { after[$0] == nil }
        for k in order {
            let a = before[k]
            let b = after[k]
            let scoreMoved: Bool
            switch (a?.score, b?.score) {
            case (let x?, let y?): scoreMoved = abs(x - y) > tolerance
            case (nil, nil): scoreMoved = false
            default: scoreMoved = true
            }
            if a == nil || b == nil || scoreMoved || a?.rank != b?.rank || a?.tier != b?.tier {
                changes.append(
                    ScoreChange(evaluation: k.evaluation, period: k.period, unit: k.unit, node: k.node, old: a, new: b)
                )
            }
        }
        return changes
    }
}
