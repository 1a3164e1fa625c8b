import IndexCore
import RealModule
import Testing

@Suite("Linear programs (two-phase simplex, Bland's rule)")
struct LinearProgramTests {
    typealias Constraint = LinearProgram.Constraint

    /// Hillier and Lieberman's Wyndor example: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18.
    /// Vertices (0,0) 0, (4,0) 12, (4,3) 27, (2,6) 36, (0,6) 30: the optimum is (2, 6), 36.
    @Test func textbookOptimum() throws {
        let solution = try LinearProgram(
            maximise: [3, 5],
            subjectTo: [
                Constraint([1, 0], .lessOrEqual, 4), Constraint([0, 2], .lessOrEqual, 12),
                Constraint([3, 2], .lessOrEqual, 18),
            ]
        ).solve()
        #expect(solution.value.isApproximatelyEqual(to: 36, absoluteTolerance: 1e-12))
        #expect(solution.variables[0].isApproximatelyEqual(to: 2, absoluteTolerance: 1e-12))
        #expect(solution.variables[1].isApproximatelyEqual(to: 6, absoluteTolerance: 1e-12))
    }

    /// A minimum written as a maximum, with `≥` rows (phase 1 needed: the origin is infeasible):
    /// min x + y, x + 2y ≥ 4, 3x + y ≥ 6. The vertices are (0, 6) → 6, (4, 0) → 4 and where both
    /// rows bind, x + 2y = 4, 3x + y = 6 → x = 8/5, y = 6/5 → 14/5, the least.
    @Test func greaterOrEqualRowsNeedPhaseOne() throws {
        let solution = try LinearProgram(
            maximise: [-1, -1],
            subjectTo: [Constraint([1, 2], .greaterOrEqual, 4), Constraint([3, 1], .greaterOrEqual, 6)]
        ).solve()
        #expect(solution.value.isApproximatelyEqual(to: -14.0 / 5, absoluteTolerance: 1e-12))
        #expect(solution.variables[0].isApproximatelyEqual(to: 8.0 / 5, absoluteTolerance: 1e-12))
        #expect(solution.variables[1].isApproximatelyEqual(to: 6.0 / 5, absoluteTolerance: 1e-12))
    }

    /// An equality row written twice (the second is redundant and keeps its artificial at zero),
    /// and a row with a negative bound (turned): max x + 2y, x + y = 1, x + y = 1, −x ≤ −0.25
    /// → x = 0.25, y = 0.75, value 1.75.
    @Test func redundantEqualitiesAndNegativeBounds() throws {
        let solution = try LinearProgram(
            maximise: [1, 2],
            subjectTo: [
                Constraint([1, 1], .equal, 1), Constraint([1, 1], .equal, 1), Constraint([-1, 0], .lessOrEqual, -0.25),
            ]
        ).solve()
        #expect(solution.value.isApproximatelyEqual(to: 1.75, absoluteTolerance: 1e-12))
        #expect(solution.variables[0].isApproximatelyEqual(to: 0.25, absoluteTolerance: 1e-12))
    }

    /// Beale's example, on which the largest-coefficient rule cycles for ever at the degenerate
    /// origin (Chvátal, Linear Programming, §3). Bland's rule leaves it; the optimum is 5/4 at
    /// x4 = 1, x6 = 1 (both first rows then give 0.25 − 1 ≤ 0 and 0.5 − 0.5 = 0).
    @Test func degenerateProgramDoesNotCycle() throws {
        let program = LinearProgram(
            maximise: [0.75, -20, 0.5, -6],
            subjectTo: [
                Constraint([0.25, -8, -1, 9], .lessOrEqual, 0), Constraint([0.5, -12, -0.5, 3], .lessOrEqual, 0),
                Constraint([0, 0, 1, 0], .lessOrEqual, 1),
            ]
        )
        let solution = try program.solve()
        #expect(solution.value.isApproximatelyEqual(to: 1.25, absoluteTolerance: 1e-12))
        #expect(solution.iterations < program.iterationLimit)
    }

    /// The pivot limit stops a solve that would need more.
    @Test func iterationLimitIsAnError() throws {
        let program = LinearProgram(
            maximise: [3, 5],
            subjectTo: [
                Constraint([1, 0], .lessOrEqual, 4), Constraint([0, 2], .lessOrEqual, 12),
                Constraint([3, 2], .lessOrEqual, 18),
            ]
        )
        // Bland's rule enters x first: (0,0) → (4,0) → (4,3) → (2,6), three pivots.
        #expect(try program.solve().iterations == 3)
        let error = try #require(throws: IndexError.self) { try program.solve(iterationLimit: 2) }
        #expect(error.kind == .limitExceeded && error.message.contains("2 pivots"))
        #expect(try program.solve(iterationLimit: 3).value == 36)
    }

    @Test func infeasibleProgramSaysSo() throws {
        let program = LinearProgram(
            maximise: [1, 1],
            subjectTo: [Constraint([1, 1], .lessOrEqual, 1), Constraint([1, 1], .greaterOrEqual, 2)]
        )
        let error = try #require(throws: IndexError.self) { try program.solve() }
        #expect(error.message.contains("infeasible"))
    }

    @Test func unboundedProgramSaysSo() throws {
        let program = LinearProgram(maximise: [1, 0], subjectTo: [Constraint([1, -1], .lessOrEqual, 1)])
        let error = try #require(throws: IndexError.self) { try program.solve() }
        #expect(error.message.contains("unbounded"))
    }

    @Test func malformedProgramsAreRefused() throws {
        let short = LinearProgram(maximise: [1, 1], subjectTo: [Constraint([1], .lessOrEqual, 1)])
        #expect((try #require(throws: IndexError.self) { try short.solve() }).message.contains("constraint 1"))
        let infinite = LinearProgram(maximise: [1], subjectTo: [Constraint([.infinity], .lessOrEqual, 1)])
        #expect((try #require(throws: IndexError.self) { try infinite.solve() }).message.contains("not finite"))
        let empty = LinearProgram(maximise: [], subjectTo: [])
        #expect(throws: IndexError.self) { try empty.solve() }
    }

    /// With no constraints a variable with a positive cost is unbounded, one with none stays at 0.
    @Test func noConstraints() throws {
        #expect(try LinearProgram(maximise: [0, -1], subjectTo: []).solve().value == 0)
        #expect(throws: IndexError.self) { try LinearProgram(maximise: [1], subjectTo: []).solve() }
    }
}
