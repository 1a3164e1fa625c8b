import IndexCore
import Testing

/// Nelder–Mead against R 4.2.2's `optim` (default method): the same point, value and number of
/// function evaluations, so COINr's `get_opt_weights` can be followed step for step.
@Suite("Nelder–Mead")
struct NelderMeadTests {
    static func rosenbrock(_ x: [Double]) -> Double {
        100 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]) + (1 - x[0]) * (1 - x[0])
    }

    static func close(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) }
    }

    /// `optim(c(-1.2, 1), fr)`: 195 evaluations, par 1.0002601387256695, 1.000505999303765.
    @Test func rosenbrockAsR() throws {
        let result = try NelderMead.minimise(Self.rosenbrock, from: [-1.2, 1])
        #expect(result.evaluations == 195)
        #expect(Self.close(result.point, [1.0002601387256695, 1.000505999303765]), "\(result.point)")
        #expect(abs(result.value - 8.8252410967227472e-08) < 1e-18)
        #expect(result.converged)
    }

    /// `reltol = 0.1` stops on the initial simplex: 9 evaluations, the best vertex (−0.96, 1).
    @Test func looseToleranceStopsEarly() throws {
        let result = try NelderMead.minimise(
            Self.rosenbrock,
            from: [-1.2, 1],
            options: NelderMead.Options(relativeTolerance: 0.1)
        )
        #expect(result.evaluations == 9)
        #expect(Self.close(result.point, [-0.96000000000000019, 1]))
        #expect(abs(result.value - 4.4562559999999962) < 1e-12)
    }

    /// From zero (step 0.1) with `maxit = 30`: stops after 32 evaluations, not converged (R's code 1).
    @Test func evaluationsRunOut() throws {
        let result = try NelderMead.minimise(
            { x in (x[0] - 1) * (x[0] - 1) + (x[1] - 2) * (x[1] - 2) + (x[2] - 3) * (x[2] - 3) },
            from: [0, 0, 0],
            options: NelderMead.Options(maxEvaluations: 30)
        )
        #expect(result.evaluations == 32)
        #expect(!result.converged)
        #expect(Self.close(result.point, [-0.38888888888888906, 1.5666666666666675, 2.9444444444444446]))
        #expect(abs(result.value - 2.1198765432098763) < 1e-12)
        #expect(throws: IndexError.self) { try NelderMead.minimise({ _ in .nan }, from: [1]) }
    }
}
