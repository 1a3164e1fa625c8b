/// A statistical coherence audit of a cross-section, as the JRC audits composite indices
/// (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, step 4 and 7).
///
/// On the normalised indicators and aggregated scores of every unit:
/// - each indicator's Pearson and Spearman correlation with its parent and with the index;
/// - flags: a negative correlation (the indicator pulls against its group), a weak one
///   (|r| < 0.3, it hardly moves its group), and near-duplicates within a group (|r| > 0.9);
/// - per group: Cronbach's α, and the first principal component's share of variance with any
///   indicator loading against the rest;
/// - a short verdict per pillar.
public struct Audit: Sendable, Hashable {
    /// One indicator's correlations and flags.
    public struct IndicatorCheck: Sendable, Hashable {
        /// The indicator's id.
        public var id: String
        /// Its parent's id.
        public var parent: String
        /// Pearson's r with the parent's score.
        public var pearsonWithParent: Double
        /// Spearman's ρ with the parent's score.
        public var spearmanWithParent: Double
        /// Pearson's r with the index.
        public var pearsonWithIndex: Double
        /// Spearman's ρ with the index.
        public var spearmanWithIndex: Double
        /// What is wrong, in words (negative, weak); empty when nothing is.
        public var flags: [String]
    }

    /// One aggregate node's coherence.
    public struct GroupCheck: Sendable, Hashable {
        /// The node's id.
        public var id: String
        /// Its depth (root 0).
        public var depth: Int
        /// Its children's ids.
        public var children: [String]
        /// `nil` for a group of one.
        public var cronbachAlpha: Double?
        /// The first principal component's share of the children's variance; `nil` for a group of one.
        public var firstComponentShare: Double?
        /// Children loading against the rest on the first component.
        public var againstTheRest: [String]
        /// Pairs of children with |r| > 0.9.
        public var nearDuplicates: [[String]]
        /// A short verdict in words.
        public var verdict: String
    }

    /// The evaluation audited.
    public var evaluation: String
    /// The period audited.
    public var period: String
    /// The number of units.
    public var unitCount: Int
    /// Per indicator.
    public var indicators: [IndicatorCheck]
    /// Per aggregate node.
    public var groups: [GroupCheck]

    /// Thresholds of the flags.
    public static let weak = 0.3
    /// Near-duplicates: |r| above this.
    public static let duplicate = 0.9
    /// A group is reliable when Cronbach's α reaches this.
    public static let reliableAlpha = 0.7

    /// Audits a cross-section result.
    public init(_ result: CrossSectionResult) {
        evaluation = result.evaluation
        period = result.period
        unitCount = result.units.count
        let root = result.nodes.first { $0.parent == nil }?.id ?? ""
        func values(_ id: String) -> [Double] { result.units.map { $0.nodes[id]?.score ?? .nan } }
        /// Pairwise-complete pairs.
        func paired(_ a: [Double], _ b: [Double]) -> ([Double], [Double]) {
            let kept = a.indices.filter { !a[$0].isNaN && !b[$0].isNaN }
            return (kept.map { a[$0] }, kept.map { b[$0] })
        }
        var checks: [IndicatorCheck] = []
        for node in result.nodes where node.isIndicator {
            let own = values(node.id)
            let (x, parent) = paired(own, values(node.parent ?? root))
            let (y, index) = paired(own, values(root))
            let pp = MCDA.pearson(x, parent)
            let pi = MCDA.pearson(y, index)
            var flags: [String] = []
            if pp < 0 {
                flags.append("negative with its parent")
            } else if abs(pp) < Self.weak {
                flags.append("weak with its parent")
            }
            if pi < 0 { flags.append("negative with the index") }
            checks.append(
                IndicatorCheck(
                    id: node.id,
                    parent: node.parent ?? root,
                    pearsonWithParent: pp,
                    spearmanWithParent: MCDA.spearman(x, parent),
                    pearsonWithIndex: pi,
                    spearmanWithIndex: MCDA.spearman(y, index),
                    flags: flags
                )
            )
        }
        var groups: [GroupCheck] = []
        for node in result.nodes where !node.isIndicator {
            let children = result.nodes.filter { $0.parent == node.id }.map(\.id)
            let columns = children.map(values)
            let complete = result.units.indices.filter { i in columns.allSatisfy { !$0[i].isNaN } }
            let data = columns.map { column in complete.map { column[$0] } }
            var alpha: Double?
            var share: Double?
            var against: [String] = []
            var duplicates: [[String]] = []
            if children.count >= 2, complete.count >= 3 {
                alpha = Self.cronbachAlpha(data)
                let component = ObjectiveWeights.principalComponent(data)
                share = component.varianceShare
                against = component.negative.map { children[$0] }
                for a in 0..<children.count {
                    for b in (a + 1)..<children.count where abs(MCDA.pearson(data[a], data[b])) > Self.duplicate {
                        duplicates.append([children[a], children[b]])
                    }
                }
            }
            let flagged = checks.filter { $0.parent == node.id && !$0.flags.isEmpty }.map(\.id)
            var issues: [String] = []
            if let alpha, alpha < Self.reliableAlpha { issues.append("Cronbach's α \(Self.format(alpha)) < 0.7") }
            if !against.isEmpty { issues.append("\(against.joined(separator: ", ")) load against the rest") }
            if !flagged.isEmpty { issues.append("weak or negative: \(flagged.joined(separator: ", "))") }
            if !duplicates.isEmpty { issues.append("\(duplicates.count) near-duplicate pair(s)") }
            let verdict =
                children.count < 2
                ? "one component: nothing to test"
                : issues.isEmpty ? "coherent" : "review: " + issues.joined(separator: "; ")
            groups.append(
                GroupCheck(
                    id: node.id,
                    depth: node.depth,
                    children: children,
                    cronbachAlpha: alpha,
                    firstComponentShare: share,
                    againstTheRest: against,
                    nearDuplicates: duplicates,
                    verdict: verdict
                )
            )
        }
        indicators = checks
        self.groups = groups
    }

    /// Cronbach's α of k columns: `k / (k − 1) · (1 − Σ σᵢ² / σ²_total)`, sample variances.
    public static func cronbachAlpha(_ columns: [[Double]]) -> Double {
        let k = Double(columns.count)
        guard columns.count >= 2, let n = columns.first?.count, n >= 2 else { return .nan }
        let itemVariance = columns.reduce(0) {
            $0 + MCDA.standardDeviation($1, ddof: 1) * MCDA.standardDeviation($1, ddof: 1)
        }
        let totals = (0..<n).map { i in columns.reduce(0) { $0 + $1[i] } }
        let totalVariance = MCDA.standardDeviation(totals, ddof: 1) * MCDA.standardDeviation(totals, ddof: 1)
        guard totalVariance > 0 else { return .nan }
        return k / (k - 1) * (1 - itemVariance / totalVariance)
    }

    static func format(_ value: Double) -> String {
        "\((value * 100).rounded() / 100)"
    }
}
