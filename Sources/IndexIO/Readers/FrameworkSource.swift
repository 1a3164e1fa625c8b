public import IndexCore

/// A framework as its file holds it: the text and its format, kept so a stored run can parse the
/// very same framework again.
public struct FrameworkSource: Sendable, Hashable {
    public enum Format: String, Sendable, Hashable {
        /// IIDEI's YAML framework format.
        case yaml
        /// COINr's iMeta table.
        case coinrMeta = "coinr-imeta"
    }

    public var format: Format
    public var content: String
    /// Where it was read from (a path, or `built-in`).
    public var origin: String

    public init(format: Format, content: String, origin: String) {
        self.format = format
        self.content = content
        self.origin = origin
    }

    /// Reads a framework file: a COINr iMeta CSV, or IIDEI YAML.
    public static func read(path: String) throws -> FrameworkSource {
        let text = try TextFile.read(path)
        if path.lowercased().hasSuffix(".csv") {
            let table = try DataTable(text: text, file: path)
            if COINrReader.isMeta(table) {
                return FrameworkSource(format: .coinrMeta, content: text, origin: path)
            }
            throw IndexError("a CSV framework must be a COINr iMeta table (iCode, Parent, … columns)", file: path)
        }
        return FrameworkSource(format: .yaml, content: text, origin: path)
    }

    /// The framework.
    ///
    /// - Throws: the reader's errors, located in ``origin``.
    public func parse() throws -> Framework {
        switch format {
        case .yaml: try FrameworkReader.parse(content, file: origin)
        case .coinrMeta: try COINrReader.readMeta(try DataTable(text: content, file: origin))
        }
    }
}
