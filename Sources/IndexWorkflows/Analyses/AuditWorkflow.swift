public import IndexCore

/// A statistical coherence audit of each cross-section evaluation, keyed by evaluation
/// (`iidei audit --format json`, `POST /api/v1/audit`): the JRC statistical audit of `Audit`.
public struct AuditDocument: Codable, Sendable, Hashable {
    public var period: String
    public var units: Int
    public var groups: [Group]
    public var indicators: [Indicator]
    /// Every indicator and aggregate, in the order of ``statistics`` and of the matrices' rows and columns.
    public var nodes: [String]
    /// Each node's statistics (COINr's `get_stats`), in ``nodes``' order.
    public var statistics: [Statistics]
    /// Each indicator's statistics on its raw values (COINr's `get_stats` on `Raw`), in ``nodes``' order.
    public var rawStatistics: [Statistics]
    /// Pearson and Spearman matrices of ``nodes`` with their two-sided p-values (`null` = undefined).
    public var correlations: Correlations
    /// Collinear and negative sibling pairs, indicators closer to another group.
    public var flags: [Flag]
    /// The |r| from which two siblings are flagged as collinear.
    public var collinearity: Double

    /// One node's statistics over the units (normalised values for an indicator, scores for an aggregate).
    public struct Statistics: Codable, Sendable, Hashable {
        public var id: String
        public var minimum, maximum, mean, median, standardDeviation, skewness, kurtosis: Double?
        public var available, nonZero, unique, same: Int
        public var availableShare, nonZeroShare, uniqueShare, sameShare: Double?
        /// COINr's flags: availability, non-zero and unique shares below their thresholds; an outlier
        /// when |skew| > 2 and kurtosis > 3.5.
        public var lowAvailability, lowNonZero, lowUnique, outlying: Bool

        init(_ id: String, _ s: ColumnStatistics) {
            self.id = id
            minimum = finite(s.minimum)
            maximum = finite(s.maximum)
            mean = finite(s.mean)
            median = finite(s.median)
            standardDeviation = finite(s.standardDeviation)
            skewness = finite(s.skewness)
            kurtosis = finite(s.kurtosis)
            available = s.available
            nonZero = s.nonZero
            unique = s.unique
            same = s.same
            availableShare = finite(s.availableShare)
            nonZeroShare = finite(s.nonZeroShare)
            uniqueShare = finite(s.uniqueShare)
            sameShare = finite(s.sameShare)
            lowAvailability = !s.isAvailabilityOK
            lowNonZero = !s.isNonZeroOK
            lowUnique = !s.isUniqueOK
            outlying = s.isOutlying
        }
    }

    /// The correlation matrices, `[i][j]` for ``AuditDocument/nodes`` `i` and `j`.
    public struct Correlations: Codable, Sendable, Hashable {
        public var pearson, spearman, kendall, pearsonP, spearmanP, kendallP: [[Double?]]
    }

    /// Each group's principal components (of its children's correlation matrix, complete rows).
    public struct Components: Codable, Sendable, Hashable {
        public var rows: Int
        public var eigenvalues: [Double]
        /// Each eigenvalue over their sum (the number of children).
        public var explainedVariance: [Double]
        /// `loadings[k][j]`: child `j` on component `k` (each component's sign is arbitrary).
        public var loadings: [[Double]]
    }

    /// A finding of the Pearson matrix.
    public struct Flag: Codable, Sendable, Hashable {
        public var kind: String
        public var group: String
        public var nodes: [String]
        public var correlation: Double
        public var pValue: Double?
        public var withOwnGroup: Double?
    }

    /// A group's internal consistency and its verdict.
    public struct Group: Codable, Sendable, Hashable {
        public var id: String
        public var level: Int
        public var children: [String]
        public var cronbachAlpha: Double?
        public var firstComponentShare: Double?
        public var components: Components?
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
                components: group.components.map { pca in
                    let total = pca.eigenvalues.reduce(0, +)
                    return Components(
                        rows: pca.rows,
                        eigenvalues: pca.eigenvalues,
                        explainedVariance: pca.eigenvalues.map { total > 0 ? $0 / total : 0 },
                        loadings: pca.loadings
                    )
                },
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
        nodes = audit.nodes
        statistics = zip(audit.nodes, audit.statistics).map { Statistics($0, $1) }
        rawStatistics = audit.nodes.compactMap { id in audit.rawStatistics[id].map { Statistics(id, $0) } }
        func cleaned(_ matrix: [[Double?]]) -> [[Double?]] { matrix.map { $0.map { finite($0) } } }
        correlations = Correlations(
            pearson: cleaned(audit.correlations.pearson),
            spearman: cleaned(audit.correlations.spearman),
            kendall: cleaned(audit.correlations.kendall),
            pearsonP: cleaned(audit.correlations.pearsonP),
            spearmanP: cleaned(audit.correlations.spearmanP),
            kendallP: cleaned(audit.correlations.kendallP)
        )
        flags = audit.flags.map { flag in
            Flag(
                kind: flag.kind.rawValue,
                group: flag.group,
                nodes: flag.nodes,
                correlation: flag.correlation,
                pValue: finite(flag.pValue),
                withOwnGroup: finite(flag.withOwnGroup)
            )
        }
        collinearity = audit.collinearity
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
    /// parent and index, Cronbach's α, the first principal component, flags and a verdict per group,
    /// and the full statistical audit (statistics, correlation matrices with p-values, PCA per group).
    ///
    /// - Parameter collinearity: the |r| from which two siblings are flagged collinear, in (0, 1].
    public func audit(
        evaluation: String? = nil,
        inputs: LoadedInputs,
        options: RunOptions,
        collinearity: Double = 0.9
    ) throws -> AuditOutcome {
        guard collinearity > 0, collinearity <= 1 else {
            throw IndexError("the collinearity threshold must be in (0, 1]; it is \(collinearity)")
        }
        let sections = try crossSections(evaluation, inputs: inputs, options: options, purpose: "examine")
        return AuditOutcome(
            audits: sections.map { Audit($0, collinearity: collinearity).withRawStatistics(inputs.dataset) }
        )
    }

    /// The audit an API request asks for: of a recorded run, or of a stored dataset under options.
    public func audit(_ request: AnalysisAPIRequest) throws -> AuditOutcome {
        guard request.unit == nil else { throw IndexError("an audit is of every unit: leave out \"unit\"") }
        let (inputs, options) = try analysed(request)
        return try audit(evaluation: request.evaluation, inputs: inputs, options: options)
    }
}
