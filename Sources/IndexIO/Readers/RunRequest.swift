public import Foundation
public import IndexCore

/// The body of `POST /api/v1/runs`: `{"dataset": "NAME[@VERSION]", "options": {"NAME": "VALUE", …}}`.
///
/// Read strictly, with a message for each way it can be wrong: the body is one JSON object with a
/// non-empty `dataset` string, an optional `options` object of strings, and nothing else. The option
/// values themselves are the run specification's to judge (``RunSpecification/options()``).
public struct RunRequest: Sendable, Hashable {
    public var dataset: String
    public var specification: RunSpecification

    public init(dataset: String, specification: RunSpecification) {
        self.dataset = dataset
        self.specification = specification
    }

    /// The shape the body must have, for messages.
    public static let shape = #"{"dataset": "NAME[@VERSION]", "options": {"NAME": "VALUE", …}}"#

    /// Reads a request body.
    ///
    /// - Throws: ``IndexError`` (invalid input) saying what is wrong.
    public static func parse(_ body: Data) throws -> RunRequest {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            throw IndexError("the body is not JSON; expected \(shape)")
        }
        guard let object = parsed as? [String: Any] else {
            throw IndexError("the body is not a JSON object; expected \(shape)")
        }
        if let unknown = object.keys.sorted().first(where: { $0 != "dataset" && $0 != "options" }) {
            throw IndexError("unknown field '\(unknown)'; expected \(shape)")
        }
        guard let dataset = object["dataset"] as? String, !dataset.isEmpty else {
            throw IndexError("'dataset' must be a non-empty string naming a stored dataset (NAME or NAME@VERSION)")
        }
        var fields: [String: String] = [:]
        if let options = object["options"] {
            guard let options = options as? [String: Any] else {
                throw IndexError("'options' must be an object of strings")
            }
            for (name, value) in options {
                guard let text = value as? String else {
                    throw IndexError("option '\(name)' must be a string (write \"\(name)\": \"…\")")
                }
                fields[name] = text
            }
        }
        return RunRequest(dataset: dataset, specification: try RunSpecification(fields: fields))
    }
}
