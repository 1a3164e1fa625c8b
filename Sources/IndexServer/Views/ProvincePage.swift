import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The page of a unit (`/regions/:id`).
    ///
    /// - Parameter computing: whether robustness or levers are still being computed in the background.
    static func province(
        _ snapshot: DashboardSnapshot,
        id: String,
        query: Query,
        summary: RankSummary?,
        levers: LeverReport?,
        computing: Bool = false,
        _ l: ReportLanguage
    ) -> String? {
        ProvinceViewModel(
            snapshot,
            id: id,
            period: query["period"],
            summary: summary,
            levers: levers,
            computing: computing
        ).map { province($0, snapshot: snapshot, query: query, l) }
    }

    static func province(
        _ model: ProvinceViewModel,
        snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> String {
        let name = names(snapshot, l)
        let (id, section, unit) = (model.id, model.section, model.unit)
        var body = periodSwitch(
            snapshot,
            current: section.period,
            path: "/regions/" + pathComponent(id),
            query: query,
            l
        )
        body +=
            "<p class=\"lead\">\(l.text(.scoreInPeriod(section.period))) \(SVG.label(unit.score ?? .nan)) · \(l.text(.nationalRank(rank: unit.rank ?? 0, count: section.units.count))) · \(tierBadge(unit.tier, section, l))</p>"
        body += scoreMeaning(section, l)
        if model.isComputing {
            body +=
                "<p class=\"note\" id=\"computing\">\(l.text(.computingInBackground))</p>"
        }
        body += trend(model, name: name(id), l)
        body += subIndices(model, name: name(id), l)
        body += strengthsAndGaps(model, l)
        if let robustness = model.robustness {
            let tiers = robustness.tierProbabilities.enumerated().map {
                "\(tierName($0.offset + 1, section, l)) \(SVG.label($0.element * 100, 0))%"
            }
            body +=
                "<h2>\(l.text(.robustness))</h2><p>\(l.text(.robustnessSummary(replications: robustness.replications, median: robustness.medianRank, low: robustness.lowRank, high: robustness.highRank)) + tiers.joined(separator: l.text(.listSeparator)))</p>"
        }
        if let levers = model.levers {
            body += "<h2>\(l.text(.levers))</h2>"
            if levers.isInTopTier {
                body +=
                    "<p>\(l.text(.alreadyInTopTier(unit: name(id), tier: tierName(1, section, l))))</p>"
            }
            body += "<ol>"
            for lever in levers.levers {
                body += "<li>\(leverSentence(lever, unitName: name(id), tier: levers.tier, section: section, l))</li>"
            }
            body += "</ol>"
        }
        body += values(model, name: name(id), l)
        return layout(
            title: name(id),
            language: l,
            path: "/regions/" + pathComponent(id),
            query: query,
            snapshot: snapshot,
            illustrative: snapshot.results.isIllustrative,
            body: body
        )
    }

    /// Score and rank over the periods, when there is more than one.
    private static func trend(_ model: ProvinceViewModel, name: String, _ l: ReportLanguage) -> HTML {
        let history = model.history
        guard history.count > 1 else { return HTML() }
        let trend = PageTable(
            name: "trend",
            caption: l.text(.scoreAndRankByYear),
            header: [l.text(.year), l.text(.score), l.text(.overallRank)],
            rows: history.map {
                [
                    PageTable.Item($0.period), PageTable.Item(SVG.label($0.score ?? .nan), number: $0.score),
                    PageTable.Item($0.rank.map(String.init) ?? "—", number: $0.rank.map(Double.init)),
                ]
            }
        )
        let svg = Charts.lines(
            title: l.text(.scoreByYear(unit: name)),
            periods: history.map { $0.period },
            series: [(name, history.map { $0.score })],
            yLabel: l.text(.score),
            compact: true,
            leastTop: 10
        )
        return "<h2>\(l.text(.trend))</h2>"
            + chart(
                svg.markup,
                name: "trend-\(ReportBuilder.fileSlug(model.id))",
                caption: trend.caption,
                alternative: trend,
                isWide: false,
                l
            )
    }

    /// The radar against the national median and the tier's mean, beside the sub-index table.
    private static func subIndices(_ model: ProvinceViewModel, name: String, _ l: ReportLanguage) -> HTML {
        let benchmark = model.benchmark
        let radar = Charts.radar(
            title: name,
            axes: benchmark.pillars.map { l.pick($0.name) },
            series: [
                (name, benchmark.scores(of: model.unit)),
                (l.text(.nationalMedian), benchmark.medians),
                (l.text(.tierMean), benchmark.tierMean(of: model.unit)),
            ]
        )
        let table = PageTable(
            name: "pillars",
            caption: l.text(.subIndexScoresAndRanks),
            header: [
                l.text(.subIndex), l.text(.score), l.text(.rank),
                l.text(.nationalMedian),
            ],
            rows: model.pillarRows.map { row in
                [
                    PageTable.Item(l.pick(row.pillar.name)),
                    PageTable.Item(SVG.label(row.score ?? .nan), number: row.score),
                    PageTable.Item(row.rank.map(String.init) ?? "—", number: row.rank.map(Double.init)),
                    PageTable.Item(SVG.label(row.median), number: row.median),
                ]
            }
        )
        return "<h2>\(l.text(.subIndicesHeading))</h2><div class=\"grid\">"
            + chart(
                radar.markup,
                name: "radar-\(ReportBuilder.fileSlug(model.id))",
                caption: l.text(.radarCaption),
                alternative: nil,
                isWide: false,
                l
            ) + "<div>" + table.html() + "</div></div>"
    }

    /// The pillars and indicators that rank clearly above and below the overall rank, with the rule
    /// that picked them in words.
    private static func strengthsAndGaps(_ model: ProvinceViewModel, _ l: ReportLanguage) -> HTML {
        func places(_ list: [StrengthsAndGaps.Place]) -> HTML {
            guard !list.isEmpty else {
                return "<p>\(l.text(.noStrengthsOrGaps))</p>"
            }
            return "<ul>"
                + list.map { place -> HTML in
                    "<li>\(l.pick(place.node.name))\(l.text(.colon))\(place.described(l))</li>"
                }.joined() + "</ul>"
        }
        var html: HTML = "<h2>\(l.text(.strengthsAndGaps))</h2>"
        if let overall = model.relative.overall(l) { html += "<p class=\"standing\">\(overall)</p>" }
        html += "<h3>\(l.text(.strengths))</h3>"
        html += places(model.relative.strengths)
        html += "<h3>\(l.text(.gaps))</h3>"
        html += places(model.relative.gaps)
        html += "<p class=\"note\">\(model.relative.rule(l))</p>"
        return html
    }

    /// Every value of the period with its name, unit, status and source.
    private static func values(_ model: ProvinceViewModel, name: String, _ l: ReportLanguage) -> HTML {
        let period = model.section.period
        let table = PageTable(
            name: "province",
            caption: l.text(.provinceValuesCaption(unit: name, period: period)),
            header: [
                l.text(.indicator), l.text(.value), l.text(.unit),
                l.text(.status), l.text(.source),
            ],
            rows: model.values.map { row in
                let observation = row.observation
                return [
                    PageTable.Item(row.indicator.map { l.pick($0.name) } ?? observation.indicator),
                    PageTable.Item(value(observation.value), number: observation.value),
                    PageTable.Item(unitLabel(row.indicator?.unit ?? "", l)),
                    PageTable.Item(statusName(observation.status, l)),
                    PageTable.Item(l.sourceLabel(observation.source, isSynthetic: observation.status == .synthetic)),
                ]
            }
        )
        return "<h2>\(l.text(.dataAndSources))</h2>" + table.html()
            + downloads(table, query: Query(nil), set: ["unit": model.id, "period": period], l)
    }

    /// A lever as a sentence in the page's language: the value needed for the next tier, or why
    /// one indicator alone cannot get there, and about how much a round step adds to the score.
    ///
    /// Numbers print as `LeverQuantity` says: counts whole, other values to three significant
    /// figures, the unit after the number; the step is the lever's (1 % of the range) rounded to 1,
    /// 2 or 5 times a power of ten, and the gain scaled to it (the score is linear in the value
    /// between the range's ends, so "about").
    static func leverSentence(
        _ lever: LeverReport.Lever,
        unitName: String,
        tier: Int,
        section: CrossSectionResult,
        _ l: ReportLanguage
    ) -> HTML {
        let quantity = LeverQuantity(unit: lever.unit, reference: lever.value ?? lever.step)
        let unit = unitLabel(quantity.unit, l)
        let spaced = unit.isEmpty ? "" : (l == .zh ? unit : " " + unit)
        let now = lever.value.map { quantity.text($0) + spaced } ?? l.text(.missing)
        let step = quantity.step(lever.step)
        let gain = SVG.label(lever.step > 0 ? lever.gainPerStep * step.raw / lever.step : lever.gainPerStep, 2)
        let stepText = quantity.text(step.raw) + spaced
        let name = l.pick(lever.name)
        if let target = lever.valueForNextTier {
            return
                "<strong>\(name)</strong>\(l.text(.leverToNextTier(now: now, target: quantity.text(target) + spaced, unit: unitName, tier: tierName(tier - 1, section, l), step: stepText, gain: gain)))"
        }
        if tier <= 1 {
            return
                "<strong>\(name)</strong>\(l.text(.leverInTopTier(now: now, step: stepText, gain: gain)))"
        }
        return
            "<strong>\(name)</strong>\(l.text(.leverAlone(now: now, unit: unitName, step: stepText, gain: gain)))"
    }
}

/// How a lever's numbers print: counts (firms, stations, items) as whole numbers, other values to
/// three significant figures; a count kept in 万 or 亿 that is below one of them printed in its own
/// unit (0.1 万家 as 1,000 家).
struct LeverQuantity: Equatable {
    /// Units that count whole things.
    static let counts: Set<String> = ["个", "家", "件", "项", "人", "架", "次", "座", "台", "所", "条", "户"]

    /// The unit the numbers print in.
    let unit: String
    /// What a value in the indicator's unit is multiplied by to print in `unit`.
    let scale: Double
    let isCount: Bool

    /// - Parameter reference: a value the choice of unit follows (the unit's current value).
    init(unit: String, reference: Double) {
        for (prefix, factor) in [("万", 1e4), ("亿", 1e8)] where unit.hasPrefix(prefix) {
            let base = String(unit.dropFirst())
            if LeverQuantity.counts.contains(base), reference.isFinite, abs(reference) < 1 {
                self.unit = base
                self.scale = factor
                self.isCount = true
                return
            }
        }
        self.unit = unit
        self.scale = 1
        self.isCount = LeverQuantity.counts.contains(unit)
    }

    /// A value in the indicator's unit as printed.
    func text(_ value: Double) -> String {
        let shown = value * scale
        guard shown.isFinite else { return "—" }
        if isCount { return SVG.label(shown.rounded(), 0) }
        return LeverQuantity.significant(shown, 3)
    }

    /// The step shown for a lever's step (in the indicator's unit): 1, 2 or 5 times a power of ten
    /// in the printed unit, at least one of a count; `raw` is it in the indicator's unit again.
    func step(_ step: Double) -> (shown: Double, raw: Double) {
        let value = step * scale
        guard value.isFinite, value > 0 else { return (value, step) }
        let power = pow(10, log10(value).rounded(.down))
        let mantissa = value / power
        var nice = (mantissa < 1.5 ? 1 : (mantissa < 3.5 ? 2 : (mantissa < 7.5 ? 5 : 10))) * power
        if isCount { nice = max(1, nice.rounded()) }
        return (nice, nice / scale)
    }

    /// A number to `figures` significant figures, without trailing zeros: 0.1, 11.9, 398, 1,235.
    static func significant(_ value: Double, _ figures: Int) -> String {
        guard value.isFinite, value != 0 else { return SVG.label(value, 0) }
        let magnitude = log10(abs(value)).rounded(.down)
        // log10 of a finite non-zero Double lies within ±324: the conversion cannot trap.
        let digits = min(max(figures - 1 - Int(magnitude), 0), 8)
        var text = SVG.label(value, digits)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
