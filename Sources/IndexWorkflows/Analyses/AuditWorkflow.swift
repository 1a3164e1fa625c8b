public import IndexCore

/// A statistical coherence audit of each cross-section evaluation, keyed by evaluation
/// (`iidei audit --format json`, `POST /api/v1/audit`).
public struct AuditDocument: Codable, Sendable, Hashable {
    public var period: String
    public var units: Int
    public var groups: [Group]
    public var indicators: [Indicator]

    /// A group's internal consistency and its verdict.
    public struct Group: Codable, Sendable, Hashable {
        public var id: String
        public var level: Int
        public var children: [String]
        public var cronbachAlpha: Double?
        public var firstComponentShare: Double?
        public var againstTheRest: [String]
        public var nearDuplicates: [[String]]
        public var verdict: String
    }

    /// An indicator's correlations with its parent and the index, and what they flag.
    public struct Indicator: Codable, Sendable, Hashable {
        public var id: String
        public var parent: String
        public var pearsonWithParent: Double?
        public var spearmanWithParent: Double?
        public var pearsonWithIndex: Double?
        public var spearmanWithIndex: Double?
        public var flags: [String]
    }

    init(_ audit: Audit) {
        period = audit.period
        units = audit.unitCount
        groups = audit.groups.map { group in
            Group(
                id: group.id,
                level: group.depth,
                children: group.children,
                cronbachAlpha: finite(group.cronbachAlpha),
                firstComponentShare: finite(group.firstComponentShare),
                againstTheRest: group.againstTheRest,
                nearDuplicates: group.nearDuplicates,
                verdict: group.verdict
            )
        }
        indicators = audit.indicators.map { check in
            Indicator(
                id: check.id,
                parent: check.parent,
                pearsonWithParent: finite(check.pearsonWithParent),
                spearmanWithParent: finite(check.spearmanWithParent),
                pearsonWithIndex: finite(check.pearsonWithIndex),
                spearmanWithIndex: finite(check.spearmanWithIndex),
                flags: check.flags
            )
        }
    }
}

/// The audits of a run's cross-sections, in the framework's order, and their document.
public struct AuditOutcome: Sendable {
    public var audits: [Audit]
    public var document: [String: AuditDocument] {
        keyed(audits.map { ($0.evaluation, AuditDocument($0)) })
    }
}

extension Workflows {
    /// Audits each cross-section evaluation of a run (or only `evaluation`): correlations with
    /// parent and index, Cronbach's α, the first principal component, flags and a verdict per group.
    public func audit(evaluation: String? = nil, inputs: LoadedInputs, options: RunOptions) throws -> AuditOutcome {
        // Only the evaluation asked for is run (within those the options name), not every one.
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
                evaluation.map { "no cross-section evaluation '\($0)' to examine" }
                    ?? "no cross-section evaluation to examine"
            )
        }
        return AuditOutcome(audits: sections.map(Audit.init))
    }

    /// The audit an API request asks for: of a recorded run, or of a stored dataset under options.
    public func audit(_ request: AnalysisAPIRequest) throws -> AuditOutcome {
        guard request.unit == nil else { throw IndexError("an audit is of every unit: leave out \"unit\"") }
        let (inputs, options) = try analysed(request)
        return try audit(evaluation: request.evaluation, inputs: inputs, options: options)
    }
}
