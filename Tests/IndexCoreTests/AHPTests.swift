import IndexCore
import IndexTestSupport
import RealModule
import Testing

@Suite("AHP")
struct AHPTests {
    /// Saaty (1990), "How to make a decision", EJOR 48: λmax = 4.39, CI = 0.13, CR = 0.14,
    /// priorities ≈ (0.61, 0.24, 0.10, 0.05).
    @Test func saatyPublishedExample() throws {
        let matrix = try JudgementMatrix([
            [1, 5, 6, 7], [1.0 / 5, 1, 4, 6], [1.0 / 6, 1.0 / 4, 1, 4], [1.0 / 7, 1.0 / 6, 1.0 / 4, 1],
        ])
        let result = try AHP.analyse(matrix)
        #expect(TestSupport.close(result.lambdaMax, 4.39, 0.005))
        #expect(TestSupport.close(result.ci, 0.13, 0.005))
        #expect(TestSupport.close(result.cr, 0.14, 0.005))
        #expect(!result.isConsistent)
        for (weight, published) in zip(result.weights, [0.61, 0.24, 0.10, 0.05]) {
            #expect(TestSupport.close(weight, published, 0.01))
        }
        #expect(result.riTable == "saaty-1980")
        #expect(TestSupport.close(result.weights.reduce(0, +), 1, 1e-12))
    }

    /// For a 3 × 3 reciprocal matrix (a, b, c above the diagonal),
    /// λmax = 1 + (b/(ac))^(1/3) + (ac/b)^(1/3), and the eigenvector is the row geometric mean.
    @Test func threeByThreeClosedForm() throws {
        let (a, b, c) = (3.0, 5.0, 3.0)
        let matrix = try JudgementMatrix([[1, a, b], [1 / a, 1, c], [1 / b, 1 / c, 1]])
        let eigen = try AHP.analyse(matrix)
        let ratio = b / (a * c)
        let expected = 1 + Double.pow(ratio, 1.0 / 3) + Double.pow(1 / ratio, 1.0 / 3)
        #expect(TestSupport.close(eigen.lambdaMax, expected, 1e-10))
        #expect(TestSupport.close(eigen.ci, (expected - 3) / 2, 1e-10))
        #expect(TestSupport.close(eigen.cr, (expected - 3) / 2 / 0.58, 1e-10))
        let geometric = try AHP.analyse(matrix, method: .geometricMean)
        for (x, y) in zip(eigen.weights, geometric.weights) { #expect(TestSupport.close(x, y, 1e-10)) }
    }

    @Test(arguments: PriorityMethod.allCases)
    func consistentMatrixRecoversWeights(method: PriorityMethod) throws {
        let weights = [0.4, 0.3, 0.2, 0.1]
        let result = try AHP.analyse(try .consistent(with: weights), method: method)
        for (x, y) in zip(result.weights, weights) { #expect(TestSupport.close(x, y, 1e-12)) }
        #expect(TestSupport.close(result.lambdaMax, 4, 1e-10))
        #expect(TestSupport.close(result.cr, 0, 1e-10))
    }

    @Test func columnMeanHandWorked() throws {
        // [[1,2],[1/2,1]]: columns sum to 1.5 and 3 → rows (2/3, 2/3) and (1/3, 1/3)
        let result = try AHP.analyse(try JudgementMatrix([[1, 2], [0.5, 1]]), method: .columnMean)
        #expect(TestSupport.close(result.weights[0], 2.0 / 3))
        #expect(result.cr == 0)
    }

    @Test func riTableIsSelectableAndNamed() throws {
        let matrix = try JudgementMatrix([[1, 3, 5], [1.0 / 3, 1, 3], [1.0 / 5, 1.0 / 3, 1]])
        let chinese = try AHP.analyse(matrix, riTable: try .named("chinese-1000"))
        let saaty = try AHP.analyse(matrix)
        #expect(chinese.riTable == "chinese-1000")
        #expect(TestSupport.close(chinese.cr * 0.52, saaty.cr * 0.58, 1e-12))
        #expect(try RandomIndexTable.alonsoLamata.value(for: 20) == (1.7699 * 20 - 4.3513) / 19)
        #expect(throws: IndexError.self) { try RandomIndexTable.saaty1980.value(for: 16) }
        #expect(throws: IndexError.self) { try RandomIndexTable.named("nope") }
    }

    @Test func malformedMatricesAreRefused() {
        #expect(throws: IndexError("judgement matrix is not square: row 2 has 1 entries, expected 2")) {
            try JudgementMatrix([[1, 2], [1]])
        }
        #expect(throws: IndexError("judgement matrix is not reciprocal: a(1,2) = 3.0 but a(2,1) = 0.5")) {
            try JudgementMatrix([[1, 3], [0.5, 1]])
        }
        #expect(throws: IndexError("judgement matrix entry (1, 2) = -2.0 is not positive")) {
            try JudgementMatrix([[1, -2], [-0.5, 1]])
        }
    }

    @Test func groupAggregationAIJAndAIP() throws {
        let first = try JudgementMatrix([[1, 2], [0.5, 1]])
        let second = try JudgementMatrix([[1, 8], [1.0 / 8, 1]])
        // AIJ: geometric mean of 2 and 8 is 4 → weights 0.8, 0.2
        let aij = try AHP.analyseGroup([first, second], aggregation: .aij)
        #expect(TestSupport.close(aij.weights[0], 0.8))
        // AIP arithmetic: (2/3 + 8/9)/2
        let arithmetic = try AHP.analyseGroup([first, second], aggregation: .aipArithmetic)
        #expect(TestSupport.close(arithmetic.weights[0], (2.0 / 3 + 8.0 / 9) / 2))
        #expect(arithmetic.consistency == nil)
        // weighted AIJ: weights 3:1 → 2^0.75 · 8^0.25 = 2^1.5
        let weighted = try AHP.analyseGroup([first, second], expertWeights: [3, 1], aggregation: .aij)
        let ratio = Double.pow(2, 1.5)
        #expect(TestSupport.close(weighted.weights[0], ratio / (1 + ratio)))
        let geometric = try AHP.analyseGroup([first, second], aggregation: .aipGeometric)
        let g0 = (2.0 / 3 * 8.0 / 9).squareRoot()
        let g1 = (1.0 / 3 * 1.0 / 9).squareRoot()
        #expect(TestSupport.close(geometric.weights[0], g0 / (g0 + g1)))
    }
}

@Suite("Expert panel")
struct ExpertPanelTests {
    /// Three experts, four indicators, no ties. Rank sums 4, 8, 9, 9 … worked by hand below.
    @Test func kendallWHandWorked() throws {
        let panel = try ExpertPanel(
            experts: ["a", "b", "c"],
            indicators: ["w", "x", "y", "z"],
            scores: [[60, 70, 80, 90], [60, 80, 70, 90], [70, 60, 80, 90]]
        )
        let result = try panel.analyse()
        // ranks: a 1,2,3,4; b 1,3,2,4; c 2,1,3,4 → R = 4, 6, 8, 12; mean 7.5; S = 12.25+2.25+0.25+20.25 = 35
        // W = 12·35 / (9 · 60) = 0.7778
        let expectedW: Double = 12 * 35 / (9.0 * 60)
        #expect(TestSupport.close(result.kendallW, expectedW))
        #expect(result.kendallW == result.kendallWUncorrected)
        #expect(TestSupport.close(result.chiSquare, 9 * expectedW))
        #expect(result.degreesOfFreedom == 3)
        // mean scores 63.33, 70, 76.67, 90 → weights proportional
        #expect(TestSupport.close(result.indicators[3].weight, 90 / 300))
        #expect(TestSupport.close(result.indicators[0].sd, (100.0 / 3).squareRoot()))
        #expect(result.indicators[3].fullScoreFrequency == 1)
        // χ² = 7 with 3 df: p = 0.0719 (tables)
        #expect(TestSupport.close(result.pValue, 0.0719, 0.0005))
    }

    @Test func tieCorrectionRaisesW() throws {
        let panel = try ExpertPanel(
            experts: ["a", "b"],
            indicators: ["x", "y", "z"],
            scores: [[80, 80, 90], [70, 80, 90]]
        )
        let result = try panel.analyse()
        // a ranks 1.5,1.5,3; b 1,2,3 → R = 2.5, 3.5, 6; S = 6.5; T = 2³ − 2 = 6
        let uncorrected: Double = 78 / 96
        let corrected: Double = 78 / 84
        #expect(TestSupport.close(result.kendallWUncorrected, uncorrected))
        #expect(TestSupport.close(result.kendallW, corrected))
    }

    @Test func chiSquareUpperTailMatchesTables() {
        #expect(TestSupport.close(Distributions.chiSquareUpperTail(3.841, degreesOfFreedom: 1), 0.05, 1e-4))
        #expect(TestSupport.close(Distributions.chiSquareUpperTail(18.307, degreesOfFreedom: 10), 0.05, 1e-4))
    }

    /// A panel naming an indicator twice (a framework's `panel: indicators: [a, a]`) is refused with
    /// the indicator's name, not left to trap where its weights are keyed by indicator.
    @Test func anIndicatorNamedTwiceIsRefused() {
        #expect(throws: IndexError.self) {
            try ExpertPanel(experts: ["a", "b"], indicators: ["x", "x"], scores: [[60, 70], [70, 60]])
        }
    }
}
