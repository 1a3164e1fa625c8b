import Foundation

/// A dataset's observations as columns: every string once, in a table, and each observation a row
/// of small integers, its value and its flags.
///
/// A county dataset has about a million values. As a million ``Observation`` structs (five strings
/// and a location each) it took about 160 bytes a value, and every pass over it (choosing a period,
/// filling the matrix, hashing, storing) compared and retained strings. As columns it takes about
/// 54 bytes a value, a pass reads integers, and a question about a string (which indicator is
/// this?) is asked once per distinct string, not once per value.
///
/// The table is a random-access, mutable, range-replaceable collection of ``Observation``s, so
/// code that reads or edits observations one at a time works on it unchanged; an element is built
/// when it is read.
///
/// Strings are numbered by their bytes, in the order they are first met: two strings Swift calls
/// equal (canonically equivalent) but spelt with other code points get numbers of their own, so
/// that every observation reads back exactly as it was written. Code that looks strings up by
/// Swift's equality (an indicator id in the framework) does so through ``strings``.
public struct ObservationTable: Sendable {
    /// The interned strings: units, indicators, periods, sources, notes, files and sheets.
    public private(set) var strings: [String] = []
    /// Per observation, the string number of its unit.
    public private(set) var unitNumbers: [Int32] = []
    /// Per observation, the string number of its indicator.
    public private(set) var indicatorNumbers: [Int32] = []
    /// Per observation, the string number of its period.
    public private(set) var periodNumbers: [Int32] = []
    /// Per observation, its value (0 where ``hasValue(_:)`` is false).
    public private(set) var values: [Double] = []
    /// Per observation, the string number of its source.
    public private(set) var sourceNumbers: [Int32] = []
    /// Per observation, the string number of its note.
    public private(set) var noteNumbers: [Int32] = []
    /// Per observation, its status.
    public private(set) var statuses: [ObservationStatus] = []
    /// Per observation: bit 0 it has a value, bit 1 a location, bit 2 a column in that location.
    public private(set) var flags: [UInt8] = []
    /// Per observation, the string number of its location's file (−1 without a location).
    public private(set) var fileNumbers: [Int32] = []
    /// Per observation, the string number of its location's sheet (−1 without one).
    public private(set) var sheetNumbers: [Int32] = []
    /// Per observation, its location's line (0 without a location).
    public private(set) var lines: [Int] = []
    /// Per observation, its location's column (0 without one).
    public private(set) var locationColumns: [Int] = []

    /// String numbers by bytes, and the last string each column interned (runs of one unit's or
    /// one file's rows then skip the hashing).
    private var numbers: [ExactString: Int32] = [:]
    private var recent = [Recent](repeating: Recent(), count: 7)

    /// The bit of ``flags`` that says an observation has a value.
    public static let valueFlag: UInt8 = 1
    /// The bit of ``flags`` that says an observation has a location.
    public static let locationFlag: UInt8 = 2
    /// The bit of ``flags`` that says an observation's location has a column.
    public static let columnFlag: UInt8 = 4

    /// An empty table.
    public init() {}

    /// The observations, in order.
    public init(_ observations: some Sequence<Observation>) {
        self.init()
        reserveCapacity(observations.underestimatedCount)
        for observation in observations { append(observation) }
    }

    /// A table from columns read back from storage (the store's blob), checked: every string number
    /// must name a string and every column must have one entry per value.
    ///
    /// - Throws: ``IndexError`` naming the first column that does not fit (it never traps).
    package init(
        strings: [String],
        unitNumbers: [Int32],
        indicatorNumbers: [Int32],
        periodNumbers: [Int32],
        values: [Double],
        sourceNumbers: [Int32],
        noteNumbers: [Int32],
        statuses: [ObservationStatus],
        flags: [UInt8],
        fileNumbers: [Int32],
        sheetNumbers: [Int32],
        lines: [Int],
        locationColumns: [Int]
    ) throws {
        let count = values.count
        let stringCount = Int32(clamping: strings.count)
        for (name, column) in [
            ("unit", unitNumbers), ("indicator", indicatorNumbers), ("period", periodNumbers),
            ("source", sourceNumbers), ("note", noteNumbers),
        ] {
            guard column.count == count, column.allSatisfy({ $0 >= 0 && $0 < stringCount }) else {
                throw IndexError("the \(name) column does not fit the table", kind: .integrity)
            }
        }
        for (name, column) in [("file", fileNumbers), ("sheet", sheetNumbers)] {
            guard column.count == count, column.allSatisfy({ $0 >= -1 && $0 < stringCount }) else {
                throw IndexError("the \(name) column does not fit the table", kind: .integrity)
            }
        }
        guard statuses.count == count, flags.count == count, lines.count == count, locationColumns.count == count
        else { throw IndexError("the table's columns differ in length", kind: .integrity) }
        self.strings = strings
        for (number, string) in strings.enumerated() where numbers[ExactString(string)] == nil {
            numbers[ExactString(string)] = Int32(number)
        }
        self.unitNumbers = unitNumbers
        self.indicatorNumbers = indicatorNumbers
        self.periodNumbers = periodNumbers
        self.values = values
        self.sourceNumbers = sourceNumbers
        self.noteNumbers = noteNumbers
        self.statuses = statuses
        self.flags = flags
        self.fileNumbers = fileNumbers
        self.sheetNumbers = sheetNumbers
        self.lines = lines
        self.locationColumns = locationColumns
    }

    /// Whether observation `index` has a value (a missing value kept visible has none).
    public func hasValue(_ index: Int) -> Bool { flags[index] & Self.valueFlag != 0 }

    /// The value of observation `index`, `nil` when it has none.
    public func value(_ index: Int) -> Double? { hasValue(index) ? values[index] : nil }

    /// The number of `string` when the table has one with exactly its bytes.
    public func number(of string: String) -> Int32? { numbers[ExactString(string)] }

    /// The string number of `string`, adding it when new.
    ///
    /// - Parameter slot: which column asks (its last answer is remembered).
    package mutating func intern(_ string: String, slot: Int) -> Int32 {
        if recent[slot].number >= 0, ExactString.sameBytes(recent[slot].text, string) { return recent[slot].number }
        let number: Int32
        if let known = numbers[ExactString(string)] {
            number = known
        } else {
            number = Int32(strings.count)
            strings.append(string)
            numbers[ExactString(string)] = number
        }
        recent[slot] = Recent(text: string, number: number)
        return number
    }

    private struct Recent: Sendable {
        var text = ""
        var number: Int32 = -1
    }

    /// Appends an observation whose unit, indicator and period the caller has interned already
    /// (an import interns them to find duplicates).
    package mutating func append(_ observation: Observation, unit: Int32, indicator: Int32, period: Int32) {
        append(row(observation, unit: unit, indicator: indicator, period: period))
    }

    /// The columns of one observation, interned.
    private mutating func row(_ observation: Observation) -> Row {
        row(
            observation,
            unit: intern(observation.unit, slot: 0),
            indicator: intern(observation.indicator, slot: 1),
            period: intern(observation.period, slot: 2)
        )
    }

    private mutating func row(_ observation: Observation, unit: Int32, indicator: Int32, period: Int32) -> Row {
        var flag: UInt8 = observation.value == nil ? 0 : Self.valueFlag
        var row = Row(
            unit: unit,
            indicator: indicator,
            period: period,
            value: observation.value ?? 0,
            source: intern(observation.source, slot: 3),
            note: intern(observation.note, slot: 4),
            status: observation.status,
            flags: 0,
            file: -1,
            sheet: -1,
            line: 0,
            column: 0
        )
        if let location = observation.location {
            flag |= Self.locationFlag
            row.file = intern(location.file, slot: 5)
            row.sheet = location.sheet.map { intern($0, slot: 6) } ?? -1
            row.line = location.line
            if let column = location.column {
                flag |= Self.columnFlag
                row.column = column
            }
        }
        row.flags = flag
        return row
    }

    private struct Row {
        var unit, indicator, period: Int32
        var value: Double
        var source, note: Int32
        var status: ObservationStatus
        var flags: UInt8
        var file, sheet: Int32
        var line, column: Int
    }
}

extension ObservationTable: RandomAccessCollection, MutableCollection, RangeReplaceableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { values.count }

    /// Observation `index`, built from its columns.
    public subscript(index: Int) -> Observation {
        get {
            let flag = flags[index]
            var location: SourceLocation?
            if flag & Self.locationFlag != 0 {
                let sheet = sheetNumbers[index]
                location = SourceLocation(
                    file: strings[Int(fileNumbers[index])],
                    sheet: sheet >= 0 ? strings[Int(sheet)] : nil,
                    line: lines[index],
                    column: flag & Self.columnFlag != 0 ? locationColumns[index] : nil
                )
            }
            return Observation(
                unit: strings[Int(unitNumbers[index])],
                indicator: strings[Int(indicatorNumbers[index])],
                period: strings[Int(periodNumbers[index])],
                value: flag & Self.valueFlag != 0 ? values[index] : nil,
                source: strings[Int(sourceNumbers[index])],
                note: strings[Int(noteNumbers[index])],
                status: statuses[index],
                location: location
            )
        }
        set {
            let row = row(newValue)
            unitNumbers[index] = row.unit
            indicatorNumbers[index] = row.indicator
            periodNumbers[index] = row.period
            values[index] = row.value
            sourceNumbers[index] = row.source
            noteNumbers[index] = row.note
            statuses[index] = row.status
            flags[index] = row.flags
            fileNumbers[index] = row.file
            sheetNumbers[index] = row.sheet
            lines[index] = row.line
            locationColumns[index] = row.column
        }
    }

    public mutating func reserveCapacity(_ count: Int) {
        unitNumbers.reserveCapacity(count)
        indicatorNumbers.reserveCapacity(count)
        periodNumbers.reserveCapacity(count)
        values.reserveCapacity(count)
        sourceNumbers.reserveCapacity(count)
        noteNumbers.reserveCapacity(count)
        statuses.reserveCapacity(count)
        flags.reserveCapacity(count)
        fileNumbers.reserveCapacity(count)
        sheetNumbers.reserveCapacity(count)
        lines.reserveCapacity(count)
        locationColumns.reserveCapacity(count)
    }

    public mutating func append(_ observation: Observation) {
        append(row(observation))
    }

    private mutating func append(_ row: Row) {
        unitNumbers.append(row.unit)
        indicatorNumbers.append(row.indicator)
        periodNumbers.append(row.period)
        values.append(row.value)
        sourceNumbers.append(row.source)
        noteNumbers.append(row.note)
        statuses.append(row.status)
        flags.append(row.flags)
        fileNumbers.append(row.file)
        sheetNumbers.append(row.sheet)
        lines.append(row.line)
        locationColumns.append(row.column)
    }

    public mutating func replaceSubrange<C: Collection<Observation>>(_ range: Range<Int>, with replacement: C) {
        let rows = replacement.map { row($0) }
        unitNumbers.replaceSubrange(range, with: rows.map(\.unit))
        indicatorNumbers.replaceSubrange(range, with: rows.map(\.indicator))
        periodNumbers.replaceSubrange(range, with: rows.map(\.period))
        values.replaceSubrange(range, with: rows.map(\.value))
        sourceNumbers.replaceSubrange(range, with: rows.map(\.source))
        noteNumbers.replaceSubrange(range, with: rows.map(\.note))
        statuses.replaceSubrange(range, with: rows.map(\.status))
        flags.replaceSubrange(range, with: rows.map(\.flags))
        fileNumbers.replaceSubrange(range, with: rows.map(\.file))
        sheetNumbers.replaceSubrange(range, with: rows.map(\.sheet))
        lines.replaceSubrange(range, with: rows.map(\.line))
        locationColumns.replaceSubrange(range, with: rows.map(\.column))
    }
}

/// Two tables are equal when they hold equal observations in the same order, however their strings
/// are numbered.
extension ObservationTable: Hashable {
    public static func == (a: Self, b: Self) -> Bool {
        guard a.count == b.count else { return false }
        // The same strings and columns (a copy: each array compares its buffer first) are the same
        // observations; otherwise each pair is compared as observations.
        if a.strings == b.strings, a.unitNumbers == b.unitNumbers, a.indicatorNumbers == b.indicatorNumbers,
            a.periodNumbers == b.periodNumbers,
            a.values.elementsEqual(b.values, by: { $0.bitPattern == $1.bitPattern }),
            a.sourceNumbers == b.sourceNumbers, a.noteNumbers == b.noteNumbers, a.statuses == b.statuses,
            a.flags == b.flags, a.fileNumbers == b.fileNumbers, a.sheetNumbers == b.sheetNumbers,
            a.lines == b.lines, a.locationColumns == b.locationColumns
        {
            return true
        }
        return a.indices.allSatisfy { a[$0] == b[$0] }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for observation in self { hasher.combine(observation) }
    }
}

/// A string hashed, compared and ordered by its UTF-8 bytes, not by Swift's canonical equivalence.
package struct ExactString: Hashable, Comparable, Sendable {
    package let text: String

    package init(_ text: String) { self.text = text }

    package static func == (a: Self, b: Self) -> Bool { sameBytes(a.text, b.text) }

    package func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The order of the strings' UTF-8 bytes (a prefix first), as JSON writers sort keys.
    package static func < (a: Self, b: Self) -> Bool {
        let (x, y) = (a.text.utf8, b.text.utf8)
        let contiguous = x.withContiguousStorageIfAvailable { x in
            y.withContiguousStorageIfAvailable { y in
                let shared = min(x.count, y.count)
                if shared > 0, let a = x.baseAddress, let b = y.baseAddress {
                    let ordered = memcmp(a, b, shared)
                    if ordered != 0 { return ordered < 0 }
                }
                return x.count < y.count
            }
        }
        return (contiguous ?? nil) ?? x.lexicographicallyPrecedes(y)
    }

    /// Whether every UTF-8 byte of `text` passes `test`, read from the string's own storage: the
    /// UTF-8 view's generic iteration called its subscript through a protocol witness for each byte
    /// (a tenth of reading COINr's ASEM files).
    @inlinable
    package static func allBytes(of text: String, _ test: (UInt8) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { $0.allSatisfy(test) } ?? text.utf8.allSatisfy(test)
    }

    /// Whether two strings are the same bytes.
    package static func sameBytes(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.utf8, b.utf8)
        guard x.count == y.count else { return false }
        // memcmp: the generic elementsEqual compares a byte at a time.
        let contiguous = x.withContiguousStorageIfAvailable { x in
            y.withContiguousStorageIfAvailable { y in
                guard let a = x.baseAddress, let b = y.baseAddress else { return x.isEmpty }
                return memcmp(a, b, x.count) == 0
            }
        }
        return (contiguous ?? nil) ?? x.elementsEqual(y)
    }
}
