public import IndexCore

/// A multi-criteria decision: the alternatives' scores and ranks under the weights, with the
/// normalised matrix and, for TOPSIS, the distances to the ideals (`iidei mcda --format json`).
/// A number that is not finite is `null`.
public struct MCDADocument: Codable, Sendable, Hashable {
    public var alternatives: [String]
    public var criteria: [String]
    public var weights: [Double?]
    /// Rows are alternatives, columns criteria.
    public var normalised: [[Double?]]
    public var scores: [Double?]
    /// 1 = best, in the alternatives' order.
    public var ranking: [Int]
    public var topsis: TOPSIS?

    /// TOPSIS's distances to the positive and negative ideal solutions, and the ideals.
    public struct TOPSIS: Codable, Sendable, Hashable {
        public var dPlus: [Double?]
        public var dMinus: [Double?]
        public var pis: [Double?]
        public var nis: [Double?]
    }

    public init(
        _ decision: DecisionMatrix,
        weights: [Double],
        normalised: [[Double]],
        scores: [Double],
        ranking: [Int],
        topsis: MCDA.TOPSIS?
    ) {
        func numbers(_ values: [Double]) -> [Double?] { values.map(finite) }
        alternatives = decision.alternatives
        criteria = decision.criteria
        self.weights = numbers(weights)
        self.normalised = normalised.map(numbers)
        self.scores = numbers(scores)
        self.ranking = ranking
        self.topsis = topsis.map { result in
            TOPSIS(
                dPlus: numbers(result.distanceToPositive),
                dMinus: numbers(result.distanceToNegative),
                pis: numbers(result.positiveIdeal),
                nis: numbers(result.negativeIdeal)
            )
        }
    }
}
