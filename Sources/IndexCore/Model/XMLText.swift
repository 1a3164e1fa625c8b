/// The one escaping of text for XML and HTML (SVG figures, report pages, XLSX parts).
package enum XMLText {
    /// Text made safe inside XML or HTML element content and quoted attribute values.
    ///
    /// The five markup characters become references; every character XML 1.0 forbids outright —
    /// the C0 controls other than tab, line feed and carriage return, and U+FFFE/U+FFFF — becomes
    /// U+FFFD, since no character reference may stand for them either. A name holding one (stored
    /// before names were checked) then still gives a well-formed SVG or workbook, and shows where
    /// the character was.
    package static func escape(_ text: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x26: out += "&amp;"
            case 0x3C: out += "&lt;"
            case 0x3E: out += "&gt;"
            case 0x22: out += "&quot;"
            case 0x27: out += "&#39;"
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(scalar)
            case 0x00...0x1F, 0xFFFE, 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
