public import IndexCore

/// `results.json`: the documented shape of a run's results (README, "results.json"), as
/// `iidei run --format json`, `--out`, `export --format json`, stored runs and the API give it.
/// Percentages are in percent (33.0, not 0.33); a number that is missing or not finite is `null`.
public struct ResultsDocument: Codable, Sendable, Hashable {
    public struct Named: Codable, Sendable, Hashable {
        public var zh: String
        public var en: String

        init(_ text: LocalisedText) {
            zh = text.zh
            en = text.en
        }
    }

    public struct FrameworkInfo: Codable, Sendable, Hashable {
        public var id: String
        public var name: Named
    }

    public struct Treatment: Codable, Sendable, Hashable {
        public var imputation: String
        public var outliers: String
        public var values: [TreatedValueDocument]
    }

    public var framework: FrameworkInfo
    public var illustrative: Bool
    public var evaluations: [String: EvaluationDocument]
    /// Effective weights per evaluation and node.
    public var weights: [String: [String: Double?]]
    public var warnings: [String]
    public var renormalised: [String]
    public var treatment: Treatment
    public var engineVersion: String

    public init(_ results: IndexResults) {
        framework = FrameworkInfo(id: results.frameworkID, name: Named(results.frameworkName))
        illustrative = results.isIllustrative
        var evaluations: [String: EvaluationDocument] = [:]
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let result): evaluations[result.evaluation] = .series(SeriesDocument(result))
            case .crossSection(let result): evaluations[result.evaluation] = .crossSection(CrossSectionDocument(result))
            }
        }
        self.evaluations = evaluations
        weights = Self.weights(results)
        warnings = results.warnings
        renormalised = results.renormalisations.map(\.description)
        treatment = Treatment(
            imputation: results.options.imputation.name,
            outliers: results.options.outliers.name,
            values: results.treatments.map(TreatedValueDocument.init)
        )
        engineVersion = IndexEngine.version
    }
}

/// An object from pairs; a key given twice keeps its first value (ids are unique where the framework
/// is valid, and a document must never trap on one that is not).
func keyed<Value>(_ pairs: some Sequence<(String, Value)>) -> [String: Value] {
    Dictionary(pairs, uniquingKeysWith: { first, _ in first })
}

extension ResultsDocument {
    /// The effective weights per evaluation and node (`weights` of the document, `/api/v1/weights`),
    /// without building the rest of the document.
    public static func weights(_ results: IndexResults) -> [String: [String: Double?]] {
        var weights: [String: [String: Double?]] = [:]
        for evaluation in results.evaluations {
            guard let effective = results.effectiveWeights(evaluation.id) else { continue }
            weights[evaluation.id] = keyed(evaluation.nodes.map { ($0.id, finite(effective[$0.id])) })
        }
        return weights
    }
}

/// A number as documents carry it: `nil` (JSON `null`) when missing or not finite.
func finite(_ value: Double?) -> Double? {
    guard let value, value.isFinite else { return nil }
    return value
}

/// One imputed or treated value.
public struct TreatedValueDocument: Codable, Sendable, Hashable {
    public var evaluation: String
    public var unit: String
    public var indicator: String
    public var period: String
    public var original: Double?
    public var value: Double?
    public var action: String

    init(_ value: TreatedValue) {
        evaluation = value.evaluation
        unit = value.unit
        indicator = value.indicator
        period = value.period
        original = finite(value.original)
        self.value = finite(value.value)
        action = value.action.rawValue
    }
}

/// An evaluation's results: a national series or a regional cross-section, told apart by `kind`.
public enum EvaluationDocument: Codable, Sendable, Hashable {
    case series(SeriesDocument)
    case crossSection(CrossSectionDocument)

    enum KindKey: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: KindKey.self).decode(String.self, forKey: .kind)
        self =
            kind == EvaluationKind.basePeriod.rawValue
            ? .series(try SeriesDocument(from: decoder)) : .crossSection(try CrossSectionDocument(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .series(let document): try document.encode(to: encoder)
        case .crossSection(let document): try document.encode(to: encoder)
        }
    }
}

/// A national (base-period) series: index, growth, CAGR and contribution per node.
public struct SeriesDocument: Codable, Sendable, Hashable {
    public var kind = EvaluationKind.basePeriod.rawValue
    public var name: ResultsDocument.Named
    public var unit: String
    public var basePeriod: String
    public var periods: [String]
    public var series: [String: [String: Double]]
    public var growth: [String: [String: Double]]
    public var cagr: [String: Double?]
    public var contribution: [String: [String: Double]]

    init(_ result: SeriesResult) {
        name = .init(result.name)
        unit = result.unit
        basePeriod = result.basePeriod
        periods = result.periods
        let ids = result.nodes.map(\.id)
        func byPeriod(_ values: [String: [Double?]]) -> [String: [String: Double]] {
            keyed(
                ids.map { id in
                    (
                        id,
                        keyed(
                            zip(result.periods, values[id] ?? []).compactMap { period, value in
                                finite(value).map { (period, $0) }
                            }
                        )
                    )
                }
            )
        }
        series = byPeriod(result.series)
        growth = byPeriod(result.growth)
        contribution = byPeriod(result.contribution)
        cagr = keyed(ids.map { ($0, finite(result.cagr[$0] ?? nil)) })
    }
}

/// A regional cross-section: the fields of its (last) period; a panel adds `periods` (each period's
/// fields) and `panel` (rank changes, year-on-year change and CAGR per unit and node).
public struct CrossSectionDocument: Codable, Sendable, Hashable {
    public var kind = EvaluationKind.crossSection.rawValue
    public var name: ResultsDocument.Named
    public var period: String
    public var normalisation: String
    public var tierMethod: String
    public var tiers: [ResultsDocument.Named]
    public var units: [UnitDocument]
    public var top: [String: [String]]
    public var leadingShare: [String: Double]
    public var screened: [ScreenedDocument]
    public var periods: [String: CrossSectionDocument]?
    public var panel: PanelDocument?
    /// Node → unit → the unit's benefit-of-the-doubt optimum, for the nodes aggregated by benefit of
    /// the doubt (absent when none is).
    public var optimalWeights: [String: [String: OptimalWeightsDocument]]?
    /// The weights `--optimise-weights` chose for one level and the optimiser's outcome (absent
    /// without the option).
    public var optimisedWeights: OptimisedWeightsDocument?

    /// One level's optimised weights (node → weight within the level, summing to 1), the aim, and
    /// Nelder–Mead's evaluations, convergence and objective at the start and at the end.
    public struct OptimisedWeightsDocument: Codable, Sendable, Hashable {
        public var level: Int
        public var aim: String
        public var target: [String: Double]?
        public var weights: [String: Double]
        public var evaluations: Int
        public var converged: Bool
        @Nullable public var startObjective: Double?
        @Nullable public var objective: Double?

        init(_ found: OptimisedWeights) {
            level = found.level
            aim = found.aim
            target = found.target.map { keyed(zip(found.nodes, $0)) }
            weights = keyed(zip(found.nodes, found.weights))
            evaluations = found.search.evaluations
            converged = found.search.converged
            startObjective = finite(found.startValue)
            objective = finite(found.search.value)
        }
    }

    /// A unit's benefit-of-the-doubt score at a node, each child's weight, and each child's share of
    /// the score (`null` for a child without a value, or all when the score is 0).
    public struct OptimalWeightsDocument: Codable, Sendable, Hashable {
        public var score: Double
        public var weights: [String: Double]
        public var shares: [String: Double?]
    }

    /// A unit's results: a score, rank or tier it has none of is written as `null`, so a reader sees
    /// a missing value where it would look for it (not an absent key).
    public struct UnitDocument: Codable, Sendable, Hashable {
        public var id: String
        public var name: ResultsDocument.Named
        @Nullable public var score: Double?
        @Nullable public var rank: Int?
        @Nullable public var tier: Int?
        public var coverage: Double?
        public var nodes: [String: NodeDocument]
        public var indicators: [String: Double?]
    }

    /// A node's score and rank, `null` when the unit has none there.
    public struct NodeDocument: Codable, Sendable, Hashable {
        @Nullable public var score: Double?
        @Nullable public var rank: Int?
    }

    public struct ScreenedDocument: Codable, Sendable, Hashable {
        public var unit: String
        public var period: String
        public var coverage: Double?
    }

    public struct PanelDocument: Codable, Sendable, Hashable {
        public var scope: String
        public var periods: [String]
        /// Unit → node → period → change in rank (positive = moved up).
        public var rankChange: [String: [String: [String: Int?]]]
        /// Unit → node → period → year-on-year change in percent.
        public var change: [String: [String: [String: Double?]]]
        public var cagr: [String: [String: Double?]]
    }

    init(_ result: CrossSectionResult) {
        self.init(period: result)
        optimisedWeights = result.weightOptimisation.map(OptimisedWeightsDocument.init)
        guard let panel = result.panel else { return }
        let periods = panel.periods.map(\.period)
        let aggregates = result.nodes.filter { !$0.isIndicator }.map(\.id)
        let units = Set(panel.periods.flatMap { $0.units.map(\.id) })
        func perUnit<Value>(_ value: (String, String) -> Value) -> [String: [String: Value]] {
            keyed(
                units.map { unit in
                    (unit, keyed(aggregates.map { node in (node, value(unit, node)) }))
                }
            )
        }
        self.periods = keyed(
            panel.periods.map { ($0.period, CrossSectionDocument(period: $0)) }
        )
        self.panel = PanelDocument(
            scope: panel.scope.rawValue,
            periods: periods,
            rankChange: perUnit { unit, node in
                keyed(zip(periods, panel.rankChanges(unit: unit, node: node)).dropFirst().map { ($0, $1) })
            },
            change: perUnit { unit, node in
                keyed(
                    zip(periods, panel.growth(unit: unit, node: node)).dropFirst().map {
                        ($0, finite($1))
                    }
                )
            },
            cagr: perUnit { unit, node in finite(panel.cagr(unit: unit, node: node)) }
        )
    }

    /// The fields of one period.
    init(period result: CrossSectionResult) {
        let aggregates = result.nodes.filter { !$0.isIndicator }.map(\.id)
        let indicators = result.nodes.filter(\.isIndicator).map(\.id)
        name = .init(result.name)
        period = result.period
        normalisation = result.normalisation.name
        tierMethod = result.tierMethod.name
        tiers = result.tierNames.map(ResultsDocument.Named.init)
        if !result.optimalWeights.isEmpty {
            var optimal: [String: [String: OptimalWeightsDocument]] = [:]
            for entry in result.optimalWeights {
                optimal[entry.node, default: [:]][entry.unit] = OptimalWeightsDocument(
                    score: entry.score,
                    weights: entry.weights,
                    shares: entry.weights.mapValues { _ in nil }.merging(entry.shares.mapValues { $0 }) { $1 }
                )
            }
            optimalWeights = optimal
        }
        units = result.units.map { unit in
            UnitDocument(
                id: unit.id,
                name: .init(unit.name),
                score: finite(unit.score),
                rank: unit.rank,
                tier: unit.tier,
                coverage: finite(unit.coverage),
                nodes: keyed(
                    aggregates.map { id in
                        (id, NodeDocument(score: finite(unit.nodes[id]?.score ?? nil), rank: unit.nodes[id]?.rank))
                    }
                ),
                indicators: keyed(
                    indicators.map { id in (id, finite(unit.nodes[id]?.score ?? nil)) }
                )
            )
        }
        top = keyed(aggregates.map { ($0, result.top[$0] ?? []) })
        leadingShare = result.leadingShare.filter { $0.value.isFinite }
        screened = result.screened.map {
            ScreenedDocument(unit: $0.unit, period: $0.period, coverage: finite($0.coverage))
        }
    }
}
