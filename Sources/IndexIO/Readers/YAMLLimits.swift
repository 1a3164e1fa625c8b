import IndexCore
import Yams

/// The limits every YAML document the tool reads is held to, checked before any of it is used.
///
/// An alias (`*a`) stands for the whole node it names, so a few lines can name a tree of 10⁹ nodes
/// ("billion laughs"): Yams shares the anchored node, but any walk over it (a key check, the
/// framework reader, the re-emitter) pays for every copy. ``compose(_:file:)`` therefore counts the
/// nodes a walk would meet, aliases expanded, and stops at the budget before anything else looks
/// at the document; time and memory are then bounded by the budget, not by the file.
///
/// - ``maximumBytes``: 4 MiB of text (the built-in framework is 38 KB).
/// - ``maximumExpandedNodes``: 200,000 nodes, aliases expanded (the built-in framework has about
///   6,000); the check visits at most that many nodes, so it takes milliseconds.
/// - ``maximumDepth``: 100 levels of nesting (a framework tree of 32 levels needs about 70);
///   libyaml itself refuses more than 1,000 while parsing.
enum YAMLLimits {
    static let maximumBytes = 4 << 20
    static let maximumExpandedNodes = 200_000
    static let maximumDepth = 100

    /// The document's root node, or `nil` for an empty document, once the text is within the limits.
    ///
    /// - Throws: ``IndexError`` of kind `.limitExceeded` for a document over a limit, located at the
    ///   node where the limit was reached; `.invalidInput` for text that is not YAML.
    static func compose(_ text: String, file: String) throws -> Node? {
        let bytes = text.utf8.count
        guard bytes <= maximumBytes else {
            throw IndexError(
                "the YAML file has \(bytes) bytes; at most \(maximumBytes) are read",
                file: file,
                kind: .limitExceeded
            )
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw IndexError("not valid YAML: \(error)", file: file)
        }
        if let root { try checkExpansion(root, file: file) }
        return root
    }

    /// Walks the tree as its readers would (aliases expanded), without recursion, and throws when it
    /// holds more than ``maximumExpandedNodes`` nodes or nests deeper than ``maximumDepth``.
    ///
    /// - Complexity: O(min(n, ``maximumExpandedNodes``)) for a tree of n expanded nodes.
    static func checkExpansion(_ root: Node, file: String) throws {
        var stack: [(node: Node, depth: Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            guard count <= maximumExpandedNodes else {
                throw IndexError(
                    "the YAML expands to more than \(maximumExpandedNodes) nodes (are aliases '*' repeating a large anchor?)",
                    file: file,
                    line: node.mark?.line,
                    column: node.mark?.column,
                    kind: .limitExceeded
                )
            }
            guard depth <= maximumDepth else {
                throw IndexError(
                    "the YAML nests deeper than \(maximumDepth) levels",
                    file: file,
                    line: node.mark?.line,
                    column: node.mark?.column,
                    kind: .limitExceeded
                )
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let items): stack.append(contentsOf: items.map { ($0, depth + 1) })
            case .mapping(let pairs):
                for (key, value) in pairs {
                    stack.append((key, depth + 1))
                    stack.append((value, depth + 1))
                }
            }
        }
    }
}
