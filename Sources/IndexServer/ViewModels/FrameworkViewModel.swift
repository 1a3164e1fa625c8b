import IndexCore
import IndexStore

/// The framework page's content: each evaluation's nodes with local and effective weights, its AHP
/// matrices in tree order with their consistency, the expert panel's agreement, and the surveys
/// the weights came from.
struct FrameworkViewModel: Sendable {
    /// One AHP judgement matrix: the parent node and the matrix's consistency.
    struct Matrix: Sendable {
        var node: String
        /// The parent node; `nil` when the results no longer name it.
        var info: NodeInfo?
        var consistency: AHPResult
    }

    /// One evaluation's weights.
    struct Evaluation: Sendable {
        var name: LocalisedText
        var nodes: [NodeInfo]
        /// Effective weight of each node in percent.
        var effective: [String: Double]
        /// The matrices in the order of their parents in the tree (ties by id).
        var matrices: [Matrix]
        var hasMatrices: Bool
        var panel: PanelResult?
    }

    let evaluations: [Evaluation]
    let surveys: [SurveyApplication]

    /// - Parameter surveys: the `survey apply` records of the run's framework.
    init(_ snapshot: DashboardSnapshot, surveys: [SurveyApplication]) {
        self.surveys = surveys
        evaluations = snapshot.results.evaluations.compactMap { evaluation in
            guard let derived = snapshot.results.weights[evaluation.id] else { return nil }
            let name: LocalisedText
            switch evaluation {
            case .series(let series): name = series.name
            case .crossSection(let section): name = section.name
            }
            let order = Dictionary(evaluation.nodes.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
            let info = Dictionary(evaluation.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let matrices = derived.ahp.sorted {
                (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key)
            }.compactMap { node, result in
                result.consistency.map { Matrix(node: node, info: info[node], consistency: $0) }
            }
            return Evaluation(
                name: name,
                nodes: evaluation.nodes,
                effective: derived.effective,
                matrices: matrices,
                hasMatrices: !derived.ahp.isEmpty,
                panel: derived.panel
            )
        }
    }
}

/// The runs page's rows: each run with the run before it to compare against.
struct RunsViewModel: Sendable {
    /// Where a run stands in review.
    enum State: Sendable, Hashable {
        /// The newest publication that stands: what readers see.
        case shown(by: String, at: String)
        /// Published once, and since replaced or taken back.
        case publishedEarlier
        /// An analyst asked a reviewer to look at it (``IndexStore/ReviewRequest``), since its last publication.
        case awaitingReview(by: String, at: String, note: String)
        case draft
    }

    struct Row: Sendable {
        var record: RunRecord
        /// The first listed run with a smaller id (the diff link's other side).
        var previous: Int64?
        var state: State
        /// The run readers see, for a draft to be compared with; `nil` for the shown run itself
        /// or while none is published.
        var published: Int64?
    }

    let rows: [Row]

    init(_ records: [RunRecord], publications: [Publication] = [], requests: [ReviewRequest] = []) {
        let shown = publications.first(where: \.isCurrent)
        let published = Set(publications.map(\.run))
        let requested = Dictionary(requests.map { ($0.run, $0) }, uniquingKeysWith: { a, _ in a })
        rows = records.map { record in
            // A request stands until the run is published after it.
            let lastPublished = publications.filter { $0.run == record.id }.map(\.publishedAt).max()
            let request = requested[record.id].flatMap { request in
                lastPublished.map { request.requestedAt > $0 } ?? true ? request : nil
            }
            let state: State =
                if let shown, shown.run == record.id {
                    .shown(by: shown.publishedBy, at: shown.publishedAt)
                } else if let request {
                    .awaitingReview(by: request.requestedBy, at: request.requestedAt, note: request.note)
                } else if published.contains(record.id) {
                    .publishedEarlier
                } else {
                    .draft
                }
            return Row(
                record: record,
                previous: records.first { $0.id < record.id }?.id,
                state: state,
                published: shown.map(\.run).flatMap { $0 == record.id ? nil : $0 }
            )
        }
    }
}
