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
    // The chapters of a report shaped like the 2024 report.
    case illustrativeNote
    case preface
    case defaultPreface(index: String, span: String?, regions: Int, period: String?)
    case background
    /// `indicators`: each evaluation's name and its number of indicators (one evaluation: no name said).
    case defaultBackground(index: String, pillars: [String], secondLevel: Int, indicators: [(String, Int)])
    case methodChapter
    case frameworkPart
    case weightsPart
    case pillarWeights(evaluation: String, [(String, String)])
    case weightsFromAHP(panel: Bool, alpha: String)
    case weightsStated
    case computationPart
    case nationalFormula(base: String)
    case regionalFormula(regions: Int, normalisation: String, tierMethod: TierMethod)
    case appendixNumbered(Int, String)
    case normalisationMinMax(lower: String, upper: String)
    case normalisationNamed(String)
    case scoreMeaning(regions: Int, lower: String, upper: String)
    case sourcesPart
    case sourcesCaption
    case source
    case valueCount
    case realValues
    case syntheticValues
    case nationalFinding(index: String, end: String, growthRate: String)
    case pillarFinding(pillar: String, level: String, growth: String?)
    case contributions(year: String, parts: [(String, String)])
    case leadingChild(parent: String, child: String, share: String)
    case regionalFinding(regions: Int, tiers: Int, leader: String)
    case allRegionsCaption(year: String)
    case rank
    case score
    case tier
    case tierFinding(tier: String, count: Int, low: String, high: String)
    case tierMembers(tier: String, members: [String], low: String, high: String, mean: String, spread: String)
    case tierApart(pillar: String, tierMean: String, othersMean: String)
    case tierDistinct([(String, [String])], margin: Int)
    case pillarRank(pillar: String, rank: Int)
    case outlook
    case defaultOutlook(slowest: String, growthRate: String, first: String, last: String, gap: String)
    case appendix
    case ahpAppendix
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
    /// `above`: places above the overall rank (negative: below).
    case standing(rank: Int, tied: Int, above: Int)
    /// The overall rank, said once above a unit's strengths and gaps.
    case overallStanding(rank: Int, count: Int)
    /// What makes a strength or a gap (``StrengthsAndGaps``).
    case strengthsRule(margin: Int)
    /// A region on a map that the evaluation does not cover.
    case notEvaluated
    case southChinaSeaIslands
    /// A map's inset named below the map, where its title would not fit above it.
    case insetNamed(String)

    /// The Chinese table.
    var zh: String {
        switch self {
        case .illustrativeNote: "数据仅为示意：公开数据为真实值，其余为合成示意值（见各数值的状态），仅供参考。"
        case .preface: "前言"
        case .defaultPreface(let index, let span, let regions, let period):
            "本报告依据\(index)评价体系，"
                + (span.map { "测算了\($0)全国\(index)，" } ?? "")
                + (period.map { "并对 \($0) 年 \(regions) 个省（区、市）的发展成效进行评价、划分梯队，" } ?? "")
                + "报告中的每一个数值均由数据按公开的方法计算得出，可追溯至其来源。"
        case .background: "发展背景"
        case .defaultBackground(let index, let pillars, let secondLevel, let indicators):
            "\(index)从\(pillars.joined(separator: "、"))\(pillars.count) 个方面衡量发展成效，下设 \(secondLevel) 项二级指标"
                + (indicators.count == 1
                    ? "和 \(indicators[0].1) 项三级指标。"
                    : "；三级指标按评价对象分设，"
                        + indicators.map { "\($0.0)含 \($0.1) 项" }.joined(separator: "、") + "。")
                + "全国指数反映整体发展进程，区域指数反映各省份的相对位置与差距。"
        case .methodChapter: "评价体系与指数测算"
        case .frameworkPart: "评价体系"
        case .weightsPart: "权重设计"
        case .pillarWeights(let evaluation, let pillars):
            "\(evaluation)的一级指标权重为：\(pillars.map { "\($0.0) \($0.1)%" }.joined(separator: "、"))。"
        case .weightsFromAHP(let panel, let alpha):
            panel
                ? "权重先由层次分析法（AHP）确定初始值，再由专家对三级指标打分修正，两者按 α = \(alpha) 组合。"
                : "权重由层次分析法（AHP）确定。"
        case .weightsStated: "权重按评价体系中给定的数值。"
        case .computationPart: "指数测算"
        case .nationalFormula(let base):
            "全国指数以 \(base) 年为基期（= 100）：各三级指标 X = 100 × 当年值 ÷ 基期值，再逐级加权求和得到二级、一级指数和总指数。"
        case .regionalFormula(let regions, let normalisation, let tierMethod):
            "区域指数：各三级指标在 \(regions) 个省份之间无量纲化（\(normalisation)），再逐级加权求和；\(Self.tierMethodZH(tierMethod))划分梯队。"
        case .appendixNumbered(let number, let title): "附录\(ReportComposer.numeral(number)) \(title)"
        case .normalisationMinMax(let lower, let upper):
            "最小—最大值法，映射到 \(lower)—\(upper)：Z = \(lower) + (\(upper) − \(lower)) × (Y − 最小值) ÷ (最大值 − 最小值)，逆向指标以 (最大值 − Y) 代替 (Y − 最小值)"
        case .normalisationNamed(let name): "方法：\(name)"
        case .scoreMeaning(let regions, let lower, let upper):
            "得分的含义：\(upper) 表示在每项指标上都是 \(regions) 个省份中的最高值，\(lower) 表示都是最低值；得分反映相对位置而非绝对水平，同一梯队内名次相邻的省份得分往往相差很小。"
        case .sourcesPart: "数据来源"
        case .sourcesCaption: "数据来源及数值个数"
        case .source: "来源"
        case .valueCount: "数值个数"
        case .realValues: "公开数据"
        case .syntheticValues: "合成示意值"
        case .nationalFinding(let index, let end, let growthRate): "\(index)提升至 \(end)，年均增长 \(growthRate)"
        case .pillarFinding(let pillar, let level, let growth):
            "\(pillar)指数达 \(level)" + (growth.map { "，同比增长 \($0)" } ?? "")
        case .contributions(let year, let parts):
            "\(year) 年，各一级指标对总指数增长的贡献率为：\(parts.map { "\($0.0) \($0.1)%" }.joined(separator: "、"))。"
        case .leadingChild(let parent, let child, let share): "\(parent)的增长中，\(child)贡献最大，贡献率为 \(share)%。"
        case .regionalFinding(let regions, let tiers, let leader): "\(regions) 个省份形成 \(tiers) 个梯队，\(leader)居首"
        case .allRegionsCaption(let year): "\(year)各省份指数得分、排名与梯队"
        case .rank: "排名"
        case .score: "得分"
        case .tier: "梯队"
        case .tierFinding(let tier, let count, let low, let high): "\(tier)梯队：\(count) 个省份，得分 \(low)—\(high)"
        case .tierMembers(let tier, let members, let low, let high, let mean, let spread):
            "\(tier)梯队包括\(members.joined(separator: "、"))（按得分排序），总指数在 \(low)—\(high) 之间，平均 \(mean)，梯队内首尾相差 \(spread)。"
        case .tierApart(let pillar, let tierMean, let othersMean):
            "与其他省份相比，该梯队在\(pillar)上差别最大（梯队平均 \(tierMean)，其余省份平均 \(othersMean)）。"
        case .tierDistinct(let members, let margin):
            "按本报告的相对优势规则（一级指标名次比总排名至少高 \(margin) 位且居前一半；总排名靠前的省份取其独占第 1 名的一级指标），各省份的相对优势为："
                + members.map { "\($0.0)——\($0.1.joined(separator: "、"))" }.joined(separator: "；") + "。"
        case .pillarRank(let pillar, let rank): "\(pillar)（第 \(rank) 名）"
        case .outlook: "展望"
        case .defaultOutlook(let slowest, let growthRate, let first, let last, let gap):
            "从测算结果看，\(slowest)年均增长 \(growthRate)，增长最慢，是下一阶段需要着力补齐的方面；"
                + "区域之间，\(first)梯队与\(last)梯队平均得分相差 \(gap)，缩小区域差距仍是重要任务。"
        case .appendix: "附录"
        case .ahpAppendix: "层次分析法判断矩阵与专家打分"
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
        case .unchangedRanks(let count, let since): "\(count) 个省份排名与 \(since) 年相同，其余省份的变化见下表。"
        case .profilesAppendix(let period): "各省份画像（\(period) 年）"
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
            "\(Self.tierMethodZH(method))，\(total) 个省份分为 \(tiers.count) 个梯队：\(counts.joined(separator: "、"))；\(tiers.first ?? "")梯队为\(leaders.joined(separator: "、"))（按得分排序）。"
        case .concentration(let tier, let count, let threshold, let shares):
            "\(tier)梯队 \(count) 个地区在 \(shares.count) 个二级指标上占全国总量的 \(threshold)% 以上：\(shares.map { "\($0.0)（\($0.1)%）" }.joined(separator: "、"))。"
        case .profile(let score, let rank, let count, let tier): "总指数 \(score)，居全国第 \(rank) 位（共 \(count) 个），属\(tier)梯队。"
        case .profileStrengths(let strengths): "相对优势：\(strengths.joined(separator: "、"))。"
        case .profileGaps(let gaps): "相对短板：\(gaps.joined(separator: "、"))。"
        case .standing(let rank, let tied, let above):
            (tied > 1 ? "并列第 \(rank) 名（\(tied) 个地区）" : rank == 1 ? "独占第 1 名" : "第 \(rank) 名")
                + (above > 0 ? "，高于总排名 \(above) 位" : above < 0 ? "，低于总排名 \(-above) 位" : "")
        case .overallStanding(let rank, let count): "总排名：\(count) 个地区中第 \(rank) 名。"
        case .notEvaluated: "未参评"
        case .southChinaSeaIslands: "南海诸岛"
        case .insetNamed(let name): "右下小图：\(name)"
        case .strengthsRule(let margin):
            "相对优势：名次比本地区总排名至少高 \(margin) 位且居前一半的分指数或指标（总排名靠前的地区须独占第 1 名）；相对短板：名次比总排名至少低 \(margin) 位且居后一半。并列名次计优势时按并列的最后一名、计短板时按并列的第一名，因此许多地区并列的名次既不是优势也不是短板。"
        }
    }

    /// The English table.
    var en: String {
        switch self {
        case .illustrativeNote:
            "Illustrative data: real figures where public, synthetic values elsewhere (see each value's status)."
        case .preface: "Preface"
        case .defaultPreface(let index, let span, let regions, let period):
            "This report applies the \(index) framework: "
                + (span.map { "it computes the national index for \($0)" } ?? "it computes the index")
                + (period.map { " and evaluates and tiers \(regions) regions in \($0)" } ?? "")
                + ". Every number in it is computed from the data by the published method and can be traced to its source."
        case .background: "Background"
        case .defaultBackground(let index, let pillars, let secondLevel, let indicators):
            "The \(index) measures development in \(pillars.count) areas (\(pillars.joined(separator: ", "))), with \(secondLevel) second-level indicators"
                + (indicators.count == 1
                    ? " and \(indicators[0].1) third-level indicators. "
                    : "; the third-level indicators differ by what is evaluated: "
                        + indicators.map { "\($0.1) in the \($0.0)" }.joined(separator: ", ") + ". ")
                + "The national index follows the whole country over time; the regional index shows where each region stands and how far apart they are."
        case .methodChapter: "Framework and computation"
        case .frameworkPart: "The framework"
        case .weightsPart: "Weights"
        case .pillarWeights(let evaluation, let pillars):
            " The pillars' weights in the \(evaluation): \(pillars.map { "\($0.0) \($0.1) %" }.joined(separator: ", "))."
        case .weightsFromAHP(let panel, let alpha):
            panel
                ? "The analytic hierarchy process (AHP) gives the initial weights; an expert panel's scores of the third-level indicators revise them, combined with α = \(alpha)."
                : "The weights come from the analytic hierarchy process (AHP)."
        case .weightsStated: "The weights are those stated in the framework."
        case .computationPart: "Computation"
        case .nationalFormula(let base):
            "National index, base year \(base) = 100: each third-level indicator becomes X = 100 × value ÷ base-year value; weighted sums give the second-level, pillar and overall indices."
        case .regionalFormula(let regions, let normalisation, let tierMethod):
            "Regional index: each third-level indicator is made comparable across the \(regions) regions (\(normalisation)), then weighted sums are taken level by level; \(Self.tierMethodEN(tierMethod).lowercased()) them into tiers."
        case .appendixNumbered(let number, let title): "Appendix \(number): \(title)"
        case .normalisationMinMax(let lower, let upper):
            "min-max onto \(lower)–\(upper): Z = \(lower) + (\(upper) − \(lower)) × (Y − min) ÷ (max − min), with (max − Y) for (Y − min) where less is better"
        case .normalisationNamed(let name): "method: \(name)"
        case .scoreMeaning(let regions, let lower, let upper):
            "What a score means: \(upper) would be the highest value of the \(regions) regions on every indicator, \(lower) the lowest on every one; a score is a relative position, not an absolute level, and neighbours in rank within a tier are often close."
        case .sourcesPart: "Data sources"
        case .sourcesCaption: "Data sources and number of values"
        case .source: "Source"
        case .valueCount: "Values"
        case .realValues: "published"
        case .syntheticValues: "synthetic (illustrative)"
        case .nationalFinding(let index, let end, let growthRate):
            "The \(index) rose to \(end), \(growthRate) a year"
        case .pillarFinding(let pillar, let level, let growth):
            "\(pillar) reached \(level)" + (growth.map { ", up \($0) on the year" } ?? "")
        case .contributions(let year, let parts):
            "Contributions of the pillars to the index's increase in \(year): \(parts.map { "\($0.0) \($0.1) %" }.joined(separator: ", "))."
        case .leadingChild(let parent, let child, let share):
            " Within \(parent), \(child) contributed most (\(share) %)."
        case .regionalFinding(let regions, let tiers, let leader):
            "\(regions) regions in \(tiers) tiers, led by \(leader)"
        case .allRegionsCaption(let year): "Scores, ranks and tiers of every region, \(year)"
        case .rank: "Rank"
        case .score: "Score"
        case .tier: "Tier"
        case .tierFinding(let tier, let count, let low, let high): "\(tier): \(count) regions scoring \(low)–\(high)"
        case .tierMembers(let tier, let members, let low, let high, let mean, let spread):
            "The \(tier.lowercased()) tier is \(members.joined(separator: ", ")) (by score), scoring \(low)–\(high), mean \(mean); first and last are \(spread) apart."
        case .tierApart(let pillar, let tierMean, let othersMean):
            " It differs most from the other regions in \(pillar) (tier mean \(tierMean), others \(othersMean))."
        case .tierDistinct(let members, let margin):
            " Each member's strengths by the report's rule (pillars ranked at least \(margin) places above its overall rank and in the top half; for a leading region, pillars where it is first outright): "
                + members.map { "\($0.0): \($0.1.joined(separator: ", "))" }.joined(separator: "; ") + "."
        case .pillarRank(let pillar, let rank): "\(pillar) (rank \(rank))"
        case .outlook: "Outlook"
        case .defaultOutlook(let slowest, let growthRate, let first, let last, let gap):
            "\(slowest) grew slowest, \(growthRate) a year: the area to strengthen next. "
                + "Between regions, the \(first.lowercased()) and \(last.lowercased()) tiers' mean scores are \(gap) apart; narrowing that gap remains the task."
        case .appendix: "Appendix"
        case .ahpAppendix: "AHP judgement matrices and the expert panel"
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
        case .unchangedRanks(let count, let since):
            "\(count) regions hold their \(since) rank; the others are in the table below."
        case .profilesAppendix(let period): "Province profiles, \(period)"
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
        case .standing(let rank, let tied, let above):
            (tied > 1 ? "rank \(rank), shared by \(tied) regions" : rank == 1 ? "first outright" : "rank \(rank)")
                + (above > 0
                    ? ", \(above) place\(above == 1 ? "" : "s") above the overall rank"
                    : above < 0 ? ", \(-above) place\(above == -1 ? "" : "s") below the overall rank" : "")
        case .overallStanding(let rank, let count): "Overall rank: \(rank) of \(count)."
        case .notEvaluated: "Not evaluated"
        case .southChinaSeaIslands: "South China Sea islands"
        case .insetNamed(let name): "Inset, bottom right: \(name)"
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

    /// The illustrative-data note in this language, as the report prints it: for every page and
    /// download that shows illustrative values in one language (the command line prints the
    /// bilingual `Dataset.illustrativeNote`).
    public var illustrativeNote: String { text(.illustrativeNote) }
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
