import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// iidei against COINr 1.1.14 on COINr's own ASEM example: every aggregate score within 1e-9 and
/// every rank equal, for the plain pipeline, COINr's full example (`build_example_coin()`), the
/// five-year panel normalised over the whole panel, and the harmonic, power and Copeland means.
/// The reference values (`COINrReference/`) were computed by COINr itself; the file says how.
@Suite("COINr 1.1.14 reference")
struct COINrReferenceTests {
    struct Reference {
        var value: Double?
        var rank: Int?
    }

    /// `spec → (unit, time, node) → value and rank`.
    static func references() throws -> [String: [String: Reference]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("COINrReference/coinr-1.1.14-asem.csv").path
        let table = try DataTable(path: path)
        var result: [String: [String: Reference]] = [:]
        for row in table.rows {
            let key = "\(row[1])|\(row[2])|\(row[3])"
            result[row[0], default: [:]][key] = Reference(value: Double(row[4]), rank: Int(row[5]))
        }
        return result
    }

    /// COINr's ASEM framework (its iMeta) and one of its data files, read as a COINr user gives them.
    static func asem(data: String = "ASEM_iData.csv") throws -> (Framework, Dataset) {
        let framework = try COINrReader.readMeta(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv"))
        let dataset = try COINrReader.readData(
            path: TestSupport.shared("data/reference/coinr-asem/\(data)"),
            declared: Set(framework.indicators.map(\.id)).union(framework.seriesIDs)
        )
        return (framework, dataset)
    }

    static func run(data: String, _ options: RunOptions) throws -> CrossSectionResult {
        let (framework, dataset) = try asem(data: data)
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        guard case .crossSection(let result)? = results.evaluations.first else { throw IndexError("no cross-section") }
        return result
    }

    static func options(_ fields: [String: String]) throws -> RunOptions {
        try RunOptions.parse(fields)
    }

    /// Compares every reference aggregate of a spec with a period's result.
    static func check(_ result: CrossSectionResult, against reference: [String: Reference], time: String = "") -> Int {
        var compared = 0
        for (key, expected) in reference {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            guard parts[1] == time else { continue }
            let unit = result.units.first { $0.id == parts[0] }
            #expect(unit != nil, "unit \(parts[0]) missing")
            let node = unit?.nodes[parts[2]]
            if let value = expected.value {
                #expect(
                    TestSupport.close(node?.score ?? nil, value, 1e-9),
                    "\(key): \(String(describing: node?.score ?? nil)) vs \(value)"
                )
            } else {
                #expect(node?.score == nil, "\(key): COINr gives no score")
            }
            #expect(
                node?.rank == expected.rank,
                "\(key): rank \(String(describing: node?.rank)) vs \(String(describing: expected.rank))"
            )
            compared += 1
        }
        return compared
    }

    @Test func plainPipeline() throws {
        let reference = try #require(try Self.references()["plain"])
        let result = try Self.run(
            data: "ASEM_iData.csv",
            try Self.options(["normalise": "minmax", "scale": "0,100", "aggregate": "arithmetic"])
        )
        #expect(Self.check(result, against: reference) == 51 * 11)
    }

    @Test func fullExampleCoin() throws {
        let reference = try #require(try Self.references()["full"])
        let options = try Self.options([
            "denominate": "true", "impute": "group-mean:EurAsia_group", "screen": "0.9:after-imputation",
            "outliers": "coinr", "normalise": "minmax", "scale": "0,100", "aggregate": "arithmetic",
        ])
        let result = try Self.run(data: "ASEM_iData.csv", options)
        #expect(Self.check(result, against: reference) == 51 * 11)
        #expect(result.screened.isEmpty)
    }

    /// The treatment COINr applies in its full example: 15 indicators winsorised at 35 points, no
    /// log transform, and LAO's Elec and Gas missing after denomination (no Energy), then imputed.
    @Test func fullExampleTreatment() throws {
        let framework = try COINrReader.readMeta(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv"))
        let dataset = try COINrReader.readData(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"))
        let options = try Self.options([
            "denominate": "true", "impute": "group-mean:EurAsia_group", "screen": "0.9:after-imputation",
            "outliers": "coinr",
        ])
        let results = try IndexEngine.run(framework: framework, dataset: dataset, options: options)
        let winsorised = results.treatments.filter { $0.action == .winsorisedHigh || $0.action == .winsorisedLow }
        #expect(winsorised.count == 35)
        #expect(Set(winsorised.map(\.indicator)).count == 15)
        #expect(!results.treatments.contains { $0.action == .logTransformed })
        #expect(winsorised.filter { $0.action == .winsorisedLow }.map(\.unit) == ["PAK"])
        // One entry per value and step: Services is winsorised at four points (IRL, LUX, MLT, SGP).
        let services = winsorised.filter { $0.indicator == "Services" }.map(\.unit).sorted()
        #expect(services == ["IRL", "LUX", "MLT", "SGP"])
        let keys = winsorised.map { "\($0.unit) \($0.indicator)" }
        #expect(Set(keys).count == keys.count)
        #expect(results.treatments.filter { $0.action == .imputedGroupMean }.count == 65)
        #expect(
            results.treatments.contains { $0.unit == "LAO" && $0.indicator == "Gas" && $0.action == .imputedGroupMean }
        )
    }

    /// Without imputation the missing cells stay missing and are not listed as treated: COINr's
    /// `Treat()` on the raw ASEM data winsorises one point low (PAK's CostImpEx) and 29 points high
    /// (before, every missing cell of a treated indicator was listed as "winsorised-low").
    @Test func treatmentLeavesMissingCellsAlone() throws {
        let framework = try COINrReader.readMeta(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iMeta.csv"))
        let dataset = try COINrReader.readData(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"))
        let results = try IndexEngine.run(
            framework: framework,
            dataset: dataset,
            options: try Self.options(["outliers": "coinr"])
        )
        let missing = Set(
            dataset.observations.filter { $0.value == nil }.map { "\($0.unit) \($0.indicator)" }
        )
        let treated = results.treatments.map { "\($0.unit) \($0.indicator)" }
        #expect(!missing.isEmpty)
        #expect(missing.isDisjoint(with: treated))
        #expect(results.treatments.allSatisfy { $0.value.isFinite && $0.original?.isFinite == true })
        #expect(results.treatments.filter { $0.action == .winsorisedLow }.count == 1)
        #expect(results.treatments.filter { $0.action == .winsorisedHigh }.count == 29)
    }

    /// Under a COINr iMeta, a run that leaves the z-score's SD open gets COINr's (`n_zscore`: the
    /// sample SD) and one that names it gets what it names; computed here from the raw column.
    @Test func zScoreFollowsCOINrUnderAnIMeta() throws {
        let dataset = try COINrReader.readData(path: TestSupport.shared("data/reference/coinr-asem/ASEM_iData.csv"))
        let goods = dataset.observations.filter { $0.indicator == "Goods" }
        let values = goods.compactMap(\.value)
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let unit = try #require(goods.first { $0.value != nil })
        for (name, divisor) in [
            ("zscore", values.count - 1), ("zscore:sample", values.count - 1), ("zscore:population", values.count),
        ] {
            let result = try Self.run(data: "ASEM_iData.csv", try Self.options(["normalise": name]))
            let score = try #require(result.units.first { $0.id == unit.unit }?.nodes["Goods"]?.score ?? nil)
            let expected = (try #require(unit.value) - mean) / (squares / Double(divisor)).squareRoot()
            #expect(abs(score - expected) < 1e-12, "\(name)")
        }
    }

    /// A numeric column the framework does not declare is named with what declared the others — the
    /// iMeta, or a framework file that is not one — and a suggestion only for a likely misspelling
    /// (before: "'Area' is not declared in the iMeta (nearest: 'NEET')" under a YAML framework).
    @Test func undeclaredColumnsAreNamedWithTheirFramework() throws {
        let directory = try TestSupport.temporaryDirectory()
        let path = try TestSupport.write(
            "uCode,uName,Area,NEETs,NEET\nA,Aa,1,2,3\nB,Bb,4,5,6\n",
            named: "d.csv",
            in: directory
        )
        do {
            _ = try COINrReader.readData(path: path, declared: ["NEET", "Goods"], declaredBy: "the framework 'f.yaml'")
            Issue.record("accepted")
        } catch let errors as IndexErrors {
            let messages = errors.errors.map(\.message)
            #expect(messages.count == 2)
            #expect(
                messages.contains { $0.hasPrefix("numeric column 'Area' is not declared in the framework 'f.yaml';") }
            )
            #expect(messages.contains { $0.contains("'NEETs'") && $0.contains("(did you mean 'NEET'?)") })
            #expect(!messages.contains { $0.contains("'Area'") && $0.contains("did you mean") })
        }
    }

    @Test func fiveYearPanelNormalisedOverThePanel() throws {
        let reference = try #require(try Self.references()["panel"])
        let result = try Self.run(
            data: "ASEM_iData_p.csv",
            try Self.options([
                "period": "all", "normalisationScope": "panel", "normalise": "minmax", "scale": "0,100",
                "aggregate": "arithmetic",
            ])
        )
        let panel = try #require(result.panel)
        #expect(panel.periods.map(\.period) == ["2018", "2019", "2020", "2021", "2022"])
        for period in panel.periods {
            #expect(Self.check(period, against: reference, time: period.period) == 51 * 11)
        }
    }

    @Test(arguments: ["harmonic", "power:2", "power:-1", "copeland"])
    func otherAggregations(method: String) throws {
        let reference = try #require(try Self.references()[method])
        let result = try Self.run(
            data: "ASEM_iData.csv",
            try Self.options(["normalise": "minmax", "scale": "1,100", "aggregate": method])
        )
        #expect(Self.check(result, against: reference) == 51 * 11)
    }
}
