/// Which experts' answers a framework's weights came from.
public struct SurveyProvenance: Sendable, Hashable {
    /// Experts whose matrices were used (they answered every node), in panel order.
    public var ahpExperts: [String]
    /// Per evaluation, the experts whose scores were used (they scored every indicator of it).
    public var panelExperts: [String: [String]]
    /// Experts left out, with the reason.
    public var excluded: [String]
}

/// The survey's answers turned into weights: per node the group's result, and the framework with the
/// collected matrices and scores in place of its own.
public struct SurveyWeighting: Sendable, Hashable {
    /// Per node key, the group result over the experts who answered the node.
    public var nodes: [String: GroupAHPResult]
    /// The framework whose evaluations carry the survey's matrices and panel.
    public var framework: Framework
    /// Which experts' answers were used, and which were left out.
    public var provenance: SurveyProvenance
}

extension SurveyDesign {
    /// Aggregates checked answers into group weights and a framework that carries them.
    ///
    /// Per node, the experts who answered it are aggregated (AIJ, or AIP geometric or arithmetic). The
    /// framework takes the matrices of the experts who answered every node, and per evaluation the
    /// scores of the experts who scored every one of its indicators; a part the survey did not ask
    /// keeps the framework's own (a Delphi-only survey keeps the framework's matrices).
    ///
    /// - Parameters:
    ///   - framework: the framework the survey was made from.
    ///   - answers: the checked answers of one round.
    ///   - aggregation: AIJ, or AIP geometric or arithmetic.
    ///   - expertWeights: by expert name (rescaled over the experts used); `nil` = equal.
    ///   - allowInconsistent: keep matrices with CR ≥ 0.10 (the framework then accepts them too).
    /// - Returns: the group results per node and the weighted framework.
    /// - Throws: ``IndexError`` when no expert has answered a part the survey asks, or an expert weight
    ///   is missing or invalid.
    public func weighting(
        of framework: Framework,
        answers: [CheckedAnswers],
        aggregation: GroupAggregation = .aij,
        expertWeights: [String: Double]? = nil,
        allowInconsistent: Bool = false
    ) throws -> SurveyWeighting {
        func weights(for experts: [String]) throws -> [Double]? { try Self.weights(expertWeights, for: experts) }
        let nodeResults = try groupWeights(answers, aggregation: aggregation, expertWeights: expertWeights)
        var excluded: [String] = []
        let ahpExperts =
            nodes.isEmpty ? [] : answers.filter { a in nodes.allSatisfy { a.matrix($0.key) != nil } }.map(\.expert)
        if !nodes.isEmpty {
            guard !ahpExperts.isEmpty else {
                throw IndexError("no expert has answered every node of the survey yet; nothing to weight with")
            }
            for a in answers where !ahpExperts.contains(a.expert) {
                let missing = nodes.filter { a.matrix($0.key) == nil }.map(\.key)
                excluded.append(
                    "\(a.expert): judgements — not answered: \(missing.prefix(5).joined(separator: ", "))\(missing.count > 5 ? ", …" : "")"
                )
            }
        }
        var panelExperts: [String: [String]] = [:]
        var evaluations = framework.evaluations
        for index in evaluations.indices {
            let evaluation = evaluations[index]
            var spec = evaluation.weighting ?? WeightingSpecification()
            spec.riTable = riTable
            if !nodes.isEmpty {
                var judgements: [String: [JudgementMatrix]] = [:]
                for node in nodes where node.evaluations.contains(evaluation.id) {
                    judgements[node.nodeID] = ahpExperts.compactMap { name in
                        answers.first { $0.expert == name }?.matrix(node.key)?.matrix
                    }
                }
                spec.judgements = judgements
                spec.groupAggregation = aggregation
                spec.expertWeights = try weights(for: ahpExperts)
                spec.allowInconsistent = allowInconsistent
            }
            let scored = indicators.filter { $0.evaluations.contains(evaluation.id) }.map(\.id)
            if !scored.isEmpty {
                let complete = answers.filter { a in scored.allSatisfy { a.scores[$0] != nil } }
                guard !complete.isEmpty else {
                    throw IndexError("no expert has scored every indicator of evaluation '\(evaluation.id)' yet")
                }
                for a in answers where !complete.contains(where: { $0.expert == a.expert }) {
                    excluded.append("\(a.expert): scores of \(evaluation.id) — not every indicator scored")
                }
                spec.panel = try ExpertPanel(
                    experts: complete.map(\.expert),
                    indicators: scored,
                    scores: complete.map { a in scored.map { a.scores[$0] ?? 0 } }
                )
                spec.panelFullScore = scale.fullScore
                panelExperts[evaluation.id] = complete.map(\.expert)
            }
            evaluations[index].weighting = spec
        }
        var weighted = framework
        weighted.evaluations = evaluations
        return SurveyWeighting(
            nodes: nodeResults,
            framework: weighted,
            provenance: SurveyProvenance(ahpExperts: ahpExperts, panelExperts: panelExperts, excluded: excluded)
        )
    }

    /// Per node key, the group result over the experts who answered the node (nodes nobody answered
    /// are absent).
    ///
    /// - Throws: ``IndexError`` for a missing or invalid expert weight.
    public func groupWeights(
        _ answers: [CheckedAnswers],
        aggregation: GroupAggregation = .aij,
        expertWeights: [String: Double]? = nil
    ) throws -> [String: GroupAHPResult] {
        var results: [String: GroupAHPResult] = [:]
        for node in nodes {
            let answered = answers.compactMap { a in a.matrix(node.key).map { (a.expert, $0.matrix) } }
            guard !answered.isEmpty else { continue }
            results[node.key] = try AHP.analyseGroup(
                answered.map(\.1),
                expertWeights: try Self.weights(expertWeights, for: answered.map(\.0)),
                aggregation: aggregation,
                riTable: riTable
            )
        }
        return results
    }

    static func weights(_ expertWeights: [String: Double]?, for experts: [String]) throws -> [Double]? {
        guard let expertWeights else { return nil }
        return try experts.map { name in
            guard let weight = expertWeights[name] else { throw IndexError("no weight given for expert '\(name)'") }
            return weight
        }
    }

    /// The Delphi statistics of a round's answers: experts who scored every indicator of the survey.
    ///
    /// - Throws: ``IndexError`` when fewer than two experts scored every indicator.
    public func delphiStatistics(_ answers: [CheckedAnswers], round: Int) throws -> DelphiRoundStatistics {
        let ids = indicators.map(\.id)
        let complete = answers.filter { a in ids.allSatisfy { a.scores[$0] != nil } }
        guard complete.count >= 2 else {
            throw IndexError(
                "round \(round): \(complete.count) expert(s) scored every indicator; the statistics need two or more"
            )
        }
        let panel = try ExpertPanel(
            experts: complete.map(\.expert),
            indicators: ids,
            scores: complete.map { a in ids.map { a.scores[$0] ?? 0 } }
        )
        return try Delphi.statistics(panel, fullScore: scale.fullScore, round: round)
    }
}
