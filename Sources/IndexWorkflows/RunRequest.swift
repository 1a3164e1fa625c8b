public import Foundation
public import IndexCore

/// A run of a stored dataset, as `POST /api/v1/runs` and `iidei run --dataset` ask for it:
/// `{"dataset": "NAME[@VERSION]", "options": {"normalise": "zscore", "weightAlpha": 0.5, …}}`.
///
/// Read strictly: one JSON object with a non-empty `dataset` string, an optional `options` object
/// (``IndexCore/RunOptions``, read by the same decoder as the command line's flags) and nothing else.
public struct RunRequest: Codable, Sendable, Hashable {
    public var dataset: String
    public var options: RunOptions

    public init(dataset: String, options: RunOptions = RunOptions()) {
        self.dataset = dataset
        self.options = options
    }

    /// The shape the body must have, for messages.
    public static let shape = #"{"dataset": "NAME[@VERSION]", "options": {"NAME": VALUE, …}}"#

    enum CodingKeys: String, CodingKey, CaseIterable {
        case dataset, options
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownFields(decoder, CodingKeys.self, expected: Self.shape)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let dataset = try? container.decode(String.self, forKey: .dataset), !dataset.isEmpty else {
            throw IndexError("'dataset' must be a non-empty string naming a stored dataset (NAME or NAME@VERSION)")
        }
        self.dataset = dataset
        options = try container.decodeIfPresent(RunOptions.self, forKey: .options) ?? RunOptions()
    }

    /// Reads a request body.
    ///
    /// - Throws: ``IndexCore/IndexError`` (invalid input) saying what is wrong.
    public static func parse(_ body: Data) throws -> RunRequest {
        try WorkflowJSON.decode(RunRequest.self, from: body, what: "the body (expected \(shape))")
    }
}

/// Rejects a JSON object with a field `Keys` does not name: a strict reader's first step.
///
/// - Parameter expected: what the object should hold, for the message.
func rejectUnknownFields<Keys: CodingKey>(_ decoder: any Decoder, _: Keys.Type, expected: String) throws {
    let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
    if let unknown = keys.sorted().first(where: { Keys(stringValue: $0) == nil }) {
        throw IndexError("unknown field '\(unknown)'; expected \(expected)")
    }
}

/// Any key of a JSON object, to find the ones a strict reader does not know.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
