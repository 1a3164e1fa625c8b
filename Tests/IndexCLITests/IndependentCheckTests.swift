import Foundation
import IndexCore
import IndexIO
import IndexTestSupport
import Testing

/// `iidei ahp` and `iidei delphi` JSON against an independent implementation (NumPy's eigensolver,
/// SciPy's ranks and χ² distribution), to 1e-12: the JSON carries every computed double exactly.
@Suite("Independent implementations")
struct IndependentCheckTests {
    static let script = #"""
        import csv, json, sys
        from fractions import Fraction
        import numpy as np
        from scipy.stats import rankdata, chi2

        def matrix(path):
            rows = [r for r in csv.reader(l for l in open(path, encoding="utf-8") if not l.startswith("#"))]
            return np.array([[float(Fraction(x)) for x in r[1:]] for r in rows[1:]])

        def ahp(a):
            values, vectors = np.linalg.eig(a)
            k = int(np.argmax(values.real))
            w = np.abs(vectors[:, k].real)
            w = w / w.sum()
            n = a.shape[0]
            lam = float(values[k].real)
            ci = (lam - n) / (n - 1)
            return {"weights": w.tolist(), "lambdaMax": lam, "ci": ci, "cr": ci / 1.12}

        kind = sys.argv[1]
        if kind == "ahp":
            ms = [matrix(p) for p in sys.argv[2:]]
            group = np.exp(np.mean([np.log(m) for m in ms], axis=0))
            out = ahp(group)
            out["experts"] = [ahp(m) for m in ms]
        else:
            rows = [r for r in csv.reader(l for l in open(sys.argv[2], encoding="utf-8") if not l.startswith("#"))]
            scores = np.array([[float(x) for x in r[1:]] for r in rows[1:]])
            m, n = scores.shape
            means = scores.mean(axis=0)
            sd = scores.std(axis=0, ddof=1)
            ranks = np.array([rankdata(row) for row in scores])
            totals = ranks.sum(axis=0)
            s = float(((totals - totals.mean()) ** 2).sum())
            ties = 0.0
            for row in scores:
                _, counts = np.unique(row, return_counts=True)
                ties += float((counts ** 3 - counts).sum())
            w = 12 * s / (m * m * (n ** 3 - n) - m * ties)
            w0 = 12 * s / (m * m * (n ** 3 - n))
            x2 = m * (n - 1) * w
            out = {
                "indicators": [
                    {"mean": float(means[j]), "sd": float(sd[j]), "cv": float(sd[j] / means[j]),
                     "fullScoreFrequency": float((scores[:, j] == 100).mean()), "weight": float(means[j] / means.sum())}
                    for j in range(n)],
                "kendallW": w, "kendallWUncorrected": w0, "chiSquare": x2, "df": n - 1,
                "pValue": float(chi2.sf(x2, n - 1)),
            }
        print(json.dumps(out))
        """#

    /// Every number of `expected` found at the same place in `actual`, within `tolerance`.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let double as Double: double
        case let integer as Int: Double(integer)
        case let number as NSNumber: number.doubleValue
        default: nil
        }
    }

    static func compare(_ expected: Any, _ actual: Any?, path: String, tolerance: Double) -> Int {
        if let wanted = number(expected) {
            let value = number(actual) ?? .nan
            #expect(abs(value - wanted) <= tolerance, "\(path): \(value) vs \(wanted)")
            return 1
        }
        switch expected {
        case let list as [Any]:
            let other = actual as? [Any] ?? []
            #expect(other.count == list.count, "\(path): \(other.count) items vs \(list.count)")
            return zip(list, other).enumerated().reduce(0) { total, item in
                total + compare(item.element.0, item.element.1, path: "\(path)[\(item.offset)]", tolerance: tolerance)
            }
        case let object as [String: Any]:
            let other = actual as? [String: Any] ?? [:]
            return object.sorted { $0.key < $1.key }.reduce(0) {
                $0 + compare($1.value, other[$1.key], path: "\(path).\($1.key)", tolerance: tolerance)
            }
        default:
            return 0
        }
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func ahpAgreesWithNumPy() throws {
        let files = ["ahp-expert1.csv", "ahp-expert2.csv", "ahp-expert3.csv"].map {
            TestSupport.packageRoot.appendingPathComponent("examples/\($0)").path
        }
        let ours = try TestSupport.run(
            TestSupport.executable,
            ["ahp"] + files + ["--aggregate", "aij", "--format", "json"]
        )
        let theirs = try TestSupport.python(Self.script, ["ahp"] + files)
        let compared = Self.compare(try Self.json(theirs), try Self.json(ours), path: "ahp", tolerance: 1e-12)
        #expect(compared == 4 * (5 + 3))
    }

    @Test func delphiAgreesWithSciPy() throws {
        let file = TestSupport.packageRoot.appendingPathComponent("examples/delphi-scores.csv").path
        let ours = try TestSupport.run(
            TestSupport.executable,
            ["delphi", file, "--full-score", "100", "--format", "json"]
        )
        let theirs = try TestSupport.python(Self.script, ["delphi", file])
        let compared = Self.compare(try Self.json(theirs), try Self.json(ours), path: "delphi", tolerance: 1e-12)
        #expect(compared == 6 * 5 + 5)
    }
}
