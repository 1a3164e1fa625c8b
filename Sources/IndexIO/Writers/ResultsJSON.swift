public import IndexCore

/// `results.json`: the documented shape of a run's results (README, "results.json").
public enum ResultsJSON {
    /// The results as JSON. Percentages are in percent (33.0, not 0.33).
    public static func encode(_ results: IndexResults) -> JSONValue {
        var evaluations: [(String, JSONValue)] = []
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let result): evaluations.append((result.evaluation, series(result)))
            case .crossSection(let result): evaluations.append((result.evaluation, crossSection(result)))
            }
        }
        let weights: [(String, JSONValue)] = results.evaluations.compactMap { evaluation in
            guard let derived = results.weights[evaluation.id] else { return nil }
            return (evaluation.id, .object(evaluation.nodes.map { ($0.id, .number(derived.effective[$0.id])) }))
        }
        return .object([
            (
                "framework",
                .object([("id", .string(results.frameworkID)), ("name", name(results.frameworkName))])
            ),
            ("illustrative", .bool(results.isIllustrative)),
            ("evaluations", .object(evaluations)),
            ("weights", .object(weights)),
            ("warnings", .array(results.warnings.map { .string($0) })),
            ("renormalised", .array(results.renormalisations.map { .string($0.description) })),
            (
                "treatment",
                .object([
                    ("imputation", .string(results.options.imputation.name)),
                    ("outliers", .string(results.options.outliers.name)),
                    ("values", .array(results.treatments.map(treated))),
                ])
            ),
            ("engineVersion", .string(IndexEngine.version)),
        ])
    }

    static func treated(_ value: TreatedValue) -> JSONValue {
        .object([
            ("evaluation", .string(value.evaluation)), ("unit", .string(value.unit)),
            ("indicator", .string(value.indicator)),
            ("period", .string(value.period)), ("original", .number(value.original)), ("value", .number(value.value)),
            ("action", .string(value.action.rawValue)),
        ])
    }

    static func name(_ text: LocalisedText) -> JSONValue {
        .object([("zh", .string(text.zh)), ("en", .string(text.en))])
    }

    static func byPeriod(_ values: [Double?], periods: [String]) -> JSONValue {
        .object(zip(periods, values).compactMap { period, value in value.map { (period, .number($0)) } })
    }

    static func series(_ result: SeriesResult) -> JSONValue {
        let ids = result.nodes.map(\.id)
        return .object([
            ("kind", .string(EvaluationKind.basePeriod.rawValue)),
            ("name", name(result.name)),
            ("unit", .string(result.unit)),
            ("basePeriod", .string(result.basePeriod)),
            ("periods", .array(result.periods.map { .string($0) })),
            ("series", .object(ids.map { ($0, byPeriod(result.series[$0] ?? [], periods: result.periods)) })),
            ("growth", .object(ids.map { ($0, byPeriod(result.growth[$0] ?? [], periods: result.periods)) })),
            ("cagr", .object(ids.map { ($0, .number(result.cagr[$0] ?? nil)) })),
            (
                "contribution",
                .object(ids.map { ($0, byPeriod(result.contribution[$0] ?? [], periods: result.periods)) })
            ),
        ])
    }

    /// A cross-section: the fields of its (last) period; a panel adds `"periods"` (each period's
    /// fields) and `"panel"` (rank changes, year-on-year change and CAGR per unit and node).
    static func crossSection(_ result: CrossSectionResult) -> JSONValue {
        guard let panel = result.panel, case .object(var fields) = period(result) else { return period(result) }
        let periods = panel.periods.map(\.period)
        let aggregates = result.nodes.filter { !$0.isIndicator }.map(\.id)
        let units = Array(Set(panel.periods.flatMap { $0.units.map(\.id) })).sorted()
        func perUnit(_ value: (String, String) -> JSONValue) -> JSONValue {
            .object(units.map { unit in (unit, .object(aggregates.map { node in (node, value(unit, node)) })) })
        }
        fields.append(("periods", .object(panel.periods.map { ($0.period, period($0)) })))
        fields.append(
            (
                "panel",
                .object([
                    ("scope", .string(panel.scope.rawValue)),
                    ("periods", .array(periods.map { .string($0) })),
                    (
                        "rankChange",
                        perUnit { unit, node in
                            .object(
                                zip(periods, panel.rankChanges(unit: unit, node: node)).dropFirst().map {
                                    ($0, $1.map { .number(Double($0)) } ?? .null)
                                }
                            )
                        }
                    ),
                    (
                        "change",
                        perUnit { unit, node in
                            .object(
                                zip(periods, panel.growth(unit: unit, node: node)).dropFirst().map { ($0, .number($1)) }
                            )
                        }
                    ),
                    ("cagr", perUnit { unit, node in .number(panel.cagr(unit: unit, node: node)) }),
                ])
            )
        )
        return .object(fields)
    }

    /// The fields of one period of a cross-section.
    static func period(_ result: CrossSectionResult) -> JSONValue {
        let aggregates = result.nodes.filter { !$0.isIndicator }.map(\.id)
        let indicators = result.nodes.filter(\.isIndicator).map(\.id)
        return .object([
            ("kind", .string(EvaluationKind.crossSection.rawValue)),
            ("name", name(result.name)),
            ("period", .string(result.period)),
            ("normalisation", .string(result.normalisation.name)),
            ("tierMethod", .string(result.tierMethod.name)),
            ("tiers", .array(result.tierNames.map(name))),
            (
                "units",
                .array(
                    result.units.map { unit in
                        .object([
                            ("id", .string(unit.id)),
                            ("name", name(unit.name)),
                            ("score", .number(unit.score)),
                            ("rank", unit.rank.map { .number(Double($0)) } ?? .null),
                            ("tier", unit.tier.map { .number(Double($0)) } ?? .null),
                            ("coverage", .number(unit.coverage)),
                            (
                                "nodes",
                                .object(
                                    aggregates.map { id in
                                        let node = unit.nodes[id]
                                        return (
                                            id,
                                            .object([
                                                ("score", .number(node?.score ?? nil)),
                                                ("rank", (node?.rank).map { .number(Double($0)) } ?? .null),
                                            ])
                                        )
                                    }
                                )
                            ),
                            (
                                "indicators",
                                .object(indicators.map { id in (id, .number(unit.nodes[id]?.score ?? nil)) })
                            ),
                        ])
                    }
                )
            ),
            ("top", .object(aggregates.map { id in (id, .array((result.top[id] ?? []).map { .string($0) })) })),
            (
                "leadingShare",
                .object(result.nodes.map(\.id).compactMap { id in result.leadingShare[id].map { (id, .number($0)) } })
            ),
            (
                "screened",
                .array(
                    result.screened.map {
                        .object([
                            ("unit", .string($0.unit)), ("period", .string($0.period)),
                            ("coverage", .number($0.coverage)),
                        ])
                    }
                )
            ),
        ])
    }
}
