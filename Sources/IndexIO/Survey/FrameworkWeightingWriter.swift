public import IndexCore
import Yams

/// Writes a YAML framework with each evaluation's weighting replaced.
///
/// The weighting is its AHP matrices (one list per node, one matrix per expert), its expert panel and
/// its weighting options. Everything else in the
/// file is kept as it was (comments aside: the YAML is re-emitted).
public enum FrameworkWeightingWriter {
    /// The framework text with the weighting of `framework`'s evaluations.
    ///
    /// - Parameters:
    ///   - source: the framework file the survey was made from (YAML).
    ///   - framework: the same framework with the weighting to write.
    ///   - header: comment lines put at the top (provenance); their control characters (line breaks
    ///     included) are written as `\u{…}`, so a survey or expert name cannot add YAML of its own.
    ///     The YAML itself is emitted by Yams, which quotes and escapes every scalar that needs it.
    /// - Returns: the YAML text.
    /// - Throws: ``IndexError`` for a COINr iMeta source.
    public static func write(source: FrameworkSource, framework: Framework, header: [String]) throws -> String {
        guard source.format == .yaml else {
            throw IndexError(
                "only a YAML framework can be written with new weights; this one is a \(source.format.rawValue) table",
                file: source.origin
            )
        }
        guard let root = try YAMLLimits.compose(source.content, file: source.origin), var document = root.mapping,
            var evaluations = document["evaluations"]?.sequence
        else {
            throw IndexError("the framework is not a YAML mapping with 'evaluations'", file: source.origin)
        }
        let surveyedJudgements = framework.evaluations.contains { !($0.weighting?.judgements.isEmpty ?? true) }
        if surveyedJudgements, let tree = document["tree"] { document["tree"] = strippingAHP(tree) }
        for index in evaluations.indices {
            guard var mapping = evaluations[index].mapping, let id = mapping["id"]?.string,
                let spec = framework.evaluation(id)?.weighting
            else { continue }
            if !spec.judgements.isEmpty {
                let keys = spec.judgements.keys.sorted()
                mapping["ahp"] = .mapping(
                    Node.Mapping(
                        keys.map { key in
                            (Node(key), .sequence(Node.Sequence((spec.judgements[key] ?? []).map(matrix))))
                        }
                    )
                )
            }
            if let panel = spec.panel {
                var pairs: [(Node, Node)] = [
                    (Node("summary"), Node(spec.panelSummary.name)),
                    (Node("experts"), flow(panel.experts.map { Node($0) })),
                    (Node("indicators"), flow(panel.indicators.map { Node($0) })),
                    (Node("scores"), .sequence(Node.Sequence(panel.scores.map { row in flow(row.map(number)) }))),
                ]
                if let full = spec.panelFullScore { pairs.insert((Node("full-score"), number(full)), at: 1) }
                mapping["panel"] = .mapping(Node.Mapping(pairs))
            }
            var weighting = mapping["weighting"]?.mapping ?? Node.Mapping([])
            weighting["ri-table"] = Node(spec.riTable.name)
            weighting["group"] = Node(spec.groupAggregation.rawValue)
            weighting["method"] = Node(spec.priorityMethod.rawValue)
            if spec.allowInconsistent { weighting["allow-inconsistent"] = Node("true") }
            if let weights = spec.expertWeights { weighting["expert-weights"] = flow(weights.map(number)) }
            mapping["weighting"] = .mapping(weighting)
            evaluations[index] = .mapping(mapping)
        }
        document["evaluations"] = .sequence(Node.Sequence(Array(evaluations)))
        let body = try Yams.serialize(node: .mapping(document), allowUnicode: true)
        // A comment ends at a line break: a name with one would start a line of YAML of its own
        // (a key in the framework). Control characters are shown as `\u{…}` instead.
        let comments = header.map { "# " + ControlCharacters.visible($0) }
        return comments.joined(separator: "\n") + (header.isEmpty ? "" : "\n") + body
    }

    static func strippingAHP(_ node: Node) -> Node {
        guard var mapping = node.mapping else { return node }
        mapping["ahp"] = nil
        if let children = mapping["children"]?.sequence {
            mapping["children"] = .sequence(Node.Sequence(children.map(strippingAHP)))
        }
        return .mapping(mapping)
    }

    static func flow(_ nodes: [Node]) -> Node {
        .sequence(Node.Sequence(nodes, .implicit, .flow))
    }

    static func matrix(_ matrix: JudgementMatrix) -> Node {
        .sequence(Node.Sequence(matrix.entries.map { row in flow(row.map(entry)) }, .implicit, .flow))
    }

    /// A judgement: `3`, `1/5` on Saaty's scale, else the shortest text that reads back exactly.
    static func entry(_ value: Double) -> Node {
        if let snapped = SaatyScale.snapped(value), abs(snapped - value) <= 1e-12 * snapped {
            return Node(SaatyScale.label(snapped))
        }
        return number(value)
    }

    static func number(_ value: Double) -> Node {
        Node(Cell.format(value))
    }
}
