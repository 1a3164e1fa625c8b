import IndexCore

extension CompiledEvaluation {
    /// A cross-section evaluation `e` over `root`, unnormalised, compiled: for tests that score
    /// rows through the aggregation paths directly.
    static func bare(_ root: FrameworkNode) throws -> CompiledEvaluation {
        let evaluation = Evaluation(
            id: "e",
            name: LocalisedText(zh: "e", en: "e"),
            kind: .crossSection,
            normalisation: .none,
            root: root
        )
        return try CompiledEvaluation(evaluation: evaluation, root: root)
    }
}
