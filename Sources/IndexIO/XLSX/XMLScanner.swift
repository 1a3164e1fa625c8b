import IndexCore

/// A strict, streaming reader of the XML in workbook parts: it calls back for each element's start
/// (its name and attributes), each run of text and each element's end, as a SAX parser does, and
/// never holds the document as a tree.
///
/// Why our own and not Foundation's `XMLParser`: on Linux that is libxml2, which the dynamic loader
/// maps with ICU and liblzma into every process of the executable, those that never read a workbook
/// included. That was 0.75 ms of every start (`iidei --version` 5.3 → 4.6 ms, `iidei run` on
/// COINr's ASEM 17.4 → 16.7 ms, best of 60 processes with and without it). libxml2's global state is
/// also not thread-safe (parses were serialised process-wide), Foundation trapped on an element
/// name that was not UTF-8, and it refused a 200,000-row sheet that openpyxl wrote
/// (`NSXMLParserErrorDomain error 1`), which this reads to the same dataset hash as the same rows
/// in CSV. A workbook part needs a small part of XML: elements, attributes, text,
/// the five named entities and character references, CDATA sections, comments and processing
/// instructions; this reads exactly that and refuses anything else with the line it is on.
///
/// Refused, each a ``Failure``:
/// - a document type declaration (`<!DOCTYPE`): no workbook has one, and its entities are how an
///   entity-expansion bomb is built;
/// - a declared encoding other than UTF-8 or UTF-16 for a part with bytes beyond ASCII (the bytes
///   are read as UTF-8, or converted from UTF-16 with a byte-order mark, before they get here);
/// - what is not well-formed: an end tag that does not match, a document that ends inside an
///   element, text or a second element outside the document element, an attribute given twice or
///   without quotes, `<` in an attribute value, an unknown entity, a character reference to a
///   character XML does not allow, a raw control character other than tab, line feed and carriage
///   return, or the noncharacters U+FFFE and U+FFFF;
/// - elements nested deeper than ``maximumDepth`` (libxml2's default limit too).
///
/// A message quotes at most 40 characters of a name or value, control characters shown.
///
/// As XML prescribes, line breaks (`\r\n`, `\r`) reach text as `\n`, and tabs and line breaks in
/// an attribute value as spaces; a character reference keeps the character it names.
enum XMLScanner {
    struct Failure: Error, Equatable {
        var message: String
        var line: Int
    }

    /// What the scanner reports to; it stops after the event where ``shouldStop`` turns true.
    protocol Handler: AnyObject {
        func start(_ name: Substring, attributes: [String: String])
        func characters(_ text: String)
        func end(_ name: Substring)
        var shouldStop: Bool { get }
    }

    static let maximumDepth = 256

    /// Reads `bytes` (UTF-8) from the first byte to the last, reporting to `handler`.
    ///
    /// - Throws: ``Failure`` saying what is wrong and on which line.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, handler: some Handler) throws(Failure) {
        var reader = Reader(bytes: bytes)
        try reader.document(handler)
    }

    /// A name or value as a message shows it: its first 40 characters, control characters visible.
    static func shown(_ text: some StringProtocol) -> String {
        // `prefix(41)` first: counting the characters of a 10 MB name to clip it would read it all.
        let clipped = text.prefix(41).count > 40 ? String(text.prefix(40)) + "…" : String(text)
        return ControlCharacters.visible(clipped)
    }

    /// The local name of a possibly prefixed name (`x:row` → `row`).
    static func local(_ name: Substring) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        var line = 1
        /// Where the document starts (after a byte-order mark): the only place for `<?xml …?>`.
        var documentStart = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            documentStart = index
        }

        func failure(_ message: String) -> Failure { Failure(message: message, line: line) }

        var atEnd: Bool { index >= bytes.count }

        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        func startsHere(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let pointer = literal.utf8Start
            for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
            return true
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        /// Moves past one byte, counting lines (`\r\n` counts once, at its `\n`).
        mutating func advance() {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && peek(1) != 0x0A) { line += 1 }
            index += 1
        }

        mutating func skipSpaces() {
            while let byte = peek(), Self.isSpace(byte) { advance() }
        }

        /// Moves past `terminator`, which must come before the end.
        mutating func skip(past terminator: StaticString, what: String) throws(Failure) {
            while !atEnd {
                if startsHere(terminator) {
                    index += terminator.utf8CodeUnitCount
                    return
                }
                try checkCharacter()
                advance()
            }
            throw failure("\(what) is not closed")
        }

        /// Refuses a raw character XML does not allow: a control character other than tab, line feed
        /// and carriage return, or the noncharacters U+FFFE and U+FFFF (`EF BF BE`, `EF BF BF`).
        func checkCharacter() throws(Failure) {
            let byte = bytes[index]
            if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D {
                throw failure(
                    "control character U+\(String(byte, radix: 16, uppercase: true).leftPadded(4)) in the XML"
                )
            }
            if byte == 0xEF, peek(1) == 0xBF, let third = peek(2), third == 0xBE || third == 0xBF {
                throw failure("the noncharacter U+FFF\(third == 0xBE ? "E" : "F") in the XML")
            }
        }

        func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        /// Whether a byte may be in a name (at its start when `first`): ASCII letters, `_` and `:`,
        /// then also digits, `-` and `.`; any byte of a non-ASCII character (XML allows most).
        static func isNameByte(_ byte: UInt8, first: Bool) -> Bool {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x5F, 0x3A, 0x80...: true
            case 0x30...0x39, 0x2D, 0x2E: !first
            default: false
            }
        }

        /// A name: up to a space, `/`, `>` or `=`, of name bytes only and not empty.
        mutating func name(_ what: String) throws(Failure) -> String {
            let start = index
            while let byte = peek(), !Self.isSpace(byte), byte != 0x2F, byte != 0x3E, byte != 0x3D {
                guard Self.isNameByte(byte, first: index == start) else { throw failure("bad \(what) name") }
                index += 1
            }
            guard index > start else { throw failure(atEnd ? "the document ends inside a tag" : "bad \(what) name") }
            return text(start..<index)
        }

        mutating func document(_ handler: some Handler) throws(Failure) {
            var open: [String] = []
            var sawRoot = false
            while !atEnd {
                if bytes[index] == 0x3C {
                    if startsHere("<?") {
                        try declarationOrInstruction(first: index == documentStart)
                    } else if startsHere("<!--") {
                        index += 4
                        let start = index
                        try skip(past: "-->", what: "a comment")
                        // XML allows no `--` inside a comment (nor a `-` just before its `-->`).
                        let end = index - 3
                        if (start..<end).contains(where: { bytes[$0] == 0x2D && bytes[$0 + 1] == 0x2D }) {
                            throw failure("'--' inside a comment")
                        }
                    } else if startsHere("<![CDATA[") {
                        guard !open.isEmpty else { throw failure("a CDATA section outside the document element") }
                        index += 9
                        let start = index
                        try skip(past: "]]>", what: "a CDATA section")
                        handler.characters(normalisedLineBreaks(start..<(index - 3)))
                    } else if startsHere("<!") {
                        throw failure(
                            startsHere("<!DOCTYPE")
                                ? "a document type declaration (DTD) is not allowed in a workbook part"
                                : "markup declarations are not allowed in a workbook part"
                        )
                    } else if peek(1) == 0x2F {
                        index += 2
                        let name = try name("element")
                        skipSpaces()
                        guard peek() == 0x3E else {
                            throw failure("the end tag </\(XMLScanner.shown(name))> is not closed")
                        }
                        index += 1
                        guard let last = open.last else {
                            throw failure("the end tag </\(XMLScanner.shown(name))> has no start tag")
                        }
                        guard last == name else {
                            throw failure(
                                "the end tag </\(XMLScanner.shown(name))> does not match <\(XMLScanner.shown(last))>"
                            )
                        }
                        open.removeLast()
                        handler.end(XMLScanner.local(Substring(name)))
                    } else {
                        guard !open.isEmpty || !sawRoot else {
                            throw failure("a second element after the document element")
                        }
                        index += 1
                        let name = try name("element")
                        let (attributes, isEmpty) = try attributes()
                        sawRoot = true
                        handler.start(XMLScanner.local(Substring(name)), attributes: attributes)
                        if isEmpty {
                            if !handler.shouldStop { handler.end(XMLScanner.local(Substring(name))) }
                        } else {
                            guard open.count < XMLScanner.maximumDepth else {
                                throw failure("elements nested deeper than \(XMLScanner.maximumDepth) levels")
                            }
                            open.append(name)
                        }
                    }
                } else {
                    let text = try characterData()
                    if open.isEmpty {
                        guard text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else {
                            throw failure("text outside the document element")
                        }
                    } else {
                        handler.characters(text)
                    }
                }
                if handler.shouldStop { return }
            }
            if let last = open.last { throw failure("the document ends inside <\(XMLScanner.shown(last))>") }
            guard sawRoot else { throw failure("no document element") }
        }

        /// `<?xml …?>` at the very start (version, encoding and standalone checked) or a processing
        /// instruction, whose target must be a name (skipped).
        mutating func declarationOrInstruction(first: Bool) throws(Failure) {
            let start = index
            index += 2
            try skip(past: "?>", what: "a processing instruction")
            let body = text((start + 2)..<(index - 2))
            let target = body.prefix { !" \t\n\r".contains($0) }
            let targetBytes = Array(target.utf8)
            guard !targetBytes.isEmpty,
                targetBytes.indices.allSatisfy({ Self.isNameByte(targetBytes[$0], first: $0 == 0) })
            else { throw failure("bad processing instruction") }
            guard target.lowercased() == "xml" else { return }
            guard first, target == "xml" else { throw failure("the XML declaration is not at the start") }
            try declaration(body.dropFirst(3))
        }

        /// The pseudo-attributes of the XML declaration: `version` (1.x), then an optional
        /// `encoding` (UTF-8 or UTF-16: the bytes have been read as such) and `standalone`.
        func declaration(_ body: Substring) throws(Failure) {
            var rest = body
            /// The pseudo-attributes read, as positions in their required order.
            var seen: [Int] = []
            while true {
                let spaces = rest.prefix { " \t\n\r".contains($0) }
                rest = rest.dropFirst(spaces.count)
                if rest.isEmpty { break }
                guard !spaces.isEmpty else { throw failure("bad XML declaration") }
                let name = String(rest.prefix { $0.isLetter })
                rest = rest.dropFirst(name.count).drop { " \t\n\r".contains($0) }
                guard rest.first == "=" else { throw failure("bad XML declaration") }
                rest = rest.dropFirst().drop { " \t\n\r".contains($0) }
                guard let quote = rest.first, quote == "\"" || quote == "'" else {
                    throw failure("bad XML declaration")
                }
                rest = rest.dropFirst()
                let value = rest.prefix { $0 != quote }
                guard value.endIndex < rest.endIndex else { throw failure("bad XML declaration") }
                rest = rest[rest.index(after: value.endIndex)...]
                let order = ["version", "encoding", "standalone"]
                guard let position = order.firstIndex(of: name), seen.allSatisfy({ $0 < position }),
                    position == 0 || seen.first == 0
                else { throw failure("bad XML declaration") }
                seen.append(position)
                switch name {
                case "version":
                    guard value.hasPrefix("1."), value.count > 2,
                        value.dropFirst(2).allSatisfy({ $0.isASCII && $0.isNumber })
                    else { throw failure("bad XML declaration: version \(XMLScanner.shown(value))") }
                case "encoding":
                    // Another encoding names the same characters as UTF-8 only where every byte is
                    // ASCII (US-ASCII, ISO-8859-1, windows-1252 and the like agree there).
                    let encoding = value.lowercased()
                    let asciiCompatible = [
                        "us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15", "windows-1252", "cp1252",
                    ]
                    guard
                        ["utf-8", "utf8", "utf-16", "utf16"].contains(encoding)
                            || (asciiCompatible.contains(encoding) && bytes.allSatisfy { $0 < 0x80 })
                    else {
                        throw failure(
                            "the encoding \(XMLScanner.shown(encoding)) is not supported for text beyond ASCII "
                                + "(workbook parts are UTF-8)"
                        )
                    }
                default:
                    guard value == "yes" || value == "no" else {
                        throw failure("bad XML declaration: standalone \(XMLScanner.shown(value))")
                    }
                }
            }
            guard seen.first == 0 else { throw failure("bad XML declaration: no version") }
        }

        /// Attributes up to `>` or `/>`: the values decoded, tabs and line breaks as spaces.
        mutating func attributes() throws(Failure) -> ([String: String], isEmpty: Bool) {
            var attributes: [String: String] = [:]
            while true {
                let hadSpace = peek().map(Self.isSpace) ?? false
                skipSpaces()
                guard let byte = peek() else { throw failure("the document ends inside a tag") }
                if byte == 0x3E {
                    index += 1
                    return (attributes, false)
                }
                if byte == 0x2F {
                    guard peek(1) == 0x3E else { throw failure("'/' inside a tag") }
                    index += 2
                    return (attributes, true)
                }
                guard hadSpace else { throw failure("attributes must be separated by spaces") }
                let name = try name("attribute")
                skipSpaces()
                guard peek() == 0x3D else { throw failure("the attribute \(XMLScanner.shown(name)) has no value") }
                index += 1
                skipSpaces()
                guard let quote = peek(), quote == 0x22 || quote == 0x27 else {
                    throw failure("the value of the attribute \(XMLScanner.shown(name)) is not in quotes")
                }
                index += 1
                let start = index
                while let byte = peek(), byte != quote {
                    if byte == 0x3C { throw failure("'<' in the value of the attribute \(XMLScanner.shown(name))") }
                    try checkCharacter()
                    advance()
                }
                guard !atEnd else {
                    throw failure("the value of the attribute \(XMLScanner.shown(name)) is not closed")
                }
                let value = try decoded(start..<index, inAttribute: true)
                index += 1
                guard attributes.updateValue(value, forKey: name) == nil else {
                    throw failure("the attribute \(XMLScanner.shown(name)) is given twice")
                }
            }
        }

        /// Text up to the next `<` (or the end), its references decoded and line breaks normalised.
        mutating func characterData() throws(Failure) -> String {
            let start = index
            while let byte = peek(), byte != 0x3C {
                try checkCharacter()
                if byte == 0x5D, startsHere("]]>") { throw failure("']]>' in text outside a CDATA section") }
                advance()
            }
            return try decoded(start..<index, inAttribute: false)
        }

        func normalisedLineBreaks(_ range: Range<Int>) -> String {
            guard bytes[range].contains(0x0D) else { return text(range) }
            var result: [UInt8] = []
            result.reserveCapacity(range.count)
            var position = range.lowerBound
            while position < range.upperBound {
                let byte = bytes[position]
                if byte == 0x0D {
                    result.append(0x0A)
                    if position + 1 < range.upperBound, bytes[position + 1] == 0x0A { position += 1 }
                } else {
                    result.append(byte)
                }
                position += 1
            }
            return String(decoding: result, as: UTF8.self)
        }

        /// The text of `range` with entity and character references replaced; line breaks as `\n`,
        /// or, in an attribute, tabs and line breaks as spaces.
        func decoded(_ range: Range<Int>, inAttribute: Bool) throws(Failure) -> String {
            let slice = bytes[range]
            let needsWork = slice.contains { $0 == 0x26 || $0 == 0x0D || (inAttribute && ($0 == 0x09 || $0 == 0x0A)) }
            guard needsWork else { return text(range) }
            var result: [UInt8] = []
            result.reserveCapacity(range.count)
            var position = range.lowerBound
            while position < range.upperBound {
                let byte = bytes[position]
                switch byte {
                case 0x26:
                    // A reference is short: its `;` is looked for in the next 1,024 bytes only (room
                    // for leading zeros), so text of many bare `&` is refused in one pass.
                    let window = position..<min(range.upperBound, position + 1024)
                    guard let semicolon = bytes[window].firstIndex(of: 0x3B) else {
                        throw failure("an '&' that starts no reference (write &amp;)")
                    }
                    let reference = text((position + 1)..<semicolon)
                    guard let scalar = Self.scalar(of: reference) else {
                        throw failure(
                            "the reference &\(XMLScanner.shown(reference)); is not one XML knows (DTD entities are not read)"
                        )
                    }
                    result.append(contentsOf: String(scalar).utf8)
                    position = semicolon
                case 0x0D:
                    result.append(inAttribute ? 0x20 : 0x0A)
                    if position + 1 < range.upperBound, bytes[position + 1] == 0x0A { position += 1 }
                case 0x09, 0x0A:
                    result.append(inAttribute ? 0x20 : byte)
                default:
                    result.append(byte)
                }
                position += 1
            }
            return String(decoding: result, as: UTF8.self)
        }

        /// The character of a named entity of XML's five or of a character reference (`#10`,
        /// `#x4E2D`) to a character XML allows.
        static func scalar(of reference: String) -> Unicode.Scalar? {
            switch reference {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default: break
            }
            guard reference.hasPrefix("#") else { return nil }
            let isHex = reference.dropFirst().hasPrefix("x")
            let digits = reference.dropFirst(isHex ? 2 : 1)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && (isHex ? $0.isHexDigit : $0.isNumber) }),
                let value = UInt32(digits, radix: isHex ? 16 : 10),
                value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            else { return nil }
            return Unicode.Scalar(value)
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
