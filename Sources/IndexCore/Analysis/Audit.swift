/// A statistical coherence audit of a cross-section, as the JRC audits composite indices
/// (OECD/JRC *Handbook on Constructing Composite Indicators*, 2008, step 4 and 7).
///
/// On the normalised indicators and aggregated scores of every unit:
/// - each indicator's Pearson and Spearman correlation with its parent and with the index;
/// - flags: a negative correlation (the indicator pulls against its group), a weak one
///   (|r| < 0.3, it hardly moves its group), and near-duplicates within a group (|r| > 0.9);
/// - per group: Cronbach's α, and the first principal component's share of variance with any
///   indicator loading against the rest;
/// - a short verdict per pillar;
/// - the full JRC statistical audit (COINr 1.1.14's `get_stats`, `get_corr`, `get_pvals`,
///   `get_PCA`, `get_cronbach`): every node's ``ColumnStatistics``, the Pearson and Spearman
///   matrix of every indicator and aggregate with ``CorrelationTest`` p-values, each group's
///   ``PrincipalComponents`` and the ``Flag``s of collinear pairs, negative pairs inside a group and
///   indicators closer to another group than to their own.
///
/// Each pair is correlated over the units where both have a value (pairwise deletion); an indicator
/// is compared with its own parent, which includes it (the part–whole correlation COINr's
/// `get_corr(withparent = TRUE)` reports).
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
        /// Every component of the children's correlation matrix (complete rows); `nil` for a group
        /// of one or when undefined (fewer than two complete rows, a child that does not vary).
        public var components: PrincipalComponents?
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
    /// The units audited, in the result's order.
    public var units: [String]
    /// Per indicator.
    public var indicators: [IndicatorCheck]
    /// Per aggregate node.
    public var groups: [GroupCheck]
    /// Every node in the matrix's order: the indicators in the framework's order, then the
    /// aggregates from the deepest level up to the index.
    public var nodes: [String]
    /// Each node's statistics (its normalised values for an indicator, its scores for an aggregate),
    /// in ``nodes``' order.
    public var statistics: [ColumnStatistics]
    /// The correlation matrices of ``nodes``.
    public var correlations: Correlations
    /// What the matrices flag, in ``nodes``' order.
    public var flags: [Flag]
    /// The |r| from which a pair of siblings is flagged as collinear.
    public var collinearity: Double
    /// Each indicator's statistics on its raw values (before treatment and normalisation), by id,
    /// when the audit was given the dataset (see ``withRawStatistics(_:)``); empty otherwise.
    public var rawStatistics: [String: ColumnStatistics] = [:]

    /// The audit with ``rawStatistics``: each indicator's values in `dataset` for the audited
    /// period and units (a missing or unreadable value is missing), as COINr's `get_stats` on `Raw`.
    public func withRawStatistics(_ dataset: Dataset) -> Audit {
        var copy = self
        let table = dataset.valueTable { $0.period == period }
        for id in nodes where indicators.contains(where: { $0.id == id }) {
            let column = units.map { unit in
                table[ObservationKey(unit: unit, indicator: id, period: period)] ?? .nan
            }
            copy.rawStatistics[id] = ColumnStatistics(column)
        }
        return copy
    }

    /// The correlations of every pair of nodes, `matrix[i][j]` for ``Audit/nodes`` `i` and `j`;
    /// `nil` where undefined (see ``Association/correlation(_:_:method:)`` and ``CorrelationTest``).
    public struct Correlations: Sendable, Hashable {
        public var pearson: [[Double?]]
        public var spearman: [[Double?]]
        /// Kendall's τ-b.
        public var kendall: [[Double?]]
        /// Two-sided p-values of ``pearson`` (the diagonal 0, as `get_pvals`).
        public var pearsonP: [[Double?]]
        /// Two-sided p-values of ``spearman`` (the diagonal 0).
        public var spearmanP: [[Double?]]
        /// Two-sided p-values of ``kendall`` (the diagonal 0).
        public var kendallP: [[Double?]]

        /// The matrix of a method.
        public func coefficients(_ method: Association.Correlation) -> [[Double?]] {
            switch method {
            case .pearson: pearson
            case .spearman: spearman
            case .kendall: kendall
            }
        }

        /// The p-values of a method.
        public func pValues(_ method: Association.Correlation) -> [[Double?]] {
            switch method {
            case .pearson: pearsonP
            case .spearman: spearmanP
            case .kendall: kendallP
            }
        }
    }

    /// A finding of the correlation matrix (Pearson).
    public struct Flag: Sendable, Hashable {
        /// What is found.
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            /// Two children of one parent with |r| ≥ ``Audit/collinearity``: they may count one thing twice.
            case collinear
            /// Two children of one parent with r < 0: they pull the parent apart.
            case negative
            /// An indicator whose r with another aggregate at its parent's level exceeds its r with its parent.
            case closerToAnotherGroup
        }

        public var kind: Kind
        /// The parent (the pair's, or the indicator's).
        public var group: String
        /// The pair; or the indicator and the other aggregate.
        public var nodes: [String]
        /// The pair's r; or the indicator's r with the other aggregate.
        public var correlation: Double
        /// The p-value of ``correlation``.
        public var pValue: Double?
        /// For ``Kind/closerToAnotherGroup``: the indicator's r with its own parent.
        public var withOwnGroup: Double?
    }

    /// Thresholds of the flags.
    public static let weak = 0.3
    /// Near-duplicates: |r| above this.
    public static let duplicate = 0.9
    /// A group is reliable when Cronbach's α reaches this.
    public static let reliableAlpha = 0.7

    /// Audits a cross-section result.
    ///
    /// - Parameters:
    ///   - result: the cross-section: its normalised indicators and aggregate scores of every unit.
    ///   - collinearity: the |r| from which two siblings are flagged as collinear (COINr's
    ///     `get_corr_flags` default, 0.9).
    public init(_ result: CrossSectionResult, collinearity: Double = 0.9) {
        self.collinearity = collinearity
        evaluation = result.evaluation
        period = result.period
        unitCount = result.units.count
        units = result.units.map(\.id)
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
            var components: PrincipalComponents?
            if children.count >= 2 {
                // COINr's `get_cronbach`: each pair's covariance over the rows where both have a value.
                alpha = Association.cronbachAlpha(columns)
                components = try? PrincipalComponents(columns)
            }
            if children.count >= 2, complete.count >= 3 {
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
                    components: components,
                    againstTheRest: against,
                    nearDuplicates: duplicates,
                    verdict: verdict
                )
            )
        }
        indicators = checks
        self.groups = groups
        nodes = Self.matrixOrder(result.nodes)
        let columns = nodes.map(values)
        statistics = columns.map { ColumnStatistics($0) }
        var test = CorrelationTest()
        var matrices: [Association.Correlation: ([[Double?]], [[Double?]])] = [:]
        for method in Association.Correlation.allCases {
            var r = [[Double?]](repeating: [Double?](repeating: nil, count: columns.count), count: columns.count)
            var p = r
            for i in columns.indices {
                for j in i..<columns.count {
                    r[i][j] = Association.correlation(columns[i], columns[j], method: method)
                    p[i][j] = i == j ? 0 : test.pValue(columns[i], columns[j], method: method)
                    r[j][i] = r[i][j]
                    p[j][i] = p[i][j]
                }
            }
            matrices[method] = (r, p)
        }
        correlations = Correlations(
            pearson: matrices[.pearson]?.0 ?? [],
            spearman: matrices[.spearman]?.0 ?? [],
            kendall: matrices[.kendall]?.0 ?? [],
            pearsonP: matrices[.pearson]?.1 ?? [],
            spearmanP: matrices[.spearman]?.1 ?? [],
            kendallP: matrices[.kendall]?.1 ?? []
        )
        flags = Self.flags(result.nodes, order: nodes, correlations: correlations, collinearity: collinearity)
    }

    /// The indicators in the framework's order (depth first), then the aggregates, deepest level first.
    static func matrixOrder(_ nodes: [NodeInfo]) -> [String] {
        var children: [String: [NodeInfo]] = [:]
        for node in nodes { if let parent = node.parent { children[parent, default: []].append(node) } }
        var preorder: [NodeInfo] = []
        func walk(_ node: NodeInfo) {
            preorder.append(node)
            for child in children[node.id] ?? [] { walk(child) }
        }
        for root in nodes where root.parent == nil { walk(root) }
        let aggregates = preorder.filter { !$0.isIndicator }
        let depths = Set(aggregates.map(\.depth)).sorted(by: >)
        return preorder.filter(\.isIndicator).map(\.id)
            + depths.flatMap { depth in aggregates.filter { $0.depth == depth }.map(\.id) }
    }

    /// Collinear and negative sibling pairs (Pearson), and indicators that correlate more with
    /// another aggregate at their parent's level than with their parent.
    static func flags(
        _ nodes: [NodeInfo],
        order: [String],
        correlations: Correlations,
        collinearity: Double
    ) -> [Flag] {
        let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func r(_ a: String, _ b: String) -> (Double, Double?)? {
            guard let i = position[a], let j = position[b], let value = correlations.pearson[i][j] else { return nil }
            return (value, correlations.pearsonP[i][j])
        }
        var flags: [Flag] = []
        let ordered = nodes.sorted { (position[$0.id] ?? 0) < (position[$1.id] ?? 0) }
        for parent in ordered where !parent.isIndicator {
            let children = ordered.filter { $0.parent == parent.id }.map(\.id)
            for (a, first) in children.enumerated() {
                for second in children[(a + 1)...] {
                    guard let (value, p) = r(first, second) else { continue }
                    if abs(value) >= collinearity {
                        flags.append(
                            Flag(
                                kind: .collinear,
                                group: parent.id,
                                nodes: [first, second],
                                correlation: value,
                                pValue: p
                            )
                        )
                    }
                    if value < 0 {
                        flags.append(
                            Flag(
                                kind: .negative,
                                group: parent.id,
                                nodes: [first, second],
                                correlation: value,
                                pValue: p
                            )
                        )
                    }
                }
            }
        }
        for node in ordered where node.isIndicator {
            guard let parent = nodes.first(where: { $0.id == node.parent }), let (own, _) = r(node.id, parent.id)
            else { continue }
            let others = ordered.filter { !$0.isIndicator && $0.depth == parent.depth && $0.id != parent.id }
            var best: (id: String, value: Double, p: Double?)?
            for other in others {
                guard let (value, p) = r(node.id, other.id), value > own, value > (best?.value ?? -.infinity) else {
                    continue
                }
                best = (other.id, value, p)
            }
            if let best {
                flags.append(
                    Flag(
                        kind: .closerToAnotherGroup,
                        group: parent.id,
                        nodes: [node.id, best.id],
                        correlation: best.value,
                        pValue: best.p,
                        withOwnGroup: own
                    )
                )
            }
        }
        return flags
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

extension Audit.Flag: CustomStringConvertible {
    /// The finding in words (English), with its r and p-value.
    public var description: String {
        func number(_ x: Double) -> String { String((x * 100).rounded() / 100) }
        let p = pValue.map { ", p \($0 < 0.001 ? "< 0.001" : "= " + String((($0 * 1000).rounded() / 1000)))" } ?? ""
        let pair = nodes.joined(separator: " and ")
        switch kind {
        case .collinear:
            return "\(pair) in \(group) are collinear (r = \(number(correlation))\(p)): they may count one thing twice"
        case .negative:
            return "\(pair) in \(group) correlate negatively (r = \(number(correlation))\(p)): they pull \(group) apart"
        case .closerToAnotherGroup:
            let own = withOwnGroup.map(number) ?? "—"
            return
                "\(nodes.first ?? "") correlates more with \(nodes.last ?? "") (r = \(number(correlation))) than with its own \(group) (r = \(own))"
        }
    }
}
