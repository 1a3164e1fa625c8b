/// Characters that must not be in a name, and the one way to show text that has them.
///
/// A name (of a survey, an expert, a dataset, a framework, an evaluation, a node, an indicator or a
/// unit) is written into YAML, the terminal, SVG and CSV. A line break in it adds keys to generated
/// YAML, an escape sequence drives the terminal, most C0 characters make XML ill-formed and the bidi
/// overrides show text in another order than it is stored. So every entry point refuses names with
/// them (``check(_:what:)``) and every writer that may still meet one in older data shows it
/// visibly (``visible(_:)``) or escapes it in its own syntax.
///
/// The forbidden set:
/// - C0 controls U+0000–U+001F (tab, line feed and carriage return included) and DEL U+007F;
/// - C1 controls U+0080–U+009F;
/// - the bidi embeddings, overrides and isolates U+202A–U+202E and U+2066–U+2069;
/// - the line and paragraph separators U+2028 and U+2029.
package enum ControlCharacters {
    /// Whether a character is forbidden in a name.
    package static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether `text` holds a forbidden character (a line feed allowed when `allowingLineFeeds`):
    /// the same answer as ``isForbidden(_:)`` asked of every scalar, read off the UTF-8 bytes.
    ///
    /// Every forbidden scalar has a byte pattern of its own (a byte below U+0020 or DEL; `C2 80–9F`
    /// for C1; `E2 80 A8–AE` and `E2 81 A6–A9` for the separators and bidi controls), and in valid
    /// UTF-8 such a first byte only ever starts a scalar. A byte loop rather than the scalar view:
    /// decoding into scalars the 187 kB results document of `iidei run --format json` on COINr's
    /// ASEM, which the console checks before it writes it, was about 1 ms of the process (best of 60
    /// processes 17.1 → 16.1 ms).
    package static func containsForbidden(_ text: String, allowingLineFeeds: Bool = false) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            let count = bytes.count
            var index = 0
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 {
                    if byte != 0x0A || !allowingLineFeeds { return true }
                } else if byte == 0x7F {
                    return true
                } else if byte == 0xC2, index + 1 < count, (0x80...0x9F).contains(bytes[index + 1]) {
                    return true
                } else if byte == 0xE2, index + 2 < count {
                    let second = bytes[index + 1]
                    let third = bytes[index + 2]
                    if (second == 0x80 && (0xA8...0xAE).contains(third))
                        || (second == 0x81 && (0xA6...0xA9).contains(third))
                    {
                        return true
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// The first forbidden character of a text, if any.
    package static func first(in text: some StringProtocol) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbidden)
    }

    /// Refuses a name with a forbidden character, saying which and where.
    ///
    /// - Parameters:
    ///   - text: the name.
    ///   - what: what the name names, for the message (`"the survey name"`).
    ///   - file, line, column: where the name was read, when it was read from a file.
    /// - Throws: ``IndexError`` (`.invalidInput`) naming the character as `\u{…}` and its position.
    package static func check(
        _ text: some StringProtocol,
        what: String,
        file: String? = nil,
        line: Int? = nil,
        column: Int? = nil
    ) throws {
        guard let message = problem(in: text, what: what) else { return }
        throw IndexError(message, file: file, line: line, column: column)
    }

    /// What ``check(_:what:file:line:column:)`` would say of a name, or `nil` when it is clean: for
    /// readers that collect every problem before throwing.
    package static func problem(in text: some StringProtocol, what: String) -> String? {
        var position = 0
        for scalar in text.unicodeScalars {
            position += 1
            guard isForbidden(scalar) else { continue }
            return
                "\(what) '\(visible(text))' has the control character \(escaped(scalar)) at character \(position); names may not hold line breaks, tabs, escape sequences or bidi overrides"
        }
        return nil
    }

    /// The text with each forbidden character written as `\u{1B}`, so a terminal or a comment shows
    /// it instead of obeying it; a backslash is kept as it is.
    package static func visible(_ text: some StringProtocol) -> String {
        guard first(in: text) != nil else { return String(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) { out += escaped(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `\u{1B}`: the scalar's hexadecimal value, upper case.
    package static func escaped(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
}
