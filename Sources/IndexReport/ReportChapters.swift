import Foundation
import IndexCore

/// The analyst's own texts for the chapters a report's numbers cannot write: the preface, the
/// background and the outlook. Plain text; a blank line starts a new paragraph. A chapter without
/// one gets a default written from the results.
public struct ReportTexts: Codable, Sendable, Hashable {
    public var preface: String?
    public var background: String?
    public var outlook: String?

    public init(preface: String? = nil, background: String? = nil, outlook: String? = nil) {
        self.preface = preface
        self.background = background
        self.outlook = outlook
    }
}

/// The chapters of the report as the 2024 report has them: 前言, 一 background, 二 the framework
/// and the computation, 三 the national index, 四 the regional index with a section per tier,
/// 五 outlook, and the appendices (AHP matrices and the expert panel; the provinces' profiles).
extension ReportBuilder {
    /// An analyst's text as paragraphs (escaped; a blank line separates paragraphs).
    static func paragraphs(_ text: String) -> HTML {
        var html = HTML()
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        for paragraph in normalised.components(separatedBy: "\n\n") {
            let trimmed = paragraph.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { html += "<p>\(trimmed)</p>" }
        }
        return html
    }

    /// 前言: the analyst's preface, else what the report measures and that every number is computed.
    static func preface(_ results: IndexResults, composer: ReportComposer) -> HTML {
        let l = composer.language
        var html: HTML = "<section class=\"preface\"><h2 id=\"preface\">\(l.text(.preface))</h2>"
        if let text = composer.details.texts.preface {
            html += paragraphs(text)
        } else {
            var span: String?
            var regions = 0
            var period: String?
            for evaluation in results.evaluations {
                switch evaluation {
                case .series(let series):
                    if let first = series.periods.first, let last = series.periods.last {
                        span = l.text(.yearRange(from: first, to: last))
                    }
                case .crossSection(let section):
                    if period == nil {
                        period = section.period
                        regions = section.units.count
                    }
                }
            }
            html +=
                "<p>\(l.text(.defaultPreface(index: l.pick(results.frameworkName), span: span, regions: regions, period: period)))</p>"
        }
        return html + "</section>"
    }

    /// 一 background: the analyst's text, else what the framework measures.
    static func backgroundSection(_ results: IndexResults, composer: inout ReportComposer) -> HTML {
        let l = composer.language
        var html: HTML = "<section class=\"part\">" + composer.section(l.text(.background))
        if let text = composer.details.texts.background {
            html += paragraphs(text)
        } else if let nodes = results.evaluations.first?.nodes {
            let pillars = nodes.pillars.map { l.pick($0.name) }
            let secondLevel = Set(nodes.filter { $0.depth == 2 && !$0.isIndicator }.map(\.id)).count
            // Each evaluation's own count: the national and regional indices have different third-level
            // indicators, and their sum counts neither.
            let indicators = results.evaluations.map { evaluation in
                (l.pick(evaluation.name), Set(evaluation.nodes.filter(\.isIndicator).map(\.id)).count)
            }
            html +=
                "<p>\(l.text(.defaultBackground(index: l.pick(results.frameworkName), pillars: pillars, secondLevel: secondLevel, indicators: indicators)))</p>"
        }
        return html + "</section>"
    }

    /// 二 the framework and the computation: the framework tables, the weights in a sentence, the
    /// formulas of the national and regional indices with what a score means, and the data's sources.
    static func methodSection(_ results: IndexResults, composer: inout ReportComposer) -> HTML {
        let l = composer.language
        // It follows the background on the same page when that is short.
        var html: HTML = "<section class=\"part follows\">" + composer.section(l.text(.methodChapter))
        html += composer.subsection(l.text(.frameworkPart))
        for evaluation in results.evaluations {
            guard let effective = results.effectiveWeights(evaluation.id) else { continue }
            html += frameworkTable(
                evaluation.nodes,
                effective: effective,
                name: evaluationName(evaluation, l),
                composer: &composer
            )
        }
        var weights = ""
        var method = ""
        for evaluation in results.evaluations {
            guard let derived = results.weights[evaluation.id], let effective = results.effectiveWeights(evaluation.id)
            else { continue }
            let pillars = evaluation.nodes.pillars.compactMap { node in
                effective[node.id].map { (l.pick(node.name), SVG.label($0, 1)) }
            }
            weights += l.text(.pillarWeights(evaluation: evaluationName(evaluation, l), pillars))
            if method.isEmpty {
                method =
                    derived.ahp.isEmpty
                    ? l.text(.weightsStated)
                    : l.text(.weightsFromAHP(panel: derived.panel != nil, alpha: SVG.label(derived.alpha ?? 1, 2)))
            }
        }
        if !weights.isEmpty {
            html += composer.subsection(l.text(.weightsPart)) + "<p>\(method)\(weights)</p>"
        }
        html += composer.subsection(l.text(.computationPart))
        for evaluation in results.evaluations {
            switch evaluation {
            case .series(let series):
                html += "<p>\(l.text(.nationalFormula(base: series.basePeriod)))</p>"
            case .crossSection(let section):
                let normalisation: String
                if case .minMax(let lower, let upper) = section.normalisation {
                    normalisation = l.text(.normalisationMinMax(lower: compact(lower), upper: compact(upper)))
                } else {
                    normalisation = l.text(.normalisationNamed(section.normalisation.name))
                }
                html +=
                    "<p>\(l.text(.regionalFormula(regions: section.units.count, normalisation: normalisation, tierMethod: section.tierMethod)))</p>"
                if case .minMax(let lower, let upper) = section.normalisation {
                    html +=
                        "<p>\(l.text(.scoreMeaning(regions: section.units.count, lower: compact(lower), upper: compact(upper))))</p>"
                }
            }
        }
        html += sourcesTable(results, composer: &composer)
        return html + "</section>"
    }

    /// A bound as written: `0`, `100`, `0.5`.
    static func compact(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : SVG.label(value, 2)
    }

    static func evaluationName(_ evaluation: EvaluationResult, _ l: ReportLanguage) -> String {
        switch evaluation {
        case .series(let series): l.pick(series.name)
        case .crossSection(let section): l.pick(section.name)
        }
    }

    /// The data's sources over every evaluation, most values first: published and synthetic apart.
    static func sourcesTable(_ results: IndexResults, composer: inout ReportComposer) -> HTML {
        let l = composer.language
        var counts: [ReportSource] = []
        for evaluation in results.evaluations {
            guard let root = evaluation.nodes.first(where: { $0.parent == nil }) else { continue }
            for source in composer.details.sources[evaluation.id + "/" + root.id] ?? [] {
                if let index = counts.firstIndex(where: {
                    $0.name == source.name && $0.isSynthetic == source.isSynthetic
                }) {
                    counts[index].count += source.count
                } else {
                    counts.append(source)
                }
            }
        }
        guard !counts.isEmpty else { return HTML() }
        counts.sort { ($1.count, $0.name) < ($0.count, $1.name) }
        var html = composer.subsection(l.text(.sourcesPart))
        let caption = composer.tableCaption(l.text(.sourcesCaption))
        html +=
            "<table id=\"\(caption.id)\">\(caption.caption)<thead><tr><th scope=\"col\">\(l.text(.source))</th><th scope=\"col\" class=\"num\">\(l.text(.valueCount))</th><th scope=\"col\"></th></tr></thead><tbody>"
        for source in counts {
            let kind = l.text(source.isSynthetic ? .syntheticValues : .realValues)
            let name = l.sourceLabel(source.name, isSynthetic: source.isSynthetic)
            html += "<tr><td>\(name)</td><td class=\"num\">\(source.count)</td><td>\(kind)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// The contributions of the pillars to the index's latest increase, as the report quotes them.
    static func contributions(_ series: SeriesResult, pillars: [NodeInfo], _ l: ReportLanguage) -> String? {
        guard let year = series.periods.last else { return nil }
        let parts = pillars.compactMap { pillar in
            series.contribution[pillar.id]?.last.flatMap { $0 }.map { (l.pick(pillar.name), SVG.label($0, 1)) }
        }
        return parts.isEmpty ? nil : l.text(.contributions(year: year, parts: parts))
    }

    /// Which child of a pillar contributed most to its latest increase ("标识建设贡献 50.5%").
    static func leadingChild(_ series: SeriesResult, pillar: NodeInfo, _ l: ReportLanguage) -> String? {
        let children = series.nodes.filter { $0.parent == pillar.id }
        let shares = children.compactMap { child in
            series.contribution[child.id]?.last.flatMap { $0 }.map { (child, $0) }
        }
        guard let top = shares.max(by: { $0.1 < $1.1 }), shares.count > 1 else { return nil }
        return l.text(.leadingChild(parent: l.pick(pillar.name), child: l.pick(top.0.name), share: SVG.label(top.1, 1)))
    }

    /// Every unit's rank, score, tier and pillar scores in one table, in rank order.
    static func allRegionsTable(
        _ section: CrossSectionResult,
        composer: inout ReportComposer,
        unitName: (String) -> String
    ) -> HTML {
        let l = composer.language
        let pillars = section.nodes.pillars
        let caption = composer.tableCaption(l.text(.allRegionsCaption(year: l.text(.year(section.period)))))
        var html: HTML =
            "<table class=\"all-regions\" id=\"\(caption.id)\">\(caption.caption)<thead><tr><th scope=\"col\" class=\"num\">\(l.text(.rank))</th><th scope=\"col\">\(l.text(.region))</th><th scope=\"col\" class=\"num\">\(l.text(.score))</th><th scope=\"col\">\(l.text(.tier))</th>"
        for pillar in pillars { html += "<th scope=\"col\" class=\"num\">\(l.pick(pillar.name))</th>" }
        html += "</tr></thead><tbody>"
        let ordered = section.units.sorted { ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id) }
        for unit in ordered {
            let rank = unit.rank.map(String.init) ?? "—"
            let score = unit.score.map { SVG.label($0, 1) } ?? "—"
            html +=
                "<tr><td class=\"num\">\(rank)</td><th scope=\"row\">\(unitName(unit.id))</th><td class=\"num\">\(score)</td><td>\(section.tierName(unit.tier).map(l.pick) ?? "—")</td>"
            for pillar in pillars {
                let value = unit.nodes[pillar.id]?.score.map { SVG.label($0, 1) } ?? "—"
                html += "<td class=\"num\">\(value)</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table>"
    }

    /// One section per tier: who, the scores' range and spread, the pillar that sets the tier apart
    /// from the other units, and each member's strong pillars.
    static func tierSections(
        _ section: CrossSectionResult,
        composer: inout ReportComposer,
        unitName: (String) -> String
    ) -> HTML {
        let l = composer.language
        let pillars = section.nodes.pillars
        let standings = StrengthsAndGaps.Standings(section)
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        var html = HTML()
        for (index, name) in section.tierNames.enumerated() {
            let tierName = l.pick(name)
            let members = section.units.filter { $0.tier == index + 1 }.sorted {
                ($0.rank ?? Int.max, $0.id) < ($1.rank ?? Int.max, $1.id)
            }
            let scores = members.compactMap(\.score)
            guard let low = scores.min(), let high = scores.max(), let average = mean(scores) else { continue }
            html +=
                "<div class=\"keep\">"
                + composer.subsection(
                    l.text(
                        .tierFinding(
                            tier: tierName,
                            count: members.count,
                            low: SVG.label(low, 1),
                            high: SVG.label(high, 1)
                        )
                    )
                )
            var text = l.text(
                .tierMembers(
                    tier: tierName,
                    members: members.map { unitName($0.id) },
                    low: SVG.label(low, 1),
                    high: SVG.label(high, 1),
                    mean: SVG.label(average, 1),
                    spread: SVG.label(high - low, 1)
                )
            )
            let memberIDs = Set(members.map(\.id))
            let apart = pillars.compactMap { pillar -> (NodeInfo, Double, Double)? in
                let inside = members.compactMap { $0.nodes[pillar.id]?.score }
                let outside = section.units.filter { !memberIDs.contains($0.id) }.compactMap {
                    $0.nodes[pillar.id]?.score
                }
                guard let a = mean(inside), let b = mean(outside) else { return nil }
                return (pillar, a, b)
            }.max { abs($0.1 - $0.2) < abs($1.1 - $1.2) }
            if let apart {
                text += l.text(
                    .tierApart(
                        pillar: l.pick(apart.0.name),
                        tierMean: SVG.label(apart.1, 1),
                        othersMean: SVG.label(apart.2, 1)
                    )
                )
            }
            // Each member's strong pillars by the one rule of strengths (``StrengthsAndGaps``).
            let distinct = members.compactMap { member -> (String, [String])? in
                let strong = StrengthsAndGaps(member, in: section, standings: standings).strengths.filter {
                    !$0.node.isIndicator
                }
                guard !strong.isEmpty else { return nil }
                return (
                    unitName(member.id), strong.map { l.text(.pillarRank(pillar: l.pick($0.node.name), rank: $0.rank)) }
                )
            }
            if !distinct.isEmpty {
                text += l.text(.tierDistinct(distinct, margin: StrengthsAndGaps.margin(units: standings.ranked)))
            }
            html += "<p>\(text)</p></div>"
        }
        return html
    }

    /// 五 outlook: the analyst's text, else the slowest-growing pillar and the gap between the first
    /// and the last tier's mean scores.
    static func outlookSection(_ results: IndexResults, composer: inout ReportComposer) -> HTML {
        let l = composer.language
        var body = HTML()
        if let text = composer.details.texts.outlook {
            body = paragraphs(text)
        } else {
            var slowest: (String, Double)?
            var tiers: (String, String, Double)?
            for evaluation in results.evaluations {
                switch evaluation {
                case .series(let series):
                    let pillars = series.nodes.pillars
                    let growth = pillars.compactMap { pillar in
                        series.cagr[pillar.id].flatMap { $0 }.map { (l.pick(pillar.name), $0) }
                    }
                    if slowest == nil { slowest = growth.min { $0.1 < $1.1 } }
                case .crossSection(let section):
                    guard tiers == nil, section.tierNames.count >= 2 else { continue }
                    let first = section.units.filter { $0.tier == 1 }.compactMap(\.score)
                    let lastTier = section.tierNames.count
                    let last = section.units.filter { $0.tier == lastTier }.compactMap(\.score)
                    guard !first.isEmpty, !last.isEmpty else { continue }
                    let gap = first.reduce(0, +) / Double(first.count) - last.reduce(0, +) / Double(last.count)
                    tiers = (l.pick(section.tierNames[0]), l.pick(section.tierNames[lastTier - 1]), gap)
                }
            }
            guard let slowest, let tiers else { return HTML() }
            body =
                "<p>\(l.text(.defaultOutlook(slowest: slowest.0, growthRate: SVG.label(slowest.1, 1) + "%", first: tiers.0, last: tiers.1, gap: SVG.label(tiers.2, 1))))</p>"
        }
        return "<section class=\"part\">" + composer.section(l.text(.outlook)) + body + "</section>"
    }

    /// The appendix of the weights: each evaluation's AHP matrices' consistency and the expert panel.
    static func ahpAppendix(_ results: IndexResults, composer: inout ReportComposer) -> HTML {
        let l = composer.language
        var body = HTML()
        for evaluation in results.evaluations {
            guard let derived = results.weights[evaluation.id] else { continue }
            let order = Dictionary(evaluation.nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let ahp = derived.ahp.sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) }
            guard !ahp.isEmpty else { continue }
            let nodeNames = Dictionary(
                evaluation.nodes.map { ($0.id, l.pick($0.name)) },
                uniquingKeysWith: { a, _ in a }
            )
            let caption = composer.tableCaption(l.text(.ahpCaption(evaluation: evaluationName(evaluation, l))))
            body +=
                "<table id=\"\(caption.id)\">\(caption.caption)<thead><tr><th scope=\"col\">\(l.text(.judgementMatrixParent))</th><th scope=\"col\">n</th><th scope=\"col\">λmax</th><th scope=\"col\">CI</th><th scope=\"col\">CR</th></tr></thead><tbody>"
            for (node, result) in ahp {
                guard let c = result.consistency else { continue }
                body +=
                    "<tr><td>\(nodeNames[node] ?? node)</td><td class=\"num\">\(c.weights.count)</td><td class=\"num\">\(SVG.label(c.lambdaMax, 4))</td><td class=\"num\">\(SVG.label(c.ci, 4))</td><td class=\"num\">\(SVG.label(c.cr, 4))</td></tr>"
            }
            body += "</tbody></table>"
            let worst = ahp.compactMap { $0.value.consistency?.cr }.max() ?? 0
            var note = l.text(
                .ahpNote(count: ahp.count, largestCR: SVG.label(worst, 3), isAllBelowThreshold: worst < 0.1)
            )
            if let panel = derived.panel {
                note += l.text(
                    .panelNote(
                        kendallW: SVG.label(panel.kendallW, 3),
                        pValue: SVG.label(panel.pValue, 4),
                        alpha: SVG.label(derived.alpha ?? 0, 2)
                    )
                )
                note += l.text(RegionalMessage.panelMode(derived.panelMode ?? .global))
            }
            body += "<p>\(note)</p>"
        }
        guard !body.isEmpty else { return HTML() }
        return "<section class=\"part appendix\">" + composer.appendixSection(l.text(.ahpAppendix)) + body
            + "</section>"
    }
}
