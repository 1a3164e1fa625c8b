import RealModule

/// How an evaluation's indicator weights are set for a run.
public enum WeightMethod: String, Sendable, Hashable, CaseIterable {
    /// AHP and expert panel, as the framework derives them (the default).
    case derived
    case equal
    case entropy
    case critic
    case cv
    case std
    /// First-component loadings² of each indicator group.
    case pca
    /// First-component loadings themselves, not squared and not normalised (COINr's `get_PCA` weights):
    /// a loading of the minority sign gives a negative weight. Scores divide by the sum of the weights
    /// present, so the sign COINr's SVD happens to return does not change them; IIDEI signs the loadings
    /// so that most are positive.
    case pcaLoadings = "pca-loadings"

    /// Weights of one group's indicators from its data (units × indicators, complete rows), with
    /// each method's default conventions (METHOD.md §9).
    public func weights(_ matrix: DecisionMatrix) throws -> [Double] {
        switch self {
        case .derived: throw IndexError("derived weights come from the framework, not the data")
        case .equal: ObjectiveWeights.equal(matrix.columnCount)
        case .entropy: try ObjectiveWeights.entropy(matrix)
        case .critic: try ObjectiveWeights.critic(matrix)
        case .cv: try ObjectiveWeights.coefficientOfVariation(matrix)
        case .std: try ObjectiveWeights.standardDeviation(matrix)
        case .pca:
            ObjectiveWeights.principalComponent(
                (0..<matrix.columnCount).map { j in
                    // Costs turned around so loadings read in the "higher is better" direction.
                    matrix.values.map { matrix.isBenefit[j] ? $0[j] : -$0[j] }
                }
            ).weights
        case .pcaLoadings:
            try ObjectiveWeights.firstComponentLoadings(
                (0..<matrix.columnCount).map { j in matrix.values.map { matrix.isBenefit[j] ? $0[j] : -$0[j] } }
            )
        }
    }
}

/// Weights read off the data rather than set by judgement (METHOD.md §9 names each default).
public enum ObjectiveWeights {
    /// What entropy weights are computed on.
    public enum EntropyInput: String, Sendable, Hashable, CaseIterable {
        /// Direction-aware min-max first (the default).
        case minmax
        /// Raw values, direction ignored: `p = x / Σx`.
        case raw
        /// Raw values with costs inverted (`1 / x`) first.
        case rawReciprocal = "raw-reciprocal"
    }

    /// Entropy weights (熵权法):
    ///
    /// ```
    /// p_ij = z_ij / Σ_i z_ij,   e_j = −Σ_i p_ij ln p_ij / ln m   (0 · ln 0 = 0),   w_j = (1 − e_j) / Σ_k (1 − e_k)
    /// ```
    /// - Parameters:
    ///   - matrix: the alternatives' values (at least two rows) and each criterion's direction.
    ///   - input: what `z` is: direction-aware min-max (default) or the raw values.
    ///   - shift: added to every value after min-max (some texts add 0.0001 to avoid zeros).
    /// - Returns: one weight per criterion, totalling 1.
    /// - Throws: ``IndexError`` for a negative value, a column summing to zero, no variation at all, or a
    ///   shift that is negative or not finite.
    public static func entropy(
        _ matrix: DecisionMatrix,
        input: EntropyInput = .minmax,
        shift: Double = 0
    ) throws -> [Double] {
        let matrix = matrix.rescaledColumns()
        let m = Double(matrix.rowCount)
        guard matrix.rowCount > 1 else { throw IndexError("entropy weights need at least two alternatives") }
        guard shift.isFinite, shift >= 0 else {
            throw IndexError(
                "the entropy shift is added to min-max values and must be a finite number from 0, not \(shift)"
            )
        }
        let z: [[Double]]
        switch input {
        case .minmax: z = try MatrixNormalisation.minmax.apply(matrix).map { $0.map { $0 + shift } }
        case .raw: z = matrix.values
        case .rawReciprocal:
            z = try matrix.values.map { row in
                try row.enumerated().map { j, x in
                    guard matrix.isBenefit[j] || x != 0 else {
                        throw IndexError("cost criterion '\(matrix.criteria[j])' has a zero value: no reciprocal")
                    }
                    return matrix.isBenefit[j] ? x : 1 / x
                }
            }
        }
        var diversity: [Double] = []
        for j in 0..<matrix.columnCount {
            let column = z.map { $0[j] }
            guard column.allSatisfy({ $0 >= 0 }) else {
                throw IndexError(
                    "criterion '\(matrix.criteria[j])' has a negative value: entropy needs non-negative data"
                )
            }
            let total = column.reduce(0, +)
            guard total > 0 else { throw IndexError("criterion '\(matrix.criteria[j])' sums to zero: no entropy") }
            var e = 0.0
            for x in column where x > 0 {
                let p = x / total
                e -= p * Double.log(p)
            }
            diversity.append(1 - e / Double.log(m))
        }
        return try normalised(diversity, what: "entropy")
    }

    /// What CRITIC weights are computed on.
    public enum CRITICInput: String, Sendable, Hashable, CaseIterable {
        /// Direction-aware min-max (the default).
        case minmax
        /// Min-max with every criterion treated as a benefit.
        case minmaxBenefit = "minmax-benefit"
    }

    /// CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): `C_j = σ_j · Σ_k (1 − r_jk)` with Pearson's
    /// r, `w = C / ΣC`.
    public static func critic(_ matrix: DecisionMatrix, input: CRITICInput = .minmax, ddof: Int = 0) throws -> [Double]
    {
        var source = matrix
        if input == .minmaxBenefit { source.isBenefit = matrix.isBenefit.map { _ in true } }
        let z = try MatrixNormalisation.minmax.apply(source)
        let columns = (0..<matrix.columnCount).map { j in z.map { $0[j] } }
        let information = columns.map { column in
            MCDA.standardDeviation(column, ddof: ddof) * columns.reduce(0) { $0 + (1 - MCDA.pearson(column, $1)) }
        }
        return try normalised(information, what: "CRITIC")
    }

    /// What coefficient-of-variation weights are computed on.
    public enum CVInput: String, Sendable, Hashable, CaseIterable {
        case raw
        case minmax
    }

    /// Coefficient-of-variation weights: `w_j ∝ σ_j / |mean_j|`, raw data by default.
    public static func coefficientOfVariation(
        _ matrix: DecisionMatrix,
        input: CVInput = .raw,
        ddof: Int = 0
    ) throws -> [Double] {
        let z = input == .raw ? matrix.rescaledColumns().values : try MatrixNormalisation.minmax.apply(matrix)
        let cv = try (0..<matrix.columnCount).map { j -> Double in
            let column = z.map { $0[j] }
            let mean = Statistics.mean(column)
            guard mean != 0 else {
                throw IndexError("criterion '\(matrix.criteria[j])' has a zero mean: no coefficient of variation")
            }
            return MCDA.standardDeviation(column, ddof: ddof) / abs(mean)
        }
        return try normalised(cv, what: "coefficient-of-variation")
    }

    /// Standard-deviation weights: `w_j ∝ σ_j` of the direction-aware min-max matrix.
    public static func standardDeviation(_ matrix: DecisionMatrix, ddof: Int = 0) throws -> [Double] {
        let z = try MatrixNormalisation.minmax.apply(matrix)
        return try normalised(
            (0..<matrix.columnCount).map { j in MCDA.standardDeviation(z.map { $0[j] }, ddof: ddof) },
            what: "standard-deviation"
        )
    }

    /// Equal weights.
    public static func equal(_ count: Int) -> [Double] {
        [Double](repeating: 1 / Double(max(count, 1)), count: count)
    }

    /// The first principal component of the correlation matrix of some columns.
    public struct PrincipalComponent: Sendable, Hashable {
        /// Unit-length loadings (eigenvector), signed so most are positive.
        public var loadings: [Double]
        /// λ₁ / p: the share of variance the first component explains.
        public var varianceShare: Double
        /// Columns whose loading has the minority sign: they pull against the rest.
        public var negative: [Int]
        /// Weights `∝ loading²` (each column's share of the component).
        public var weights: [Double]
    }

    /// The first principal component by power iteration on the correlation matrix.
    public static func principalComponent(_ columns: [[Double]]) -> PrincipalComponent {
        let p = columns.count
        guard p > 0 else { return PrincipalComponent(loadings: [], varianceShare: 0, negative: [], weights: []) }
        let r = columns.map { a in columns.map { b in MCDA.pearson(a, b) } }
        // An uneven start: a symmetric one can be orthogonal to the leading eigenvector (two
        // columns correlated negatively have it at (1, −1)).
        var vector = (0..<p).map { 1 + 1 / Double($0 + 2) }
        var lambda = 0.0
        for _ in 0..<1000 {
            var next = (0..<p).map { i in (0..<p).reduce(0) { $0 + r[i][$1] * vector[$1] } }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0 else { break }
            next = next.map { $0 / norm }
            let change = zip(next, vector).reduce(0) { max($0, abs($1.0 - $1.1)) }
            vector = next
            lambda = norm
            if change < 1e-13 { break }
        }
        if vector.filter({ $0 < 0 }).count * 2 > p { vector = vector.map { -$0 } }
        let squares = vector.map { $0 * $0 }
        let total = squares.reduce(0, +)
        return PrincipalComponent(
            loadings: vector,
            varianceShare: lambda / Double(p),
            negative: vector.indices.filter { vector[$0] < 0 },
            weights: total > 0 ? squares.map { $0 / total } : equal(p)
        )
    }

    /// The first principal component's loadings of some columns (the leading unit eigenvector of
    /// their correlation matrix, by Jacobi rotations), signed so that most are positive: COINr's
    /// `get_PCA` weights, which it uses as they are.
    ///
    /// - Throws: ``IndexError`` when a column does not vary (no correlation) or the loadings sum to 0.
    public static func firstComponentLoadings(_ columns: [[Double]]) throws -> [Double] {
        let correlations = columns.map { a in columns.map { b in MCDA.pearson(a, b) } }
        guard correlations.allSatisfy({ $0.allSatisfy(\.isFinite) }) else {
            throw IndexError("PCA weights are undefined: a column does not vary")
        }
        var loadings = SymmetricEigen(correlations).vectors.first ?? []
        if loadings.filter({ $0 < 0 }).count * 2 > loadings.count { loadings = loadings.map { -$0 } }
        guard loadings.reduce(0, +) != 0 else { throw IndexError("PCA weights are undefined: the loadings sum to 0") }
        return loadings
    }

    static func normalised(_ values: [Double], what: String) throws -> [Double] {
        let total = values.reduce(0, +)
        guard total > 0, values.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
            throw IndexError("\(what) weights are undefined: the data do not vary")
        }
        return values.map { $0 / total }
    }
}
