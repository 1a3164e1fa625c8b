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
        var strings = StringTable()
        var caches = [StringTable.Cache](repeating: StringTable.Cache(), count: 4)
        var columns = [[Int]](repeating: [], count: 9)
        for index in columns.indices { columns[index].reserveCapacity(scores.count) }
        for score in scores {
            columns[0].append(strings.number(score.evaluation, cache: &caches[0]))
            columns[1].append(strings.number(score.period, cache: &caches[1]))
            columns[2].append(strings.number(score.unit, cache: &caches[2]))
            columns[3].append(strings.number(score.node, cache: &caches[3]))
            columns[4].append(score.score == nil ? 0 : 1)
            columns[5].append(score.rank == nil ? 0 : 1)
            columns[6].append(score.rank ?? 0)
            columns[7].append(score.tier == nil ? 0 : 1)
            columns[8].append(score.tier ?? 0)
        }
        var writer = ByteWriter()
        writer.bytes += magic
        writer.bytes.append(format)
        writer.append(strings: strings.strings)
        writer.append(UInt32(truncatingIfNeeded: scores.count))
        for column in columns { writer.append(column: column) }
        writer.appendDoubles(scores.map { $0.score ?? 0 })
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
