/// What a weighting survey asks: AHP pairwise judgements, Delphi scores, or both.
public enum SurveyKind: String, Sendable, Hashable, CaseIterable {
    case ahp
    case delphi
    case both

    /// Whether the survey asks for pairwise judgements.
    public var asksJudgements: Bool { self != .delphi }
    /// Whether the survey asks for indicator scores.
    public var asksScores: Bool { self != .ahp }
}

/// The range of the Delphi panel's scores (for example 0–100, where 100 is the full score).
public struct ScoreScale: Sendable, Hashable {
    /// The lowest score.
    public var lower: Double
    /// The highest (full) score.
    public var upper: Double

    /// - Throws: ``IndexError`` unless `lower < upper`, both finite.
    public init(lower: Double = 0, upper: Double = 100) throws {
        guard lower.isFinite, upper.isFinite, lower < upper else {
            throw IndexError("the panel's score scale must be LOWER-UPPER with LOWER < UPPER, not \(lower)-\(upper)")
        }
        self.lower = lower
        self.upper = upper
    }

    /// The full score: the scale's upper end.
    public var fullScore: Double { upper }
}

/// A node whose children the experts compare pairwise.
public struct SurveyNode: Sendable, Hashable {
    /// The key answers use: the node id when every evaluation has the same children there, else
    /// `evaluation.node` (an upper tree node is asked once; the indicators under a leaf pillar differ
    /// by evaluation and are asked per evaluation).
    public var key: String
    /// The framework node's id.
    public var nodeID: String
    /// The node's name.
    public var name: LocalisedText
    /// The children's ids, in the order of the matrix.
    public var children: [String]
    /// The children's names, in the same order.
    public var childNames: [LocalisedText]
    /// The evaluations whose tree has this node with these children.
    public var evaluations: [String]

    /// The pairs to judge, `(i, j)` with `i < j`, in reading order.
    public var pairs: [(Int, Int)] {
        children.indices.flatMap { i in ((i + 1)..<children.count).map { (i, $0) } }
    }
}

/// An indicator the panel scores.
public struct SurveyIndicator: Sendable, Hashable {
    /// The indicator's id.
    public var id: String
    /// The indicator's name.
    public var name: LocalisedText
    /// The evaluations that hold the indicator.
    public var evaluations: [String]
    /// What the indicator measures and in what unit, as the framework says (empty when it does not),
    /// so an expert scores what is meant.
    public var definition: LocalisedText
    public var unit: String
}

/// The questions of a weighting survey of a framework: a matrix for every node with two or more
/// children, and a score for every indicator.
///
/// ```swift
/// let design = try SurveyDesign(framework: framework, kind: .both)
/// let checked = try design.check(answers, expert: "Wang")
/// ```
public struct SurveyDesign: Sendable, Hashable {
    /// What the survey asks.
    public var kind: SurveyKind
    /// The nodes whose children are compared pairwise.
    public var nodes: [SurveyNode]
    /// The indicators to score.
    public var indicators: [SurveyIndicator]
    /// The range of the scores.
    public var scale: ScoreScale
    /// The random index table the answers are checked with.
    public var riTable: RandomIndexTable

    /// Builds the questions from a framework.
    ///
    /// - Throws: ``IndexError`` when the framework has nothing to ask for the kind chosen.
    public init(
        framework: Framework,
        kind: SurveyKind = .both,
        scale: ScoreScale? = nil,
        riTable: RandomIndexTable? = nil
    ) throws {
        self.kind = kind
        self.scale = try scale ?? ScoreScale()
        self.riTable = riTable ?? framework.evaluations.compactMap { $0.weighting?.riTable }.first ?? .saaty1980
        var byID: [String: [(evaluation: String, node: FrameworkNode)]] = [:]
        var order: [String] = []
        var indicators: [SurveyIndicator] = []
        for evaluation in framework.evaluations {
            for node in evaluation.root.preorder {
                if let indicator = node.indicator {
                    if let index = indicators.firstIndex(where: { $0.id == indicator.id }) {
                        indicators[index].evaluations.append(evaluation.id)
                    } else {
                        indicators.append(
                            SurveyIndicator(
                                id: indicator.id,
                                name: indicator.name,
                                evaluations: [evaluation.id],
                                definition: indicator.definition,
                                unit: indicator.unit
                            )
                        )
                    }
                } else if node.children.count >= 2 {
                    if byID[node.id] == nil { order.append(node.id) }
                    byID[node.id, default: []].append((evaluation.id, node))
                }
            }
        }
        var nodes: [SurveyNode] = []
        for id in order {
            let occurrences = byID[id] ?? []
            let shared = Set(occurrences.map { $0.node.children.map(\.id) }).count == 1
            let groups = shared ? [occurrences] : occurrences.map { [$0] }
            for group in groups {
                guard let first = group.first else { continue }
                nodes.append(
                    SurveyNode(
                        key: shared ? id : "\(first.evaluation).\(id)",
                        nodeID: id,
                        name: first.node.name,
                        children: first.node.children.map(\.id),
                        childNames: first.node.children.map(\.name),
                        evaluations: group.map(\.evaluation)
                    )
                )
            }
        }
        self.nodes = kind.asksJudgements ? nodes : []
        self.indicators = kind.asksScores ? indicators : []
        guard !self.nodes.isEmpty || !self.indicators.isEmpty else {
            throw IndexError("framework '\(framework.id)' has nothing to ask in a \(kind.rawValue) survey")
        }
    }

    /// The node with a key.
    public func node(_ key: String) -> SurveyNode? {
        nodes.first { $0.key == key }
    }
}
