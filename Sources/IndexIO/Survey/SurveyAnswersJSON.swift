public import Foundation
public import IndexCore

/// Survey answers as JSON: `{"ahp": {"<node>": [[1, 3, "1/5"], …]}, "scores": {"<indicator>": 85}}`.
///
/// Matrix entries are numbers, fractions as text (`"1/5"`), or `null` for a pair not judged; scores
/// are numbers. An optional `"survey"` names the survey the answers are for (and `"expert"` the expert).
/// Read strictly by ``SurveyAnswersDocument``'s decoder: any other field, a boolean where a number
/// belongs, or a node, indicator or field named twice is an error.
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
        if let repeated = JSONRepeatedKey(in: data) {
            let what = ["ahp": "node", "scores": "indicator"][repeated.parent ?? ""] ?? "field"
            throw IndexError("\(what) '\(repeated.key)' is given twice", file: file)
        }
        if let number = JSONRepeatedKey.numberOutOfRange(in: data) {
            throw IndexError("number \(number)", file: file)
        }
        let document: SurveyAnswersDocument
        do {
            document = try JSONDecoder().decode(SurveyAnswersDocument.self, from: data)
        } catch let error as IndexError {
            throw error.located(file: file)
        } catch {
            throw IndexError(#"answers must be a JSON object {"ahp": {…}, "scores": {…}}"#, file: file)
        }
        if let survey, let named = document.survey, named != survey {
            throw IndexError("these answers are for survey '\(named)', not '\(survey)'", file: file)
        }
        return document.answers
    }

    /// The answers as JSON text, in the one layout the store keeps (sorted keys); entries on Saaty's
    /// scale as `"1/5"`. Nodes and indicators not in the survey are left out.
    public static func text(_ answers: SurveyAnswers, design: SurveyDesign) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let document = SurveyAnswersDocument(answers, design: design)
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }
}

/// The answers document itself: `ahp` (node → rows of entries) and `scores` (indicator → number).
public struct SurveyAnswersDocument: Codable, Sendable, Hashable {
    /// The survey the answers are for, when the document names it.
    public var survey: String?
    /// The expert, when the document names them (informative: the caller says who answers).
    public var expert: String?
    public var ahp: [String: [[SurveyAnswerEntry]]]?
    public var scores: [String: SurveyAnswerEntry]?

    /// The answers restricted to the survey's nodes and indicators, as the store writes them.
    public init(_ answers: SurveyAnswers, design: SurveyDesign) {
        var ahp: [String: [[SurveyAnswerEntry]]] = [:]
        for node in design.nodes {
            guard let rows = answers.judgements[node.key] else { continue }
            ahp[node.key] = rows.map { $0.map(SurveyAnswerEntry.init) }
        }
        var scores: [String: SurveyAnswerEntry] = [:]
        for indicator in design.indicators {
            guard let score = answers.scores[indicator.id] else { continue }
            scores[indicator.id] = .number(score)
        }
        self.ahp = ahp
        self.scores = scores
    }

    /// The answers as given.
    public var answers: SurveyAnswers {
        SurveyAnswers(
            judgements: (ahp ?? [:]).mapValues { $0.map { $0.map(\.value) } },
            scores: (scores ?? [:]).compactMapValues(\.value)
        )
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case survey, expert, ahp, scores
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(rawValue: $0) == nil }) {
            throw IndexError("unknown field '\(unknown)' (expected ahp, scores)")
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        for key in [CodingKeys.survey, .expert] where container.contains(key) {
            guard (try? container.decode(String.self, forKey: key)) != nil else {
                throw IndexError("'\(key.stringValue)' must be text")
            }
        }
        survey = try? container.decode(String.self, forKey: .survey)
        expert = try? container.decode(String.self, forKey: .expert)
        if container.contains(.ahp) {
            guard let nodes = try? container.nestedContainer(keyedBy: Key.self, forKey: .ahp) else {
                throw IndexError("'ahp' must map node ids to matrices")
            }
            var ahp: [String: [[SurveyAnswerEntry]]] = [:]
            for node in Self.sorted(nodes.allKeys) {
                guard var rows = try? nodes.nestedUnkeyedContainer(forKey: node) else {
                    throw IndexError("node '\(node.stringValue)': the matrix must be a list of rows")
                }
                var matrix: [[SurveyAnswerEntry]] = []
                while !rows.isAtEnd {
                    let r = matrix.count + 1
                    guard var cells = try? rows.nestedUnkeyedContainer() else {
                        throw IndexError("node '\(node.stringValue)', row \(r): a row must be a list")
                    }
                    var row: [SurveyAnswerEntry] = []
                    while !cells.isAtEnd {
                        let entry = try cells.decode(SurveyAnswerEntry.self)
                        if case .invalid(let text) = entry {
                            throw IndexError(
                                "node '\(node.stringValue)', row \(r), column \(row.count + 1): '\(text)' is not a number or fraction"
                            )
                        }
                        row.append(entry)
                    }
                    matrix.append(row)
                }
                ahp[node.stringValue] = matrix
            }
            self.ahp = ahp
        }
        if container.contains(.scores) {
            guard let map = try? container.nestedContainer(keyedBy: Key.self, forKey: .scores) else {
                throw IndexError("'scores' must map indicator ids to numbers")
            }
            var scores: [String: SurveyAnswerEntry] = [:]
            for indicator in Self.sorted(map.allKeys) {
                let entry = try map.decode(SurveyAnswerEntry.self, forKey: indicator)
                guard entry.value != nil else {
                    throw IndexError("score '\(entry)' is not a number", indicator: indicator.stringValue)
                }
                scores[indicator.stringValue] = entry
            }
            self.scores = scores
        }
    }

    /// The keys of an object in order, so the first problem reported is the same on every run
    /// (a key given twice is found before decoding: ``JSONRepeatedKey``).
    static func sorted(_ keys: [Key]) -> [Key] {
        keys.sorted { $0.stringValue < $1.stringValue }
    }

    /// Any key of a JSON object.
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// One matrix entry or score: a number, a fraction as text (`"1/5"`), or `null` for a pair not judged.
///
/// A boolean, a list or an object is never a number: it reads as ``invalid(_:)`` and is refused.
public enum SurveyAnswerEntry: Codable, Sendable, Hashable, CustomStringConvertible {
    case missing
    case number(Double)
    case fraction(String)
    /// Anything else, as the document wrote it (for the message).
    case invalid(String)

    /// An entry as the store writes it: whole numbers from 1 as numbers, Saaty's fractions as text.
    public init(_ value: Double?) {
        guard let value else {
            self = .missing
            return
        }
        let isWhole = value >= 1 && value == value.rounded()
        self = !isWhole && SaatyScale.snapped(value) != nil ? .fraction(SaatyScale.label(value)) : .number(value)
    }

    /// The number it stands for; `nil` for a pair not judged or an entry that is no number.
    public var value: Double? {
        switch self {
        case .missing, .invalid: nil
        case .number(let value): value
        case .fraction(let text): SaatyScale.number(text)
        }
    }

    public var description: String {
        switch self {
        case .missing: "null"
        case .number(let value): Cell.format(value)
        case .fraction(let text), .invalid(let text): text
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .missing
        } else if let flag = try? container.decode(Bool.self) {
            self = .invalid(flag ? "true" : "false")
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = SaatyScale.number(text) == nil ? .invalid(text) : .fraction(text)
        } else {
            self = .invalid("a list or object")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .missing: try container.encodeNil()
        case .number(let value): try container.encode(value)
        case .fraction(let text), .invalid(let text): try container.encode(text)
        }
    }
}
