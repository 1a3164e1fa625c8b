public import IndexCore
import IndexIO

/// The analysis's results: per unit and node, the nominal and median ranks and 5–95 % intervals,
/// the most volatile units, and the document the CLI and the API give.
public struct RobustnessReport: Sendable {
    public let model: UncertaintyModel
    public let run: RobustnessRun
    public let result: RobustnessRun.Result
    public let isIllustrative: Bool

    public init(model: UncertaintyModel, run: RobustnessRun, result: RobustnessRun.Result, isIllustrative: Bool) {
        self.model = model
        self.run = run
        self.result = result
        self.isIllustrative = isIllustrative
    }

    public struct UnitRow: Sendable {
        public var index: Int
        public var id: String
        public var nominal: Int
        public var median: Int
        public var q05: Int
        public var q95: Int
    }

    public var rootSlot: Int { model.reportedSlots.count - 1 }

    public func row(_ unit: Int, slot: Int? = nil) -> UnitRow {
        let slot = slot ?? rootSlot
        let accumulator = result.accumulator
        return UnitRow(
            index: unit,
            id: model.units[unit].id,
            nominal: model.nominal.ranks[slot * model.units.count + unit],
            median: accumulator.rankQuantile(slot: slot, unit: unit, 0.5) ?? 0,
            q05: accumulator.rankQuantile(slot: slot, unit: unit, 0.05) ?? 0,
            q95: accumulator.rankQuantile(slot: slot, unit: unit, 0.95) ?? 0
        )
    }

    public var rows: [UnitRow] {
        model.units.indices.map { row($0) }.sorted { ($0.nominal, $0.id) < ($1.nominal, $1.id) }
    }

    public func mostVolatile(_ count: Int) -> [UnitRow] {
        Array(
            rows.sorted { a, b in
                (a.q95 - a.q05, abs(a.median - a.nominal), b.id) > (b.q95 - b.q05, abs(b.median - b.nominal), a.id)
            }.prefix(count)
        )
    }

    public var variedDescription: String {
        let s = model.specification
        var parts: [String] = []
        if !s.treatments.isEmpty { parts.append("treatment " + s.treatments.map(\.name).joined(separator: " / ")) }
        if !s.normalisations.isEmpty {
            parts.append("normalisation " + s.normalisations.map(Self.name).joined(separator: " / "))
        }
        if let weights = s.weights { parts.append("weights " + weights.name) }
        if !s.aggregations.isEmpty {
            parts.append("aggregation " + s.aggregations.map(\.name).joined(separator: " / "))
        }
        if !s.tierMethods.isEmpty { parts.append("tiers " + s.tierMethods.map(\.name).joined(separator: " / ")) }
        if let inclusion = s.inclusion {
            parts.append(
                "inclusion: none or one of \(model.inclusionNodes.count) \(inclusion.name) left out ("
                    + model.inclusionNodes.joined(separator: ", ") + ")"
            )
        }
        return parts.isEmpty ? "nothing" : parts.joined(separator: "; ")
    }

    /// A normalisation alternative with its range always shown (`minmax:0,100`), so alternatives
    /// that differ only by range read apart.
    static func name(_ method: NormalisationMethod) -> String {
        guard let scale = method.scale, method != .distanceToTarget(lower: scale.lower, upper: scale.upper) else {
            return method.name
        }
        return "\(method.kindAndVariant):\(Cell.format(scale.lower)),\(Cell.format(scale.upper))"
    }

    /// The document `iidei robustness --format json` prints and the API answers.
    public var document: RobustnessDocument {
        let accumulator = result.accumulator
        let top = model.specification.topCount
        func interval(_ range: ClosedRange<Double>?) -> [Double?]? {
            range.map { [finite($0.lowerBound), finite($0.upperBound)] }
        }
        let units = rows.map { row -> RobustnessDocument.Unit in
            let unit = model.units[row.index]
            let tiers = accumulator.tierProbabilities(unit: row.index)
            return RobustnessDocument.Unit(
                id: row.id,
                name: .init(unit.name),
                nominalRank: row.nominal,
                medianRank: row.median,
                q05: row.q05,
                q95: row.q95,
                tierProbabilities: keyed(tiers.enumerated().map { ("\($0.offset + 1)", finite($0.element)) }),
                topProbability: finite(accumulator.probability(slot: rootSlot, unit: row.index, rankAtMost: top)),
                nodes: keyed(
                    model.reportedSlots.enumerated().dropLast().map { position, slot in
                        let node = self.row(row.index, slot: position)
                        return (
                            model.compiled.nodeIDs[slot],
                            RobustnessDocument.Node(
                                nominalRank: node.nominal,
                                medianRank: node.median,
                                q05: node.q05,
                                q95: node.q95,
                                topProbability: finite(
                                    accumulator.probability(slot: position, unit: row.index, rankAtMost: top)
                                )
                            )
                        )
                    }
                ),
                sensitivity: result.unitSensitivity.isEmpty
                    ? nil
                    : zip(model.groups, result.unitSensitivity[row.index]).map { group, index in
                        RobustnessDocument.Sensitivity(
                            assumption: group.rawValue,
                            firstOrder: finite(index.firstOrder),
                            total: finite(index.total)
                        )
                    }
            )
        }
        return RobustnessDocument(
            replications: run.replications,
            seed: run.seed,
            method: run.method,
            runs: result.runs,
            evaluation: model.compiled.evaluation.id,
            period: model.period,
            varied: variedDescription,
            units: units,
            mostVolatile: mostVolatile(5).map(\.id),
            meanRankShift: finite(accumulator.meanRankShift),
            illustrative: isIllustrative,
            unitCount: model.units.count,
            sensitivity: run.method == .sobol
                ? zip(model.groups, result.sensitivity).map { group, index in
                    RobustnessDocument.Sensitivity(
                        assumption: group.rawValue,
                        firstOrder: finite(index.firstOrder),
                        total: finite(index.total),
                        firstOrderCI: interval(index.firstOrderInterval),
                        totalCI: interval(index.totalInterval)
                    )
                } : nil
        )
    }
}

/// How robust each rank is: `iidei robustness --format json` and `POST /api/v1/robustness`.
public struct RobustnessDocument: Codable, Sendable, Hashable {
    public struct Node: Codable, Sendable, Hashable {
        public var nominalRank: Int
        public var medianRank: Int
        public var q05: Int
        public var q95: Int
        public var topProbability: Double?
    }

    public struct Sensitivity: Codable, Sendable, Hashable {
        public var assumption: String
        public var firstOrder: Double?
        public var total: Double?
        public var firstOrderCI: [Double?]?
        public var totalCI: [Double?]?
    }

    public struct Unit: Codable, Sendable, Hashable {
        public var id: String
        public var name: ResultsDocument.Named
        public var nominalRank: Int
        public var medianRank: Int
        public var q05: Int
        public var q95: Int
        public var tierProbabilities: [String: Double?]
        public var topProbability: Double?
        public var nodes: [String: Node]
        public var sensitivity: [Sensitivity]?
    }

    public var replications: Int
    public var seed: UInt64
    public var method: RobustnessRun.Method
    public var runs: Int
    public var evaluation: String
    public var period: String
    public var varied: String
    public var units: [Unit]
    public var mostVolatile: [String]
    public var meanRankShift: Double?
    public var illustrative: Bool
    public var unitCount: Int
    public var sensitivity: [Sensitivity]?
}
