import IndexCore
import RealModule
import Testing

@Suite("Non-compensatory aggregation (Mazziotta–Pareto, benefit of the doubt)")
struct NonCompensatoryTests {
    /// Four units × three indicators, chosen so that each column's standard deviation (n − 1) is
    /// a whole number:
    ///
    /// ```
    ///        A    B    C
    /// u1     7   22   43
    /// u2    11   14   47
    /// u3    11   22   55
    /// u4    11   22   55
    /// mean  10   20   50
    /// sd     2    4    6          A: (9 + 1 + 1 + 1) / 3 = 4; B: (4 + 36 + 4 + 4) / 3 = 16; C: (49 + 9 + 25 + 25) / 3 = 36
    /// ```
    static let values: [[Double]] = [[7, 22, 43], [11, 14, 47], [11, 22, 55], [11, 22, 55]]

    /// Step 1, z = 100 + 10 · (x − mean) / sd:
    ///
    /// ```
    /// u1   85   105   100 − 70/6 = 265/3
    /// u2  105    85   100 − 30/6 = 95
    /// u3  105   105   100 + 50/6 = 325/3      (u4 the same)
    /// ```
    @Test func standardisationIsCompindsScale() {
        let z = MazziottaPareto().standardised(Self.values)
        let expected: [[Double]] = [
            [85, 105, 265.0 / 3], [105, 85, 95], [105, 105, 325.0 / 3], [105, 105, 325.0 / 3],
        ]
        for (row, want) in zip(z, expected) {
            for (value, reference) in zip(row, want) {
                #expect(value.isApproximatelyEqual(to: reference, absoluteTolerance: 1e-12))
            }
        }
    }

    /// Step 2, per unit M (mean of z), S² (variance over the three, n − 1), MPI± = M ∓ S²/M:
    ///
    /// ```
    /// u1  M = (255 + 315 + 265)/9 = 835/9; deviations −70/9, 110/9, −40/9; S² = 18600/81 / 2 = 3100/27
    ///     S²/M = (3100/27) / (835/9) = 620/501;   MPI− = 835/9 − 620/501 = 91.54025…
    /// u2  M = 95; deviations 10, −10, 0; S² = 100;  S²/M = 20/19;   MPI− = 95 − 20/19 = 93.94737…
    /// u3  M = 955/9; deviations −10/9, −10/9, 20/9; S² = 600/81 / 2 = 100/27; S²/M = 20/573
    ///     MPI− = 955/9 − 20/573 = 106.07621…  (u4 the same)
    /// ```
    ///
    /// R with Compind 2.7.1's formula (`z = scale(x)*10 + 100; M*(1 - (S/M)^2)`) prints
    /// 91.5402528276780, 93.9473684210526, 106.0762070971495 (twice); the `+` penalty 94.0153027278776,
    /// 96.0526315789474, 106.1460151250727.
    @Test func mazziottaParetoByHand() throws {
        let weights = [1.0, 1, 1]
        let minus = try MazziottaPareto().scores(Self.values, weights: weights)
        let expected = [835.0 / 9 - 620.0 / 501, 95 - 20.0 / 19, 955.0 / 9 - 20.0 / 573, 955.0 / 9 - 20.0 / 573]
        for (value, reference) in zip(minus, expected) {
            #expect(value.isApproximatelyEqual(to: reference, absoluteTolerance: 1e-10))
        }
        let plus = try MazziottaPareto(subtractsPenalty: false).scores(Self.values, weights: weights)
        for (value, reference) in zip(plus, [94.0153027278776, 96.0526315789474, 106.1460151250727, 106.1460151250727])
        {
            #expect(value.isApproximatelyEqual(to: reference, absoluteTolerance: 1e-10))
        }
        // The penalty grows with imbalance: u1 (z from 85 to 105) loses 620/501 ≈ 1.24, u3 only 0.035.
        #expect(minus[0] < minus[1] && minus[1] < minus[2] && minus[2] == minus[3])
        // Scaling the weights changes nothing: only their ratios matter.
        #expect(try MazziottaPareto().scores(Self.values, weights: [5, 5, 5]) == minus)
    }

    /// AMPI rescales each column to 70–130 over its range: A (7…11) → 70, 130, 130, 130;
    /// B (14…22) → 130, 70, 130, 130; C (43…55) → 70, 90, 130, 130. For u2: M = 290/3, deviations
    /// 100/3, −80/3, −20/3, S² (population) = 16800/27 = 5600/9, S²/M = 560/87, AMPI− = 290/3 − 560/87
    /// = 90.22989 (R: 90.2298850574713); u1 (70, 130, 70): M = 90, S² = 800, AMPI− = 90 − 80/9.
    @Test func adjustedMazziottaParetoByHand() throws {
        let scores = try MazziottaPareto(isAdjusted: true).scores(Self.values, weights: [1, 1, 1])
        #expect(scores[0].isApproximatelyEqual(to: 90 - 80.0 / 9, absoluteTolerance: 1e-10))
        #expect(scores[1].isApproximatelyEqual(to: 290.0 / 3 - 560.0 / 87, absoluteTolerance: 1e-10))
        #expect(scores[2] == 130 && scores[3] == 130)
    }

    /// Weights enter as shares of the mean and of the variance: u2 with weights 2, 1, 1 has
    /// z = (105, 85, 95): M = (210 + 85 + 95)/4 = 97.5; Σ s (z − M)² = (2·56.25 + 156.25 + 6.25)/4
    /// = 68.75; × 3/2 = 103.125; MPI− = 97.5 − 103.125/97.5.
    @Test func weightsAreSharesOfMeanAndVariance() throws {
        let scores = try MazziottaPareto().scores(Self.values, weights: [2, 1, 1])
        #expect(scores[1].isApproximatelyEqual(to: 97.5 - 103.125 / 97.5, absoluteTolerance: 1e-10))
    }

    /// A missing child: u1 has no C. C is standardised over u2–u4 (47, 55, 55: mean 157/3, sd
    /// √(64/3)); u1 is scored over A and B alone: z = (85, 105), M = 95, S² = 200 (n − 1 = 1),
    /// MPI− = 95 − 200/95. A unit with nothing has no score; a constant child has z = 100.
    @Test func missingAndConstantChildren() throws {
        var values = Self.values
        values[0][2] = .nan
        let scores = try MazziottaPareto().scores(values, weights: [1, 1, 1])
        #expect(scores[0].isApproximatelyEqual(to: 95 - 200.0 / 95, absoluteTolerance: 1e-10))
        values[0] = [.nan, .nan, .nan]
        #expect(try MazziottaPareto().scores(values, weights: [1, 1, 1])[0].isNaN)
        let constant = MazziottaPareto().standardised([[3, 1], [3, 2]])
        #expect(constant.map { $0[0] } == [100, 100])
    }

    @Test func nonPositiveMeanIsAnError() throws {
        // One unit 30 standard deviations below the others on both children: M < 0.
        var values = [[Double]](repeating: [0, 0], count: 1000)
        values[0] = [-1e6, -1e6]
        let error = try #require(throws: IndexError.self) {
            try MazziottaPareto().scores(values, weights: [1, 1], node: "P", units: (0..<1000).map { "u\($0)" })
        }
        #expect(error.unit == "u0" && error.message.contains("'P'"))
    }

    /// Three units × two indicators: A (1, 4), B (4, 1), C (2, 2). The frontier rows are
    /// w1 + 4 w2 ≤ 1, 4 w1 + w2 ≤ 1, 2 w1 + 2 w2 ≤ 1.
    ///
    /// Unbounded (`bod`): A can put all on w2: w = (0, 1/4), score 1; B likewise 1. C maximises
    /// 2 w1 + 2 w2; the vertices are (0, 1/4) → 0.5, (1/4, 0) → 0.5 and (1/5, 1/5), where A's and
    /// B's rows bind, → 0.8 (C's own row, 0.8 ≤ 1, holds). So C = 0.8 with shares ½, ½.
    ///
    /// Shares within [0.4, 0.6] (`bod:0.4,0.6`, Compind's `ci_bod_constr(up_w = 0.6, low_w = 0.4)`):
    /// A's share of indicator 2, 4 w2 / (w1 + 4 w2) ≤ 0.6, gives w2 ≤ 0.375 w1. At that bound the
    /// score is 2.5 w1 and B's row 4.375 w1 ≤ 1 binds first: w1 = 8/35, w2 = 3/35, score 4/7
    /// (the gradient (1, 4) = 24/7 · (−0.375, 1) + 4/7 · (4, 1), both multipliers ≥ 0, so optimal).
    /// B = 4/7 by symmetry; C keeps 0.8 (its shares ½ are within bounds). R's lpSolve on
    /// Compind's constraint matrix gives the same: 0.5714286, 0.5714286, 0.8, shares (0.4, 0.6).
    @Test func benefitOfTheDoubtByHand() throws {
        let values: [[Double]] = [[1, 4], [4, 1], [2, 2]]
        let free = try BenefitOfTheDoubt().solve(values, weights: [1, 1])
        #expect(
            free.map(\.score).enumerated().allSatisfy {
                $1.isApproximatelyEqual(to: [1, 1, 0.8][$0], absoluteTolerance: 1e-12)
            }
        )
        // A's optimum is not unique (every point from (0, 1/4) to (1/5, 1/5) gives 1): whichever
        // vertex is returned must keep every unit at or below 1.
        for solution in free {
            #expect(values.allSatisfy { zip($0, solution.weights).reduce(0) { $0 + $1.0 * $1.1 } <= 1 + 1e-12 })
        }
        #expect(free[2].weights.allSatisfy { $0.isApproximatelyEqual(to: 0.2, absoluteTolerance: 1e-12) })
        #expect(free[2].shares.allSatisfy { $0.isApproximatelyEqual(to: 0.5, absoluteTolerance: 1e-12) })

        let bounded = try BenefitOfTheDoubt(lower: 0.4, upper: 0.6).solve(values, weights: [1, 1])
        for (solution, score) in zip(bounded, [4.0 / 7, 4.0 / 7, 0.8]) {
            #expect(solution.score.isApproximatelyEqual(to: score, absoluteTolerance: 1e-12))
        }
        #expect(bounded[0].weights[0].isApproximatelyEqual(to: 8.0 / 35, absoluteTolerance: 1e-12))
        #expect(bounded[0].weights[1].isApproximatelyEqual(to: 3.0 / 35, absoluteTolerance: 1e-12))
        #expect(bounded[0].shares[1].isApproximatelyEqual(to: 0.6, absoluteTolerance: 1e-12))

        // Relative to equal nominal weights (shares ½): [0.8, 1.2] × ½ = [0.4, 0.6], the same program.
        let relative = try BenefitOfTheDoubt(lower: 0.8, upper: 1.2, isRelativeToNominal: true).solve(
            values,
            weights: [3, 3]
        )
        #expect(
            zip(relative, bounded).allSatisfy { $0.score.isApproximatelyEqual(to: $1.score, absoluteTolerance: 1e-12) }
        )
        // Unequal nominal weights (3:1 → shares ¾, ¼) with [1, 1] fix the shares at the nominal ones:
        // A scores w1 + 4 w2 with w1 = 3 · 4 w2 = 12 w2; B's row 49 w2 ≤ 1 binds: 16/49.
        let fixed = try BenefitOfTheDoubt(lower: 1, upper: 1, isRelativeToNominal: true).solve(values, weights: [3, 1])
        #expect(fixed[0].score.isApproximatelyEqual(to: 16.0 / 49, absoluteTolerance: 1e-12))
    }

    @Test func benefitOfTheDoubtEdgeCases() throws {
        // A unit with nothing has no score; a zero child with a positive lower share bound forces 0.
        let solutions = try BenefitOfTheDoubt(lower: 0.2, upper: 0.8).solve(
            [[.nan, .nan], [0, 3], [2, 2]],
            weights: [1, 1]
        )
        #expect(solutions[0].score.isNaN)
        #expect(solutions[1].score == 0)
        #expect(solutions[2].score.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        // Negative values and bounds no shares can meet are located errors.
        let negative = try #require(throws: IndexError.self) {
            try BenefitOfTheDoubt().solve([[1, -1]], weights: [1, 1], node: "P", units: ["u"])
        }
        #expect(negative.unit == "u" && negative.message.contains("≥ 0"))
        let tight = try #require(throws: IndexError.self) {
            try BenefitOfTheDoubt(lower: 0.6, upper: 0.9).solve([[1, 1]], weights: [1, 1], node: "P")
        }
        #expect(tight.message.contains("enclose 1"))
        // Every unit at zero: each scores 0 (every weight is optimal).
        #expect(try BenefitOfTheDoubt().solve([[0, 0], [0, 0]], weights: [1, 1]).map(\.score) == [0, 0])
    }

    @Test(arguments: [
        ("mpi", "mpi"), ("mpi:-", "mpi"), ("mpi:+", "mpi:+"), ("ampi", "ampi"), ("ampi:+", "ampi:+"), ("bod", "bod"),
        ("bod:0,1", "bod"), ("bod:0.05,0.5", "bod:0.05,0.5"), ("bod:0.1,3", "bod:0.1,1.0"),
        ("bod-nominal:0.5,2", "bod-nominal:0.5,2.0"),
    ])
    func namesReadBack(text: String, name: String) throws {
        let method = try AggregationMethod(name: text)
        #expect(method.name == name)
        #expect(try AggregationMethod(name: method.name) == method)
        #expect(method.comparesUnits)
    }

    @Test(arguments: [
        "mpi:x", "bod:", "bod:0.5", "bod:0.6,0.4", "bod:-0.1,0.5", "bod:2,3", "bod-nominal:1.5,2",
        "bod-nominal:0.5,0.9", "bod:a,b",
    ])
    func badNamesAreRefused(text: String) {
        #expect(throws: IndexError.self) { try AggregationMethod(name: text) }
    }
}
