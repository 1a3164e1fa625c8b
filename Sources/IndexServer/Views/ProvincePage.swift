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
            yLabel: l.text(.score)
        )
        return "<h2>\(l.text(.trend))</h2>"
            + chart(
                svg.markup,
                name: "trend-\(ReportBuilder.fileSlug(model.id))",
                caption: trend.caption,
                alternative: trend,
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
                    PageTable.Item(observation.source),
                ]
            }
        )
        return "<h2>\(l.text(.dataAndSources))</h2>" + table.html()
            + downloads(table, query: Query(nil), set: ["unit": model.id, "period": period], l)
    }

    /// A lever as a sentence in the page's language: the value needed for the next tier, or why
    /// one indicator alone cannot get there, and the gain per step.
    static func leverSentence(
        _ lever: LeverReport.Lever,
        unitName: String,
        tier: Int,
        section: CrossSectionResult,
        _ l: ReportLanguage
    ) -> HTML {
        let unit = unitLabel(lever.unit, l)
        let spaced = unit.isEmpty ? "" : (l == .zh ? unit : " " + unit)
        let now = lever.value.map { value($0) + spaced } ?? l.text(.missing)
        let gain = SVG.label(lever.gainPerStep, 2)
        // The step to two significant figures: 0.60 firms, 398 firms, 11.9 × 10⁸ yuan.
        let digits = lever.step >= 100 ? 0 : (lever.step >= 10 ? 1 : (lever.step >= 1 ? 2 : 3))
        let step = (lever.step == lever.step.rounded() ? value(lever.step) : SVG.label(lever.step, digits)) + spaced
        let name = l.pick(lever.name)
        if let target = lever.valueForNextTier {
            return
                "<strong>\(name)</strong>\(l.text(.leverToNextTier(now: now, target: value(target) + spaced, unit: unitName, tier: tierName(tier - 1, section, l), step: step, gain: gain)))"
        }
        if tier <= 1 {
            return
                "<strong>\(name)</strong>\(l.text(.leverInTopTier(now: now, step: step, gain: gain)))"
        }
        return
            "<strong>\(name)</strong>\(l.text(.leverAlone(now: now, unit: unitName, step: step, gain: gain)))"
    }
}
