import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// What the store keeps, exactly; what it notices when the file changes under it; what it refuses.
@Suite("The store's integrity: hashes checked on load, damaged files refused, read-only stores read", .serialized)
struct StoreIntegrityTests {
    static func iidei(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try ImportProcessTests.iidei(arguments)
    }

    /// `sqlite3` on the store file, as someone editing it by hand would.
    static func sqlite(_ db: String, _ sql: String) throws -> String {
        try TestSupport.run("sqlite3", [db, sql]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A dataset with every field a stored version must give back: groups, aliases with the
    /// separator in them, missing values, negative zero, every status, sheets, rows without a column.
    static func sample() -> Dataset {
        let units = [
            AssessedUnit(
                id: "u1",
                name: LocalisedText(zh: "一号", en: "One"),
                groups: ["region": "East", "size": "big"],
                aliases: ["One;1", "壹"]
            ),
            AssessedUnit(id: "u2", name: LocalisedText(zh: "二号", en: ""), groups: [:], aliases: []),
        ]
        let observations = [
            Observation(
                unit: "u2",
                indicator: "x",
                period: "2023",
                value: -0.0,
                source: "Yearbook 2024, table 3-1",
                note: "",
                status: .reported,
                location: SourceLocation(file: "data.xlsx", sheet: "2023", line: 4, column: 3)
            ),
            Observation(
                unit: "u1",
                indicator: "x",
                period: "2023",
                value: 1.5,
                source: "Yearbook 2024, table 3-1",
                note: "revised",
                status: .estimated,
                location: SourceLocation(file: "data.csv", line: 1_000_000)
            ),
            Observation(unit: "u1", indicator: "a", period: "2023", value: nil, status: .synthetic),
            Observation(
                unit: "u2",
                indicator: "a",
                period: "2022",
                value: -1e300,
                source: "",
                note: "说明",
                status: .synthetic,
                location: SourceLocation(file: "data.csv", line: 7, column: 2)
            ),
            Observation(unit: "u1", indicator: "a", period: "2022", value: .leastNonzeroMagnitude, source: "ε"),
        ]
        return Dataset(units: units, observations: observations, isIllustrative: true)
    }

    /// The canonical content hash as its documentation defines it, written out plainly.
    static func referenceHash(_ dataset: Dataset) -> String {
        var text = ""
        for unit in dataset.units {
            let groups = unit.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
            text +=
                "u\t\(unit.id)\t\(unit.name.zh)\t\(unit.name.en)\t\(groups)\t\(unit.aliases.joined(separator: ";"))\n"
        }
        let sorted = dataset.observations.enumerated().sorted { x, y in
            let (a, b) = (x.element, y.element)
            if a.unit != b.unit { return a.unit < b.unit }
            if a.indicator != b.indicator { return a.indicator < b.indicator }
            if a.period != b.period { return a.period < b.period }
            return x.offset < y.offset
        }
        for (_, o) in sorted {
            let value = o.value.map { String($0.bitPattern, radix: 16) } ?? "NA"
            text +=
                "o\t\(o.unit)\t\(o.indicator)\t\(o.period)\t\(value)\t\(o.status.rawValue)\t\(o.source)\t\(o.note)\n"
        }
        return SHA256.hex(text)
    }

    @Test func aStoredVersionComesBackExactly() throws {
        let store = try StoreTests.freshStore()
        let sample = Self.sample()
        let version = try store.importDataset(name: "sample", dataset: sample, files: [], framework: nil).version
        let loaded = try store.dataset(version)
        #expect(loaded == sample)
        #expect(loaded.observations[0].value?.sign == .minus)
        #expect(version.valueCount == 5)
        #expect(try store.statistics().observations == 5)
    }

    @Test func theContentHashIsTheDocumentedText() throws {
        // Worked by hand: units in order, then values by unit, indicator, period; 1.5 is 0x3ff8000000000000.
        let small = Dataset(
            units: [
                AssessedUnit(
                    id: "u1",
                    name: LocalisedText(zh: "一", en: "One"),
                    groups: ["region": "East"],
                    aliases: ["A", "B"]
                )
            ],
            observations: [
                Observation(unit: "u1", indicator: "x", period: "2023", value: 1.5, source: "src", note: "n"),
                Observation(unit: "u1", indicator: "a", period: "2023", value: nil, status: .synthetic),
            ]
        )
        let text =
            "u\tu1\t一\tOne\tregion=East\tA;B\n" + "o\tu1\ta\t2023\tNA\tsynthetic\t\t\n"
            + "o\tu1\tx\t2023\t3ff8000000000000\treported\tsrc\tn\n"
        #expect(Store.contentHash(small) == SHA256.hex(text))
        // The same definition on real data (and independent of the order the values come in).
        let builtIn = try Catalog.dataset()
        #expect(Store.contentHash(builtIn) == Self.referenceHash(builtIn))
        #expect(Store.contentHash(Self.sample()) == Self.referenceHash(Self.sample()))
        var shuffled = builtIn
        var random = SplitMix64(seed: 7)
        shuffled.observations.shuffle(using: &random)
        #expect(Store.contentHash(shuffled) == Store.contentHash(builtIn))
    }

    /// Imports the built-in data and records a run through the command line; returns the store's path.
    static func storeWithARun(_ directory: URL) throws -> String {
        let db = directory.appendingPathComponent("store.sqlite").path
        let imported = try Self.iidei(["import", try Catalog.dataPath, "--dataset", "provinces", "--db", db])
        #expect(imported.status == 0, "\(imported.output)")
        let run = try Self.iidei(["run", "--dataset", "provinces", "--db", db])
        #expect(run.status == 0, "\(run.output)")
        return db
    }

    @Test func aValueChangedOutOfBandIsAnIntegrityErrorNotAnEngineChange() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        #expect(try Self.iidei(["rerun", "1", "--db", db]).output.contains("reproduced exactly"))
        // Add one to a value in place with sqlite3: the values are the blob's last 8 × n bytes.
        let dataset = try Catalog.dataset()
        let index = try #require(dataset.observations.firstIndex { $0.unit == "440000" && $0.value != nil })
        let hex = try Self.sqlite(db, "SELECT hex(content) FROM datasetContent")
        var bytes = try #require(Self.bytes(hex: hex))
        let offset = bytes.count - 8 * (dataset.observations.count - index)
        let old = Double(bitPattern: bytes[offset..<(offset + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) })
        #expect(old == dataset.observations[index].value)
        let changed = (old + 1).bitPattern
        for byte in 0..<8 { bytes[offset + byte] = UInt8(truncatingIfNeeded: changed >> (8 * UInt64(byte))) }
        let script = try TestSupport.write(
            "UPDATE datasetContent SET content = X'\(bytes.map { String(format: "%02X", $0) }.joined())';\n",
            named: "edit.sql",
            in: directory
        )
        _ = try TestSupport.run("sqlite3", [db, ".read \(script)"])

        let message = "dataset provinces@1: the stored data no longer match their hash"
        let rerun = try Self.iidei(["rerun", "1", "--db", db])
        #expect(rerun.status == 5)
        #expect(rerun.output.contains(message), "\(rerun.output)")
        #expect(!rerun.output.contains("differs when recomputed"))
        let run = try Self.iidei(["run", "--dataset", "provinces", "--db", db])
        #expect(run.status == 5)
        #expect(run.output.contains(message))
        let store = try Store(path: db, access: .readOnly)
        #expect(throws: IndexError.self) { try store.dataset(try store.datasetVersion("provinces")) }
        #expect(try store.runs().count == 1)  // the failed run recorded nothing
    }

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }

    @Test func aDamagedFileRefusesWrites() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        // Overwrite the first bytes of the score table's root page (its page type among them).
        let pageSize = try #require(Int(try Self.sqlite(db, "PRAGMA page_size")))
        let root = try #require(Int(try Self.sqlite(db, "SELECT rootpage FROM sqlite_schema WHERE name = 'score'")))
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: db))
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xEE, count: 16))
        try handle.close()
        let damaged = try Data(contentsOf: URL(fileURLWithPath: db))

        let refusal = "the store failed its integrity check"
        let imported = try Self.iidei(["import", try Catalog.dataPath, "--dataset", "other", "--db", db])
        #expect(imported.status == 5)
        #expect(imported.output.contains(refusal), "\(imported.output)")
        #expect(imported.output.contains("refusing to write to it"))
        let run = try Self.iidei(["run", "--dataset", "provinces", "--db", db])
        #expect(run.status == 5)
        #expect(run.output.contains(refusal))
        #expect(throws: IndexError.self) { try Store(path: db) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == damaged)
        // Reading what is still readable works.
        let listed = try Self.iidei(["datasets", "--db", db])
        #expect(listed.status == 0 && listed.output.contains("provinces@1"), "\(listed.output)")
    }

    @Test func aReadOnlyStoreCanBeListedComparedAndExported() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = try Self.storeWithARun(directory)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: db)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: db) }
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        for arguments in [
            ["datasets"], ["runs"], ["diff", "provinces@1", "provinces@1"], ["rerun", "latest"],
            ["export", "1", "--format", "json", "--out", directory.appendingPathComponent("run.json").path],
        ] {
            let result = try Self.iidei(arguments + ["--db", db])
            #expect(result.status == 0, "\(arguments): \(result.output)")
        }
        #expect(try Self.iidei(["datasets", "--db", db]).output.contains("provinces@1"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
        // SQLite may leave an empty write-ahead log beside a WAL file it read: nothing was written to it.
        let wal = (try? FileManager.default.attributesOfItem(atPath: db + "-wal"))?[.size] as? Int ?? 0
        #expect(wal == 0)
        let store = try Store(path: db, access: .readOnly)
        #expect(try store.datasets().map(\.reference) == ["provinces@1"])
        #expect(throws: IndexError.self) {
            try store.importDataset(name: "x", dataset: try Catalog.dataset(), files: [], framework: nil)
        }
    }
}
