import IndexCore

/// The fixed texts of the report (its chrome, numbering, headings, captions and notes), in one table
/// per language.
///
/// ``zh`` and ``en`` are exhaustive switches over the same cases, so a message missing in one
/// language does not compile.
enum ReportMessage: Sendable, LocalisedMessage {
    case contents
    case listOfFigures
    case listOfTables
    /// The years a report covers, as its subtitle and running header show them.
    case yearSpan(from: String, to: String)
    case syntheticIllustrativeValues
    case computedByIIDEI
    case indexAxis
    case subIndices
    case subIndexAndGrowthSuffix
    case yearOnYearGrowth
    case tierMapTitle
    case tileMapTitle
    case topTenSuffix
    case region
    case change
    case openParenthesis
    case closeParenthesis
    case nationalMedian
    case tierMean
    case frameworkAndWeights
    case judgementMatrixParent
    case level1
    case level2
    case level3
    case weightPercent
    case fullStop
    // The report's numbering.
    case sectionNumber(Int)
    case subsectionNumber(section: Int, subsection: Int)
    case figureNumber(Int)
    case appendixFigureNumber(Int)
    case tableNumber(Int)
    // Headings, captions and notes with values.
    case computedByIIDEIFrom([String])
    case yearRange(from: String, to: String)
    case basePeriod(String)
    case seriesCaption(span: String, name: String)
    case subIndicesCaption(span: String, name: String)
    case pillarHeading(String)
    case pillarGrowthCaption(span: String, pillar: String)
    case year(String)
    case evaluationHeading(name: String, period: String)
    case geometryNote(source: String)
    case tierMapCaption(year: String)
    case topTenTitle(evaluation: String)
    case topTenCaption(year: String, evaluation: String)
    case pillarTopTenCaption(year: String, pillar: String)
    case rankChangesCaption(from: String, to: String)
    case unchangedRanks(count: Int, since: String)
    case profilesAppendix(period: String)
    case profileCaption(unit: String, period: String)
    case ahpCaption(evaluation: String)
    case ahpNote(count: Int, largestCR: String, isAllBelowThreshold: Bool)
    case panelNote(kendallW: String, pValue: String, alpha: String)
    case frameworkCaption(String)
    // The narrative's sentences.
    case headline(indexName: String, first: String, last: String, start: String, end: String, growthRate: String)
    /// The fastest and slowest pillars: each name, level and annual growth.
    case pillarsSummary(year: String, fastest: (String, String, String), slowest: (String, String, String))
    case pillarLevel(pillar: String, year: String, level: String)
    case pillarGrowth(String)
    case growthSlowed(from: String)
    case growthQuickened(from: String)
    case topTen(period: String, names: [String])
    case tierCount(tier: String, count: Int)
    case tiers(method: TierMethod?, total: Int, tiers: [String], counts: [String], leaders: [String])
    /// The leading tier's shares: each node's name and its share, in percent.
    case concentration(tier: String, count: Int, threshold: String, shares: [(String, String)])
    case profile(score: String, rank: Int, count: Int, tier: String)
    case profileStrengths([String])
    case profileGaps([String])
    /// Where a unit stands on a pillar or indicator (``StrengthsAndGaps``).
    case standing(rank: Int, tied: Int, count: Int, overall: Int)
    /// What makes a strength or a gap (``StrengthsAndGaps``).
    case strengthsRule(margin: Int)
    /// A region on a map that the evaluation does not cover.
    case notEvaluated
    case southChinaSeaIslands

    /// The Chinese table.
    var zh: String {
        switch self {
        case .contents: "目录"
        case .listOfFigures: "图目录"
        case .listOfTables: "表目录"
        case .yearSpan(let from, let to): "（\(from)—\(to) 年）"
        case .syntheticIllustrativeValues: "合成的示意值"
        case .computedByIIDEI: "来源：IIDEI 计算"
        case .indexAxis: "指数"
        case .subIndices: "各项分指数"
        case .subIndexAndGrowthSuffix: "指数及增速"
        case .yearOnYearGrowth: "同比增速（%）"
        case .tierMapTitle: "区域发展梯队分布"
        case .tileMapTitle: "区域发展梯队分布（方格示意图）"
        case .topTenSuffix: "前 10 名"
        case .region: "省份"
        case .change: "变化"
        case .openParenthesis: "（"
        case .closeParenthesis: "）"
        case .nationalMedian: "全国中位数"
        case .tierMean: "所在梯队均值"
        case .frameworkAndWeights: "评价体系与权重"
        case .judgementMatrixParent: "判断矩阵（上级指标）"
        case .level1: "一级指标"
        case .level2: "二级指标"
        case .level3: "三级指标"
        case .weightPercent: "权重（%）"
        case .fullStop: "。"
        case .sectionNumber(let number): ReportComposer.numeral(number) + "、"
        case .subsectionNumber(_, let subsection): "（\(ReportComposer.numeral(subsection))）"
        case .figureNumber(let number): "图 \(number)"
        case .appendixFigureNumber(let number): "附图 \(number)"
        case .tableNumber(let number): "表 \(number)"
        case .computedByIIDEIFrom(let sources): "来源：IIDEI 根据" + sources.joined(separator: "、") + "计算"
        case .yearRange(let from, let to): "\(from)—\(to) 年"
        case .basePeriod(let period): "（\(period) = 100）"
        case .seriesCaption(let span, let name): span + name
        case .subIndicesCaption(let span, let name): span + name + "各项分指数"
        case .pillarHeading(let pillar): pillar + "指数"
        case .pillarGrowthCaption(let span, let pillar): span + pillar + "指数及增速"
        case .year(let period): "\(period) 年"
        case .evaluationHeading(let name, let period): "\(name)（\(period) 年）"
        case .geometryNote(let source): "底图：\(source)（简化边界，非审图号标准地图）"
        case .tierMapCaption(let year): year + "区域发展梯队"
        case .topTenTitle(let evaluation): "\(evaluation)前 10 名"
        case .topTenCaption(let year, let evaluation): year + evaluation + "排名前十地区"
        case .pillarTopTenCaption(let year, let pillar): year + pillar + "指数排名前十地区"
        case .rankChangesCaption(let from, let to): "\(from)—\(to) 年排名变化"
        case .unchangedRanks(let count, let since): "其余 \(count) 个省份排名与 \(since) 年相同。"
        case .profilesAppendix(let period): "附录 各省份画像（\(period) 年）"
        case .profileCaption(let unit, let period): "\(period) 年\(unit)各分指数"
        case .ahpCaption(let evaluation): evaluation + "层次分析法判断矩阵一致性检验"
        case .ahpNote(let count, let largestCR, let isAllBelowThreshold):
            "层次分析法：\(count) 个判断矩阵，最大一致性比率 CR = \(largestCR)\(isAllBelowThreshold ? "（均小于 0.10）" : "")。"
        case .panelNote(let kendallW, let pValue, let alpha):
            "专家打分：Kendall 协调系数 W = \(kendallW)，p = \(pValue)；α = \(alpha)。"
        case .frameworkCaption(let name): name + "评价体系"
        case .headline(let indexName, let first, let last, let start, let end, let growthRate):
            "\(first)—\(last) 年，\(indexName)从 \(start) 提升至 \(end)，年均增长率为 \(growthRate)。"
        case .pillarsSummary(let year, let fastest, let slowest):
            "\(year) 年，\(fastest.0)分指数达到 \(fastest.1)，年均增长 \(fastest.2)，增长最快；\(slowest.0)分指数为 \(slowest.1)，年均增长 \(slowest.2)。"
        case .pillarLevel(let pillar, let year, let level): "\(pillar)分指数 \(year) 年为 \(level)"
        case .pillarGrowth(let growth): "，同比增长 \(growth)"
        case .growthSlowed(let previous): "，增速较上年（\(previous)）有所放缓"
        case .growthQuickened(let previous): "，增速较上年（\(previous)）有所加快"
        case .topTen(let period, let names):
            "\(period) 年区域工业互联网发展成效指数排名前 \(names.count) 的省份依次为：\(names.joined(separator: "、"))。"
        case .tierCount(let tier, let count): "\(tier) \(count) 个"
        case .tiers(let method, let total, let tiers, let counts, let leaders):
            "\(Self.tierMethodZH(method))，\(total) 个省份分为 \(tiers.count) 个梯队：\(counts.joined(separator: "、"))；\(tiers.first ?? "")梯队为\(leaders.joined(separator: "、"))（排名不分先后）。"
        case .concentration(let tier, let count, let threshold, let shares):
            "\(tier)梯队 \(count) 个地区在 \(shares.count) 个二级指标上占全国总量的 \(threshold)% 以上：\(shares.map { "\($0.0)（\($0.1)%）" }.joined(separator: "、"))。"
        case .profile(let score, let rank, let count, let tier): "总指数 \(score)，居全国第 \(rank) 位（共 \(count) 个），属\(tier)梯队。"
        case .profileStrengths(let strengths): "相对优势：\(strengths.joined(separator: "、"))。"
        case .profileGaps(let gaps): "相对短板：\(gaps.joined(separator: "、"))。"
        case .standing(let rank, let tied, let count, let overall):
            tied > 1
                ? "\(count) 个地区中 \(tied) 个并列第 \(rank) 名，总排名第 \(overall) 名"
                : "\(count) 个地区中第 \(rank) 名，总排名第 \(overall) 名"
        case .notEvaluated: "未参评"
        case .southChinaSeaIslands: "南海诸岛"
        case .strengthsRule(let margin):
            "相对优势：名次比本地区总排名至少高 \(margin) 位且居前一半的分指数或指标（总排名靠前的地区须独占第 1 名）；相对短板：名次比总排名至少低 \(margin) 位且居后一半。并列名次计优势时按并列的最后一名、计短板时按并列的第一名，因此许多地区并列的名次既不是优势也不是短板。"
        }
    }

    /// The English table.
    var en: String {
        switch self {
        case .contents: "Contents"
        case .listOfFigures: "List of figures"
        case .listOfTables: "List of tables"
        case .yearSpan(let from, let to): "\(from)–\(to)"
        case .syntheticIllustrativeValues: "synthetic illustrative values"
        case .computedByIIDEI: "Source: computed by IIDEI"
        case .indexAxis: "Index"
        case .subIndices: "Sub-indices"
        case .subIndexAndGrowthSuffix: " sub-index and growth"
        case .yearOnYearGrowth: "Year-on-year growth (%)"
        case .tierMapTitle: "Tiers"
        case .tileMapTitle: "Tiers (tile map)"
        case .topTenSuffix: ": top 10"
        case .region: "Region"
        case .change: "Change"
        case .openParenthesis: " ("
        case .closeParenthesis: ")"
        case .nationalMedian: "National median"
        case .tierMean: "Tier mean"
        case .frameworkAndWeights: "Framework and weights"
        case .judgementMatrixParent: "Judgement matrix (parent)"
        case .level1: "Level 1"
        case .level2: "Level 2"
        case .level3: "Level 3"
        case .weightPercent: "Weight (%)"
        case .fullStop: "."
        case .sectionNumber(let number): "\(number)"
        case .subsectionNumber(let section, let subsection): "\(section).\(subsection)"
        case .figureNumber(let number): "Figure \(number)"
        case .appendixFigureNumber(let number): "Figure A\(number)"
        case .tableNumber(let number): "Table \(number)"
        case .computedByIIDEIFrom(let sources): "Source: computed by IIDEI from " + sources.joined(separator: "; ")
        case .yearRange(let from, let to): "\(from)–\(to)"
        case .basePeriod(let period): " (\(period) = 100)"
        case .seriesCaption(let span, let name): name + ", " + span
        case .subIndicesCaption(let span, let name): "Sub-indices of the " + name + ", " + span
        case .pillarHeading(let pillar): pillar + " sub-index"
        case .pillarGrowthCaption(let span, let pillar): pillar + " sub-index and its growth, " + span
        case .year(let period): "\(period)"
        case .evaluationHeading(let name, let period): "\(name), \(period)"
        case .geometryNote(let source): "Geometry: \(source) (simplified; not an approved standard map)"
        case .tierMapCaption(let year): "Regional tiers, " + year
        case .topTenTitle: "Top 10 regions"
        case .topTenCaption(let year, _): "Top ten regions, " + year
        case .pillarTopTenCaption(let year, let pillar): "Top ten regions in " + pillar + ", " + year
        case .rankChangesCaption(let from, let to): "Rank changes, \(from)–\(to)"
        case .unchangedRanks(let count, let since): "The other \(count) regions hold their \(since) rank."
        case .profilesAppendix(let period): "Appendix: province profiles, \(period)"
        case .profileCaption(let unit, let period): "\(unit): sub-indices, \(period)"
        case .ahpCaption(let evaluation): "AHP judgement matrices of the " + evaluation
        case .ahpNote(let count, let largestCR, let isAllBelowThreshold):
            "AHP: \(count) judgement matrices; the largest consistency ratio is CR = \(largestCR)\(isAllBelowThreshold ? " (all below 0.10)" : "")."
        case .panelNote(let kendallW, let pValue, let alpha):
            " Expert panel: Kendall's W = \(kendallW), p = \(pValue); α = \(alpha)."
        case .frameworkCaption(let name): "Framework of the " + name
        case .headline(let indexName, let first, let last, let start, let end, let growthRate):
            "From \(first) to \(last) the \(indexName) rose from \(start) to \(end), a compound annual growth rate of \(growthRate)."
        case .pillarsSummary(let year, let fastest, let slowest):
            "By \(year) the \(fastest.0) sub-index reached \(fastest.1), growing fastest at \(fastest.2) a year; \(slowest.0) stood at \(slowest.1), growing \(slowest.2) a year."
        case .pillarLevel(let pillar, let year, let level): "The \(pillar) sub-index stood at \(level) in \(year)"
        case .pillarGrowth(let growth): ", up \(growth) on the year"
        case .growthSlowed(let previous): ", slower than the year before (\(previous))"
        case .growthQuickened(let previous): ", faster than the year before (\(previous))"
        case .topTen(let period, let names):
            "In \(period) the \(names.count) leading regions were, in order: \(names.joined(separator: ", "))."
        case .tierCount(let tier, let count): "\(tier.lowercased()) \(count)"
        case .tiers(let method, let total, let tiers, let counts, let leaders):
            "\(Self.tierMethodEN(method)) the \(total) regions into \(tiers.count) tiers: \(counts.joined(separator: ", ")); the \(tiers.first?.lowercased() ?? "first") tier is \(leaders.joined(separator: ", "))."
        case .concentration(let tier, let count, let threshold, let shares):
            "The \(count) regions of the \(tier.lowercased()) tier hold over \(threshold) % of the national total of \(shares.count) second-level indicators: \(shares.map { "\($0.0) (\($0.1) %)" }.joined(separator: ", "))."
        case .profile(let score, let rank, let count, let tier):
            "Score \(score), rank \(rank) of \(count), tier: \(tier)."
        case .profileStrengths(let strengths):
            " Strengths: \(strengths.joined(separator: ", "))."
        case .profileGaps(let gaps): " Gaps: \(gaps.joined(separator: ", "))."
        case .standing(let rank, let tied, let count, let overall):
            tied > 1
                ? "rank \(rank) of \(count), shared by \(tied) regions; overall rank \(overall)"
                : "rank \(rank) of \(count); overall rank \(overall)"
        case .notEvaluated: "Not evaluated"
        case .southChinaSeaIslands: "South China Sea islands"
        case .strengthsRule(let margin):
            "Strengths: pillars or indicators where the region ranks at least \(margin) places above its overall rank and in the top half (a region near the top must be first outright). Gaps: at least \(margin) places below and in the bottom half. A tie counts at its last place for a strength and its first place for a gap, so a rank shared by many regions is neither."
        }
    }

    /// How the tiers were drawn, as the tier sentence opens in Chinese (natural breaks by default).
    static func tierMethodZH(_ method: TierMethod?) -> String {
        switch method {
        case .sizes?: "按既定梯队规模"
        case .thresholds?: "按得分阈值"
        default: "按自然断点法"
        }
    }

    /// How the tiers were drawn, as the tier sentence opens in English.
    static func tierMethodEN(_ method: TierMethod?) -> String {
        switch method {
        case .sizes?: "Fixed tier sizes divide"
        case .thresholds?: "Score thresholds divide"
        default: "Natural breaks divide"
        }
    }
}

extension ReportLanguage {
    /// A report message in this language.
    func text(_ message: ReportMessage) -> String { message.text(self) }
}

/// A text with one table per language: the type lists its messages as cases, `zh` and `en` are the
/// two tables (exhaustive switches, so a message missing in one language does not compile).
package protocol LocalisedMessage {
    var zh: String { get }
    var en: String { get }
}

extension LocalisedMessage {
    /// The message in a language.
    package func text(_ language: ReportLanguage) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}
