import IndexCore
import Testing

@Suite("Name suggestions")
struct NameSuggestionTests {
    static let options = RunOptions.Key.allCases.map(\.rawValue)

    @Test func theNearestKnownNameWithinTheLimit() {
        #expect(NameSuggestion.nearest(to: "normalize", in: Self.options, within: 3) == "normalise")
        #expect(NameSuggestion.nearest(to: "Ties", in: Self.options, within: 3) == "ties")
        #expect(NameSuggestion.nearest(to: "colour", in: Self.options, within: 1) == nil)
        // Equals: the first known name wins.
        #expect(NameSuggestion.nearest(to: "ab", in: ["aa", "bb"], within: 1) == "aa")
        #expect(NameSuggestion.distance("kitten", "sitting") == 3)
    }

    /// A request body's key can be long: no known name is compared with it (their lengths differ by
    /// more than the limit), so the answer costs one pass over it, not a 2-million-column table per
    /// known name. Checked by what is compared, not by a clock (a time limit failed in a busy CI run
    /// where the test waited minutes for a thread).
    @Test func aLongUnknownNameIsComparedWithNothing() {
        let long = String(repeating: "x", count: 2_000_000)
        #expect(NameSuggestion.candidates(for: long, in: Self.options, within: 3).isEmpty)
        #expect(NameSuggestion.nearest(to: long, in: Self.options, within: 3) == nil)
        // Names within the limit's length are compared, and only they.
        #expect(NameSuggestion.candidates(for: "tie", in: ["ties", "normalise", "t"], within: 2) == ["ties", "t"])
    }
}
