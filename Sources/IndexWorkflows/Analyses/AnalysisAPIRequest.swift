public import IndexCore
import IndexStore

/// The body of `POST /api/v1/levers` and `POST /api/v1/audit`: a recorded run (`{"run": "3"}`), or
/// a stored dataset with run options (`{"dataset": "provinces@1", "options": {…}}`), and the
/// analysis's own fields (`"unit"`, `"evaluation"`). Read strictly: any other field is an error.
public struct AnalysisAPIRequest: Codable, Sendable, Hashable {
    public var run: String?
    public var dataset: String?
    public var options: RunOptions?
    /// The unit whose levers are asked for: code or name (levers only).
    public var unit: String?
    /// The cross-section evaluation; `nil` = the first (levers) or every one (audit).
    public var evaluation: String?

    public init(
        run: String? = nil,
        dataset: String? = nil,
        options: RunOptions? = nil,
        unit: String? = nil,
        evaluation: String? = nil
    ) {
        self.run = run
        self.dataset = dataset
        self.options = options
        self.unit = unit
        self.evaluation = evaluation
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case run, dataset, options, unit, evaluation
    }

    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyCodingKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(rawValue: $0) == nil }) {
            throw IndexError(
                "unknown field '\(unknown)'; expected run, or dataset and options, and unit or evaluation"
            )
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        run = try container.decodeIfPresent(String.self, forKey: .run)
        dataset = try container.decodeIfPresent(String.self, forKey: .dataset)
        options = try container.decodeIfPresent(RunOptions.self, forKey: .options)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        evaluation = try container.decodeIfPresent(String.self, forKey: .evaluation)
        guard (run == nil) != (dataset == nil) else {
            throw IndexError("name a recorded run (\"run\") or a stored dataset (\"dataset\"), one of them")
        }
        guard run == nil || options == nil else {
            throw IndexError("a recorded run brings its own options: give \"options\" only with \"dataset\"")
        }
    }
}

extension Workflows {
    /// The inputs and options an API analysis names: a recorded run's, or a stored dataset's with
    /// the given options.
    func analysed(_ request: AnalysisAPIRequest) throws -> (inputs: LoadedInputs, options: RunOptions) {
        if let run = request.run {
            let (record, inputs) = try recorded(run)
            return (inputs, record.options)
        }
        return (try load(RunInputs(dataset: request.dataset)), request.options ?? RunOptions())
    }
}
