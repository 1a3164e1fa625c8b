import Foundation
public import IndexCore

extension RunOptions {
    /// The options that differ from the defaults as `name=value` pairs in the options' order
    /// (`impute=mean outliers=coinr`), for tables and pages; empty for the defaults.
    public var summary: String {
        guard let data = try? JSONEncoder().encode(self),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "" }
        return Key.allCases.compactMap { key in object[key.rawValue].map { "\(key.rawValue)=\($0)" } }
            .joined(separator: " ")
    }

    /// Whether any option differs from the defaults.
    public var isDefault: Bool { summary.isEmpty }
}
