import IndexCore
import Testing

/// Leave-one-out on the small case (three units, pillars p1 = {a, b}, p2 = {c, d}, min-max 1–100,
/// equal weights), worked by hand:
///
/// ```
///        a     b     c     d     p1    p2    index   rank
/// u1   100     1   80.2  100   50.5  90.1  70.3     1
/// u2     1   100  100     67   50.5  83.5  67       2
/// u3   50.5  50.5    1     1   50.5   1    25.75    3
/// ```
/// Without a: p1 = b, index 45.55, 91.75, 25.75 → ranks 2, 1, 3 (shifts +1, −1, 0).
/// Without c: p2 = d, index 75.25, 58.75, 25.75 → ranks unchanged.
/// Without p2: index = p1 = 50.5 for all → ranks 1, 1, 1 (ties share the best; shifts 0, −1, −2).
@Suite("Leave one out")
struct LeaveOneOutTests {
    @Test func rankShiftsMatchTheHandWorkedCase() throws {
        let (framework, dataset) = try RobustnessTests.smallCase()
        let pipeline = try CrossSectionPipeline(framework: framework, dataset: dataset)
        let result = try pipeline.leaveOneOut()
        #expect(result.units == pipeline.units.map(\.id))
        let order = result.units.map { ["u1": 0, "u2": 1, "u3": 2][$0] ?? -1 }
        func byUnit(_ values: [Int]) -> [Int] {
            var sorted = [Int](repeating: 0, count: 3)
            for (index, unit) in order.enumerated() { sorted[unit] = values[index] }
            return sorted
        }
        #expect(byUnit(result.nominalRanks) == [1, 2, 3])
        #expect(result.removals.map(\.node) == ["a", "b", "c", "d", "p1", "p2"])
        let removal = Dictionary(uniqueKeysWithValues: result.removals.map { ($0.node, $0) })
        #expect(byUnit(try #require(removal["a"]).ranks) == [2, 1, 3])
        #expect(byUnit(try #require(removal["a"]).shifts) == [1, -1, 0])
        #expect(abs(try #require(removal["a"]).meanAbsoluteShift - 2.0 / 3) < 1e-15)
        #expect(byUnit(try #require(removal["c"]).shifts) == [0, 0, 0])
        #expect(byUnit(try #require(removal["p2"]).ranks) == [1, 1, 1])
        #expect(byUnit(try #require(removal["p2"]).shifts) == [0, -1, -2])
        #expect(try #require(removal["p2"]).meanAbsoluteShift == 1)
        #expect(byUnit(try #require(removal["p1"]).shifts) == [0, 0, 0])
        #expect(removal["p1"]?.level == 2 && removal["a"]?.level == 1)
    }
}
