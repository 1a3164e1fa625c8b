import IndexCore

/// A dataset version's units and values as one compact blob, and its canonical content hash.
///
/// A county dataset has about a million values. Kept as a million rows with their provenance text
/// they take seconds to write and more than a second to read back; kept as columns of small
/// integers (every string once, in a table) they are a few megabytes written and read in one
/// statement, and hashed whole when they are loaded (the integrity check).
///
/// Layout (little-endian), format 1:
/// ```
/// "IIDS" format:u8
/// strings       count:u32, then for each: byteCount:u32, UTF-8 bytes
/// units         count:u32, then for each: id, zh, en (string numbers, u32),
///               groupCount:u32 × (key, value), aliasCount:u32 × alias
/// observations  count:u32, then the integer columns unit, indicator, period, status, source,
///               note (string numbers), hasValue (0 or 1), file (0: no location, else string
///               number + 1), sheet (0: none, else string number + 1), line, hasColumn, column,
///               then count × f64 bit patterns (0 where there is no value)
/// integer column  minimum:i64, width:u8 (0, 1, 2, 4 or 8), count × width bytes of value − minimum
/// ```
struct DatasetContent: Sendable {
    static let magic: [UInt8] = Array("IIDS".utf8)
    static let format: UInt8 = 1

    /// The interned strings (the table's, then the units' and the statuses') and the observations
    /// as columns of string numbers.
    var strings = StringTable()
    var units: [AssessedUnit]
    /// Per unit: id, zh, en, the group count and pairs, the alias count and aliases.
    var unitStrings: [UInt32] = []
    let table: ObservationTable
    /// The string number of each status's raw value.
    var statusNumbers: [ObservationStatus: Int] = [:]

    /// Lays a dataset out for storing: its table's columns as they are, its units' and statuses'
    /// strings interned after the table's.
    ///
    /// - Complexity: O(*s* + *u*) dictionary look-ups for *s* distinct strings and *u* units; the
    ///   observations are not visited.
    init(_ dataset: Dataset) {
        units = dataset.units
        table = dataset.observations
        var cache = StringTable.Cache()
        // The table's strings are distinct by bytes, so they keep their numbers here.
        for string in table.strings { _ = strings.number(string, cache: &cache) }
        for status in ObservationStatus.allCases {
            statusNumbers[status] = strings.number(status.rawValue, cache: &cache)
        }
        for unit in dataset.units {
            unitStrings += [unit.id, unit.name.zh, unit.name.en].map {
                UInt32(truncatingIfNeeded: strings.number($0, cache: &cache))
            }
            let groups = unit.groups.sorted { $0.key < $1.key }
            unitStrings.append(UInt32(truncatingIfNeeded: groups.count))
            for (key, value) in groups {
                unitStrings.append(UInt32(truncatingIfNeeded: strings.number(key, cache: &cache)))
                unitStrings.append(UInt32(truncatingIfNeeded: strings.number(value, cache: &cache)))
            }
            unitStrings.append(UInt32(truncatingIfNeeded: unit.aliases.count))
            unitStrings += unit.aliases.map { UInt32(truncatingIfNeeded: strings.number($0, cache: &cache)) }
        }
    }

    /// The blob.
    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.bytes.reserveCapacity(64 + strings.strings.reduce(0) { $0 + $1.utf8.count + 4 } + table.count * 20)
        writer.bytes += Self.magic
        writer.bytes.append(Self.format)
        writer.append(strings: strings.strings)
        writer.append(UInt32(truncatingIfNeeded: units.count))
        for value in unitStrings { writer.append(value) }
        writer.append(UInt32(truncatingIfNeeded: table.count))
        for column in [table.unitNumbers, table.indicatorNumbers, table.periodNumbers] {
            writer.append(column: column)
        }
        writer.append(column: table.statuses.map { Int32(truncatingIfNeeded: statusNumbers[$0] ?? 0) })
        writer.append(column: table.sourceNumbers)
        writer.append(column: table.noteNumbers)
        writer.append(column: table.flags.map { Int32($0 & ObservationTable.valueFlag) })
        // Format 1 numbers files and sheets from 1, 0 meaning none; the table uses −1 for none.
        let located = table.flags.map { $0 & ObservationTable.locationFlag != 0 }
        writer.append(column: table.fileNumbers.indices.map { located[$0] ? table.fileNumbers[$0] + 1 : 0 })
        writer.append(column: table.sheetNumbers.indices.map { located[$0] ? table.sheetNumbers[$0] + 1 : 0 })
        writer.append(column: table.lines.indices.map { located[$0] ? table.lines[$0] : 0 })
        let hasColumn = table.flags.map {
            $0 & ObservationTable.locationFlag != 0 && $0 & ObservationTable.columnFlag != 0
        }
        writer.append(column: hasColumn.map { $0 ? Int32(1) : 0 })
        writer.append(column: table.locationColumns.indices.map { hasColumn[$0] ? table.locationColumns[$0] : 0 })
        writer.appendDoubles(table.values.indices.map { table.hasValue($0) ? table.values[$0] : 0 })
        return writer.bytes
    }

    /// Reads a blob back into a dataset; without the places values were read from when the caller
    /// only computes (they are most of the memory a million values take).
    ///
    /// - Throws: ``IndexError`` when the blob is cut short or names a string it does not have
    ///   (it never traps, whatever the bytes).
    static func decode(
        _ bytes: UnsafeRawBufferPointer,
        isIllustrative: Bool,
        includingLocations: Bool = true
    ) throws -> Dataset {
        var reader = ByteReader(bytes: bytes)
        guard try reader.take(magic.count).elementsEqual(magic) else { throw ByteReader.damaged("not a dataset blob") }
        let version: UInt8 = try reader.integer()
        guard version == format else {
            throw ByteReader.damaged("dataset blob format \(version) is not known to this iidei")
        }
        let strings = try reader.strings()
        func string(_ reader: inout ByteReader) throws -> String {
            let number = Int(try reader.integer() as UInt32)
            guard strings.indices.contains(number) else {
                throw ByteReader.damaged("string \(number) of \(strings.count)")
            }
            return strings[number]
        }
        let unitCount = Int(try reader.integer() as UInt32)
        var units: [AssessedUnit] = []
        for _ in 0..<unitCount {
            let id = try string(&reader)
            let name = LocalisedText(zh: try string(&reader), en: try string(&reader))
            var groups: [String: String] = [:]
            for _ in 0..<Int(try reader.integer() as UInt32) {
                let key = try string(&reader)
                groups[key] = try string(&reader)
            }
            var aliases: [String] = []
            for _ in 0..<Int(try reader.integer() as UInt32) { aliases.append(try string(&reader)) }
            units.append(AssessedUnit(id: id, name: name, groups: groups, aliases: aliases))
        }
        let count = Int(try reader.integer() as UInt32)
        // Every value takes eight bytes at the end: a count beyond that is damage, not a reason to allocate.
        guard count <= bytes.count / 8 else { throw ByteReader.damaged("\(count) values in \(bytes.count) bytes") }
        // String numbers as the table keeps them (files and sheets from −1 for none); the table
        // checks that each names a string. A number the column's type cannot hold is damage too.
        let unit = try reader.column(count, as: Int32.self)
        let indicator = try reader.column(count, as: Int32.self)
        let period = try reader.column(count, as: Int32.self)
        let status = try reader.column(count, as: Int32.self)
        let source = try reader.column(count, as: Int32.self)
        let note = try reader.column(count, as: Int32.self)
        let hasValue = try reader.column(count, as: Int8.self)
        let file = try reader.column(count, as: Int32.self, less: 1)
        let sheet = try reader.column(count, as: Int32.self, less: 1)
        let line = try reader.column(count)
        let hasColumn = try reader.column(count, as: Int8.self)
        let column = try reader.column(count)
        let values = try reader.doubles(count)
        guard reader.isAtEnd else { throw ByteReader.damaged("\(bytes.count - reader.offset) bytes after the values") }
        let statusByString = strings.map { ObservationStatus(rawValue: $0) }
        var statuses: [ObservationStatus] = []
        statuses.reserveCapacity(count)
        for number in status.lazy.map(Int.init) {
            guard statusByString.indices.contains(number), let state = statusByString[number] else {
                throw ByteReader.damaged("status \(number)")
            }
            statuses.append(state)
        }
        var flags = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            var flag: UInt8 = hasValue[i] != 0 ? ObservationTable.valueFlag : 0
            if includingLocations, file[i] >= 0 {
                flag |= ObservationTable.locationFlag
                if hasColumn[i] != 0 { flag |= ObservationTable.columnFlag }
            }
            flags[i] = flag
        }
        let table: ObservationTable
        do {
            table = try ObservationTable(
                strings: strings,
                unitNumbers: unit,
                indicatorNumbers: indicator,
                periodNumbers: period,
                values: values,
                sourceNumbers: source,
                noteNumbers: note,
                statuses: statuses,
                flags: flags,
                fileNumbers: file,
                sheetNumbers: sheet,
                lines: line,
                locationColumns: column
            )
        } catch let error as IndexError {
            throw ByteReader.damaged(error.message)
        }
        return Dataset(units: units, observations: table, isIllustrative: isIllustrative)
    }

    // MARK: - The canonical content hash

    /// The canonical content hash (see ``Store/contentHash(_:)``), from the interned columns: the
    /// values are ordered by comparing string numbers ranked once, not a million strings.
    func contentHash() -> String {
        var hasher = SHA256()
        for unit in units {
            let groups = unit.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            hasher.update(
                "u\t\(unit.id)\t\(unit.name.zh)\t\(unit.name.en)\t\(groups)\t\(unit.aliases.joined(separator: ";"))\n"
            )
        }
        let (unit, indicator, period) = (table.unitNumbers, table.indicatorNumbers, table.periodNumbers)
        let unitRank = strings.ranks(of: unit)
        let indicatorRank = strings.ranks(of: indicator)
        let periodRank = strings.ranks(of: period)
        // Ties (never two values for one key after validation) keep their order, as a stable sort would.
        let order: [Int]
        let (unitRanks, indicatorRanks, periodRanks) = (
            (unitRank.max() ?? 0) + 1, (indicatorRank.max() ?? 0) + 1, (periodRank.max() ?? 0) + 1
        )
        if unitRanks < 1 << 21, indicatorRanks < 1 << 21, periodRanks < 1 << 21 {
            // The three ranks packed into one integer: a million plain comparisons instead of six
            // array look-ups each.
            var keyed = table.indices.map { i in
                (
                    UInt64(unitRank[Int(unit[i])]) << 42 | UInt64(indicatorRank[Int(indicator[i])]) << 21
                        | UInt64(periodRank[Int(period[i])]), i
                )
            }
            keyed.sort { $0 < $1 }
            order = keyed.map(\.1)
        } else {
            func rank(_ ranks: [Int], _ column: [Int32], _ i: Int) -> Int { ranks[Int(column[i])] }
            order = table.indices.sorted { a, b in
                if rank(unitRank, unit, a) != rank(unitRank, unit, b) {
                    return rank(unitRank, unit, a) < rank(unitRank, unit, b)
                }
                if rank(indicatorRank, indicator, a) != rank(indicatorRank, indicator, b) {
                    return rank(indicatorRank, indicator, a) < rank(indicatorRank, indicator, b)
                }
                if rank(periodRank, period, a) != rank(periodRank, period, b) {
                    return rank(periodRank, period, a) < rank(periodRank, period, b)
                }
                return a < b
            }
        }
        let utf8 = strings.strings.map { Array($0.utf8) }
        var line: [UInt8] = []
        line.reserveCapacity(1 << 16)
        let tab = UInt8(ascii: "\t")
        let hex = Array("0123456789abcdef".utf8)
        func field(_ number: some BinaryInteger) {
            line.append(tab)
            line += utf8[Int(number)]
        }
        for index in order {
            line.append(UInt8(ascii: "o"))
            field(unit[index])
            field(indicator[index])
            field(period[index])
            line.append(tab)
            if let value = table.value(index) {
                // String(bitPattern, radix: 16): lowercase, no leading zeros.
                let bits = value.bitPattern
                var shift = bits == 0 ? 0 : (63 - bits.leadingZeroBitCount) / 4 * 4
                while shift >= 0 {
                    line.append(hex[Int((bits >> UInt64(shift)) & 0xF)])
                    shift -= 4
                }
            } else {
                line += [UInt8(ascii: "N"), UInt8(ascii: "A")]
            }
            field(statusNumbers[table.statuses[index]] ?? 0)
            field(table.sourceNumbers[index])
            field(table.noteNumbers[index])
            line.append(UInt8(ascii: "\n"))
            if line.count >= 1 << 15 {
                line.withUnsafeBufferPointer { hasher.update(buffer: $0) }
                line.removeAll(keepingCapacity: true)
            }
        }
        line.withUnsafeBufferPointer { hasher.update(buffer: $0) }
        return hasher.hexDigest()
    }
}

/// Strings numbered in the order they are first met; the same bytes get the same number.
struct StringTable: Sendable {
    var strings: [String] = []
    /// Numbers by bytes (``IndexCore/ExactString``, as ``IndexCore/ObservationTable`` numbers its
    /// strings), so a string equivalent to a known one but spelt with other code points gets a
    /// number of its own, once.
    var numbers: [ExactString: Int] = [:]

    /// The last string a column asked for, so that runs of the same string skip the dictionary.
    struct Cache: Sendable {
        var text = ""
        var number = -1
    }

    /// The number of `text`, adding it when new.
    mutating func number(_ text: String, cache: inout Cache) -> Int {
        if cache.number >= 0, ExactString.sameBytes(cache.text, text) { return cache.number }
        let number: Int
        if let known = numbers[ExactString(text)] {
            number = known
        } else {
            number = strings.count
            strings.append(text)
            numbers[ExactString(text)] = number
        }
        cache = Cache(text: text, number: number)
        return number
    }

    /// For each string number used in `column`, its rank in Swift's string order (equal strings,
    /// by Swift's comparison, share a rank).
    func ranks(of column: [some BinaryInteger]) -> [Int] {
        var used = [Bool](repeating: false, count: strings.count)
        for number in column { used[Int(number)] = true }
        let sorted = strings.indices.filter { used[$0] }.sorted { strings[$0] < strings[$1] }
        var ranks = [Int](repeating: 0, count: strings.count)
        var rank = 0
        for (position, number) in sorted.enumerated() {
            if position > 0, strings[sorted[position - 1]] < strings[number] { rank += 1 }
            ranks[number] = rank
        }
        return ranks
    }
}

/// Appends little-endian integers, integer columns and doubles to a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    /// A string table: the count, then each string's byte count and UTF-8 bytes.
    mutating func append(strings: [String]) {
        append(UInt32(truncatingIfNeeded: strings.count))
        for string in strings {
            append(UInt32(truncatingIfNeeded: string.utf8.count))
            bytes += string.utf8
        }
    }

    /// An integer column: its minimum, the narrowest width that holds every value's distance from
    /// it, and those distances.
    mutating func append<T: BinaryInteger>(column: [T]) {
        let minimum = Int64(column.min() ?? 0)
        let maximum = Int64(column.max() ?? 0)
        let base = UInt64(bitPattern: minimum)
        let span = UInt64(bitPattern: maximum) &- base
        let width: Int =
            switch span {
            case 0: 0
            case ...0xFF: 1
            case ...0xFFFF: 2
            case ...0xFFFF_FFFF: 4
            default: 8
            }
        append(minimum)
        append(UInt8(width))
        guard width > 0 else { return }
        let start = bytes.count
        bytes += repeatElement(0, count: column.count * width)
        bytes.withUnsafeMutableBytes { raw in
            var offset = start
            for value in column {
                let distance = UInt64(bitPattern: Int64(value)) &- base
                switch width {
                case 1: raw.storeBytes(of: UInt8(truncatingIfNeeded: distance), toByteOffset: offset, as: UInt8.self)
                case 2:
                    raw.storeBytes(
                        of: UInt16(truncatingIfNeeded: distance).littleEndian,
                        toByteOffset: offset,
                        as: UInt16.self
                    )
                case 4:
                    raw.storeBytes(
                        of: UInt32(truncatingIfNeeded: distance).littleEndian,
                        toByteOffset: offset,
                        as: UInt32.self
                    )
                default: raw.storeBytes(of: distance.littleEndian, toByteOffset: offset, as: UInt64.self)
                }
                offset += width
            }
        }
    }

    /// Doubles as their bit patterns.
    mutating func appendDoubles(_ values: [Double]) {
        let start = bytes.count
        bytes += repeatElement(0, count: values.count * 8)
        bytes.withUnsafeMutableBytes { raw in
            for (index, value) in values.enumerated() {
                raw.storeBytes(
                    of: value.bitPattern.littleEndian,
                    toByteOffset: start + index * 8,
                    as: UInt64.self
                )
            }
        }
    }
}

/// Reads what ``ByteWriter`` wrote, checking every length against the bytes there are.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    static func damaged(_ what: String) -> IndexError {
        IndexError("the stored dataset is damaged (\(what))", kind: .integrity)
    }

    mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= bytes.count - offset else { throw Self.damaged("cut short at byte \(offset)") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }

    mutating func integer<T: FixedWidthInteger>() throws -> T {
        let raw = try take(MemoryLayout<T>.size)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    /// A string table written by ``ByteWriter/append(strings:)``.
    mutating func strings() throws -> [String] {
        let count = Int(try integer() as UInt32)
        var strings: [String] = []
        strings.reserveCapacity(min(count, (bytes.count - offset) / 4))
        for _ in 0..<count {
            let length = Int(try integer() as UInt32)
            strings.append(String(decoding: try take(length), as: UTF8.self))
        }
        return strings
    }

    mutating func column(_ count: Int) throws -> [Int] {
        try column(count, as: Int.self)
    }

    /// An integer column read straight into the type its reader keeps, each value less `less`;
    /// a value that type cannot hold is damage. (Read as `Int` and narrowed afterwards, a county
    /// dataset's twelve columns took 92 MB on the way to 54.)
    mutating func column<T: FixedWidthInteger>(_ count: Int, as type: T.Type, less: Int64 = 0) throws -> [T] {
        let minimum: Int64 = try integer()
        let width = Int(try integer() as UInt8)
        let base = UInt64(bitPattern: minimum)
        guard width > 0 else {
            guard let value = T(exactly: minimum &- less) else {
                throw Self.damaged("a number out of range in the column at byte \(offset)")
            }
            return [T](repeating: value, count: count)
        }
        guard [1, 2, 4, 8].contains(width), count <= (bytes.count - offset) / width else {
            throw Self.damaged("a column of \(count) × \(width) bytes at byte \(offset)")
        }
        let start = offset
        let raw = try take(count * width)
        var outOfRange = false
        let column = [T](unsafeUninitializedCapacity: count) { out, initialised in
            for i in 0..<count {
                let distance: UInt64 =
                    switch width {
                    case 1: UInt64(raw.load(fromByteOffset: i, as: UInt8.self))
                    case 2: UInt64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)))
                    case 4: UInt64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
                    default: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                    }
                let value = Int64(bitPattern: base &+ distance)
                let (shifted, overflow) = value.subtractingReportingOverflow(less)
                guard !overflow, let narrowed = T(exactly: shifted) else {
                    outOfRange = true
                    out[i] = 0
                    continue
                }
                out[i] = narrowed
            }
            initialised = count
        }
        if outOfRange { throw Self.damaged("a number out of range in the column at byte \(start)") }
        return column
    }

    mutating func doubles(_ count: Int) throws -> [Double] {
        guard count <= (bytes.count - offset) / 8 else { throw Self.damaged("values cut short at byte \(offset)") }
        let raw = try take(count * 8)
        return (0..<count).map {
            Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)))
        }
    }
}
