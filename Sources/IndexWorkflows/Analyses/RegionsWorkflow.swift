public import IndexCore
import IndexIO
public import IndexReport

/// The regional chapter's analyses of each cross-section (`iidei regions --format json`): every
/// tier's share of the national totals, the spread inside each tier, summaries by the unit list's
/// groups, and the findings in both languages (``RegionalAnalysis``).
public struct RegionsDocument: Codable, Sendable, Hashable {
    public var evaluations: [Section]

    /// One cross-section's analyses.
    public struct Section: Codable, Sendable, Hashable {
        public var evaluation: String
        public var period: String
        public var units: Int
        public var concentration: [Concentration]
        public var spread: [Spread]
        public var groupings: [Grouping]
        /// The findings, sentence by sentence, in Chinese and English.
        public var findings: Findings
    }

    /// A tier's share (percent) of the national total per additive indicator and aggregate.
    public struct Concentration: Codable, Sendable, Hashable {
        public var tier: Int
        public var name: LocalisedText
        public var members: [String]
        public var unitShare: Double?
        public var shares: [String: Double]
    }

    /// The spread of scores inside a tier.
    public struct Spread: Codable, Sendable, Hashable {
        public var tier: Int
        public var name: LocalisedText
        public var count: Int
        public var highest: Double?
        public var lowest: Double?
        public var range: Double?
        public var mean: Double?
        public var sd: Double?
        public var gaps: [Double]
        public var largestGap: Double?
        public var meanGap: Double?
        public var gapToNext: Double?
    }

    /// The groups of one column of the unit list, by mean score.
    public struct Grouping: Codable, Sendable, Hashable {
        public var column: String
        public var groups: [Group]
    }

    /// One group's mean and median score, tier mix (members per tier, tier 1 first) and best member.
    public struct Group: Codable, Sendable, Hashable {
        public var group: String
        public var members: [String]
        public var meanScore: Double?
        public var medianScore: Double?
        public var tierCounts: [Int]
        public var best: String
        public var bestScore: Double?
        public var bestRank: Int
    }

    public struct Findings: Codable, Sendable, Hashable {
        public var zh: [String]
        public var en: [String]
    }
}

extension RegionsDocument.Section {
    init(_ analysis: RegionalAnalysis, findings: RegionsDocument.Findings) {
        evaluation = analysis.evaluation
        period = analysis.period
        units = analysis.unitCount
        concentration = analysis.concentration.map {
            RegionsDocument.Concentration(
                tier: $0.tier,
                name: $0.name,
                members: $0.members,
                unitShare: finite($0.unitShare),
                shares: $0.shares.compactMapValues(finite)
            )
        }
        spread = analysis.spread.map {
            RegionsDocument.Spread(
                tier: $0.tier,
                name: $0.name,
                count: $0.count,
                highest: finite($0.highest),
                lowest: finite($0.lowest),
                range: finite($0.range),
                mean: finite($0.mean),
                sd: finite($0.sd),
                gaps: $0.gaps.filter(\.isFinite),
                largestGap: finite($0.largestGap),
                meanGap: finite($0.meanGap),
                gapToNext: finite($0.gapToNext)
            )
        }
        groupings = analysis.groupings.map { grouping in
            RegionsDocument.Grouping(
                column: grouping.column,
                groups: grouping.groups.map {
                    RegionsDocument.Group(
                        group: $0.group,
                        members: $0.members,
                        meanScore: finite($0.meanScore),
                        medianScore: finite($0.medianScore),
                        tierCounts: $0.tierCounts,
                        best: $0.best,
                        bestScore: finite($0.bestScore),
                        bestRank: $0.bestRank
                    )
                }
            )
        }
        self.findings = findings
    }
}

/// The regional analyses of a run: each cross-section's result and analysis, and the document.
public struct RegionsOutcome: Sendable {
    public var sections: [(result: CrossSectionResult, analysis: RegionalAnalysis)]

    /// The findings of one section in a language.
    public static func findings(
        _ language: ReportLanguage,
        result: CrossSectionResult,
        analysis: RegionalAnalysis
    ) -> [String] {
        let names = Dictionary(result.units.map { ($0.id, language.pick($0.name)) }, uniquingKeysWith: { a, _ in a })
        return Narrative.regionalFindings(language, analysis: analysis, nodes: result.nodes) { names[$0] ?? $0 }
    }

    public var document: RegionsDocument {
        RegionsDocument(
            evaluations: sections.map { section in
                RegionsDocument.Section(
                    section.analysis,
                    findings: RegionsDocument.Findings(
                        zh: Self.findings(.zh, result: section.result, analysis: section.analysis),
                        en: Self.findings(.en, result: section.result, analysis: section.analysis)
                    )
                )
            }
        )
    }
}

extension Workflows {
    /// The regional analyses of every cross-section evaluation (or the one named) under the run's
    /// options.
    ///
    /// - Throws: ``IndexError`` when there is no such cross-section.
    public func regions(evaluation: String? = nil, inputs: LoadedInputs, options: RunOptions) throws -> RegionsOutcome {
        let sections = try crossSections(evaluation, inputs: inputs, options: options, purpose: "analyse")
        return RegionsOutcome(sections: sections.map { ($0, RegionalAnalysis($0)) })
    }

    /// The regional analyses an API request asks for: of a recorded run, or of a stored dataset.
    public func regions(_ request: AnalysisAPIRequest) throws -> RegionsOutcome {
        guard request.unit == nil else {
            throw IndexError("the regional analyses are of every unit: leave out \"unit\"")
        }
        let (inputs, options) = try analysed(request)
        return try regions(evaluation: request.evaluation, inputs: inputs, options: options)
    }
}
