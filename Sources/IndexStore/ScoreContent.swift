import IndexCore

/// A run's scores as one compact blob, laid out as a dataset's (``DatasetContent``): a county run
/// has a quarter of a million scores, which as rows took most of the time of recording the run.
///
/// Layout (little-endian), format 1:
/// ```
/// "IIDR" format:u8
/// strings   count:u32, then for each: byteCount:u32, UTF-8 bytes
/// scores    count:u32, then the integer columns evaluation, period, unit, node (string
///           numbers), hasScore, hasRank, rank, hasTier, tier, then count × f64 bit patterns
/// ```
enum ScoreContent {
    static let magic: [UInt8] = Array("IIDR".utf8)
    static let format: UInt8 = 1

    /// The blob of a run's scores, in their order.
    static func encoded(_ scores: [StoredScore]) -> [UInt8] {
        encoded(count: scores.count) { visit in scores.forEach(visit) }
    }

    /// The blob of results' scores (``Store/scores(_:)``), written as they are visited: no array of
    /// scores is made first (at county scale that array and nine columns of `Int` were 40 MB held
    /// while a run was recorded).
    static func encoded(_ results: IndexResults) -> [UInt8] {
        encoded(count: Store.scoreCount(results)) { visit in Store.forEachScore(results, visit) }
    }

    /// The blob of the scores that `scores` hands its callback, in that order.
    ///
    /// `count`, the number of scores, only reserves room: the columns are made at their size
    /// instead of doubling as they grow, and the blob at its largest size, whose unused end is
    /// never touched, so never resident. Growing, each had up to twice its size allocated while it
    /// was copied.
    private static func encoded(count: Int, _ scores: ((StoredScore) -> Void) -> Void) -> [UInt8] {
        var strings = StringTable()
        var caches = [StringTable.Cache](repeating: StringTable.Cache(), count: 4)
        // Columns as narrow as their values; the writer stores each at the narrowest width anyway.
        // A string number is below four times the count of scores and a rank below the count of
        // units, both far inside `Int32` for any run held in memory (a score takes over 50 bytes).
        var names = [[Int32]](repeating: [], count: 4)
        var present = [[UInt8]](repeating: [], count: 3)
        var ranks: [Int32] = []
        var tiers: [Int32] = []
        var values: [Double] = []
        for index in names.indices { names[index].reserveCapacity(count) }
        for index in present.indices { present[index].reserveCapacity(count) }
        ranks.reserveCapacity(count)
        tiers.reserveCapacity(count)
        values.reserveCapacity(count)
        scores { score in
            names[0].append(Int32(truncatingIfNeeded: strings.number(score.evaluation, cache: &caches[0])))
            names[1].append(Int32(truncatingIfNeeded: strings.number(score.period, cache: &caches[1])))
            names[2].append(Int32(truncatingIfNeeded: strings.number(score.unit, cache: &caches[2])))
            names[3].append(Int32(truncatingIfNeeded: strings.number(score.node, cache: &caches[3])))
            present[0].append(score.score == nil ? 0 : 1)
            present[1].append(score.rank == nil ? 0 : 1)
            ranks.append(Int32(clamping: score.rank ?? 0))
            present[2].append(score.tier == nil ? 0 : 1)
            tiers.append(Int32(clamping: score.tier ?? 0))
            values.append(score.score ?? 0)
        }
        var writer = ByteWriter()
        // At most: the header, the strings with their lengths, and nine columns of at most four
        // bytes a value (with a minimum and a width each) before the doubles.
        let stringBytes = strings.strings.reduce(4) { $0 + 4 + $1.utf8.count }
        writer.bytes.reserveCapacity(magic.count + 1 + stringBytes + 4 + 9 * (9 + 4 * values.count) + 8 * values.count)
        writer.bytes += magic
        writer.bytes.append(format)
        writer.append(strings: strings.strings)
        writer.append(UInt32(truncatingIfNeeded: values.count))
        for column in names { writer.append(column: column) }
        writer.append(column: present[0])
        writer.append(column: present[1])
        writer.append(column: ranks)
        writer.append(column: present[2])
        writer.append(column: tiers)
        writer.appendDoubles(values)
        return writer.bytes
    }

    /// Reads a blob back into scores.
    ///
    /// - Throws: ``IndexError`` when the blob is cut short or names a string it does not have.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> [StoredScore] {
        var reader = ByteReader(bytes: bytes)
        guard try reader.take(magic.count).elementsEqual(magic) else { throw ByteReader.damaged("not a run's scores") }
        let version: UInt8 = try reader.integer()
        guard version == format else {
            throw ByteReader.damaged("score blob format \(version) is not known to this iidei")
        }
        let strings = try reader.strings()
        let count = Int(try reader.integer() as UInt32)
        guard count <= bytes.count / 8 else { throw ByteReader.damaged("\(count) scores in \(bytes.count) bytes") }
        var columns: [[Int]] = []
        for _ in 0..<9 { columns.append(try reader.column(count)) }
        let values = try reader.doubles(count)
        guard reader.isAtEnd else { throw ByteReader.damaged("\(bytes.count - reader.offset) bytes after the scores") }
        for column in columns[0..<4] {
            guard column.allSatisfy({ strings.indices.contains($0) }) else {
                throw ByteReader.damaged("a string number out of range")
            }
        }
        return (0..<count).map { i in
            StoredScore(
                evaluation: strings[columns[0][i]],
                period: strings[columns[1][i]],
                unit: strings[columns[2][i]],
                node: strings[columns[3][i]],
                score: columns[4][i] != 0 ? values[i] : nil,
                rank: columns[5][i] != 0 ? columns[6][i] : nil,
                tier: columns[7][i] != 0 ? columns[8][i] : nil
            )
        }
    }
}
