import Foundation
import GRDB
import IndexCatalog
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexStore

/// Versions and runs that schema v1 stored as rows (before the blobs) still read back, through the
/// records, and are still hash-checked.
@Suite("Schema v1 rows: read through the records and checked")
struct StoreSchemaV1Tests {
    static let files = ["a.csv", "b.xlsx"]

    /// A dataset v1 can hold exactly: its aliases are joined with `;`, so none may contain one, and
    /// SQLite keeps a whole REAL as an integer, so a negative zero would come back as zero.
    static func dataset() -> Dataset {
        Dataset(
            units: [
                AssessedUnit(
                    id: "u1",
                    name: LocalisedText(zh: "一号", en: "One"),
                    groups: ["region": "East", "size": "big"],
                    aliases: ["1", "壹"]
                ),
                AssessedUnit(id: "u2", name: LocalisedText(zh: "二号", en: ""), groups: [:], aliases: []),
            ],
            observations: [
                Observation(
                    unit: "u2",
                    indicator: "x",
                    period: "2023",
                    value: -2.5,
                    source: "Yearbook",
                    note: "",
                    status: .reported,
                    location: SourceLocation(file: "b.xlsx", sheet: "2023", line: 4, column: 3)
                ),
                Observation(
                    unit: "u1",
                    indicator: "x",
                    period: "2023",
                    value: 1.5,
                    source: "Yearbook",
                    note: "revised",
                    status: .estimated,
                    location: SourceLocation(file: "a.csv", line: 9)
                ),
                Observation(unit: "u1", indicator: "a", period: "2023", value: nil, status: .synthetic),
            ],
            isIllustrative: false
        )
    }

    /// Writes `dataset` as v1 did: a `dataset` row, `unit` rows and `observation` rows.
    static func storeAsRows(_ dataset: Dataset, in store: Store) throws -> DatasetVersion {
        try store.database.write { db in
            var version = DatasetRow(
                name: "old",
                version: 1,
                hash: Store.contentHash(dataset),
                createdAt: "2026-01-01T00:00:00Z",
                files: String(
                    decoding: try JSONEncoder().encode(
                        files.map { StoredFile(path: $0, format: "csv", sha256: "", values: 0) }
                    ),
                    as: UTF8.self
                ),
                valueCount: dataset.observations.count,
                isIllustrative: dataset.isIllustrative
            )
            try version.insert(db)
            let id = try #require(version.id)
            for (position, unit) in dataset.units.enumerated() {
                try UnitRow(
                    datasetID: id,
                    position: position,
                    id: unit.id,
                    nameZh: unit.name.zh,
                    nameEn: unit.name.en,
                    groups: unit.groups.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(
                        separator: ";"
                    ),
                    aliases: unit.aliases.joined(separator: ";")
                )
                .insert(db)
            }
            for o in dataset.observations {
                try ObservationRow(
                    datasetID: id,
                    unit: o.unit,
                    indicator: o.indicator,
                    period: o.period,
                    value: o.value,
                    status: o.status.rawValue,
                    source: o.source,
                    note: o.note,
                    fileIndex: o.location.flatMap { files.firstIndex(of: $0.file) },
                    sheet: o.location?.sheet,
                    line: o.location?.line,
                    col: o.location?.column
                )
                .insert(db)
            }
            return version.datasetVersion
        }
    }

    static func freshStore() throws -> Store {
        try Store(path: try TestSupport.temporaryDirectory().appendingPathComponent("v1.sqlite").path)
    }

    @Test func versionsStoredAsRowsReadBackExactly() throws {
        let store = try Self.freshStore()
        let dataset = Self.dataset()
        let version = try Self.storeAsRows(dataset, in: store)
        #expect(try store.datasetVersion("old@1") == version)
        #expect(try store.dataset(version) == dataset)
        #expect(try store.dataset(version, includingLocations: false).observations.map(\.value) == [-2.5, 1.5, nil])
    }

    @Test func changedRowsAreAnIntegrityError() throws {
        let store = try Self.freshStore()
        let version = try Self.storeAsRows(Self.dataset(), in: store)
        let changed = try store.database.write { db in
            try ObservationRow.filter(Column("value") == 1.5).updateAll(db, Column("value").set(to: 2.5))
        }
        #expect(changed == 1)
        let error = try #require(throws: IndexError.self) { try store.dataset(version) }
        #expect(error.kind == .integrity)
        #expect(error.description.contains("the stored data no longer match their hash"))
    }

    @Test func runsRecordedAsRowsGiveTheirScoresInOrder() throws {
        let store = try Self.freshStore()
        let version = try Self.storeAsRows(Self.dataset(), in: store)
        let framework = try store.saveFramework(try Catalog.frameworkSource())
        let scores = [
            StoredScore(evaluation: "e", period: "2023", unit: "u2", node: "index", score: 0.25, rank: 2, tier: 1),
            StoredScore(evaluation: "e", period: "2023", unit: "u1", node: "index", score: nil, rank: nil, tier: nil),
        ]
        let id = try store.database.write { db in
            var run = RunRow(
                createdAt: "2026-01-01T00:00:00Z",
                frameworkHash: framework.hash,
                datasetID: version.id,
                options: "{}",
                engineVersion: "old",
                resultsHash: SHA256.hex("{}"),
                results: "{}",
                isIllustrative: false
            )
            try run.insert(db)
            let id = try #require(run.id)
            for s in scores {
                try ScoreRow(
                    runID: id,
                    evaluation: s.evaluation,
                    period: s.period,
                    unit: s.unit,
                    node: s.node,
                    score: s.score,
                    rank: s.rank,
                    tier: s.tier
                )
                .insert(db)
            }
            return id
        }
        let run = try store.run("\(id)")
        #expect(run.dataset == version && run.frameworkID == framework.frameworkID)
        #expect(try store.scores(of: run) == scores)
        #expect(try store.results(of: run) == "{}")
    }
}
