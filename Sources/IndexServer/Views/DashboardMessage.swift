import IndexCore
import IndexReport
import IndexStore

/// Every fixed text of the dashboard's pages, in one table per language.
///
/// A page names a message (`l.text(.downloadSVG)`, `l.text(.nationalRank(rank: 3, count: 31))`)
/// instead of writing a pair of strings where it is used, so the two languages are read and
/// reviewed side by side here, and a message missing in one language does not compile: ``zh`` and
/// ``en`` are exhaustive switches over the same cases. Names from data (units, indicators, tiers)
/// are not messages; they come with their own ``LocalisedText``.
enum DashboardMessage: Hashable, Sendable, LocalisedMessage {
    case overview
    case frameworkNav
    case upload
    case chooseRegions
    case compare
    case unknownRegions
    case scoresAndRanks
    case radars
    case nationalMedian
    case tooFewRegions
    case indexColumn
    case largestGap
    case overallRow
    case values
    case region
    case indicator
    case year
    case value
    case unit
    case status
    case source
    case definition
    case pageNotFound
    case requestRefused
    /// What a refused request's status means, for a reader (the error page's first line).
    case refusal(status: Int)
    case technicalDetail
    /// Above a table wider than its box (dashboard.js shows it only then).
    case scrollForMoreColumns
    case noSuchPage
    case backToOverview
    case noRegionMatches(String)
    case direction
    case higherIsBetter
    case lowerIsBetter
    case importedDatasets
    case dataset
    case valueCount
    case created
    case all
    case filter
    case previousPage
    case nextPage
    case pagerLabel
    case data
    case node
    case localWeight
    case effectiveWeight
    case ahpJudgementMatrices
    case matrixParent
    case ahp
    case surveyProvenance
    case survey
    case experts
    case frameworkAndWeights
    case tierSuffix
    case overallIndex
    case allSubIndices
    case regionalTiers
    case top10
    case builtInSource
    case sourcePrefix
    case downloadSVG
    case downloadPNG
    case chartData
    case downloadThisTable
    case yearPrefix
    case rank
    case score
    case overallRank
    case tier
    case rankSuffix
    /// What a regional score means, for min-max scores on `lower`–`upper` over `count` regions.
    case scoreMeaningMinMax(lower: String, upper: String, count: Int)
    /// What a regional score means, for any other normalisation.
    case scoreMeaning(count: Int)
    case scoreSuffix
    case scoreAndRankSuffix
    case goToRegion
    case jumpPlaceholder
    case go
    case skipToContent
    case mainNavigation
    case reported
    case estimated
    case synthetic
    case computingInBackground
    case robustness
    case listSeparator
    case levers
    case scoreAndRankByYear
    case trend
    case tierMean
    case subIndexScoresAndRanks
    case subIndex
    case subIndicesHeading
    case radarCaption
    case noStrengthsOrGaps
    case colon
    case strengthsAndGaps
    case strengths
    case gaps
    case dataAndSources
    case missing
    case regions
    case noRegionalEvaluation
    case tierMap
    case runs
    case options
    case noRuns
    case uploadIntroduction
    case datasetName
    case token
    case file
    case validate
    case importAndRun
    case uploadData
    case place
    case problem
    case uploadNothingStored
    case uploadConversions
    case uploadNotCovered
    case uploadDraftNote
    case uploadIllustrative
    case uploadWorking
    case templateDownload(period: String)
    case uploadReviewed(units: Int, values: Int, periods: String)
    case uploadIncomplete(count: Int)
    case uploadImported(dataset: String, run: Int64)
    case rowNumber(Int)
    case newRunHeading
    case newRunIntroduction
    case datasetVersion
    case moreOptions
    case startRun
    case exportRun
    case compareRunsHeading
    case compareRunsButton
    case fromRun
    case toRun
    case optionName(RunOptions.Key)
    case robustnessOfRun(Int64)
    case runAwaitingReview(by: String, at: String)
    case requestReview
    case reviewNote
    case robustnessIntroduction
    case robustnessSignIn
    case robustnessCaption(replications: Int, period: String, varied: String)
    case robustnessShift(shift: String, volatile: String)
    case nominalRank
    case medianRank
    case rankInterval

    // Messages with values.
    case compareTitle(period: String)
    case compareCaption(period: String)
    case valuesCaption(total: String, page: Int, pages: Int)
    case expertPanel(kendallW: String, chiSquare: String, pValue: String)
    case surveyRound(Int)
    case nationalIndexCard(year: String)
    case growthRateCard(from: String, to: String)
    case growthCard(year: String)
    case regionCount(Int)
    case runSource(run: Int64, dataset: String)
    case publishedBy(name: String, at: String)
    case runState
    case runShown(by: String, at: String)
    case runPublishedEarlier
    case runDraft
    case reviewHeading
    case reviewIntroduction
    case publishRun
    case withdrawPublication
    case runLabel
    case draftRun
    case rankUp(Int)
    case rankDown(Int)
    case tierMapTitle(period: String)
    case rankOnly(Int)
    case geometryNote(source: String)
    case versusPeriod(String)
    case rankingCaption(period: String)
    case periodSuffix(String)
    case scoreInPeriod(String)
    case nationalRank(rank: Int, count: Int)
    case robustnessSummary(replications: Int, median: Int, low: Int, high: Int)
    case alreadyInTopTier(unit: String, tier: String)
    case scoreByYear(unit: String)
    case provinceValuesCaption(unit: String, period: String)
    case leverToNextTier(now: String, target: String, unit: String, tier: String, step: String, gain: String)
    case leverInTopTier(now: String, step: String, gain: String)
    case leverAlone(now: String, unit: String, step: String, gain: String)
    case largestRankChanges(since: String)
    case topTenOverall(period: String)
    case topTen(node: String, period: String)
    case rankChangeTitle(from: String, to: String)
    case rankChangeCaption(from: String, to: String)
    case rankRose
    case rankFell
    case rankKept
    case radarOverlayTitle(period: String)
    case radarOverlayCaption
    // Signing in and the admin page.
    case runDiffTitle(from: Int64, to: Int64)
    case runDiffSummary(
        from: Int64,
        fromDataset: String,
        to: Int64,
        toDataset: String,
        changes: Int,
        ranks: Int,
        tiers: Int
    )
    case runDiffCaption(from: Int64, to: Int64)
    case runDiffNone
    case runDiffMore(shown: Int, all: Int)
    case compareWithPublished(Int64)
    case signIn
    case orSignIn
    case signOut
    case accountName
    case password
    case passwordOptional
    case signedInAs(name: String, role: String)
    case signInIntroduction(hours: Int)
    case signInScripts
    case signInRefused
    case signInLocked(minutes: Int)
    case signInFormStale
    case signInNoStore
    case formStale
    case roleName(Role)
    case adminNav
    case adminTitle
    case adminOnly(role: Role)
    case adminDone(String)
    case accountsHeading
    case roleLabel
    case liveTokens
    case noAccounts
    case addAccount
    case changeRole
    case removeAccount
    case tokensHeading
    case tokenLabel
    case sessionLabel
    case tokenState
    case tokenRevoked(at: String)
    case tokenExpires(at: String)
    case tokenLive
    case noLiveTokens
    case revokeToken
    case issueTokensHint
    case auditHeading(count: Int)
    case eventTime
    case eventActor
    case eventAction
    case eventSubject
    case eventAddress

    /// The Chinese table.
    var zh: String {
        switch self {
        case .overview: "概览"
        case .frameworkNav: "指标与权重"
        case .upload: "上传"
        case .chooseRegions: "选择 2—4 个地区"
        case .compare: "对比"
        case .unknownRegions: "未知地区："
        case .scoresAndRanks: "得分与名次"
        case .radars: "雷达图"
        case .nationalMedian: "全国中位数"
        case .tooFewRegions: "请至少选择两个地区。"
        case .indexColumn: "指数"
        case .largestGap: "最大差距"
        case .overallRow: "总指数"
        case .values: "数值"
        case .region: "地区"
        case .indicator: "指标"
        case .year: "年份"
        case .value: "数值"
        case .unit: "单位"
        case .status: "状态"
        case .source: "来源"
        case .definition: "定义"
        case .pageNotFound: "未找到页面"
        case .requestRefused: "请求未能完成"
        case .refusal(let status):
            switch status {
            case 401: "需要先登录（或提供令牌）才能完成此操作。"
            case 403: "当前账户没有完成此操作的权限。"
            case 405: "此地址不接受这种请求方式。"
            case 409: "此操作与当前状态冲突（例如已经发布或已被他人修改），请刷新后再试。"
            case 413: "提交的内容过大，未被接收。"
            case 429: "请求过于频繁，请稍后再试。"
            case 500..<600: "服务暂时无法完成此请求，请稍后再试；未作任何更改。"
            default: "请求的参数有误，未作任何更改。请检查地址中的地区、年份或选项。"
            }
        case .technicalDetail: "技术细节（英文）"
        case .scrollForMoreColumns: "左右滑动可查看更多列 →"
        case .noSuchPage: "没有这个页面：地区、年份或地址不存在。"
        case .backToOverview: "返回概览"
        case .noRegionMatches(let text): "没有找到名为「\(text)」的地区。请输入省份的中文或英文名称，例如“江苏”或“Jiangsu”。"
        case .direction: "方向"
        case .higherIsBetter: "正向（越高越好）"
        case .lowerIsBetter: "逆向（越低越好）"
        case .importedDatasets: "已导入的数据集"
        case .dataset: "数据集"
        case .valueCount: "数值个数"
        case .created: "时间"
        case .all: "全部"
        case .filter: "筛选"
        case .previousPage: "上一页"
        case .nextPage: "下一页"
        case .pagerLabel: "翻页"
        case .data: "数据"
        case .node: "节点"
        case .localWeight: "局部权重 %"
        case .effectiveWeight: "全局权重 %"
        case .ahpJudgementMatrices: "层次分析法判断矩阵"
        case .matrixParent: "判断矩阵（上级指标）"
        case .ahp: "层次分析法"
        case .surveyProvenance: "权重来源：专家调查"
        case .survey: "调查"
        case .experts: "专家"
        case .frameworkAndWeights: "指标体系与权重"
        case .tierSuffix: "梯队"
        case .overallIndex: "总指数"
        case .allSubIndices: "各项分指数"
        case .regionalTiers: "区域发展梯队"
        case .top10: "前 10 名"
        case .builtInSource: "内置框架与数据"
        case .sourcePrefix: "来源："
        case .downloadSVG: "下载 SVG"
        case .downloadPNG: "下载 PNG"
        case .chartData: "图表数据"
        case .downloadThisTable: "下载本表："
        case .yearPrefix: "年份："
        case .rank: "名次"
        case .score: "得分"
        case .overallRank: "排名"
        case .tier: "梯队"
        case .rankSuffix: "（名次）"
        case .scoreMeaningMinMax(let lower, let upper, let count):
            "得分的含义：每项指标在 \(count) 个地区中换算到 \(lower)–\(upper)（最弱的地区为 \(lower)，最强的为 \(upper)），再按权重加权合成。得分表示相对位置，不是绝对水平：\(lower) 分表示在各项指标上都居末位，不表示没有发展；同一梯队内相邻名次的得分往往相差很小。"
        case .scoreMeaning(let count):
            "得分的含义：各项指标标准化后按权重加权合成，越高越好；得分表示在 \(count) 个地区中的相对位置，不是绝对水平；同一梯队内相邻名次的得分往往相差很小。"
        case .scoreSuffix: "（得分）"
        case .scoreAndRankSuffix: "得分（名次）"
        case .goToRegion: "转到地区"
        case .jumpPlaceholder: "如：江苏"
        case .go: "前往"
        case .skipToContent: "跳到正文"
        case .mainNavigation: "主导航"
        case .reported: "公布值"
        case .estimated: "估计值"
        case .synthetic: "合成示意值"
        case .computingInBackground: "稳健性与提升抓手正在后台计算，请稍后刷新本页。"
        case .robustness: "稳健性"
        case .listSeparator: "、"
        case .levers: "提升抓手"
        case .scoreAndRankByYear: "历年得分与排名"
        case .trend: "走势"
        case .tierMean: "所在梯队均值"
        case .subIndexScoresAndRanks: "各分指数得分与名次"
        case .subIndex: "分指数"
        case .subIndicesHeading: "分指数"
        case .radarCaption: "各分指数与全国中位数、梯队均值"
        case .noStrengthsOrGaps: "无。"
        case .colon: "："
        case .strengthsAndGaps: "优势与短板"
        case .strengths: "相对优势"
        case .gaps: "相对短板"
        case .dataAndSources: "数据与来源"
        case .missing: "缺失"
        case .regions: "地区排名"
        case .noRegionalEvaluation: "这些结果没有区域评价。"
        case .tierMap: "梯队分布"
        case .runs: "运行记录"
        case .options: "选项"
        case .noRuns: "尚无运行记录：当前显示内置数据。"
        case .uploadIntroduction:
            "上传 CSV 或 XLSX（长表或宽表）：先校验并查看结果，确认后作为新版本导入并运行，成为待审核的草稿。需要分析员登录或令牌。"
        case .datasetName: "数据集名称"
        case .token: "令牌"
        case .file: "文件"
        case .validate: "校验"
        case .importAndRun: "确认导入并运行"
        case .uploadData: "上传数据"
        case .place: "位置"
        case .problem: "问题"
        case .uploadNothingStored: "✗ 未保存任何内容。发现的问题："
        case .uploadConversions: "读取时的转换与缺失"
        case .uploadNotCovered: "未覆盖的指标或基期"
        case .uploadDraftNote: "这是草稿：审核人在运行记录页发布后，读者才会看到。"
        case .uploadIllustrative: "数据标注为示意性（部分数值为合成）。"
        case .uploadWorking: "处理中"
        case .templateDownload(let period): "填报模板（框架全部指标的名称、单位与定义，期间 \(period)）："
        case .uploadReviewed(let units, let values, let periods):
            "✓ 校验通过，可以导入：\(units) 个单位、\(values) 个数值，期间 \(periods)。尚未保存任何内容。"
        case .uploadIncomplete(let count): "✗ 数据未覆盖全部指标或基期（\(count) 处），不能导入。"
        case .uploadImported(let dataset, let run): "✓ 已导入 \(dataset)，运行 #\(run)。"
        case .rowNumber(let row): "第 \(row) 行"
        case .newRunHeading: "新建运行"
        case .robustnessOfRun(let run): "运行 #\(run) 的排名稳健性"
        case .runAwaitingReview(let by, let at): "待审核（\(by) 于 \(at) 提交）"
        case .requestReview: "提交审核"
        case .reviewNote: "说明（改了什么、为什么）"
        case .robustnessIntroduction:
            "方法设定本身有不确定性：权重、归一化、聚合方法等同时随机变化（蒙特卡罗模拟），看每个地区的名次在多大范围内变动。区间越窄，名次越经得起追问。"
        case .robustnessSignIn: "计算稳健性需要分析员登录（或令牌）。"
        case .robustnessCaption(let replications, let period, let varied):
            "\(period) 年，\(replications) 次模拟；变化的设定：\(varied)"
        case .robustnessShift(let shift, let volatile): "名次平均变动 \(shift) 位；变动最大：\(volatile)。"
        case .nominalRank: "名次"
        case .medianRank: "中位名次"
        case .rankInterval: "90% 区间"
        case .newRunIntroduction:
            "在已导入的数据集版本上按所选方法运行；留空的选项沿用框架的设定。运行记录为草稿，审核人发布后读者才会看到。"
        case .datasetVersion: "数据集版本"
        case .moreOptions: "更多选项"
        case .startRun: "运行"
        case .exportRun: "导出"
        case .compareRunsHeading: "比较两个运行"
        case .compareRunsButton: "比较"
        case .fromRun: "从"
        case .toRun: "到"
        case .optionName(let key):
            switch key {
            case .period: "期间"
            case .normalise: "归一化"
            case .scale: "归一化区间"
            case .aggregate: "聚合"
            case .tiers: "梯队划分"
            case .impute: "缺失值插补"
            case .outliers: "异常值处理"
            case .weights: "权重"
            case .weightAlpha: "主观权重占比 α"
            case .weightCombination: "权重组合方式"
            case .minCoverage: "最低覆盖率"
            case .screen: "单位筛选"
            case .normalisationScope: "面板归一化范围"
            case .denominate: "按分母换算"
            case .ties: "并列名次"
            case .optimiseWeights: "权重优化"
            case .panelMode: "面板模式"
            case .weightsLevel: "客观赋权层级"
            }
        case .compareTitle(let period): "地区对比（\(period) 年）"
        case .compareCaption(let period): "\(period) 年得分（名次），差异最大的分项在前"
        case .valuesCaption(let total, let page, let pages): "数值（共 \(total) 个，第 \(page)/\(pages) 页）"
        case .expertPanel(let w, let chiSquare, let p): "专家打分：Kendall W = \(w)，χ² = \(chiSquare)，p = \(p)"
        case .surveyRound(let round): "第 \(round) 轮"
        case .nationalIndexCard(let year): "全国指数（\(year) 年）"
        case .growthRateCard(let from, let to): "年均增长率（\(from)—\(to)）"
        case .growthCard(let year): "\(year) 年同比增长"
        case .regionCount: "个地区"
        case .runSource(let run, let dataset): "运行 #\(run)（\(dataset)）"
        case .publishedBy(let name, let at): "，由 \(name) 于 \(at) 审核发布"
        case .runState: "状态"
        case .runShown(let by, let at): "已发布·读者所见（\(by)，\(at)）"
        case .runPublishedEarlier: "曾发布"
        case .runDraft: "草稿"
        case .reviewHeading: "审核与发布"
        case .reviewIntroduction:
            "读者看到的是审核人发布的运行；上传或新的运行在发布前只是草稿，分析员可附说明提交审核。发布需要审核人（或管理员）登录，或使用其令牌（iidei user token 姓名）；撤回当前发布后，读者重新看到此前发布的运行。"
        case .publishRun: "发布所选运行"
        case .withdrawPublication: "撤回当前发布"
        case .runLabel: "运行"
        case .draftRun: "，草稿：尚无审核发布的运行"
        case .rankUp(let places): "上升 \(places) 位"
        case .rankDown(let places): "下降 \(places) 位"
        case .tierMapTitle(let period): "\(period) 年区域发展梯队（点击进入各省页面）"
        case .rankOnly(let rank): "第 \(rank) 名"
        case .geometryNote(let source): "底图：\(source)（简化边界，非审图号标准地图）"
        case .versusPeriod(let period): "较 \(period) 年"
        case .rankingCaption(let period): "\(period) 年各地区得分与排名"
        case .periodSuffix(let period): "（\(period) 年）"
        case .scoreInPeriod(let period): "\(period) 年总指数"
        case .nationalRank(let rank, let count): "全国第 \(rank) 名（共 \(count) 个）"
        case .robustnessSummary(let replications, let median, let low, let high):
            "\(replications) 次模拟（权重、标准化、合成方法与梯队划分同时变化）：排名中位数 \(median)，90% 区间 \(low)—\(high)；梯队概率："
        case .alreadyInTopTier(let unit, let tier): "\(unit)已处于\(tier)梯队；以下指标对得分的边际贡献最大。"
        case .scoreByYear(let unit): "\(unit)历年得分"
        case .provinceValuesCaption(let unit, let period): "\(unit)各指标数值（\(period) 年）"
        case .leverToNextTier(let now, let target, _, let tier, let step, let gain):
            "：当前 \(now)，达到 \(target) 即可升入\(tier)梯队；每提高 \(step)，总分约增加 \(gain)。"
        case .leverInTopTier(let now, let step, let gain): "：当前 \(now)；每提高 \(step)，总分约增加 \(gain)。"
        case .leverAlone(let now, _, let step, let gain):
            "：当前 \(now)；仅提高这一项不足以升入上一梯队，每提高 \(step)，总分约增加 \(gain)。"
        case .largestRankChanges(let since): "与 \(since) 年相比排名变化最大的地区："
        case .topTenOverall(let period): "\(period) 年总指数前 10 名"
        case .topTen(let node, let period): "\(period) 年\(node)前 10 名"
        case .rankChangeTitle(let from, let to): "总指数排名变化（\(from)—\(to) 年）"
        case .rankChangeCaption(let from, let to):
            "各地区 \(from) 年（左）与 \(to) 年（右）的总指数名次；蓝线上升，橙线下降，灰线不变"
        case .rankRose: "名次上升"
        case .rankFell: "名次下降"
        case .rankKept: "名次不变"
        case .radarOverlayTitle(let period): "分项得分对比（\(period) 年）"
        case .radarOverlayCaption: "各地区分项得分叠加于同一雷达图，虚线为全国中位数"
        case .runDiffTitle(let from, let to): "运行 #\(from) 与 #\(to) 的差异"
        case .runDiffSummary(let from, let fromDataset, let to, let toDataset, let changes, let ranks, let tiers):
            "从运行 #\(from)（\(fromDataset)）到 #\(to)（\(toDataset)）：\(changes) 个得分有变化，其中 \(ranks) 个名次、\(tiers) 个梯队改变。先列总指数，再按框架顺序列各节点；同一节点内名次变化最大的在前。"
        case .runDiffCaption(let from, let to): "运行 #\(from) 与 #\(to) 的得分、名次与梯队"
        case .runDiffNone: "两次运行的得分、名次与梯队完全相同。"
        case .runDiffMore(let shown, let all): "仅列出前 \(shown) 项（共 \(all) 项）；完整差异见 JSON。"
        case .compareWithPublished(let run): "与已发布的 #\(run) 对比"
        case .signIn: "登录"
        case .orSignIn: "或先登录，无需令牌"
        case .signOut: "退出登录"
        case .accountName: "账户名"
        case .password: "密码"
        case .passwordOptional: "密码（可留空，至少 12 个字符）"
        case .signedInAs(let name, let role): "已登录：\(name)（\(role)）。"
        case .signInIntroduction(let hours):
            "登录后，分析员可上传数据和运行，审核人可发布，管理员可管理账户，无需在表单中粘贴令牌。登录在 \(hours) 小时后失效；退出登录即在所有服务器上失效。"
        case .signInScripts: "脚本和命令行仍使用 API 令牌（Authorization: Bearer …，由 iidei user token 签发）。"
        case .signInRefused: "账户名或密码不正确。"
        case .signInLocked(let minutes): "失败次数过多：此账户名或此地址请在 \(minutes) 分钟后再试。"
        case .signInFormStale: "登录表单已过期或并非来自本站，请重新提交。"
        case .signInNoStore: "此服务器没有数据库（--db），因此没有账户可以登录。"
        case .formStale: "此表单已过期（可能已退出或重新登录），未做任何更改；请刷新页面后再提交。"
        case .roleName(let role):
            switch role {
            case .reader: "读者"
            case .analyst: "分析员"
            case .reviewer: "审核人"
            case .admin: "管理员"
            }
        case .adminNav: "管理"
        case .adminTitle: "账户与审计日志"
        case .adminOnly(let role): "此页面仅供管理员使用；当前账户的角色为\(DashboardMessage.roleName(role).zh)。"
        case .adminDone(let what): "已完成：\(what)"
        case .accountsHeading: "账户"
        case .roleLabel: "角色"
        case .liveTokens: "有效令牌"
        case .noAccounts: "尚无账户：用 iidei user add 或下面的表单添加。"
        case .addAccount: "添加账户"
        case .changeRole: "更改角色"
        case .removeAccount: "删除账户"
        case .tokensHeading: "令牌与登录会话"
        case .tokenLabel: "令牌"
        case .sessionLabel: "登录会话"
        case .tokenState: "状态"
        case .tokenRevoked(let at): "已撤销（\(at)）"
        case .tokenExpires(let at): "有效至 \(at)"
        case .tokenLive: "有效，直至撤销"
        case .noLiveTokens: "没有有效的令牌。"
        case .revokeToken: "撤销令牌"
        case .issueTokensHint: "新令牌只显示一次，请在命令行签发：iidei user token 姓名 --role 角色。"
        case .auditHeading(let count): "审计日志（最近 \(count) 条）"
        case .eventTime: "时间"
        case .eventActor: "操作人"
        case .eventAction: "操作"
        case .eventSubject: "对象"
        case .eventAddress: "地址"
        }
    }

    /// The English table.
    var en: String {
        switch self {
        case .overview: "Overview"
        case .frameworkNav: "Framework"
        case .upload: "Upload"
        case .chooseRegions: "Choose two to four regions"
        case .compare: "Compare"
        case .unknownRegions: "Unknown regions: "
        case .scoresAndRanks: "Scores and ranks"
        case .radars: "Radar"
        case .nationalMedian: "National median"
        case .tooFewRegions: "Choose at least two regions."
        case .indexColumn: "Index"
        case .largestGap: "Largest gap"
        case .overallRow: "Overall"
        case .values: "Values"
        case .region: "Region"
        case .indicator: "Indicator"
        case .year: "Year"
        case .value: "Value"
        case .unit: "Unit"
        case .status: "Status"
        case .source: "Source"
        case .definition: "Definition"
        case .pageNotFound: "Page not found"
        case .requestRefused: "The request could not be completed"
        case .refusal(let status):
            switch status {
            case 401: "Sign in (or give a token) to do this."
            case 403: "This account may not do this."
            case 405: "This address does not take this kind of request."
            case 409:
                "This conflicts with the current state (published already, or changed by someone else); reload and try again."
            case 413: "What was sent is too large and was not accepted."
            case 429: "Too many requests; try again shortly."
            case 500..<600: "The service could not complete the request; try again shortly. Nothing was changed."
            default:
                "The request's parameters are wrong; nothing was changed. Check the region, year or options in the address."
            }
        case .technicalDetail: "Technical detail"
        case .scrollForMoreColumns: "Swipe sideways for more columns →"
        case .noSuchPage: "There is no such page: the region, year or address does not exist."
        case .backToOverview: "Back to the overview"
        case .noRegionMatches(let text):
            "No region is called “\(text)”. Type a province's name in Chinese or English, e.g. 江苏 or Jiangsu."
        case .direction: "Direction"
        case .higherIsBetter: "higher is better"
        case .lowerIsBetter: "lower is better"
        case .importedDatasets: "Imported datasets"
        case .dataset: "Dataset"
        case .valueCount: "Values"
        case .created: "Created"
        case .all: "All"
        case .filter: "Filter"
        case .previousPage: "Previous"
        case .nextPage: "Next"
        case .pagerLabel: "Pages"
        case .data: "Data"
        case .node: "Node"
        case .localWeight: "Local %"
        case .effectiveWeight: "Effective %"
        case .ahpJudgementMatrices: "AHP judgement matrices"
        case .matrixParent: "Matrix (parent)"
        case .ahp: "AHP"
        case .surveyProvenance: "Where the weights came from: surveys"
        case .survey: "Survey"
        case .experts: "experts"
        case .frameworkAndWeights: "Framework and weights"
        case .tierSuffix: " tier"
        case .overallIndex: "Index"
        case .allSubIndices: "Sub-indices"
        case .regionalTiers: "Regional tiers"
        case .top10: "Top 10"
        case .builtInSource: "the built-in framework and data"
        case .sourcePrefix: "Source: "
        case .downloadSVG: "Download SVG"
        case .downloadPNG: "Download PNG"
        case .chartData: "Chart data"
        case .downloadThisTable: "Download this table: "
        case .yearPrefix: "Year: "
        case .rank: "Rank"
        case .score: "Score"
        case .overallRank: "Rank"
        case .tier: "Tier"
        case .rankSuffix: " (rank)"
        case .scoreMeaningMinMax(let lower, let upper, let count):
            "What a score means: each indicator is rescaled over the \(count) regions to \(lower)–\(upper) (the weakest region \(lower), the strongest \(upper)) and the indicators are combined by their weights. A score is a relative position, not an absolute level: \(lower) means last on every indicator, not no development; neighbouring ranks within a tier are often close."
        case .scoreMeaning(let count):
            "What a score means: the indicators, normalised and combined by their weights, higher is better; a score is a position among the \(count) regions, not an absolute level; neighbouring ranks within a tier are often close."
        case .scoreSuffix: " (score)"
        case .scoreAndRankSuffix: " score (rank)"
        case .goToRegion: "Go to region"
        case .jumpPlaceholder: "e.g. Jiangsu"
        case .go: "Go"
        case .skipToContent: "Skip to content"
        case .mainNavigation: "Main"
        case .reported: "reported"
        case .estimated: "estimated"
        case .synthetic: "synthetic"
        case .computingInBackground: "Robustness and levers are being computed; reload this page in a moment."
        case .robustness: "Robustness"
        case .listSeparator: ", "
        case .levers: "Levers"
        case .scoreAndRankByYear: "Score and rank by year"
        case .trend: "Trend"
        case .tierMean: "Tier mean"
        case .subIndexScoresAndRanks: "Sub-index scores and ranks"
        case .subIndex: "Sub-index"
        case .subIndicesHeading: "Sub-indices"
        case .radarCaption: "Sub-indices against the national median and the tier mean"
        case .noStrengthsOrGaps: "None."
        case .colon: ": "
        case .strengthsAndGaps: "Strengths and gaps"
        case .strengths: "Strengths"
        case .gaps: "Gaps"
        case .dataAndSources: "Data and sources"
        case .missing: "missing"
        case .regions: "Regions"
        case .noRegionalEvaluation: "These results have no regional evaluation."
        case .tierMap: "Tier map"
        case .runs: "Runs"
        case .options: "Options"
        case .noRuns: "No runs yet: the built-in data are shown."
        case .uploadIntroduction:
            "Upload a CSV or XLSX (long or wide): validate it and read the result first, then import it as a new version and run it, a draft until a reviewer publishes it. An analyst's sign-in or token is required."
        case .datasetName: "Dataset name"
        case .token: "Token"
        case .file: "File"
        case .validate: "Validate"
        case .importAndRun: "Import and run"
        case .uploadData: "Upload data"
        case .place: "Where"
        case .problem: "Problem"
        case .uploadNothingStored: "✗ Nothing was stored. Problems found:"
        case .uploadConversions: "Values converted or read as missing"
        case .uploadNotCovered: "Indicators or base periods not covered"
        case .uploadDraftNote: "It is a draft: readers see it once a reviewer publishes it on the Runs page."
        case .uploadIllustrative: "The data are marked illustrative (some values synthetic)."
        case .uploadWorking: "Working"
        case .templateDownload(let period):
            "Template to fill in (every indicator of the framework with its name, unit and definition; period \(period)): "
        case .uploadReviewed(let units, let values, let periods):
            "✓ Valid, ready to import: \(units) units, \(values) values, periods \(periods). Nothing is stored yet."
        case .uploadIncomplete(let count):
            "✗ The data leave indicators or base periods uncovered (\(count)); they cannot be imported."
        case .uploadImported(let dataset, let run): "✓ Imported \(dataset) as run #\(run)."
        case .rowNumber(let row): "row \(row)"
        case .newRunHeading: "New run"
        case .robustnessOfRun(let run): "How robust the ranks of run #\(run) are"
        case .runAwaitingReview(let by, let at): "awaiting review (asked by \(by), \(at))"
        case .requestReview: "Request review"
        case .reviewNote: "Note (what changed, and why)"
        case .robustnessIntroduction:
            "The method's own choices are uncertain: weights, normalisation, aggregation and more are varied together at random (Monte Carlo), showing how far each region's rank moves. The narrower the interval, the better the rank stands up to questions."
        case .robustnessSignIn: "Computing robustness needs an analyst signed in (or a token)."
        case .robustnessCaption(let replications, let period, let varied):
            "\(period), \(replications) replications; varied: \(varied)"
        case .robustnessShift(let shift, let volatile): "Ranks move \(shift) places on average; most: \(volatile)."
        case .nominalRank: "Rank"
        case .medianRank: "Median rank"
        case .rankInterval: "90% interval"
        case .newRunIntroduction:
            "Run a stored dataset version with the methods chosen; an option left blank keeps the framework's. The run is recorded as a draft; readers see it once a reviewer publishes it."
        case .datasetVersion: "Dataset version"
        case .moreOptions: "More options"
        case .startRun: "Run"
        case .exportRun: "Export"
        case .compareRunsHeading: "Compare two runs"
        case .compareRunsButton: "Compare"
        case .fromRun: "From"
        case .toRun: "To"
        case .optionName(let key):
            switch key {
            case .period: "Period"
            case .normalise: "Normalisation"
            case .scale: "Normalised range"
            case .aggregate: "Aggregation"
            case .tiers: "Tiers"
            case .impute: "Imputation"
            case .outliers: "Outlier treatment"
            case .weights: "Weights"
            case .weightAlpha: "Share of derived weights α"
            case .weightCombination: "Weight combination"
            case .minCoverage: "Minimum coverage"
            case .screen: "Unit screening"
            case .normalisationScope: "Panel normalisation scope"
            case .denominate: "Denominate"
            case .ties: "Ties"
            case .optimiseWeights: "Weight optimisation"
            case .panelMode: "Panel mode"
            case .weightsLevel: "Level weighted objectively"
            }
        case .compareTitle(let period): "Compare regions, \(period)"
        case .compareCaption(let period): "Scores (ranks), \(period), largest differences first"
        case .valuesCaption(let total, let page, let pages): "Values (\(total) in all; page \(page) of \(pages))"
        case .expertPanel(let w, let chiSquare, let p): "Expert panel: Kendall's W = \(w), χ² = \(chiSquare), p = \(p)"
        case .surveyRound(let round): "round \(round)"
        case .nationalIndexCard(let year): "National index, \(year)"
        case .growthRateCard(let from, let to): "CAGR, \(from)–\(to)"
        case .growthCard(let year): "Growth in \(year)"
        case .regionCount(let count): count == 1 ? "region" : "regions"
        case .runSource(let run, let dataset): "run #\(run) (\(dataset))"
        case .publishedBy(let name, let at): ", reviewed and published by \(name) at \(at)"
        case .runState: "State"
        case .runShown(let by, let at): "published, what readers see (\(by), \(at))"
        case .runPublishedEarlier: "published before"
        case .runDraft: "draft"
        case .reviewHeading: "Review and publish"
        case .reviewIntroduction:
            "Readers see the run a reviewer published; an upload or a new run is a draft until then, and an analyst asks for its review with a note. Publishing needs a reviewer (or an admin) signed in, or their token (iidei user token NAME); taking the current publication back shows the run published before it."
        case .publishRun: "Publish the chosen run"
        case .withdrawPublication: "Take the current publication back"
        case .runLabel: "Run"
        case .draftRun: ", a draft: no run has been reviewed and published yet"
        case .rankUp(let places): "up \(places)"
        case .rankDown(let places): "down \(places)"
        case .tierMapTitle(let period): "Tiers, \(period) (select a region)"
        case .rankOnly(let rank): "rank \(rank)"
        case .geometryNote(let source): "Geometry: \(source) (simplified; not an approved standard map)"
        case .versusPeriod(let period): "vs \(period)"
        case .rankingCaption(let period): "Scores and ranks, \(period)"
        case .periodSuffix(let period): ", \(period)"
        case .scoreInPeriod(let period): "Score in \(period)"
        case .nationalRank(let rank, let count): "rank \(rank) of \(count)"
        case .robustnessSummary(let replications, let median, let low, let high):
            "\(replications) replications varying weights, normalisation, aggregation and tiers: median rank \(median), 90 % interval \(low)–\(high); tier probabilities: "
        case .alreadyInTopTier(let unit, let tier):
            "\(unit) is already in the \(tier) tier; these indicators add most to its score."
        case .scoreByYear(let unit): "\(unit): score by year"
        case .provinceValuesCaption(let unit, let period): "\(unit): values, \(period)"
        case .leverToNextTier(let now, let target, let unit, let tier, let step, let gain):
            ": now \(now); \(target) would lift \(unit) into the \(tier) tier; each \(step) more adds about \(gain) to the score."
        case .leverInTopTier(let now, let step, let gain):
            ": now \(now); each \(step) more adds about \(gain) to the score."
        case .leverAlone(let now, let unit, let step, let gain):
            ": now \(now); this indicator alone cannot lift \(unit) into the next tier; each \(step) more adds about \(gain) to the score."
        case .largestRankChanges(let since): "Largest rank changes since \(since): "
        case .topTenOverall(let period): "Top 10, \(period)"
        case .topTen(let node, let period): "\(node): top 10, \(period)"
        case .rankChangeTitle(let from, let to): "Overall rank, \(from)–\(to)"
        case .rankChangeCaption(let from, let to):
            "Each region's overall rank in \(from) (left) and \(to) (right); blue rose, orange fell, grey kept its place"
        case .rankRose: "Rank rose"
        case .rankFell: "Rank fell"
        case .rankKept: "Rank kept"
        case .radarOverlayTitle(let period): "Pillar scores, \(period)"
        case .radarOverlayCaption: "The regions' pillar scores on one radar; the dashed line is the national median"
        case .runDiffTitle(let from, let to): "Run #\(from) against #\(to)"
        case .runDiffSummary(let from, let fromDataset, let to, let toDataset, let changes, let ranks, let tiers):
            "From run #\(from) (\(fromDataset)) to #\(to) (\(toDataset)): \(changes) scores changed, \(ranks) ranks and \(tiers) tiers with them. The index comes first, then each node in the framework's order; within a node, the largest rank changes first."
        case .runDiffCaption(let from, let to): "Scores, ranks and tiers: run #\(from) and #\(to)"
        case .runDiffNone: "The two runs have the same scores, ranks and tiers."
        case .runDiffMore(let shown, let all): "The first \(shown) of \(all) changes; the JSON has them all."
        case .compareWithPublished(let run): "against the published #\(run)"
        case .signIn: "Sign in"
        case .orSignIn: "or sign in, and no token is needed"
        case .signOut: "Sign out"
        case .accountName: "Account name"
        case .password: "Password"
        case .passwordOptional: "Password (may be left empty; at least 12 characters)"
        case .signedInAs(let name, let role): "Signed in as \(name) (\(role))."
        case .signInIntroduction(let hours):
            "Signed in, an analyst can upload data and run, a reviewer publish and an admin manage accounts without pasting a token into a form. A sign-in lasts \(hours) hours; signing out ends it on every server."
        case .signInScripts:
            "Scripts and the command line keep using API tokens (Authorization: Bearer …, issued by iidei user token)."
        case .signInRefused: "The account name or the password is wrong."
        case .signInLocked(let minutes):
            "Too many failed attempts: try this name or from this address again in \(minutes) minutes."
        case .signInFormStale: "The sign-in form had expired or did not come from this site; please send it again."
        case .signInNoStore: "This server has no database (--db), so there are no accounts to sign in to."
        case .formStale:
            "This form had expired (you may have signed out or in again) and nothing was changed; reload the page and send it again."
        case .roleName(let role): role.rawValue
        case .adminNav: "Admin"
        case .adminTitle: "Accounts and audit log"
        case .adminOnly(let role): "This page is for admins; this account's role is \(role.rawValue)."
        case .adminDone(let what): "Done: \(what)"
        case .accountsHeading: "Accounts"
        case .roleLabel: "Role"
        case .liveTokens: "Live tokens"
        case .noAccounts: "No accounts yet: add one with iidei user add or the form below."
        case .addAccount: "Add an account"
        case .changeRole: "Change the role"
        case .removeAccount: "Remove the account"
        case .tokensHeading: "Tokens and sign-in sessions"
        case .tokenLabel: "Token"
        case .sessionLabel: "sign-in session"
        case .tokenState: "State"
        case .tokenRevoked(let at): "revoked (\(at))"
        case .tokenExpires(let at): "live until \(at)"
        case .tokenLive: "live until revoked"
        case .noLiveTokens: "No live tokens."
        case .revokeToken: "Revoke the token"
        case .issueTokensHint:
            "A new token is shown once, so tokens are issued on the command line: iidei user token NAME --role ROLE."
        case .auditHeading(let count): "Audit log (newest \(count))"
        case .eventTime: "Time"
        case .eventActor: "Who"
        case .eventAction: "Action"
        case .eventSubject: "On"
        case .eventAddress: "Address"
        }
    }
}

extension ReportLanguage {
    /// A dashboard message in this language.
    func text(_ message: DashboardMessage) -> String { message.text(self) }
}
