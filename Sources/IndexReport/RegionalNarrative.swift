public import IndexCore

/// The regional chapter's findings in both languages, every number read from a ``RegionalAnalysis``
/// (and the seed's panel mode, stated beside the panel's concordance).
enum RegionalMessage: Sendable, LocalisedMessage {
    /// Where the panel met the AHP weights.
    case panelMode(PanelMode)
    /// A grouping's ranking: the groups by mean score, best first (name, count, mean); at least two.
    case groupRanking(column: String, groups: [(String, Int, String)])
    /// The best group's best member and how many of the leading tier it holds.
    case groupLeader(group: String, best: String, rank: Int, leadingTier: String, held: Int, tierSize: Int)
    /// A tier's highest shares of the national total (indicator name, share).
    case tierConcentration(tier: String, count: Int, unitShare: String, shares: [(String, String)])
    /// A tier's spread: range, SD, largest and mean gap between neighbours, the gap to the next tier.
    case tierSpread(
        tier: String,
        count: Int,
        range: String,
        sd: String,
        largestGap: String,
        meanGap: String,
        next: String?
    )
    case spreadCaption(period: String)
    case groupCaption(column: String, period: String)
    case tierHeader
    case groupHeader
    case membersHeader
    case meanHeader
    case rangeHeader
    case sdHeader
    case largestGapHeader
    case gapToNextHeader
    case tierMixHeader
    case bestHeader

    var zh: String {
        switch self {
        case .panelMode(.global): "专家权重与 AHP 权重在全部三级指标上按 α 加权合成（全局合成）。"
        case .panelMode(.withinParent): "专家打分在每个上级指标内部归一后与 AHP 局部权重按 α 合成，上级指标保留 AHP 权重（组内合成）。"
        case .groupRanking(let column, let groups):
            "按\(column)看，\(groups[0].0) \(groups[0].1) 个地区平均得分 \(groups[0].2)，最高；其后依次为"
                + groups.dropFirst().map { "\($0.0)（\($0.1) 个，\($0.2)）" }.joined(separator: "、") + "。"
        case .groupLeader(let group, let best, let rank, let tier, let held, let size):
            "\(group)得分最高的是\(best)（第 \(rank) 名），"
                + (held == size
                    ? "\(tier)梯队 \(size) 个地区全部位于\(group)。" : "\(tier)梯队 \(size) 个地区中有 \(held) 个位于\(group)。")
        case .tierConcentration(let tier, let count, let unitShare, let shares):
            "\(tier)梯队 \(count) 个地区（占地区数的 \(unitShare)%）占全国总量比重最高的指标为："
                + shares.map { "\($0.0)（\($0.1)%）" }.joined(separator: "、") + "。"
        case .tierSpread(let tier, let count, let range, let sd, let largestGap, let meanGap, let next):
            "\(tier)梯队 \(count) 个地区得分极差 \(range)，标准差 \(sd)，相邻地区分差最大 \(largestGap)、平均 \(meanGap)"
                + (next.map { "，末位与下一梯队首位相差 \($0)" } ?? "") + "。"
        case .spreadCaption(let period): "\(period) 年各梯队内部得分差距"
        case .groupCaption(let column, let period): "\(period) 年按\(column)分组的得分与梯队分布"
        case .tierHeader: "梯队"
        case .groupHeader: "分组"
        case .membersHeader: "地区数"
        case .meanHeader: "平均得分"
        case .rangeHeader: "极差"
        case .sdHeader: "标准差"
        case .largestGapHeader: "相邻最大分差"
        case .gapToNextHeader: "与下一梯队差距"
        case .tierMixHeader: "各梯队地区数"
        case .bestHeader: "最高"
        }
    }

    var en: String {
        switch self {
        case .panelMode(.global): " The panel's and the AHP's weights are blended with α over all indicators (global)."
        case .panelMode(.withinParent):
            " The panel's scores, normalised within each parent, are blended with α with the AHP's local weights; upper levels keep the AHP's weights (within-parent)."
        case .groupRanking(let column, let groups):
            "By \(column), the \(groups[0].1) regions of \(groups[0].0) score highest on average (\(groups[0].2)); then "
                + groups.dropFirst().map { "\($0.0) (\($0.1), \($0.2))" }.joined(separator: ", ") + "."
        case .groupLeader(let group, let best, let rank, let tier, let held, let size):
            " The best of \(group) is \(best) (rank \(rank)); "
                + (held == size ? "all \(size)" : "\(held) of the \(size)")
                + " regions of the \(tier.lowercased()) tier are in \(group)."
        case .tierConcentration(let tier, let count, let unitShare, let shares):
            "The \(count) regions of the \(tier.lowercased()) tier (\(unitShare) % of the regions) hold their largest shares of the national total in "
                + shares.map { "\($0.0) (\($0.1) %)" }.joined(separator: ", ") + "."
        case .tierSpread(let tier, let count, let range, let sd, let largestGap, let meanGap, let next):
            "Within the \(tier.lowercased()) tier (\(count) regions) scores span \(range) (SD \(sd)); neighbours are at most \(largestGap) apart, \(meanGap) on average"
                + (next.map { ", and its last member is \($0) above the next tier's first" } ?? "") + "."
        case .spreadCaption(let period): "Spread of scores inside each tier, \(period)"
        case .groupCaption(let column, let period): "Scores and tiers by \(column), \(period)"
        case .tierHeader: "Tier"
        case .groupHeader: "Group"
        case .membersHeader: "Regions"
        case .meanHeader: "Mean score"
        case .rangeHeader: "Range"
        case .sdHeader: "SD"
        case .largestGapHeader: "Largest gap"
        case .gapToNextHeader: "Gap to next tier"
        case .tierMixHeader: "Regions per tier"
        case .bestHeader: "Best"
        }
    }
}

extension Narrative {
    /// A group value in a language: the four economic regions (`East`, `Central`, `West`,
    /// `Northeast`) in Chinese as 东部, 中部, 西部, 东北; any other value as the unit list writes it.
    static func groupName(_ l: ReportLanguage, _ value: String) -> String {
        guard l == .zh else { return value }
        return ["East": "东部", "Central": "中部", "West": "西部", "Northeast": "东北"][value] ?? value
    }

    /// A unit list column in a language: `region` is the economic regions.
    static func columnName(_ l: ReportLanguage, _ column: String) -> String {
        column == "region" ? (l == .zh ? "四大经济区域" : "economic region") : column
    }

    /// The regional findings of an analysis, in order: per grouping its ranking and its leading
    /// group's best member and share of the leading tier; per tier its three largest shares of the
    /// national total among the indicators (those with a share: additive ones) and its spread.
    ///
    /// - Parameters:
    ///   - unitName: a unit's display name by id.
    ///   - nodes: the evaluation's nodes, for the indicators' names.
    public static func regionalFindings(
        _ l: ReportLanguage,
        analysis: RegionalAnalysis,
        nodes: [NodeInfo],
        unitName: (String) -> String,
        sharesPerTier: Int = 3
    ) -> [String] {
        var sentences: [String] = []
        let leading = analysis.concentration.first
        for grouping in analysis.groupings where grouping.groups.count >= 2 {
            let column = columnName(l, grouping.column)
            var text = l.text(
                RegionalMessage.groupRanking(
                    column: column,
                    groups: grouping.groups.map {
                        (groupName(l, $0.group), $0.members.count, SVG.label($0.meanScore, 1))
                    }
                )
            )
            if let top = grouping.groups.first, let leading {
                text += l.text(
                    RegionalMessage.groupLeader(
                        group: groupName(l, top.group),
                        best: unitName(top.best),
                        rank: top.bestRank,
                        leadingTier: l.pick(leading.name),
                        held: top.tierCounts.first ?? 0,
                        tierSize: leading.members.count
                    )
                )
            }
            sentences.append(text)
        }
        let indicators = nodes.filter(\.isIndicator)
        for (tier, spread) in zip(analysis.concentration, analysis.spread) {
            let shares = indicators.compactMap { node in tier.shares[node.id].map { (l.pick(node.name), $0) } }
                .sorted { $0.1 > $1.1 }.prefix(sharesPerTier)
            if !shares.isEmpty {
                sentences.append(
                    l.text(
                        RegionalMessage.tierConcentration(
                            tier: l.pick(tier.name),
                            count: tier.members.count,
                            unitShare: SVG.label(tier.unitShare, 0),
                            shares: shares.map { ($0.0, SVG.label($0.1, 1)) }
                        )
                    )
                )
            }
            if spread.count > 1, let sd = spread.sd, let largest = spread.largestGap, let mean = spread.meanGap {
                sentences.append(
                    l.text(
                        RegionalMessage.tierSpread(
                            tier: l.pick(spread.name),
                            count: spread.count,
                            range: SVG.label(spread.range, 1),
                            sd: SVG.label(sd, 1),
                            largestGap: SVG.label(largest, 1),
                            meanGap: SVG.label(mean, 1),
                            next: spread.gapToNext.map { SVG.label($0, 1) }
                        )
                    )
                )
            }
        }
        return sentences
    }
}

extension ReportBuilder {
    /// The regional chapter's analyses of a cross-section: the findings (groups, every tier's
    /// concentration and spread), a table of the spread inside each tier and one of each grouping.
    static func regionalAnalyses(
        _ section: CrossSectionResult,
        composer: inout ReportComposer,
        unitName: (String) -> String
    ) -> HTML {
        let l = composer.language
        let analysis = RegionalAnalysis(section)
        var html = HTML()
        for sentence in Narrative.regionalFindings(l, analysis: analysis, nodes: section.nodes, unitName: unitName) {
            html += "<p>\(sentence)</p>"
        }
        let number = { (value: Double?) in value.map { SVG.label($0, 1) } ?? "—" }
        if !analysis.spread.isEmpty {
            let caption = composer.tableCaption(l.text(RegionalMessage.spreadCaption(period: section.period)))
            html += "<div class=\"keep\"><table id=\"\(caption.id)\">\(caption.caption)<thead><tr>"
            for header in [
                RegionalMessage.tierHeader, .membersHeader, .meanHeader, .rangeHeader, .sdHeader, .largestGapHeader,
                .gapToNextHeader,
            ] {
                html += "<th scope=\"col\">\(l.text(header))</th>"
            }
            html += "</tr></thead><tbody>"
            for spread in analysis.spread {
                html +=
                    "<tr><td>\(l.pick(spread.name))</td><td class=\"num\">\(spread.count)</td><td class=\"num\">\(number(spread.mean))</td><td class=\"num\">\(number(spread.range))</td><td class=\"num\">\(number(spread.sd))</td><td class=\"num\">\(number(spread.largestGap))</td><td class=\"num\">\(number(spread.gapToNext))</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        let tierNames = analysis.concentration.map { l.pick($0.name) }
        for grouping in analysis.groupings {
            let column = Narrative.columnName(l, grouping.column)
            let caption = composer.tableCaption(
                l.text(RegionalMessage.groupCaption(column: column, period: section.period))
            )
            html += "<div class=\"keep\"><table id=\"\(caption.id)\">\(caption.caption)<thead><tr>"
            for header in [RegionalMessage.groupHeader, .membersHeader, .meanHeader, .tierMixHeader, .bestHeader] {
                html += "<th scope=\"col\">\(l.text(header))</th>"
            }
            html += "</tr></thead><tbody>"
            for group in grouping.groups {
                let mix = zip(tierNames, group.tierCounts).filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }
                    .joined(separator: l == .zh ? "、" : ", ")
                html +=
                    "<tr><td>\(Narrative.groupName(l, group.group))</td><td class=\"num\">\(group.members.count)</td><td class=\"num\">\(number(group.meanScore))</td><td>\(mix)</td><td>\(unitName(group.best)) (\(number(group.bestScore)))</td></tr>"
            }
            html += "</tbody></table></div>"
        }
        return html
    }
}

extension ReportLanguage {
    /// A regional finding or table label in this language.
    func text(_ message: RegionalMessage) -> String { message.text(self) }
}
