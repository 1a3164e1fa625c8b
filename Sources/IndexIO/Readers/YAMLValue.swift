import IndexCore
import Yams

/// A YAML node with its file and position, so every error can say where it is.
struct YAMLValue {
    let node: Node
    let file: String

    var line: Int? { node.mark.map { $0.line } }
    var column: Int? { node.mark.map { $0.column } }

    func error(_ message: String) -> IndexError {
        IndexError(message, file: file, line: line, column: column)
    }

    subscript(_ key: String) -> YAMLValue? {
        guard let mapping = node.mapping, let value = mapping[key] else { return nil }
        return YAMLValue(node: value, file: file)
    }

    var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }

    /// Refuses a mapping key that is not one of `allowed`, at the key's line and column, naming the
    /// nearest known key: a misspelt key (`agregation:`) must not be ignored.
    func requireKnownKeys(_ allowed: [String], in what: String) throws {
        guard let mapping = node.mapping else { return }
        var problems: [IndexError] = []
        for (key, _) in mapping {
            let name = key.string ?? ""
            guard !allowed.contains(name) else { continue }
            let nearest =
                allowed.min { NameSuggestion.distance($0, name) < NameSuggestion.distance($1, name) } ?? ""
            let hint =
                NameSuggestion.distance(nearest, name) <= max(2, name.count / 3)
                ? "; did you mean '\(nearest)'?" : " (known: \(allowed.joined(separator: ", ")))"
            problems.append(
                IndexError(
                    "unknown key '\(name)' in \(what)\(hint)",
                    file: file,
                    line: key.mark?.line,
                    column: key.mark?.column
                )
            )
        }
        if problems.count == 1 { throw problems[0] }
        if !problems.isEmpty { throw IndexErrors(problems) }
    }

    var string: String? { node.scalar?.string }

    /// The text at `key`: an id, a parent, a method. Ids and names may hold no control characters
    /// (``ControlCharacters``).
    func requireString(_ key: String) throws -> String {
        guard let value = self[key] else { throw error("missing '\(key)'") }
        guard let text = value.string, !text.isEmpty else { throw value.error("'\(key)' must be text") }
        try ControlCharacters.check(text, what: "'\(key)'", file: file, line: value.line, column: value.column)
        return text
    }

    /// This scalar as a name (an expert's, a tier's): text without control characters.
    func name(_ what: String) throws -> String {
        guard let text = string else { throw error("\(what) must be text") }
        try ControlCharacters.check(text, what: what, file: file, line: line, column: column)
        return text
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = self[key] else { return nil }
        guard let text = value.string else { throw value.error("'\(key)' must be text") }
        return text
    }

    var number: Double? { string.flatMap(NumberParser.parse) }

    func requireNumber() throws -> Double {
        guard let value = number else { throw error("expected a number, found '\(string ?? "a list or map")'") }
        return value
    }

    func optionalNumber(_ key: String) throws -> Double? {
        guard let value = self[key] else { return nil }
        return try value.requireNumber()
    }

    var sequence: [YAMLValue]? {
        node.sequence.map { $0.map { YAMLValue(node: $0, file: file) } }
    }

    func requireSequence(_ what: String) throws -> [YAMLValue] {
        guard let items = sequence else { throw error("'\(what)' must be a list") }
        return items
    }

    var isMapping: Bool { node.mapping != nil }

    /// `{zh: …, en: …}` or a plain string used for both; `what` names the value in errors.
    func localised(_ what: String = "a name") throws -> LocalisedText {
        if string != nil {
            let text = try name(what)
            return LocalisedText(zh: text, en: text)
        }
        guard isMapping else { throw error("\(what) must be text or {zh: …, en: …}") }
        try requireKnownKeys(["zh", "en"], in: what)
        let zh = try self["zh"]?.name(what) ?? ""
        let en = try self["en"]?.name(what) ?? ""
        guard !(zh.isEmpty && en.isEmpty) else { throw error("\(what) needs zh or en") }
        return LocalisedText(zh: zh, en: en)
    }

    /// A matrix: a list of rows of numbers or fractions.
    func matrix() throws -> [[Double]] {
        try requireSequence("matrix").map { row in
            try row.requireSequence("matrix row").map { try $0.requireNumber() }
        }
    }
}
