extension CrossSectionPipeline {
    /// What every scoring pass of a pipeline reuses, prepared once with the pipeline: the row
    /// ranges normalised together, their row labels, and each indicator's method resolved.
    ///
    /// Levers and replications score a pipeline thousands of times; building labels and resolving
    /// methods in each pass cost more than the arithmetic (31 × 60: about a third of a pass).
    struct ScoringPlan: Sendable {
        /// The rows normalised together: each block, or the whole stack under the panel scope.
        let ranges: [Range<Int>]
        /// The labels of each range's rows (unit ids; `"ID PERIOD"` in a panel), for error messages
        /// and for the reference unit of ``NormalisationMethod/distanceToReference(unit:capped:)``.
        let labels: [[String]]
        /// Per indicator: the pipeline's normalisation resolved for it (its own method first), or
        /// `nil` when that throws, so that a pass resolves it again and throws where it always did.
        let methods: [NormalisationMethod?]
        /// Per indicator: what the normaliser reads of it.
        let subjects: [Normaliser.Subject]

        init(
            compiled: CompiledEvaluation,
            blocks: [Block],
            scope: NormalisationScope,
            normalisation: NormalisationMethod
        ) {
            let rowCount = blocks.last?.rows.upperBound ?? 0
            ranges = scope == .panel ? [0..<rowCount] : blocks.map(\.rows)
            labels = ranges.map { CrossSectionPipeline.rowLabels($0, blocks: blocks) }
            let conventions = compiled.evaluation.conventions
            methods = compiled.indicators.map { try? Self.method(normalisation, for: $0, by: conventions) }
            subjects = compiled.indicators.map(Normaliser.Subject.init)
        }

        /// The method an indicator is normalised by: its own, else the run's, resolved for the
        /// indicator and then by the framework's conventions.
        ///
        /// - Throws: ``IndexError`` naming the indicator when it lacks the method's parameters.
        static func method(
            _ method: NormalisationMethod,
            for indicator: Indicator,
            by conventions: MethodConventions
        ) throws -> NormalisationMethod {
            try (indicator.normalisation ?? method).resolved(for: indicator).resolved(by: conventions)
        }
    }
}
