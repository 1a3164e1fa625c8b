import Foundation
import IndexCore
import Synchronization
import Testing

@testable import IndexIO

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The reader of workbook XML: what it reports, what it refuses, and the same events as libxml2
/// (Foundation's `XMLParser`, which it replaced in the product) on documents of every construct it
/// reads.
@Suite("Workbook XML reader")
struct XMLScannerTests {
    /// The events of a scan as text: `<name a=v>`, `"text"` (runs between two tags joined), `</name>`.
    final class Events: XMLScanner.Handler {
        var events: [String] = []
        var text = ""
        var shouldStop = false

        func flush() {
            if !text.isEmpty { events.append("\"\(text)\"") }
            text = ""
        }
        func start(_ name: Substring, attributes: [String: String]) {
            flush()
            events.append("<\(name)\(attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined())>")
        }
        func characters(_ text: String) { self.text += text }
        func end(_ name: Substring) {
            flush()
            events.append("</\(name)>")
        }
    }

    static func scan(_ xml: String) throws(XMLScanner.Failure) -> [String] {
        let events = Events()
        var bytes = Array(xml.utf8)
        try bytes.withUnsafeMutableBufferPointer { buffer throws(XMLScanner.Failure) in
            try XMLScanner.scan(UnsafeBufferPointer(buffer), handler: events)
        }
        events.flush()
        return events.events
    }

    static func failure(_ xml: String) -> XMLScanner.Failure? {
        do {
            _ = try scan(xml)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsElementsAttributesTextAndReferences() throws {
        let xml = """
            \u{FEFF}<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- a comment --><x:sst xmlns:x="urn:x" count='2'><si><t xml:space="preserve"> a &amp; b &lt;&gt;&quot;&apos; &#20013;&#x6587;</t></si>\
            <?pi data?><si><t><![CDATA[<raw> & text]]></t></si><empty a="1"/></x:sst>
            """
        #expect(
            try Self.scan(xml) == [
                "<sst count=2 xmlns:x=urn:x>", "<si>", "<t xml:space=preserve>", "\" a & b <>\"' 中文\"", "</t>", "</si>",
                "<si>", "<t>", "\"<raw> & text\"", "</t>", "</si>", "<empty a=1>", "</empty>", "</sst>",
            ]
        )
    }

    @Test func normalisesLineBreaksInTextAndWhitespaceInAttributes() throws {
        #expect(
            try Self.scan("<r a=\"x\ty\r\nz&#10;\">one\r\ntwo\rthree</r>") == [
                "<r a=x y z\n>", "\"one\ntwo\nthree\"", "</r>",
            ]
        )
        #expect(try Self.scan("<r><![CDATA[a\r\nb]]></r>") == ["<r>", "\"a\nb\"", "</r>"])
    }

    @Test func refusesWhatIsNotWellFormedWithItsLine() throws {
        let cases: [(String, String)] = [
            ("<!DOCTYPE r [<!ENTITY a \"aaaa\">]><r>&a;</r>", "a document type declaration (DTD) is not allowed"),
            ("<r>&a;</r>", "the reference &a; is not one XML knows"),
            ("<r>a & b</r>", "an '&' that starts no reference"),
            ("<r>&#0;</r>", "the reference &#0; is not one XML knows"),
            ("<r>&#xD800;</r>", "the reference &#xD800; is not one XML knows"),
            ("<r>&#x+41;</r>", "the reference &#x+41; is not one XML knows"),
            ("<r>\u{1}</r>", "control character U+0001"),
            ("<r a=\"1\" a=\"2\"/>", "the attribute a is given twice"),
            ("<r a=1/>", "the value of the attribute a is not in quotes"),
            ("<r a=\"<\"/>", "'<' in the value of the attribute a"),
            ("<r a=\"1\"b=\"2\"/>", "attributes must be separated by spaces"),
            ("<r><s></r>", "the end tag </r> does not match <s>"),
            ("<r>\n\n<s>", "the document ends inside <s>"),
            ("<r/><s/>", "a second element after the document element"),
            ("<r/>text", "text outside the document element"),
            ("", "no document element"),
            ("<r><!-- open", "a comment is not closed"),
            ("<r><!-- a -- b --></r>", "'--' inside a comment"),
            ("<r><!-- a ---></r>", "'--' inside a comment"),
            ("<r>a]]>b</r>", "']]>' in text outside a CDATA section"),
            ("<r/><?xml version=\"1.0\"?>", "the XML declaration is not at the start"),
            ("<1r/>", "bad element name"),
            ("<r", "the document ends inside a tag"),
            (String(repeating: "<a>", count: 300), "elements nested deeper than 256 levels"),
            ("<r>\u{FFFE}</r>", "the noncharacter U+FFFE"),
            (" <?xml version=\"1.0\"?><r/>", "the XML declaration is not at the start"),
            ("<?xml version=\"1.0\"?><?xml version=\"1.0\"?><r/>", "the XML declaration is not at the start"),
            ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>é</r>", "the encoding iso-8859-1 is not supported"),
        ]
        for (xml, message) in cases {
            let failure = Self.failure(xml)
            #expect(failure?.message.hasPrefix(message) == true, "\(xml.prefix(60)): \(String(describing: failure))")
        }
        #expect(Self.failure("<r>\n\n<s>")?.line == 3)
        // A message quotes a name or value clipped, control characters shown.
        let long = Self.failure("<a\(String(repeating: "b", count: 100_000))></c>")?.message ?? ""
        #expect(long.count < 120 && long.contains("…"), "\(long.prefix(200))")
        // ASCII text may declare an encoding that agrees with UTF-8 on ASCII; a long reference reads.
        #expect(
            try Self.scan(
                "<?xml version=\"1.0\" encoding=\"US-ASCII\"?><r>&#\(String(repeating: "0", count: 40))65;</r>"
            ) == ["<r>", "\"A\"", "</r>"]
        )
        #expect(Self.failure("<r>\r\n<s>\r\n</r>")?.line == 3)
    }

    @Test func partsInOtherForms() throws {
        final class Text: XMLPartParser {
            var text = ""
            override func characters(_ text: String) { self.text += text }
        }
        func littleEndian(_ text: String) -> Data { Data(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) }
        let utf16 = Text()
        try utf16.run(Data([0xFF, 0xFE]) + littleEndian("<r>中文</r>"), file: "f.xlsx", part: "p")
        #expect(utf16.text == "中文")
        #expect(throws: IndexError("damaged workbook: p is UTF-16 without a byte-order mark", file: "f.xlsx")) {
            try Text().run(littleEndian("<r>a</r>"), file: "f.xlsx", part: "p")
        }
        #expect(throws: IndexError("damaged workbook: p is not UTF-8 text", file: "f.xlsx")) {
            try Text().run(Data([0x3C, 0x72, 0x3E, 0xFF, 0x3C, 0x2F, 0x72, 0x3E]), file: "f.xlsx", part: "p")
        }
    }

    @Test func aCellValueIsReadWithoutXMLWhiteSpaceAroundIt() {
        #expect(SheetPart.trimmedXML("\n84.3\n") == "84.3")
        #expect(SheetPart.trimmedXML(" \t5 ") == "5")
        #expect(SheetPart.trimmedXML("a b") == "a b")
        #expect(SheetPart.trimmedXML("\n") == "")
    }

    @Test func stopsWhenTheHandlerFails() throws {
        final class Stopper: XMLPartParser {
            var seen: [Substring] = []
            override func start(_ name: Substring, attributes: [String: String]) {
                seen.append(name)
                if name == "b" { fail("stop at b") }
            }
        }
        let stopper = Stopper()
        #expect(throws: IndexError("damaged workbook: p: stop at b", file: "f.xlsx")) {
            try stopper.run(Data("<r><a/><b/><c/></r>".utf8), file: "f.xlsx", part: "p")
        }
        #expect(stopper.seen == ["r", "a", "b"])
        #expect(throws: IndexError("damaged workbook: p: the end tag </a> does not match <r> (line 2)", file: "f.xlsx"))
        {
            try Stopper().run(Data("<r>\n</a>".utf8), file: "f.xlsx", part: "p")
        }
    }

    #if canImport(FoundationXML)
        /// libxml2's events, for the comparison.
        final class Reference: NSObject, XMLParserDelegate {
            let events = Events()
            func parser(
                _ parser: XMLParser,
                didStartElement elementName: String,
                namespaceURI: String?,
                qualifiedName: String?,
                attributes: [String: String] = [:]
            ) { events.start(XMLScanner.local(Substring(elementName)), attributes: attributes) }
            func parser(_ parser: XMLParser, foundCharacters string: String) { events.characters(string) }
            func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
                events.characters(String(decoding: CDATABlock, as: UTF8.self))
            }
            func parser(
                _ parser: XMLParser,
                didEndElement elementName: String,
                namespaceURI: String?,
                qualifiedName: String?
            ) {
                events.end(XMLScanner.local(Substring(elementName)))
            }
        }

        static let libxml2 = Mutex(())

        /// Random documents of every construct the reader reads, well-formed or damaged by one
        /// byte: the reader accepts what libxml2 accepts, and reports the same events.
        @Test func agreesWithLibxml2() throws {
            var random = SplitMix64(seed: 20)
            let texts = ["a", " ", "1.5", "中文", "&amp;", "&lt;", "&#65;", "&#x4E2D;", "\n", "\t", "x y", "&quot;"]
            let names = ["c", "row", "x:t", "si", "v", "is"]
            func text() -> String {
                (0..<Int(random.next() % 3)).map { _ in texts[Int(random.next() % UInt64(texts.count))] }.joined()
            }
            func element(_ depth: Int) -> String {
                let name = names[Int(random.next() % UInt64(names.count))]
                let attributes = (0..<Int(random.next() % 3)).map { " k\($0)=\"\(text())\"" }.joined()
                if depth > 3 || random.next() % 4 == 0 { return "<\(name)\(attributes)/>" }
                var body = ""
                for _ in 0..<Int(random.next() % 4) {
                    switch random.next() % 6 {
                    case 0: body += "<!-- \(text()) -->"
                    case 1: body += "<![CDATA[\(text())]]>"
                    case 2: body += "<?pi \(text())?>"
                    default: body += random.next() % 2 == 0 ? text() : element(depth + 1)
                    }
                }
                return "<\(name)\(attributes)>\(body)</\(name)>"
            }
            var compared = 0
            for round in 0..<2_000 {
                var xml = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + element(0)).utf8)
                if round % 2 == 1 {
                    // One byte replaced by a character that matters to XML.
                    let position = Int(random.next() % UInt64(xml.count))
                    xml[position] = Array("<>&\"'/=! ".utf8)[Int(random.next() % 9)]
                }
                // The product checks a part is UTF-8 before it is scanned.
                guard String(validating: xml, as: UTF8.self) != nil else { continue }
                let reference = Reference()
                let parser = XMLParser(data: Data(xml))
                parser.delegate = reference
                let accepted = Self.libxml2.withLock { _ in parser.parse() }
                reference.events.flush()
                let ours = Events()
                let scanned: [String]?
                do {
                    try xml.withUnsafeBufferPointer { buffer throws(XMLScanner.Failure) in
                        try XMLScanner.scan(buffer, handler: ours)
                    }
                    ours.flush()
                    scanned = ours.events
                } catch {
                    scanned = nil
                }
                let document = String(decoding: xml, as: UTF8.self)
                // Never laxer than libxml2. It is laxer in places (Foundation lets it recover from
                // `</>` or a stray `&`), where this reader refuses as XML says.
                if !accepted { #expect(scanned == nil, "\(document)") }
                if accepted, let scanned {
                    #expect(scanned == reference.events.events, "\(document)")
                    compared += 1
                }
            }
            #expect(compared > 900)
        }
    #endif
}
