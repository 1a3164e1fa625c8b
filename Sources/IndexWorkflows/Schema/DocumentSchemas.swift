public import IndexCore
public import IndexIO
public import IndexStore

// The schema of every document the API answers and every body it reads, one conformance per type,
// written next to the types' fields (checked against encoded documents by `DocumentSchemaTests`).

/// Every named schema of the OpenAPI document, in the order the document lists them.
public enum APISchemas {
    public static var all: [any DocumentSchema.Type] {
        [
            ProblemDocument.self, LocalisedNameSchema.self, DatasetVersionDocument.self, RunRecordDocument.self,
            ImportedRunDocument.self, ResultsDocument.self, EvaluationDocument.self, SeriesDocument.self,
            CrossSectionDocument.self, LatestEvaluationDocument.self, UnitScoresDocument.self, FrameworksDocument.self,
            EffectiveWeightsSchema.self, RunDiffDocument.self, DatasetDiffDocument.self, RerunDocument.self,
            UploadReviewDocument.self, RobustnessDocument.self, RunOptions.self, RunRequest.self,
            RobustnessRequest.self, RobustnessAPIRequest.self, SurveyAnswersDocument.self,
            SurveyResponseReceipt.self, SurveyMatrixDocument.self, SurveyStatusDocument.self, LeversDocument.self,
            AuditDocument.self, AnalysisAPIRequest.self, DerivedWeightsDocument.self, RegionsDocument.self,
            ImportanceDocument.self, LeaveOneOutDocument.self, RobustnessDrawsDocument.self, ReadinessDocument.self,
            PublicationDocument.self, PublicationsDocument.self, AuditEvent.self, AuditLogDocument.self,
            Account.self, AccountToken.self, AccountsDocument.self, IssuedTokenDocument.self, AccountRequest.self,
            RoleRequest.self, TokenRequest.self, ReviewRequest.self,
        ]
    }

    /// A stored dataset: `NAME` or `NAME@VERSION`.
    public static let datasetReference = JSONSchema.described(
        "NAME or NAME@VERSION",
        .string(pattern: "^[^@]+(@[0-9]{1,18})?$")
    )
    /// A recorded run: its number, or `latest`.
    public static let runReference = JSONSchema.described(
        "a run's number, or latest",
        .string(pattern: "^([0-9]{1,18}|latest)$")
    )
}

extension DocumentSchema {
    /// The type's name without `Document`: `RunDiffDocument` is `RunDiff`.
    public static var schemaName: String {
        let name = String(describing: Self.self)
        return name.hasSuffix("Document") && name != "Document" ? String(name.dropLast(8)) : name
    }
}

/// `{"zh": …, "en": …}` (``ResultsDocument/Named``).
public enum LocalisedNameSchema: DocumentSchema {
    public static let schemaName = "LocalisedName"
    public static var schema: JSONSchema { .object(required: ["zh": .string(), "en": .string()]) }
}

/// Effective weights per evaluation and node, in percent (`/api/v1/weights`, ``ResultsDocument/weights``).
public enum EffectiveWeightsSchema: DocumentSchema {
    public static let schemaName = "Weights"
    public static var schema: JSONSchema { .map(.map(.nullable(.number()))) }
}

private let named = JSONSchema.ref(LocalisedNameSchema.self)

extension ProblemDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["error": .string(), "problems": .array(.string())])
    }
}

extension DatasetVersionDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "name": .string(), "version": .integer(), "reference": .string(), "sha256": .string(),
            "values": .integer(), "illustrative": .boolean, "createdAt": .string(),
        ])
    }
}

extension RunRecordDocument: DocumentSchema {
    public static let schemaName = "RunRecord"
    public static var schema: JSONSchema {
        .object(required: [
            "id": .integer(), "createdAt": .string(), "dataset": .string(), "framework": .string(),
            "options": .ref(RunOptions.self), "engineVersion": .string(), "resultsSha256": .string(),
        ])
    }
}

extension ImportedRunDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["dataset": .ref(DatasetVersionDocument.self), "run": .ref(RunRecordDocument.self)])
    }
}

extension ResultsDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "framework": .object(required: ["id": .string(), "name": named]),
            "illustrative": .boolean,
            "evaluations": .map(.ref(EvaluationDocument.self)),
            "weights": .ref(EffectiveWeightsSchema.self),
            "warnings": .array(.string()),
            "renormalised": .array(.string()),
            "treatment": .object(required: [
                "imputation": .string(), "outliers": .string(), "values": .array(TreatedValueDocument.schema),
            ]),
            "engineVersion": .string(),
        ])
    }
}

extension TreatedValueDocument {
    static var schema: JSONSchema {
        .object(
            required: [
                "evaluation": .string(), "unit": .string(), "indicator": .string(), "period": .string(),
                "action": .string(),
            ],
            optional: ["original": .number(), "value": .number()]
        )
    }
}

extension EvaluationDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .described(
            "a national series or a regional cross-section, told apart by kind",
            .oneOf([.ref(SeriesDocument.self), .ref(CrossSectionDocument.self)])
        )
    }
}

extension SeriesDocument: DocumentSchema {
    public static var schema: JSONSchema {
        let byPeriod = JSONSchema.map(.map(.number()))
        return .object(required: [
            "kind": .string(values: [EvaluationKind.basePeriod.rawValue]), "name": named, "unit": .string(),
            "basePeriod": .string(), "periods": .array(.string()), "series": byPeriod, "growth": byPeriod,
            "cagr": .map(.nullable(.number())), "contribution": byPeriod,
        ])
    }
}

extension CrossSectionDocument: DocumentSchema {
    /// A node's score and rank, `null` where the unit has none.
    static let node = JSONSchema.object(required: [
        "score": .nullable(.number()), "rank": .nullable(.integer()),
    ])

    public static var schema: JSONSchema {
        let node = Self.node
        let unit = JSONSchema.object(
            required: [
                "id": .string(), "name": named, "nodes": .map(node), "indicators": .map(.nullable(.number())),
                "score": .nullable(.number()), "rank": .nullable(.integer()), "tier": .nullable(.integer()),
            ],
            optional: ["coverage": .number()]
        )
        let panel = JSONSchema.object(required: [
            "scope": .string(values: NormalisationScope.allCases.map(\.rawValue)),
            "periods": .array(.string()),
            "rankChange": .map(.map(.map(.nullable(.integer())))),
            "change": .map(.map(.map(.nullable(.number())))),
            "cagr": .map(.map(.nullable(.number()))),
        ])
        return .object(
            required: [
                "kind": .string(values: [EvaluationKind.crossSection.rawValue]), "name": named,
                "period": .string(), "normalisation": .string(), "tierMethod": .string(), "tiers": .array(named),
                "units": .array(unit), "top": .map(.array(.string())), "leadingShare": .map(.number()),
                "screened": .array(
                    .object(required: ["unit": .string(), "period": .string()], optional: ["coverage": .number()])
                ),
            ],
            optional: [
                "periods": .map(.ref(CrossSectionDocument.self)), "panel": panel,
                "optimalWeights": .map(
                    .map(
                        .object(required: [
                            "score": .number(minimum: 0, maximum: 1), "weights": .map(.number(minimum: 0)),
                            "shares": .map(.nullable(.number())),
                        ])
                    )
                ),
                "optimisedWeights": .object(
                    required: [
                        "level": .integer(),
                        "aim": .string(values: WeightOptimisationRequest.Aim.allCases.map(\.rawValue)),
                        "weights": .map(.number()), "evaluations": .integer(), "converged": .boolean,
                        "startObjective": .nullable(.number()), "objective": .nullable(.number()),
                    ],
                    optional: ["target": .map(.number(minimum: 0, maximum: 1))]
                ),
            ]
        )
    }
}

extension LatestEvaluationDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: [
                "evaluation": .string(), "illustrative": .boolean, "results": .ref(EvaluationDocument.self),
            ],
            optional: ["run": .integer()]
        )
    }
}

extension UnitScoresDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: [
                "id": .string(), "name": named, "period": .string(), "nodes": .map(CrossSectionDocument.node),
                "score": .nullable(.number()), "rank": .nullable(.integer()), "tier": .nullable(.integer()),
                "strengths": .array(standing), "gaps": .array(standing),
            ]
        )
    }

    /// A pillar or indicator among the strengths or gaps.
    static let standing = JSONSchema.object(required: [
        "node": .string(), "rank": .integer(), "tied": .integer(), "count": .integer(),
    ])
}

extension FrameworksDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "current": .object(required: ["id": .string(), "name": named]),
            "stored": .array(.object(required: ["id": .string(), "hash": .string(), "createdAt": .string()])),
        ])
    }
}

extension RunDiffDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "from": .integer(), "to": .integer(), "fromDataset": .string(), "toDataset": .string(),
            "rankChanges": .integer(), "tierChanges": .integer(),
            "changes": .array(
                .object(
                    required: ["evaluation": .string(), "period": .string(), "unit": .string(), "node": .string()],
                    optional: [
                        "oldScore": .number(), "newScore": .number(), "scoreChange": .number(),
                        "oldRank": .integer(), "newRank": .integer(), "rankChange": .integer(),
                        "oldTier": .integer(), "newTier": .integer(),
                    ]
                )
            ),
        ])
    }
}

extension DatasetDiffDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "from": .string(), "to": .string(), "changed": .integer(), "added": .integer(), "removed": .integer(),
            "changes": .array(
                .object(
                    required: [
                        "change": .string(values: ["added", "removed", "changed"]), "unit": .string(),
                        "indicator": .string(), "period": .string(),
                    ],
                    optional: ["old": .number(), "new": .number(), "provenance": .string()]
                )
            ),
        ])
    }
}

extension RerunDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "run": .integer(), "reproduced": .boolean, "scores": .integer(), "changedScores": .integer(),
            "identicalDocument": .boolean, "recordedResultsSha256": .string(), "resultsSha256": .string(),
            "recordedEngineVersion": .string(), "engineVersion": .string(),
        ])
    }
}

extension UploadReviewDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "valid": .boolean, "importable": .boolean, "values": .integer(), "units": .integer(),
            "periods": .array(.string()), "notices": .array(.string()), "warnings": .array(.string()),
            "illustrative": .boolean,
        ])
    }
}

extension RobustnessDocument: DocumentSchema {
    public static var schema: JSONSchema {
        let ranks: [String: JSONSchema] = [
            "nominalRank": .integer(), "medianRank": .integer(), "q05": .integer(), "q95": .integer(),
        ]
        let interval = JSONSchema.array(.nullable(.number()))
        let sensitivity = JSONSchema.array(
            .object(
                required: ["assumption": .string()],
                optional: [
                    "firstOrder": .number(), "total": .number(), "firstOrderCI": interval, "totalCI": interval,
                ]
            )
        )
        let unit = JSONSchema.object(
            required: ranks.merging([
                "id": .string(), "name": named, "tierProbabilities": .map(.nullable(.number())),
                "nodes": .map(.object(required: ranks, optional: ["topProbability": .number()])),
            ]) { first, _ in first },
            optional: ["topProbability": .number(), "sensitivity": sensitivity]
        )
        return .object(
            required: [
                "replications": .integer(), "seed": .integer(minimum: 0),
                "method": .string(values: RobustnessRun.Method.allCases.map(\.rawValue)), "runs": .integer(),
                "evaluation": .string(), "period": .string(), "varied": .string(), "units": .array(unit),
                "mostVolatile": .array(.string()), "illustrative": .boolean, "unitCount": .integer(),
            ],
            optional: ["meanRankShift": .number(), "sensitivity": sensitivity]
        )
    }
}

extension RunOptions: DocumentSchema {
    /// The options as users write them (``IndexCore/RunOptions/Key``). The patterns are a subset of what
    /// the options' parsers accept — the values a generated request can send and expect to run (Schemathesis
    /// sends what they allow) — so some values the parsers take are outside them: thresholds below zero,
    /// scales beyond six digits, `jenks:K` above 9, `coinr` thresholds with two decimals, a range written
    /// into `normalise` (`minmax:1,100`). A run recorded with one of those is served, but its record does
    /// not match this schema; widening them needs request and response schemas of their own. A value the
    /// patterns allow can still be refused with 422 when it does not fit the data (tier sizes that do not
    /// add up to the number of units, a period with no data).
    public static var schema: JSONSchema {
        let period = "[0-9]{4}([-]?(Q[1-4]|[01][0-9]))?"
        let share = JSONSchema.number(minimum: 0, maximum: 1)
        return .object(
            required: [:],
            optional: [
                Key.period.rawValue: .string(pattern: "^(all|latest|\(period)(,\(period)){0,9})$"),
                // The method with its variant (the range goes in `scale`).
                Key.normalise.rawValue: .string(
                    pattern:
                        #"^(minmax|min-max|goalposts|target|none|fracmax|dist2max|(minmax|zscore|scaled|goalposts):iMeta|(zscore|z-score)(:(sample|population))?|(rank|borda|percentile)(:(average|min|max))?|dist2ref:[^:]+(:cap)?|dist2targ(:(cap|nocap|iMeta))?|scaled:-?[0-9.eE+-]+,-?[0-9.eE+-]+(:-?[0-9.eE+-]+)?(:trunc)?)$"#
                ),
                Key.scale.rawValue: .string(
                    pattern: #"^-?[0-9]{1,6}(\.[0-9]{1,6})?,-?[0-9]{1,6}(\.[0-9]{1,6})?$"#
                ),
                // Every aggregation a run can record; generalised means with exponents the server accepts
                // (non-zero, within ±100) and share bounds written as Swift writes them (`power:2.0`,
                // `bod:0.05,0.5`).
                Key.aggregate.rawValue: .string(
                    pattern:
                        #"^(arithmetic|geometric|harmonic|copeland|topsis|max|min|power:-?[1-9][0-9]?(\.[0-9]{1,6})?|a?mpi(:[+-])?"#
                        + #"|bod|bod(-nominal)?:[0-9]{1,6}(\.[0-9]{1,17})?(e-?[0-9]{1,3})?,[0-9]{1,6}(\.[0-9]{1,17})?(e-?[0-9]{1,3})?)$"#
                ),
                Key.tiers.rawValue: .string(
                    pattern: #"^(jenks:[2-9]|sizes:[1-9][0-9]{0,3}(,[1-9][0-9]{0,3}){1,8}|"#
                        + #"thresholds:[0-9]{1,3}(\.[0-9]{1,3})?(,[0-9]{1,3}(\.[0-9]{1,3})?){0,8})$"#
                ),
                Key.impute.rawValue: .string(
                    pattern: "^(none|mean|median|(group-mean|group-median):[A-Za-z0-9_.-]{1,32}"
                        + "|row-(mean|median)(:level[2-9])?(:raw)?|em(:level[2-9])?"
                        + "|(interpolate|linear)(:(extrapolate|within))?"
                        + "|(carry-forward|locf)(:[1-9][0-9]{0,2})?(:(extrapolate|within))?)$"
                ),
                Key.outliers.rawValue: .string(
                    pattern:
                        #"^(none|log|(coinr|winsorise|winsorise-only)(:[0-9](\.[0-9])?,[0-9]{1,2}(\.[0-9])?,[0-9]{1,2})?"#
                        + #"(:(log|log-orig|log-plus|none|boxcox:-?[0-9](\.[0-9]{1,3})?))?(:combine)?)$"#
                ),
                Key.weights.rawValue: .string(values: WeightMethod.allCases.map(\.rawValue)),
                Key.weightsLevel.rawValue: .integer(minimum: 1, maximum: 64),
                Key.weightAlpha.rawValue: share,
                Key.weightCombination.rawValue: .string(values: MCDA.Combination.allCases.map(\.rawValue)),
                Key.minCoverage.rawValue: share,
                Key.screen.rawValue: .described(
                    "SHARE[:nonzero=SHARE][:include=UNITS][:exclude=UNITS][:before-imputation|after-imputation]",
                    .string()
                ),
                Key.normalisationScope.rawValue: .string(values: NormalisationScope.allCases.map(\.rawValue)),
                Key.denominate.rawValue: .boolean,
                Key.ties.rawValue: .string(values: TieRule.allCases.map(\.rawValue)),
                Key.optimiseWeights.rawValue: .string(
                    pattern:
                        #"^(balance|infomax|importance)(:level=[1-9])?(:target=(stated|[0-9]{1,6}(\.[0-9]{1,17})?(,[0-9]{1,6}(\.[0-9]{1,17})?){0,63}))?"#
                        + #"(:tolerance=[0-9]{1,6}(\.[0-9]{1,17})?(e-?[0-9]{1,3})?)?(:evaluations=[1-9][0-9]{0,4})?$"#
                ),
                Key.panelMode.rawValue: .string(values: PanelMode.allCases.map(\.rawValue)),
            ]
        )
    }
}

extension RunRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["dataset": APISchemas.datasetReference], optional: ["options": .ref(RunOptions.self)])
    }
}

extension RobustnessRequest: DocumentSchema {
    public static let schemaName = "RobustnessAnalysis"
    public static var schema: JSONSchema {
        .object(
            required: [:],
            optional: [
                "method": .string(values: RobustnessRun.Method.allCases.map(\.rawValue)),
                "replications": .integer(minimum: 1, maximum: Int64(RobustnessRequest.replicationLimit)),
                "seed": .integer(minimum: 0),
                "threads": .integer(minimum: 1, maximum: 1024),
                "varyWeights": .string(), "varyNormalisation": .string(), "varyAggregation": .string(),
                "varyTiers": .string(), "varyTreatment": .string(), "evaluation": .string(),
                "varyInclusion": .string(pattern: "^(indicators|pillars|level:[1-9])$"),
                "top": .integer(minimum: 1),
                "bootstrap": .integer(minimum: 0, maximum: 100_000),
            ]
        )
    }
}

extension RobustnessAPIRequest: DocumentSchema {
    public static let schemaName = "RobustnessRequest"
    public static var schema: JSONSchema {
        let analysis = JSONSchema.ref(RobustnessRequest.self)
        return .described(
            "a recorded run, or a stored dataset with run options; and the analysis",
            .oneOf([
                .object(required: ["run": APISchemas.runReference], optional: ["analysis": analysis]),
                .object(
                    required: ["dataset": APISchemas.datasetReference],
                    optional: ["options": .ref(RunOptions.self), "analysis": analysis]
                ),
            ])
        )
    }
}

extension SurveyAnswersDocument: DocumentSchema {
    public static let schemaName = "SurveyAnswers"
    public static var schema: JSONSchema {
        let entry = JSONSchema.described(
            "a number, a fraction such as 1/5 in quotes, or null for a pair left out",
            .nullable(.oneOf([.number(), .string()]))
        )
        return .object(
            required: [:],
            optional: [
                "survey": .string(), "expert": .string(), "ahp": .map(.array(.array(entry))),
                "scores": .map(.oneOf([.number(), .string()])),
            ]
        )
    }
}

extension SurveyResponseReceipt: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "survey": .string(), "expert": .string(), "round": .integer(),
            "matrices": .map(.ref(SurveyMatrixDocument.self)), "scores": .integer(),
        ])
    }
}

extension SurveyMatrixDocument: DocumentSchema {
    public static var schema: JSONSchema {
        let pair: [String: JSONSchema] = ["first": .string(), "second": .string()]
        return .object(
            required: [
                "consistent": .boolean, "riTable": .string(), "weights": .map(.number()),
                "completed": .array(.object(required: pair.merging(["value": .number()]) { first, _ in first })),
            ],
            optional: [
                "cr": .number(), "lambdaMax": .number(),
                "revisit": .object(
                    required: pair.merging(["current": .string(), "suggested": .string()]) { first, _ in first },
                    optional: ["implied": .number()]
                ),
            ]
        )
    }
}

extension SurveyStatusDocument: DocumentSchema {
    public static var schema: JSONSchema {
        let indicator = JSONSchema.object(
            required: [:],
            optional: [
                "mean": .number(), "sd": .number(), "cv": .number(), "median": .number(), "q1": .number(),
                "q3": .number(), "fullScoreFrequency": .number(),
            ]
        )
        let round = JSONSchema.object(
            required: [
                "round": .integer(), "experts": .integer(), "df": .integer(), "stop": .boolean,
                "indicators": .map(indicator),
            ],
            optional: ["kendallW": .number(), "chiSquare": .number(), "pValue": .number()]
        )
        return .object(required: [
            "survey": .string(), "round": .integer(), "finished": .boolean,
            "experts": .array(
                .object(required: [
                    "expert": .string(), "matrices": .integer(), "scores": .integer(), "cr": .map(.number()),
                ])
            ),
            "rounds": .array(round),
        ])
    }
}

// MARK: - Analyses: levers, audit, weight derivation

extension LeversDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: [
                "unit": .string(), "evaluation": .string(), "period": .string(), "rank": .integer(), "tier": .integer(),
                "levers": .array(
                    .object(
                        required: ["indicator": .string()],
                        optional: [
                            "value": .number(), "step": .number(), "gainPerStep": .number(),
                            "valueForNextTier": .number(), "note": .string(),
                        ]
                    )
                ),
            ],
            optional: ["score": .number()]
        )
    }
}

extension AuditDocument: DocumentSchema {
    public static let schemaName = "AuditReport"
    public static var schema: JSONSchema {
        let matrix = JSONSchema.array(.array(.nullable(.number())))
        let shares = ["availableShare", "nonZeroShare", "uniqueShare", "sameShare"]
        let moments = ["minimum", "maximum", "mean", "median", "standardDeviation", "skewness", "kurtosis"]
        let statistics = JSONSchema.object(
            required: [
                "id": .string(), "available": .integer(), "nonZero": .integer(), "unique": .integer(),
                "same": .integer(), "lowAvailability": .boolean, "lowNonZero": .boolean, "lowUnique": .boolean,
                "outlying": .boolean,
            ],
            optional: Dictionary(uniqueKeysWithValues: (moments + shares).map { ($0, JSONSchema.number()) })
        )
        let components = JSONSchema.object(required: [
            "rows": .integer(), "eigenvalues": .array(.number()), "explainedVariance": .array(.number()),
            "loadings": .array(.array(.number())),
        ])
        let flag = JSONSchema.object(
            required: [
                "kind": .string(values: Audit.Flag.Kind.allCases.map(\.rawValue)), "group": .string(),
                "nodes": .array(.string()), "correlation": .number(),
            ],
            optional: ["pValue": .number(), "withOwnGroup": .number()]
        )
        return .described(
            "per cross-section evaluation, its audit",
            .map(
                .object(required: [
                    "period": .string(), "units": .integer(), "nodes": .array(.string()),
                    "statistics": .array(statistics), "rawStatistics": .array(statistics), "flags": .array(flag),
                    "collinearity": .number(),
                    "correlations": .object(required: [
                        "pearson": matrix, "spearman": matrix, "kendall": matrix, "pearsonP": matrix,
                        "spearmanP": matrix, "kendallP": matrix,
                    ]),
                    "groups": .array(
                        .object(
                            required: [
                                "id": .string(), "level": .integer(), "children": .array(.string()),
                                "againstTheRest": .array(.string()), "nearDuplicates": .array(.array(.string())),
                                "verdict": .string(),
                            ],
                            optional: [
                                "cronbachAlpha": .number(), "firstComponentShare": .number(),
                                "components": components,
                            ]
                        )
                    ),
                    "indicators": .array(
                        .object(
                            required: ["id": .string(), "parent": .string(), "flags": .array(.string())],
                            optional: [
                                "pearsonWithParent": .number(), "spearmanWithParent": .number(),
                                "pearsonWithIndex": .number(), "spearmanWithIndex": .number(),
                            ]
                        )
                    ),
                ])
            )
        )
    }
}

extension AnalysisAPIRequest: DocumentSchema {
    public static let schemaName = "AnalysisRequest"
    public static var schema: JSONSchema {
        .described(
            "a recorded run, or a stored dataset with run options; the unit for levers; unknown fields are errors",
            .object(
                required: [:],
                optional: [
                    "run": APISchemas.runReference, "dataset": APISchemas.datasetReference,
                    "options": .ref(RunOptions.self), "unit": .string(), "evaluation": .string(),
                ]
            )
        )
    }
}

extension DerivedWeightsDocument: DocumentSchema {
    public static let schemaName = "WeightDerivation"
    public static var schema: JSONSchema {
        let ahpResult = JSONSchema.object(
            required: ["weights": .array(.number()), "riTable": .string(), "consistent": .boolean],
            optional: ["lambdaMax": .number(), "ci": .number(), "cr": .number(), "ri": .number()]
        )
        return .described(
            "per evaluation, how its weights were derived",
            .map(
                .object(
                    required: [
                        "effective": .map(.number()),
                        // A group's result with, for several experts, each one's and how they were combined.
                        "ahp": .map(
                            .object(
                                required: ["weights": .array(.number()), "riTable": .string(), "consistent": .boolean],
                                optional: [
                                    "lambdaMax": .number(), "ci": .number(), "cr": .number(), "ri": .number(),
                                    "aggregation": .string(values: GroupAggregation.allCases.map(\.rawValue)),
                                    "experts": .array(ahpResult),
                                ]
                            )
                        ),
                    ],
                    optional: [
                        "alpha": .number(),
                        "panelMode": .string(values: PanelMode.allCases.map(\.rawValue)),
                        "panel": .object(
                            required: [
                                "indicators": .array(
                                    .object(
                                        required: ["id": .string()],
                                        optional: [
                                            "mean": .number(), "sd": .number(), "cv": .number(),
                                            "fullScoreFrequency": .number(), "weight": .number(),
                                        ]
                                    )
                                ),
                                "df": .integer(),
                            ],
                            optional: [
                                "kendallW": .number(), "kendallWUncorrected": .number(), "chiSquare": .number(),
                                "pValue": .number(),
                            ]
                        ),
                    ]
                )
            )
        )
    }
}

// MARK: - Regional analyses

extension RegionsDocument: DocumentSchema {
    public static let schemaName = "RegionalAnalyses"
    public static var schema: JSONSchema {
        let name = JSONSchema.ref(LocalisedNameSchema.self)
        return .described(
            "per cross-section evaluation: each tier's shares of the national totals, the spread inside each tier, summaries by the unit list's groups, and the findings",
            .object(required: [
                "evaluations": .array(
                    .object(required: [
                        "evaluation": .string(), "period": .string(), "units": .integer(minimum: 0),
                        "concentration": .array(
                            .object(
                                required: [
                                    "tier": .integer(minimum: 1), "name": name, "members": .array(.string()),
                                    "shares": .map(.number()),
                                ],
                                optional: ["unitShare": .number()]
                            )
                        ),
                        "spread": .array(
                            .object(
                                required: [
                                    "tier": .integer(minimum: 1), "name": name, "count": .integer(minimum: 1),
                                    "gaps": .array(.number()),
                                ],
                                optional: [
                                    "highest": .number(), "lowest": .number(), "range": .number(), "mean": .number(),
                                    "sd": .number(), "largestGap": .number(), "meanGap": .number(),
                                    "gapToNext": .number(),
                                ]
                            )
                        ),
                        "groupings": .array(
                            .object(required: [
                                "column": .string(),
                                "groups": .array(
                                    .object(
                                        required: [
                                            "group": .string(), "members": .array(.string()),
                                            "tierCounts": .array(.integer(minimum: 0)), "best": .string(),
                                            "bestRank": .integer(),
                                        ],
                                        optional: [
                                            "meanScore": .number(), "medianScore": .number(), "bestScore": .number(),
                                        ]
                                    )
                                ),
                            ])
                        ),
                        "findings": .object(required: ["zh": .array(.string()), "en": .array(.string())]),
                    ])
                )
            ])
        )
    }
}

// MARK: - Weights versus importance

extension ImportanceDocument: DocumentSchema {
    public static let schemaName = "Importance"
    public static var schema: JSONSchema {
        .object(required: [
            "evaluation": .string(), "period": .string(), "units": .integer(), "estimator": .string(),
            "nodes": .array(
                .object(
                    required: [
                        "id": .string(), "parent": .string(), "level": .integer(), "nominalWeight": .number(),
                        "effectiveWeight": .number(), "weightShare": .number(),
                    ],
                    optional: ["importance": .number(), "importanceShare": .number(), "pearsonSquared": .number()]
                )
            ),
        ])
    }
}

extension LeaveOneOutDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "evaluation": .string(), "period": .string(), "units": .array(.string()),
            "nominalRanks": .array(.nullable(.integer(minimum: 1))),
            "removals": .array(
                .object(required: [
                    "node": .string(), "level": .integer(minimum: 1), "ranks": .array(.nullable(.integer(minimum: 1))),
                    "shifts": .array(.integer()), "meanAbsoluteShift": .number(minimum: 0),
                ])
            ),
        ])
    }
}

extension RobustnessDrawsDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "evaluation": .string(), "period": .string(),
            "method": .string(values: RobustnessRun.Method.allCases.map(\.rawValue)),
            "groups": .array(.string()), "units": .array(.string()), "weightNodes": .array(.string()),
            "draws": .array(
                .object(
                    required: [
                        "replication": .integer(minimum: 0), "ranks": .array(.nullable(.integer(minimum: 1))),
                        "scores": .array(.nullable(.number())),
                    ],
                    optional: [
                        "treatment": .string(), "normalisation": .string(), "aggregation": .string(),
                        "tiers": .string(),
                        "leftOut": .string(), "weights": .array(.number()),
                    ]
                )
            ),
        ])
    }
}

extension ReadinessDocument: DocumentSchema {
    public static let schemaName = "Readiness"
    public static var schema: JSONSchema {
        .object(required: [
            "status": .string(values: ["ready"]), "store": .string(values: ["sqlite", "postgresql", "none"]),
        ])
    }
}

extension PublicationDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: [
                "id": .integer(minimum: 1), "run": .integer(minimum: 1), "publishedAt": .string(),
                "publishedBy": .string(), "isShown": .boolean,
            ],
            optional: [
                "dataset": APISchemas.datasetReference, "framework": .string(), "withdrawnAt": .string(),
                "withdrawnBy": .string(),
            ]
        )
    }
}

extension PublicationsDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: ["publications": .array(.ref(PublicationDocument.self))],
            optional: ["shownRun": .integer(minimum: 1)]
        )
    }
}

extension ReviewRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "run": .integer(minimum: 1), "requestedBy": .string(), "requestedAt": .string(), "note": .string(),
        ])
    }
}

extension AuditEvent: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "id": .integer(minimum: 1), "at": .string(), "actor": .string(), "action": .string(),
            "subject": .string(), "address": .string(),
        ])
    }
}

extension Account: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [
            "name": .string(), "role": .string(values: Role.allCases.map(\.rawValue)), "hasPassword": .boolean,
            "createdAt": .string(),
        ])
    }
}

extension AccountToken: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: [
                "id": .integer(minimum: 1), "account": .string(),
                "role": .string(values: Role.allCases.map(\.rawValue)),
                "label": .string(), "createdAt": .string(),
            ],
            optional: ["revokedAt": .string(), "expiresAt": .string()]
        )
    }
}

extension AccountsDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["accounts": .array(.ref(Account.self)), "tokens": .array(.ref(AccountToken.self))])
    }
}

extension IssuedTokenDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["token": .string(pattern: "^iidei_[0-9a-f]{32}$"), "issued": .ref(AccountToken.self)])
    }
}

extension AccountRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(
            required: ["name": .string(), "role": .string(values: Role.allCases.map(\.rawValue))],
            optional: ["password": .string()]
        )
    }
}

extension RoleRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["role": .string(values: Role.allCases.map(\.rawValue))])
    }
}

extension TokenRequest: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: [:], optional: ["role": .string(values: Role.allCases.map(\.rawValue)), "label": .string()])
    }
}

extension AuditLogDocument: DocumentSchema {
    public static var schema: JSONSchema {
        .object(required: ["events": .array(.ref(AuditEvent.self))])
    }
}
