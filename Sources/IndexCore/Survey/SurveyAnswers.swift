/// One expert's answers to a survey, as given.
///
/// Judgement matrices (entries `nil` where a pair was not judged) per node key, and scores per
/// indicator. A node or indicator not present is not answered yet.
public struct SurveyAnswers: Sendable, Hashable {
    /// Per node key, the matrix as given (`nil` where a pair was not judged).
    public var judgements: [String: [[Double?]]]
    /// Per indicator id, the expert's score.
    public var scores: [String: Double]

    /// Answers; empty by default.
    public init(judgements: [String: [[Double?]]] = [:], scores: [String: Double] = [:]) {
        self.judgements = judgements
        self.scores = scores
    }

    /// Whether a matrix as given holds at least one judgement off the diagonal.
    public static func hasJudgements(_ matrix: [[Double?]]) -> Bool {
        matrix.enumerated().contains { i, row in row.enumerated().contains { j, a in i != j && a != nil } }
    }

    /// These answers with another's on top: a node or score answered in `newer` replaces this one's
    /// (saving progress node by node).
    public func merging(_ newer: SurveyAnswers) -> SurveyAnswers {
        SurveyAnswers(
            judgements: judgements.merging(newer.judgements) { _, new in new },
            scores: scores.merging(newer.scores) { _, new in new }
        )
    }
}

/// A checked and completed matrix of one expert.
public struct CheckedMatrix: Sendable, Hashable {
    /// The node key.
    public var node: String
    /// The matrix as answered, completed by Harker's method where pairs were left out.
    public var matrix: JudgementMatrix
    /// Entries filled in by the completion (empty for a complete matrix).
    public var completions: [IncompleteJudgements.Completion]
    /// The completed matrix's priorities and consistency.
    public var result: AHPResult
    /// The judgement to revisit when CR ≥ 0.10.
    public var revision: JudgementRevision?
}

/// One expert's answers after every check.
public struct CheckedAnswers: Sendable, Hashable {
    /// The expert's name.
    public var expert: String
    /// Matrices in the survey's node order (answered nodes only).
    public var matrices: [CheckedMatrix]
    /// Per indicator id, the expert's score.
    public var scores: [String: Double]

    /// The checked matrix of a node.
    public func matrix(_ node: String) -> CheckedMatrix? {
        matrices.first { $0.node == node }
    }
}

extension SurveyDesign {
    /// Checks an expert's answers.
    ///
    /// Every node and indicator must be the survey's, every judgement on Saaty's scale and reciprocal,
    /// the diagonal 1, the judged pairs must connect every child, every score lie on the panel's
    /// scale. Matrices are completed (Harker) and analysed with the survey's
    /// RI table; a matrix with CR ≥ 0.10 carries the judgement to revisit.
    ///
    /// - Parameters:
    ///   - answers: the expert's answers as given.
    ///   - expert: the expert's name, for the messages.
    /// - Returns: the answers with every matrix completed and analysed.
    /// - Throws: ``IndexErrors`` listing every problem, each naming the expert, node and pair (by the
    ///   children's ids) or indicator.
    public func check(_ answers: SurveyAnswers, expert: String) throws -> CheckedAnswers {
        var problems: [IndexError] = []
        func problem(_ text: String, indicator: String? = nil) {
            problems.append(IndexError("expert '\(expert)': \(text)", indicator: indicator))
        }
        for key in answers.judgements.keys.sorted() where node(key) == nil {
            problem(
                "node '\(key)' is not in this survey (its nodes: \(nodes.prefix(8).map(\.key).joined(separator: ", "))\(nodes.count > 8 ? ", …" : ""))"
            )
        }
        var matrices: [CheckedMatrix] = []
        for node in nodes {
            guard let given = answers.judgements[node.key] else { continue }
            let n = node.children.count
            guard given.count == n, given.allSatisfy({ $0.count == n }) else {
                problem(
                    "node '\(node.key)': the matrix must be \(n) × \(n) over [\(node.children.joined(separator: ", "))]"
                )
                continue
            }
            var entries = given
            var isValid = true
            func pair(_ i: Int, _ j: Int) -> String { "(\(node.children[i]), \(node.children[j]))" }
            for i in 0..<n {
                if let d = given[i][i], abs(d - 1) > 1e-9 {
                    problem(
                        "node '\(node.key)', pair \(pair(i, i)): the diagonal must be 1, not \(SaatyScale.label(d))"
                    )
                    isValid = false
                }
                entries[i][i] = 1
                for j in 0..<n where i != j {
                    guard let a = given[i][j] else { continue }
                    guard let snapped = SaatyScale.snapped(a) else {
                        problem("node '\(node.key)', pair \(pair(i, j)): \(a) is not on Saaty's 1–9 scale (1/9 … 9)")
                        isValid = false
                        continue
                    }
                    entries[i][j] = snapped
                }
            }
            guard isValid else { continue }
            for i in 0..<n {
                for j in (i + 1)..<n {
                    switch (entries[i][j], entries[j][i]) {
                    case (let a?, let b?) where abs(a * b - 1) > 1e-6:
                        problem(
                            "node '\(node.key)', pair \(pair(i, j)): not reciprocal: a = \(SaatyScale.label(a)) but the mirror entry is \(SaatyScale.label(b)), expected \(SaatyScale.label(1 / a))"
                        )
                        isValid = false
                    case (let a?, nil): entries[j][i] = 1 / a
                    case (nil, let b?): entries[i][j] = 1 / b
                    default: break
                    }
                }
            }
            guard isValid else { continue }
            let judged = entries
            guard SurveyAnswers.hasJudgements(judged) else { continue }  // nothing judged yet: not answered
            do {
                let (matrix, completions) = try IncompleteJudgements.complete(entries)
                let result = try AHP.analyse(matrix, riTable: riTable)
                let revision =
                    result.isConsistent
                    ? nil : JudgementRevision.worst(in: matrix, weights: result.weights) { judged[$0][$1] != nil }
                matrices.append(
                    CheckedMatrix(
                        node: node.key,
                        matrix: matrix,
                        completions: completions,
                        result: result,
                        revision: revision
                    )
                )
            } catch let error as IndexError {
                problem("node '\(node.key)': \(error.message)")
            }
        }
        let known = Set(indicators.map(\.id))
        for (id, score) in answers.scores.sorted(by: { $0.key < $1.key }) {
            if !known.contains(id) {
                problem("indicator '\(id)' is not scored in this survey", indicator: id)
            } else if !score.isFinite || score < scale.lower || score > scale.upper {
                problem(
                    "score \(plain(score)) is outside the panel's scale \(plain(scale.lower))–\(plain(scale.upper))",
                    indicator: id
                )
            }
        }
        if !problems.isEmpty { throw IndexErrors(problems) }
        return CheckedAnswers(expert: expert, matrices: matrices, scores: answers.scores)
    }
}

/// A number as people write it: `85`, `72.5`.
func plain(_ value: Double) -> String {
    value.isFinite && value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value))" : "\(value)"
}
