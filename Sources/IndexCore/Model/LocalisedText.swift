/// A label in Chinese and English.
///
/// Every node, indicator and unit carries both, so tables and reports can be printed in either
/// language. When only one language is known the other repeats it.
public struct LocalisedText: Sendable, Hashable, Codable {
    /// The Chinese label.
    public var zh: String
    /// The English label.
    public var en: String

    /// Creates a label; an empty language falls back to the other one.
    public init(zh: String, en: String) {
        self.zh = zh.isEmpty ? en : zh
        self.en = en.isEmpty ? zh : en
    }

    /// The label in a language.
    public func text(in language: Language) -> String {
        switch language {
        case .zh: zh
        case .en: en
        }
    }
}

/// The languages IIDEI prints.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case zh
    case en
}
