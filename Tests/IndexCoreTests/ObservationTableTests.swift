import IndexCore
import Testing

@Suite("Observations as columns")
struct ObservationTableTests {
    /// Observations with every optional part present and absent: values and missing values,
    /// locations with and without a sheet or a column, sources, notes and statuses, and two
    /// spellings of one name (é composed and decomposed) that Swift calls equal.
    static let sample: [Observation] = [
        Observation(
            unit: "JS",
            indicator: "x",
            period: "2023",
            value: 1.5,
            source: "yearbook",
            location: SourceLocation(file: "a.csv", line: 2, column: 4)
        ),
        Observation(unit: "JS", indicator: "y", period: "2023", value: nil, note: "not reported"),
        Observation(
            unit: "Caf\u{E9}",
            indicator: "x",
            period: "2022",
            value: -0.0,
            status: .estimated,
            location: SourceLocation(file: "b.xlsx", sheet: "2022", line: 7)
        ),
        Observation(
            unit: "Cafe\u{301}",
            indicator: "x",
            period: "2022",
            value: 3e300,
            status: .synthetic,
            location: SourceLocation(file: "b.xlsx", sheet: "2022", line: 8, column: 2)
        ),
        Observation(unit: "", indicator: "", period: "", value: .infinity),
    ]

    @Test func everyObservationReadsBackAsItWasWritten() {
        let table = ObservationTable(Self.sample)
        #expect(table.count == Self.sample.count)
        #expect(Array(table) == Self.sample)
        for (observation, original) in zip(table, Self.sample) {
            // Byte for byte, not only by Swift's equality: the decomposed é stays decomposed.
            #expect(Array(observation.unit.utf8) == Array(original.unit.utf8))
            #expect(observation.value?.bitPattern == original.value?.bitPattern)
            #expect(observation.location == original.location)
        }
        #expect(table.number(of: "Caf\u{E9}") != table.number(of: "Cafe\u{301}"))
        #expect(table.strings.count == Set(table.strings.map { Array($0.utf8) }).count)
        #expect(!table.hasValue(1) && table.value(1) == nil && table.value(0) == 1.5)
    }

    @Test func editsAreTheArraysEdits() {
        var table = ObservationTable(Self.sample)
        var array = Self.sample
        table[1].value = 9
        array[1].value = 9
        table[0].location?.file = "renamed.csv"
        array[0].location?.file = "renamed.csv"
        table[2].location = nil
        array[2].location = nil
        table.append(Observation(unit: "ZJ", indicator: "x", period: "2024", value: 2))
        array.append(Observation(unit: "ZJ", indicator: "x", period: "2024", value: 2))
        table.removeAll { $0.unit == "JS" }
        array.removeAll { $0.unit == "JS" }
        table.insert(contentsOf: Self.sample.prefix(2), at: 1)
        array.insert(contentsOf: Self.sample.prefix(2), at: 1)
        #expect(Array(table) == array)
        // The same observations numbered otherwise (strings met in another order) are equal, and
        // hash alike; other observations are not equal.
        let rebuilt = ObservationTable(array)
        #expect(rebuilt == table && rebuilt.hashValue == table.hashValue)
        #expect(rebuilt.strings != table.strings)
        var changed = rebuilt
        changed[0].note = "changed"
        #expect(changed != table)
    }

    @Test func aDatasetsPeriodsAndIllustrativeFlagComeFromTheColumns() {
        let dataset = Dataset(units: [], observations: Self.sample)
        #expect(dataset.periods == ["", "2022", "2023"])
        #expect(dataset.isIllustrative)
        #expect(!Dataset(units: [], observations: Array(Self.sample.prefix(3))).isIllustrative)
    }
}
