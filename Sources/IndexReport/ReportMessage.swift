/// The fixed texts of the report page's chrome (cover, contents, lists), in one table per language.
///
/// ``zh`` and ``en`` are exhaustive switches over the same cases, so a message missing in one
/// language does not compile.
enum ReportMessage: Hashable, Sendable {
    case contents
    case listOfFigures
    case listOfTables
    /// The years a report covers, as its subtitle and running header show them.
    case yearSpan(from: String, to: String)

    /// The message in a language.
    func text(_ language: ReportLanguage) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }

    /// The Chinese table.
    var zh: String {
        switch self {
        case .contents: "目录"
        case .listOfFigures: "图目录"
        case .listOfTables: "表目录"
        case .yearSpan(let from, let to): "（\(from)—\(to) 年）"
        }
    }

    /// The English table.
    var en: String {
        switch self {
        case .contents: "Contents"
        case .listOfFigures: "List of figures"
        case .listOfTables: "List of tables"
        case .yearSpan(let from, let to): "\(from)–\(to)"
        }
    }
}

extension ReportLanguage {
    /// A report message in this language.
    func text(_ message: ReportMessage) -> String { message.text(self) }
}
