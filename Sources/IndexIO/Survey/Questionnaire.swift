import Foundation
public import IndexCore

/// What a questionnaire shows beside each score in a later Delphi round: the group's view of the
/// previous round (anonymous) and the expert's own previous answers.
public struct QuestionnaireFeedback: Sendable, Hashable {
    public var previousRound: DelphiRoundStatistics?
    public var previousAnswers: SurveyAnswers?
    /// The expert's answers so far in this round: a questionnaire issued again keeps them.
    public var currentAnswers: SurveyAnswers?

    public init(
        previousRound: DelphiRoundStatistics? = nil,
        previousAnswers: SurveyAnswers? = nil,
        currentAnswers: SurveyAnswers? = nil
    ) {
        self.previousRound = previousRound
        self.previousAnswers = previousAnswers
        self.currentAnswers = currentAnswers
    }
}

/// A survey's questionnaire as an XLSX workbook, written and read back.
///
/// Instructions in Chinese and English, a sheet per node with the pairs to judge, and a sheet of
/// indicators to score; read back as the expert returns it.
///
/// Cells the reader relies on: `B1:B3` of the first sheet (survey, expert, round); `A1`/`B1` of a node
/// sheet (`node`, the node key); from row 4 of a node sheet, the pair's ids in columns A and C and the
/// judgement in column E; from row 2 of the scores sheet, the indicator id in A and the score in D.
public enum Questionnaire {
    public static let instructionsSheet = "说明 Instructions"
    public static let scoresSheet = "打分 Scores"
    static let firstPairRow = 4

    /// The workbook for one expert.
    public static func workbook(
        survey: String,
        expert: String,
        round: Int,
        design: SurveyDesign,
        feedback: QuestionnaireFeedback = QuestionnaireFeedback()
    ) -> Workbook {
        var about: [[Cell]] = [
            [.text("survey 调查"), .text(survey)], [.text("expert 专家"), .text(expert)],
            [.text("round 轮次"), .number(Double(round))],
            [],
            [.text("填写说明")],
            [.text("1. 每个判断矩阵一张工作表：在 E 列填写“前者相对后者”的重要程度，用 1–9 标度或其倒数（如 3 或 1/3）；不确定的可留空，系统按 Harker 方法补全。")],
            [
                .text(
                    "2. 在“打分 Scores”表的 D 列为每个指标打分，分值范围 \(plain(design.scale.lower))–\(plain(design.scale.upper))，\(plain(design.scale.fullScore)) 为满分。"
                )
            ],
            [.text("3. 一致性比率 CR ≥ 0.10 的矩阵会被标出，并给出最需要重新考虑的判断及建议值。")],
            [.text("Instructions")],
            [
                .text(
                    "1. One sheet per judgement matrix: in column E, say how much more important the first item is than the second, on Saaty's 1–9 scale or its reciprocals (3, or 1/3). Leave a pair empty if unsure: it is completed by Harker's method."
                )
            ],
            [
                .text(
                    "2. On the sheet “打分 Scores”, score every indicator in column D from \(plain(design.scale.lower)) to \(plain(design.scale.upper)) (\(plain(design.scale.fullScore)) is the full score)."
                )
            ],
            [
                .text(
                    "3. A matrix with consistency ratio CR ≥ 0.10 is flagged with the judgement to revisit and a suggested value."
                )
            ],
            [],
            [.text("标度 scale"), .text("含义"), .text("meaning")],
        ]
        for step in SaatyScale.verbal {
            about.append([.number(Double(step.value)), .text(step.label.zh), .text(step.label.en)])
        }
        about.append([
            .text("1/2 … 1/9"), .text("后者比前者重要（上述标度的倒数）"), .text("the second is more important (reciprocals)"),
        ])
        var sheets = [Sheet(name: instructionsSheet, rows: about)]
        for node in design.nodes {
            var rows: [[Cell]] = [
                [.text("node"), .text(node.key)],
                [.text("name 名称"), .text(node.name.zh), .text(node.name.en)],
                [
                    .text("first 前者"), .text("name 名称"), .text("second 后者"), .text("name 名称"),
                    .text("judgement 判断 (1/9 … 9)"), .text("previous 上轮"), .empty, .text("标度 scale"), .text("含义"),
                    .text("meaning"),
                ],
            ]
            func entry(_ matrix: [[Double?]]?, _ i: Int, _ j: Int) -> Cell {
                guard let matrix, matrix.indices.contains(i), matrix[i].indices.contains(j), let value = matrix[i][j]
                else {
                    return .empty
                }
                return .text(SaatyScale.label(value))
            }
            // The verbal scale beside the pairs (columns H–J), so each sheet reads on its own.
            let scale: [[Cell]] =
                SaatyScale.verbal.reversed().map {
                    [.number(Double($0.value)), .text($0.label.zh), .text($0.label.en)]
                }
                + [[.text("1/2 … 1/9"), .text("后者比前者重要（倒数）"), .text("the second is more important (reciprocals)")]]
            let pairs = node.pairs
            for row in 0..<max(pairs.count, scale.count) {
                var cells: [Cell] = [.empty, .empty, .empty, .empty, .empty, .empty]
                if row < pairs.count {
                    let (i, j) = pairs[row]
                    cells = [
                        .text(node.children[i]), .text("\(node.childNames[i].zh) \(node.childNames[i].en)"),
                        .text(node.children[j]), .text("\(node.childNames[j].zh) \(node.childNames[j].en)"),
                        entry(feedback.currentAnswers?.judgements[node.key], i, j),
                        entry(feedback.previousAnswers?.judgements[node.key], i, j),
                    ]
                }
                rows.append(cells + [.empty] + (row < scale.count ? scale[row] : []))
            }
            sheets.append(Sheet(name: node.key, rows: rows))
        }
        if !design.indicators.isEmpty {
            var rows: [[Cell]] = [
                [
                    .text("indicator 指标"), .text("名称"), .text("name"),
                    .text("score 分数 (\(plain(design.scale.lower))–\(plain(design.scale.upper)))"), .text("previous 上轮"),
                    .text("group median 中位数"), .text("Q1 下四分位"), .text("Q3 上四分位"), .text("CV 变异系数"),
                ]
            ]
            for indicator in design.indicators {
                let group = feedback.previousRound?.indicator(indicator.id)
                var row: [Cell] = [
                    .text(indicator.id), .text(indicator.name.zh), .text(indicator.name.en),
                    feedback.currentAnswers?.scores[indicator.id].map(Cell.number) ?? .empty,
                ]
                row.append(feedback.previousAnswers?.scores[indicator.id].map(Cell.number) ?? .empty)
                if let group {
                    row += [
                        .number(group.median), .number(group.lowerQuartile), .number(group.upperQuartile),
                        .number(rounded(group.cv)),
                    ]
                }
                rows.append(row)
            }
            sheets.append(Sheet(name: scoresSheet, rows: rows))
        }
        return Workbook(sheets: sheets)
    }

    /// Reads a returned questionnaire.
    ///
    /// - Throws: ``IndexErrors`` naming the file, sheet and cell of every problem: a questionnaire of
    ///   another survey, expert or round, an unknown node or pair, an entry that is not on Saaty's scale,
    ///   a score that is not a number or is outside the panel's scale.
    public static func read(
        _ workbook: Workbook,
        file: String,
        survey: String,
        expert: String,
        round: Int,
        design: SurveyDesign
    ) throws -> SurveyAnswers {
        var problems: [IndexError] = []
        func problem(_ text: String, sheet: String, row: Int, column: Int) {
            problems.append(IndexError(text, file: file, sheet: sheet, line: row, column: column))
        }
        func cell(_ sheet: Sheet, _ row: Int, _ column: Int) -> Cell {
            sheet.rows.indices.contains(row - 1) && sheet.rows[row - 1].indices.contains(column - 1)
                ? sheet.rows[row - 1][column - 1] : .empty
        }
        guard let about = workbook.sheet(named: instructionsSheet) else {
            throw IndexError(
                "not a questionnaire of survey '\(survey)': there is no sheet '\(instructionsSheet)'",
                file: file
            )
        }
        let named = cell(about, 1, 2).text
        guard named == survey else {
            throw IndexError(
                "this questionnaire is from survey '\(named)', not '\(survey)'",
                file: file,
                sheet: instructionsSheet,
                line: 1,
                column: 2
            )
        }
        let owner = cell(about, 2, 2).text
        guard owner == expert else {
            throw IndexError(
                "this questionnaire is expert '\(owner)'s, not '\(expert)'s",
                file: file,
                sheet: instructionsSheet,
                line: 2,
                column: 2
            )
        }
        let stated = Int(cell(about, 3, 2).text) ?? 0
        guard stated == round else {
            throw IndexError(
                "this questionnaire is for round \(stated), but round \(round) is open",
                file: file,
                sheet: instructionsSheet,
                line: 3,
                column: 2
            )
        }
        var answers = SurveyAnswers()
        for sheet in workbook.sheets where cell(sheet, 1, 1).text == "node" {
            // Answer sheets are picked by their content, not named: a hidden one would count answers
            // the expert no longer sees.
            guard !sheet.isHidden else {
                problem(
                    "the answer sheet is hidden in the workbook: unhide it (its answers would count) or delete it",
                    sheet: sheet.name,
                    row: 1,
                    column: 1
                )
                continue
            }
            let key = cell(sheet, 1, 2).text
            guard let node = design.node(key) else {
                problem("node '\(key)' is not in survey '\(survey)'", sheet: sheet.name, row: 1, column: 2)
                continue
            }
            let n = node.children.count
            var matrix = [[Double?]](repeating: [Double?](repeating: nil, count: n), count: n)
            for i in 0..<n { matrix[i][i] = 1 }
            for row in firstPairRow...max(firstPairRow, sheet.rows.count) {
                let first = cell(sheet, row, 1).text
                let second = cell(sheet, row, 3).text
                let entry = cell(sheet, row, 5)
                if first.isEmpty && second.isEmpty { continue }
                guard let i = node.children.firstIndex(of: first), let j = node.children.firstIndex(of: second), i != j
                else {
                    problem(
                        "node '\(key)': '\(first)' and '\(second)' are not a pair of its children",
                        sheet: sheet.name,
                        row: row,
                        column: 1
                    )
                    continue
                }
                if entry.isEmpty { continue }
                let value: Double?
                switch entry {
                case .number(let number): value = number
                default: value = SaatyScale.number(entry.text)
                }
                guard let value, let snapped = SaatyScale.snapped(value) else {
                    problem(
                        "expert '\(expert)', node '\(key)', pair (\(first), \(second)): '\(entry.text)' is not on Saaty's 1–9 scale (1/9 … 9)",
                        sheet: sheet.name,
                        row: row,
                        column: 5
                    )
                    continue
                }
                matrix[i][j] = snapped
            }
            if SurveyAnswers.hasJudgements(matrix) { answers.judgements[key] = matrix }
        }
        if let scores = workbook.sheet(named: scoresSheet) {
            let known = Set(design.indicators.map(\.id))
            for row in 2...max(2, scores.rows.count) {
                let id = cell(scores, row, 1).text
                let entry = cell(scores, row, 4)
                if id.isEmpty || entry.isEmpty { continue }
                guard known.contains(id) else {
                    problem(
                        "indicator '\(id)' is not scored in survey '\(survey)'",
                        sheet: scores.name,
                        row: row,
                        column: 1
                    )
                    continue
                }
                let value: Double? =
                    if case .number(let number) = entry { number } else {
                        Double(entry.text.trimmingCharacters(in: .whitespaces))
                    }
                guard let value, value.isFinite, value >= design.scale.lower, value <= design.scale.upper else {
                    problem(
                        "expert '\(expert)', indicator '\(id)': score '\(entry.text)' is not a number from \(plain(design.scale.lower)) to \(plain(design.scale.upper))",
                        sheet: scores.name,
                        row: row,
                        column: 4
                    )
                    continue
                }
                answers.scores[id] = value
            }
        }
        if !problems.isEmpty { throw IndexErrors(problems) }
        return answers
    }

    static func plain(_ value: Double) -> String { Cell.format(value) }

    static func rounded(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
