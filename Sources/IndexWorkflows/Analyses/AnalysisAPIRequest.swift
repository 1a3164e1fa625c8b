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
        try rejectUnknownFields(
            decoder,
            CodingKeys.self,
            expected: "run, or dataset and options, and unit or evaluation"
        )
        let container = try decoder.container(keyedBy: CodingKeys.self)
        run = try container.decodeIfPresent(String.self, forKey: .run)
        dataset = try container.decodeIfPresent(String.self, forKey: .dataset)
        options = try container.decodeIfPresent(RunOptions.self, forKey: .options)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        evaluation = try container.decodeIfPresent(String.self, forKey: .evaluation)
        try Workflows.checkAnalysed(run: run, dataset: dataset, options: options)
    }
}

extension Workflows {
    /// Checks that an API body names what it analyses once: a recorded run, or a stored dataset
    /// (with options).
    static func checkAnalysed(run: String?, dataset: String?, options: RunOptions?) throws {
        guard (run == nil) != (dataset == nil) else {
            throw IndexError("name a recorded run (\"run\") or a stored dataset (\"dataset\"), one of them")
        }
        guard run == nil || options == nil else {
            throw IndexError("a recorded run brings its own options: give \"options\" only with \"dataset\"")
        }
    }

    /// The inputs and options an API analysis names: a recorded run's, or a stored dataset's with
    /// the given options (the defaults when none are given).
    func analysed(
        run: String?,
        dataset: String?,
        options: RunOptions?
    ) throws -> (inputs: LoadedInputs, options: RunOptions) {
        if let run {
            let (record, inputs) = try recorded(run)
            return (inputs, record.options)
        }
        return (try load(RunInputs(dataset: dataset)), options ?? RunOptions())
    }

    func analysed(_ request: AnalysisAPIRequest) throws -> (inputs: LoadedInputs, options: RunOptions) {
        try analysed(run: request.run, dataset: request.dataset, options: request.options)
    }
}

extension Workflows {
    /// The cross-sections an analysis of one evaluation (or of all) examines: only the evaluation asked
    /// for is run (within those the options name), not every one.
    ///
    /// - Throws: ``IndexError`` when there is no such cross-section, saying what it was wanted for.
    func crossSections(
        _ evaluation: String?,
        inputs: LoadedInputs,
        options: RunOptions,
        purpose: String
    ) throws -> [CrossSectionResult] {
        var options = options
        if let evaluation { options.evaluations = (options.evaluations ?? [evaluation]).filter { $0 == evaluation } }
        let results = try IndexEngine.run(framework: inputs.framework, dataset: inputs.dataset, options: options)
        let sections = results.evaluations.compactMap { result -> CrossSectionResult? in
            if case .crossSection(let section) = result, evaluation == nil || section.evaluation == evaluation {
                return section
            }
            return nil
        }
        guard !sections.isEmpty else {
            throw IndexError(
                evaluation.map { "no cross-section evaluation '\($0)' to \(purpose)" }
                    ?? "no cross-section evaluation to \(purpose)"
            )
        }
        return sections
    }
}
