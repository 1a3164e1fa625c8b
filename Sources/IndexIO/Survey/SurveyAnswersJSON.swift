public import Foundation
public import IndexCore

/// Survey answers as JSON: `{"ahp": {"<node>": [[1, 3, "1/5"], …]}, "scores": {"<indicator>": 85}}`.
///
/// Matrix entries are numbers, fractions as text (`"1/5"`), or `null` for a pair not judged; scores
/// are numbers. An optional `"survey"` names the survey the answers are for.
public enum SurveyAnswersJSON {
    /// Parses answers.
    ///
    /// - Parameters:
    ///   - data: the JSON document.
    ///   - file: where it came from, for the messages.
    ///   - survey: when given, a `"survey"` field naming another survey is refused.
    /// - Returns: the answers as given (not yet checked against the survey).
    /// - Throws: ``IndexError`` naming the file, node, row and column of an entry that is not a number.
    public static func parse(_ data: Data, file: String, survey: String? = nil) throws -> SurveyAnswers {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw IndexError(#"answers must be a JSON object {"ahp": {…}, "scores": {…}}"#, file: file)
        }
        let known: Set<String> = ["ahp", "scores", "survey", "expert"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw IndexError("unknown field '\(unknown)' (expected ahp, scores)", file: file)
        }
        if let survey, let named = object["survey"] as? String, named != survey {
            throw IndexError("these answers are for survey '\(named)', not '\(survey)'", file: file)
        }
        var answers = SurveyAnswers()
        if let ahp = object["ahp"] {
            guard let nodes = ahp as? [String: Any] else {
                throw IndexError("'ahp' must map node ids to matrices", file: file)
            }
            for (node, value) in nodes {
                guard let rows = value as? [Any] else {
                    throw IndexError("node '\(node)': the matrix must be a list of rows", file: file)
                }
                answers.judgements[node] = try rows.enumerated().map { r, row in
                    guard let cells = row as? [Any] else {
                        throw IndexError("node '\(node)', row \(r + 1): a row must be a list", file: file)
                    }
                    return try cells.enumerated().map { c, cell in
                        if cell is NSNull { return nil }
                        guard let value = entry(cell) else {
                            throw IndexError(
                                "node '\(node)', row \(r + 1), column \(c + 1): '\(cell)' is not a number or fraction",
                                file: file
                            )
                        }
                        return value
                    }
                }
            }
        }
        if let scores = object["scores"] {
            guard let map = scores as? [String: Any] else {
                throw IndexError("'scores' must map indicator ids to numbers", file: file)
            }
            for (indicator, value) in map {
                guard let score = entry(value) else {
                    throw IndexError("score '\(value)' is not a number", file: file, indicator: indicator)
                }
                answers.scores[indicator] = score
            }
        }
        return answers
    }

    static func entry(_ value: Any) -> Double? {
        if let text = value as? String { return SaatyScale.number(text) }
        if let number = value as? Double { return number }
        if let number = value as? Int { return Double(number) }
        if let number = value as? NSNumber { return number.doubleValue }
        return nil
    }

    /// The answers as JSON, in the survey's order; entries on Saaty's scale as `"1/5"`.
    public static func render(_ answers: SurveyAnswers, design: SurveyDesign) -> JSONValue {
        let nodes = design.nodes.map(\.key).filter { answers.judgements[$0] != nil }
        let indicators = design.indicators.map(\.id).filter { answers.scores[$0] != nil }
        return .object([
            (
                "ahp",
                .object(
                    nodes.map { key in
                        (key, .array((answers.judgements[key] ?? []).map { row in .array(row.map(cell)) }))
                    }
                )
            ),
            ("scores", .object(indicators.map { ($0, .number(answers.scores[$0])) })),
        ])
    }

    static func cell(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        if value >= 1, value == value.rounded() { return .number(value) }
        return SaatyScale.snapped(value) != nil ? .string(SaatyScale.label(value)) : .number(value)
    }
}
