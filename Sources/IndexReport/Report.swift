public import IndexCore

/// The report's language.
public enum ReportLanguage: String, Codable, Sendable, CaseIterable {
    case zh, en

    /// A name from data in this language.
    public func pick(_ text: LocalisedText) -> String { self == .zh ? text.zh : text.en }
}

/// A built report: the page and every figure on its own.
public struct Report: Sendable {
    public var html: String
    /// Figures by file name (`fig01-national-index.svg`, …, `figA01-profile-110000.svg`).
    public var figures: [(name: String, svg: String)]
    /// The headline sentence (also the first paragraph of the page).
    public var headline: String
    /// The front matter's entries: sections, figures and tables in page order.
    public var entries: [ReportEntry] = []
    /// Figure positions in ``figures`` by key: `national-index`, `national-subindices`,
    /// `national-<pillar>`, `tier-map`, `regional-top10`, `regional-top10-<pillar>`, `profile:<unit id>`.
    public var figureKeys: [String: Int] = [:]

    /// A figure's SVG by key (see ``figureKeys``).
    public func figure(_ key: String) -> String? {
        figureKeys[key].flatMap { $0 < figures.count ? figures[$0].svg : nil }
    }
}

/// Numbers sections, figures and tables as the 2024 report does and records each for the front
/// matter: 一、（一） headings, 图 1… for the main figures, 附图 1… for the profiles, 表 1….
struct ReportComposer {
    let language: ReportLanguage
    let details: ReportDetails
    var entries: [ReportEntry] = []
    var figures: [(name: String, svg: String)] = []
    var figureKeys: [String: Int] = [:]
    var sectionCount = 0
    var subsectionCount = 0
    var figureCount = 0
    var appendixCount = 0
    var tableCount = 0
    var appendixSectionCount = 0

    static let chineseNumerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

    static func numeral(_ value: Int) -> String {
        if value >= 1, value <= chineseNumerals.count { return chineseNumerals[value - 1] }
        return String(value)
    }

    /// A numbered section heading ("一、…" / "1 …").
    mutating func section(_ text: String) -> HTML {
        sectionCount += 1
        subsectionCount = 0
        let number = language.text(.sectionNumber(sectionCount))
        let entry = ReportEntry(kind: .section, id: "sec-\(sectionCount)", number: number, text: text)
        entries.append(entry)
        return "<h2 id=\"\(entry.id)\">\(language == .zh ? number + text : entry.printed)</h2>"
    }

    /// An appendix heading ("附录一 …" / "Appendix 1: …"), numbered apart from the chapters, in the
    /// contents; `id` names its anchor where a link needs a stable one (the audit annex's per evaluation).
    mutating func appendixSection(_ text: String, id: String? = nil) -> HTML {
        appendixSectionCount += 1
        let printed = language.text(.appendixNumbered(appendixSectionCount, text))
        let entry = ReportEntry(
            kind: .section,
            id: id ?? "sec-appendix-\(appendixSectionCount)",
            number: "",
            text: printed
        )
        entries.append(entry)
        return "<h2 id=\"\(entry.id)\">\(printed)</h2>"
    }

    /// A numbered subsection heading ("（一）…" / "1.1 …").
    mutating func subsection(_ text: String) -> HTML {
        subsectionCount += 1
        let number = language.text(.subsectionNumber(section: sectionCount, subsection: subsectionCount))
        let entry = ReportEntry(
            kind: .subsection,
            id: "sec-\(sectionCount)-\(subsectionCount)",
            number: number,
            text: text
        )
        entries.append(entry)
        return "<h3 id=\"\(entry.id)\">\(language == .zh ? number + text : entry.printed)</h3>"
    }

    /// A figure with its caption ("图 3 2020—2023 年基础能力指数及增速") and its "来源" line.
    ///
    /// - Parameters:
    ///   - key: the lookup key of ``Report/figureKeys``.
    ///   - slug: the file name's tail, made of letters, digits and hyphens only.
    ///   - sources: the evaluation and node whose data the figure shows.
    mutating func figure(
        key: String,
        slug: String,
        _ svg: SVG,
        caption: String,
        sources: (evaluation: String, node: String)?,
        isAppendix: Bool = false
    ) -> HTML {
        let number: String
        let id: String
        let name: String
        if isAppendix {
            appendixCount += 1
            number = language.text(.appendixFigureNumber(appendixCount))
            id = "figA-\(appendixCount)"
            name = "figA\(appendixCount < 10 ? "0" : "")\(appendixCount)-\(Self.safeSlug(slug)).svg"
        } else {
            figureCount += 1
            number = language.text(.figureNumber(figureCount))
            id = "fig-\(figureCount)"
            name = "fig\(figureCount < 10 ? "0" : "")\(figureCount)-\(Self.safeSlug(slug)).svg"
        }
        figureKeys[key] = figures.count
        figures.append((name, svg.rendered))
        entries.append(ReportEntry(kind: isAppendix ? .appendixFigure : .figure, id: id, number: number, text: caption))
        return """
            <figure id="\(id)">\(svg.markup)<figcaption><span class="number">\(number)</span> \(caption)</figcaption>\
            \(sourceLine(sources))</figure>
            """
    }

    /// A table's caption, numbered ("表 1 …"), placed above the table as the report does.
    mutating func tableCaption(_ text: String) -> (id: String, caption: HTML) {
        tableCount += 1
        let number = language.text(.tableNumber(tableCount))
        let entry = ReportEntry(kind: .table, id: "tab-\(tableCount)", number: number, text: text)
        entries.append(entry)
        return (entry.id, "<caption><span class=\"number\">\(number)</span> \(text)</caption>")
    }

    /// "来源：IIDEI 根据…计算" naming the data's sources, synthetic values said to be so.
    func sourceLine(_ key: (evaluation: String, node: String)?) -> HTML {
        guard let key else { return HTML() }
        let list = details.sources[key.evaluation + "/" + key.node] ?? []
        var names: [String] = []
        for source in list where !source.isSynthetic && !source.name.isEmpty {
            let name = language.sourceName(source.name)
            if !names.contains(name) { names.append(name) }
        }
        let synthetic = list.contains(where: \.isSynthetic)
        if synthetic { names.append(language.text(.syntheticIllustrativeValues)) }
        let text: String
        if names.isEmpty {
            text = language.text(.computedByIIDEI)
        } else {
            text = language.text(.computedByIIDEIFrom(names))
        }
        return "<p class=\"source\">\(text)</p>"
    }

    static func safeSlug(_ text: String) -> String { ReportBuilder.fileSlug(text) }
}

/// Builds the report from a run's results: every number on every page is the computed one.
public enum ReportBuilder {
    /// Builds the report.
    ///
    /// - Parameters:
    ///   - shapes: province outlines for a geographic tier map; `nil` = the tile map.
    ///   - previous: the cross-sections of an earlier period, for rank changes.
    ///   - details: the cover's issuer and date, the data's sources and the pages of a first print.
    ///   - audits: statistical audits of the cross-sections, each printed as an annex at the end.
    public static func build(
        results: IndexResults,
        units: [AssessedUnit],
        language: ReportLanguage,
        shapes: GeoShapes? = nil,
        previous: [CrossSectionResult] = [],
        details: ReportDetails = ReportDetails(),
        audits: [Audit] = []
    ) -> Report {
        let l = language
        var composer = ReportComposer(language: l, details: details)
        var sections: [HTML] = []
        let names = Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func unitName(_ id: String) -> String { names[id].map { l.pick($0) } ?? id }
        var headline = ""
        var years: [String] = []

        // 一 background, 二 the framework and the computation, as the 2024 report opens.
        sections.append(backgroundSection(results, composer: &composer))
        sections.append(methodSection(results, composer: &composer))

        // National series.
        for case .series(let series) in results.evaluations {
            let root = series.nodes.first { $0.parent == nil }
            let pillars = series.nodes.pillars
            guard let root, let first = series.periods.first, let last = series.periods.last else { continue }
            years = [first, last]
            let values = series.series[root.id] ?? []
            let start = values.first.flatMap { $0 } ?? 100
            let end = values.last.flatMap { $0 } ?? .nan
            let cagr = series.cagr[root.id].flatMap { $0 } ?? .nan
            let indexName = l == .zh ? series.name.zh : "national " + root.name.en
            headline = Narrative.headline(
                l,
                indexName: indexName,
                first: first,
                last: last,
                start: start,
                end: end,
                cagr: cagr
            )
            let span = l.text(.yearRange(from: first, to: last))
            var html: HTML = "<section class=\"part\">"
            // The chapter's heading is its finding, as the report's headings are.
            let finding = l.text(
                .nationalFinding(index: indexName, end: Narrative.whole(end), growthRate: Narrative.percent(cagr))
            )
            html +=
                "<div class=\"keep\">" + composer.section(finding)
                + "<p class=\"lead\">\(headline)</p></div>"
            if let chart = Report.nationalIndexChart(series, l) {
                html += composer.figure(
                    key: "national-index",
                    slug: "national-index",
                    chart,
                    caption: l.text(.seriesCaption(span: span, name: l.pick(series.name))),
                    sources: (series.evaluation, root.id)
                )
            }
            html += composer.figure(
                key: "national-subindices",
                slug: "national-subindices",
                Report.nationalSubIndicesChart(series, l),
                caption: l.text(.subIndicesCaption(span: span, name: l.pick(series.name))),
                sources: (series.evaluation, root.id)
            )
            var summary = Narrative.pillarsSummary(l, series: series, pillars: pillars)
            if let contributions = contributions(series, pillars: pillars, l) { summary += contributions }
            html += "<p>\(summary)</p>"
            for pillar in pillars {
                let pillarName = l.pick(pillar.name)
                let level = series.series[pillar.id]?.last.flatMap { $0 }
                let growth = series.growth[pillar.id]?.last.flatMap { $0 }
                let heading =
                    level.map {
                        l.text(
                            .pillarFinding(
                                pillar: pillarName,
                                level: Narrative.whole($0),
                                growth: growth.map(Narrative.percent)
                            )
                        )
                    } ?? l.text(.pillarHeading(pillarName))
                html += "<div class=\"keep\">" + composer.subsection(heading)
                var text = Narrative.pillar(l, series: series, node: pillar)
                if let child = leadingChild(series, pillar: pillar, l) { text += child }
                html += "<p>\(text)</p>"
                html += composer.figure(
                    key: "national-\(pillar.id)",
                    slug: "national-\(pillar.id)",
                    Charts.barsWithGrowth(
                        title: pillarName + l.text(.subIndexAndGrowthSuffix),
                        periods: series.periods,
                        values: series.series[pillar.id] ?? [],
                        growth: series.growth[pillar.id] ?? [],
                        barLabel: l.text(.indexAxis),
                        lineLabel: l.text(.yearOnYearGrowth)
                    ),
                    caption: l.text(.pillarGrowthCaption(span: span, pillar: pillarName)),
                    sources: (series.evaluation, pillar.id)
                )
                html += "</div>"
            }
            html += "</section>"
            sections.append(html)
        }

        // Regional cross-sections.
        var profileParts: [CrossSectionResult] = []
        for case .crossSection(let section) in results.evaluations {
            let root = section.nodes.first { $0.parent == nil }?.id ?? "index"
            let pillars = section.nodes.pillars
            let tierNames = section.tierNames.map { l.pick($0) }
            let year = l.text(.year(section.period))
            var html: HTML = "<section class=\"part\">"
            let top = (section.top[root] ?? []).map(unitName)
            let heading =
                top.first.map {
                    l.text(.regionalFinding(regions: section.units.count, tiers: tierNames.count, leader: $0))
                } ?? l.text(.evaluationHeading(name: l.pick(section.name), period: section.period))
            html += "<div class=\"keep\">" + composer.section(heading)
            html += "<p class=\"lead\">\(Narrative.topTen(l, names: top, period: section.period))</p></div>"
            func topEntries(_ node: String) -> [(String, Double)] {
                (section.top[node] ?? []).compactMap { id in
                    section.units.first { $0.id == id }.flatMap { unit in
                        unit.nodes[node]?.score.map { (unitName(id), $0) }
                    }
                }
            }
            let tierCounts = (1...max(tierNames.count, 1)).map { tier in section.units.filter { $0.tier == tier } }
            html +=
                "<p>\(Narrative.tiers(l, names: tierNames, members: tierCounts.map { $0.map { unitName($0.id) } }, method: section.tierMethod))</p>"
            let secondLevel = section.nodes.filter { $0.depth == 2 && !$0.isIndicator }
            if let sentence = Narrative.concentration(
                l,
                tier: tierNames.first ?? "",
                count: tierCounts.first?.count ?? 0,
                nodes: secondLevel.compactMap { node in
                    section.leadingShare[node.id].map { (l.pick(node.name), $0) }
                }
            ) {
                html += "<p>\(sentence)</p>"
            }
            html += regionalAnalyses(section, composer: &composer, unitName: unitName)
            let tierMap: SVG
            if let shapes {
                tierMap = Charts.geoMap(
                    title: l.text(.tierMapTitle),
                    shapes: shapes,
                    regions: section.units.map {
                        Charts.Tile(code: $0.id, label: shortName(unitName($0.id), l), tier: $0.tier, score: $0.score)
                    },
                    tierNames: tierNames,
                    note: l.text(.geometryNote(source: shapes.source)),
                    language: l
                )
            } else {
                tierMap = Charts.tileMap(
                    title: l.text(.tileMapTitle),
                    tiles: section.units.map {
                        Charts.Tile(code: $0.id, label: shortName(unitName($0.id), l), tier: $0.tier, score: $0.score)
                    },
                    tierNames: tierNames,
                    language: l
                )
            }
            html += composer.figure(
                key: "tier-map",
                slug: "tier-map",
                tierMap,
                caption: l.text(.tierMapCaption(year: year)),
                sources: (section.evaluation, root)
            )
            html += allRegionsTable(section, composer: &composer, unitName: unitName)
            html += tierSections(section, composer: &composer, unitName: unitName)
            html += composer.figure(
                key: "regional-top10",
                slug: "regional-top10",
                Charts.ranking(
                    title: l.text(.topTenTitle(evaluation: l.pick(section.name))),
                    entries: topEntries(root),
                    unit: ""
                ),
                caption: l.text(.topTenCaption(year: year, evaluation: l.pick(section.name))),
                sources: (section.evaluation, root)
            )
            for pillar in pillars {
                html += composer.figure(
                    key: "regional-top10-\(pillar.id)",
                    slug: "regional-top10-\(pillar.id)",
                    Charts.ranking(
                        title: l.pick(pillar.name) + l.text(.topTenSuffix),
                        entries: topEntries(pillar.id),
                        unit: ""
                    ),
                    caption: l.text(.pillarTopTenCaption(year: year, pillar: l.pick(pillar.name))),
                    sources: (section.evaluation, pillar.id)
                )
            }
            if let before = previous.first(where: { $0.evaluation == section.evaluation && $0.period != section.period }
            ) {
                html += rankChanges(section, before: before, composer: &composer, unitName: unitName)
            }
            html += "</section>"
            sections.append(html)
            profileParts.append(section)
        }
        sections.append(outlookSection(results, composer: &composer))
        sections.append(ahpAppendix(results, composer: &composer))
        for section in profileParts {
            sections.append(profiles(section, composer: &composer, unitName: unitName))
        }
        for audit in audits {
            for case .crossSection(let section) in results.evaluations where section.evaluation == audit.evaluation {
                sections.append(AuditAnnex.section(audit, section: section, composer: &composer))
            }
        }

        let title = l.pick(results.frameworkName)
        let page = Page.html(
            title: title,
            language: l,
            headline: headline,
            years: years,
            preface: preface(results, composer: composer),
            sections: sections,
            entries: composer.entries,
            details: details,
            isIllustrative: results.isIllustrative
        )
        return Report(
            html: page.rendered,
            figures: composer.figures,
            headline: headline,
            entries: composer.entries,
            figureKeys: composer.figureKeys
        )
    }

    /// A file-name tail from data: ASCII letters, digits and hyphens, anything else `_`, at most
    /// 48 characters, so an id never becomes a path.
    public static func fileSlug(_ text: String) -> String {
        let kept = text.unicodeScalars.map { scalar -> Character in
            (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))) || scalar == "-"
                ? Character(scalar) : "_"
        }
        return String(String(kept).prefix(48))
    }

    /// The page on which each front-matter entry starts in a printed copy, from the pages' text
    /// (`pdftotext`, one string per page): pass them as ``ReportDetails/pageNumbers`` to a second build.
    public static func pageNumbers(of report: Report, pages: [String], language: ReportLanguage) -> [String: Int] {
        Page.pageNumbers(entries: report.entries, pages: pages, language: language)
    }

    /// A table of rank changes between two periods, largest moves first.
    static func rankChanges(
        _ section: CrossSectionResult,
        before: CrossSectionResult,
        composer: inout ReportComposer,
        unitName: (String) -> String
    ) -> HTML {
        let l = composer.language
        let all = section.units.compactMap { unit -> (String, Int, Int)? in
            guard let now = unit.rank, let then = before.units.first(where: { $0.id == unit.id })?.rank else {
                return nil
            }
            return (unit.id, then, now)
        }
        // Only the regions that moved, largest moves first; the rest are counted in a sentence.
        let rows = all.filter { $0.1 != $0.2 }.sorted { (abs($0.1 - $0.2), $1.0) > (abs($1.1 - $1.2), $0.0) }
        let unchanged = all.count - rows.count
        let caption = composer.tableCaption(
            l.text(.rankChangesCaption(from: before.period, to: section.period))
        )
        // The count of unchanged ranks before the table, so it never strands on a page of its own.
        var html: HTML =
            unchanged > 0 ? "<p>\(l.text(.unchangedRanks(count: unchanged, since: before.period)))</p>" : HTML()
        html +=
            "<table id=\"\(caption.id)\">\(caption.caption)<thead><tr><th scope=\"col\">\(l.text(.region))</th><th scope=\"col\">\(before.period)</th><th scope=\"col\">\(section.period)</th><th scope=\"col\">\(l.text(.change))</th></tr></thead><tbody>"
        for (id, then, now) in rows {
            let change = then - now
            let moved: String = change > 0 ? "↑\(change)" : change < 0 ? "↓\(-change)" : "—"
            html +=
                "<tr><td>\(unitName(id))</td><td class=\"num\">\(then)</td><td class=\"num\">\(now)</td><td class=\"num\">\(moved)</td></tr>"
        }
        return html + "</tbody></table>"
    }

    /// A region's name as a map labels it: in full, in either language (never "Guangd.").
    public static func shortName(_ name: String, _ language: ReportLanguage) -> String {
        // Maps write every name in full (two lines or condensed where a tile is narrow).
        name
    }

    /// One profile per province, in the appendix with its own figure numbers: rank and tier, a
    /// radar against the national median and the tier's mean, and the indicators ranked much
    /// better or worse than the province overall.
    static func profiles(
        _ section: CrossSectionResult,
        composer: inout ReportComposer,
        unitName: (String) -> String
    ) -> HTML {
        let l = composer.language
        var html: HTML = "<section class=\"part appendix\">"
        html += composer.appendixSection(
            l.text(.profilesAppendix(period: section.period))
        )
        html += "<div class=\"profiles\">"
        let benchmark = PillarBenchmark(section)
        let standings = StrengthsAndGaps.Standings(section)
        for unit in section.units {
            let rank = unit.rank ?? 0
            let relative = StrengthsAndGaps(unit, in: section, standings: standings)
            let strengths = relative.strengths.map { $0.named(l) }
            let weaknesses = relative.gaps.map { $0.named(l) }
            let tierName = section.tierName(unit.tier).map(l.pick) ?? "—"
            let name = unitName(unit.id)
            html += "<article class=\"profile\"><h3>\(name)</h3>"
            html +=
                "<p>\(Narrative.profile(l, rank: rank, count: section.units.count, tier: tierName, score: unit.score ?? .nan, strengths: Array(strengths), weaknesses: Array(weaknesses)))</p>"
            html += composer.figure(
                key: "profile:\(unit.id)",
                slug: "profile-\(unit.id)",
                Charts.radar(
                    title: name,
                    axes: benchmark.pillars.map { l.pick($0.name) },
                    series: [
                        (name, benchmark.scores(of: unit)), (l.text(.nationalMedian), benchmark.medians),
                        (l.text(.tierMean), benchmark.tierMean(of: unit)),
                    ]
                ),
                caption: l.text(.profileCaption(unit: name, period: section.period)),
                sources: (section.evaluation, section.nodes.first { $0.parent == nil }?.id ?? ""),
                isAppendix: true
            )
            html += "</article>"
        }
        return html + "</div></section>"
    }

    /// One evaluation's framework as a table with one column pair (name, weight) per level and
    /// each node's cells merged over the rows of its descendants.
    static func frameworkTable(
        _ nodes: [NodeInfo],
        effective: [String: Double],
        name: String,
        composer: inout ReportComposer
    ) -> HTML {
        let l = composer.language
        var children: [String: [NodeInfo]] = [:]
        for node in nodes {
            if let parent = node.parent { children[parent, default: []].append(node) }
        }
        guard let root = nodes.first(where: { $0.parent == nil }) else { return HTML() }
        let levels = max(1, min(3, (nodes.map(\.depth).max() ?? 1)))
        func shown(_ node: NodeInfo) -> [NodeInfo] { node.depth >= levels ? [] : (children[node.id] ?? []) }
        func rows(_ node: NodeInfo) -> Int {
            let below = shown(node)
            return below.isEmpty ? 1 : below.reduce(0) { $0 + rows($1) }
        }
        let labels = [
            l.text(.level1), l.text(.level2), l.text(.level3),
        ]
        let caption = composer.tableCaption(l.text(.frameworkCaption(name)))
        var html: HTML = "<table class=\"framework\" id=\"\(caption.id)\">\(caption.caption)<thead><tr>"
        for level in 0..<levels {
            html +=
                "<th scope=\"col\">\(labels[level])</th><th scope=\"col\" class=\"num\">\(l.text(.weightPercent))</th>"
        }
        html += "</tr></thead><tbody>"
        var row: HTML = "<tr>"
        func emit(_ node: NodeInfo) {
            let span = rows(node)
            let weight = effective[node.id].map { SVG.label($0, 2) } ?? "—"
            let spanAttribute: HTML = span > 1 ? " rowspan=\"\(span)\"" : HTML()
            let below = shown(node)
            // A leaf above the last level fills the remaining columns.
            let fill = below.isEmpty ? (levels - node.depth) * 2 : 0
            let fillAttribute: HTML = fill > 0 ? " colspan=\"\(fill + 1)\"" : HTML()
            row +=
                "<th scope=\"row\" class=\"level\(node.depth)\"\(spanAttribute)\(fillAttribute)>\(l.pick(node.name))</th>"
            row += "<td class=\"num\"\(spanAttribute)>\(weight)</td>"
            if below.isEmpty {
                html += row + "</tr>"
                row = "<tr>"
            } else {
                for child in below { emit(child) }
            }
        }
        for pillar in children[root.id] ?? [] { emit(pillar) }
        return html + "</tbody></table>"
    }
}

extension Report {
    /// The national index over its periods (Fig. 1); `compact` draws it for a phone
    /// (``Charts/lines(title:periods:series:yLabel:compact:)``). `nil` for a series without a root.
    public static func nationalIndexChart(_ series: SeriesResult, _ l: ReportLanguage, compact: Bool = false) -> SVG? {
        guard let root = series.nodes.first(where: { $0.parent == nil }) else { return nil }
        return Charts.lines(
            title: l.pick(series.name) + l.text(.basePeriod(series.basePeriod)),
            periods: series.periods,
            series: [(l.pick(root.name), series.series[root.id] ?? [])],
            yLabel: l.text(.indexAxis),
            compact: compact
        )
    }

    /// The national pillars' sub-indices over the periods (Fig. 2); `compact` for a phone.
    public static func nationalSubIndicesChart(
        _ series: SeriesResult,
        _ l: ReportLanguage,
        compact: Bool = false
    ) -> SVG {
        Charts.lines(
            title: l.text(.subIndices),
            periods: series.periods,
            series: series.nodes.pillars.map { (l.pick($0.name), series.series[$0.id] ?? []) },
            yLabel: l.text(.indexAxis),
            compact: compact
        )
    }
}
