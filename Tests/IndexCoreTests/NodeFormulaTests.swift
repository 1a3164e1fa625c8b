import IndexCore
import RealModule
import Testing

/// Node formulas by hand: each function, the checks made when a framework is read, and rounding as
/// published figures are rounded.
@Suite("Node formulas")
struct NodeFormulaTests {
    /// Scores a node of children `a`, `b`, `c` with the given scores (`nil` = missing) and weights.
    static func score(
        _ text: String,
        _ values: [Double?] = [4, 9, 1],
        weights: [Double] = [0.5, 0.25, 0.25]
    ) throws -> Double {
        let formula = try NodeFormula(text, node: "n", children: ["a", "b", "c"])
        let children = zip(["a", "b", "c"], weights).map { id, weight in
            FrameworkNode(
                indicator: Indicator(
                    id: id,
                    name: LocalisedText(zh: id, en: id),
                    unit: "u",
                    direction: .higherIsBetter
                ),
                weight: weight
            )
        }
        let root = FrameworkNode(id: "n", name: LocalisedText(zh: "n", en: "n"), children: children, formula: formula)
        let compiled = try CompiledEvaluation.bare(root)
        var row = values.map { $0 ?? .nan } + [0]
        try row.withUnsafeMutableBufferPointer { try compiled.aggregate($0) }
        return row[3]
    }

    @Test func arithmeticAndPrecedence() throws {
        #expect(try Self.score("a + b * c") == 13)
        #expect(try Self.score("(a + b) * c") == 13)
        #expect(try Self.score("-a ^ 2") == -16)
        #expect(try Self.score("2 ^ 3 ^ 2") == 512)
        #expect(try Self.score("b / a - 1e-1") == 2.25 - 0.1)
        #expect(try Self.score("a < b") == 1)
        #expect(try Self.score("a >= b") == 0)
        #expect(try Self.score("a != 4") == 0)
        #expect(try Self.score("if(a > 3, b, c)") == 9)
        #expect(try Self.score("if(and(a > 3, not(c > 1)), 1, 2)") == 1)
        #expect(try Self.score("or(a > 10, c == 1)") == 1)
    }

    /// Children 4, 9, 1 with weights ½, ¼, ¼.
    @Test func aggregatesByHand() throws {
        #expect(try Self.score("mean(child)") == 14.0 / 3)
        #expect(try Self.score("wmean(child)") == 2 + 2.25 + 0.25)
        #expect(abs(try Self.score("gmean(child)") - Double.pow(36, 1.0 / 3)) < 1e-14)
        // 4^½ · 9^¼ · 1^¼ = 2 · √3
        #expect(abs(try Self.score("wgmean(child)") - 2 * 3.0.squareRoot()) < 1e-14)
        #expect(abs(try Self.score("hmean(child)") - 3 / (0.25 + 1.0 / 9 + 1)) < 1e-14)
        #expect(abs(try Self.score("whmean(child)") - 1 / (0.125 + 0.25 / 9 + 0.25)) < 1e-14)
        #expect(abs(try Self.score("pmean(2, child)") - ((16.0 + 81 + 1) / 3).squareRoot()) < 1e-13)
        #expect(abs(try Self.score("wpmean(2, child)") - (8.0 + 20.25 + 0.25).squareRoot()) < 1e-13)
        #expect(try Self.score("sum(child)") == 14)
        #expect(try Self.score("max(child)") == 9)
        #expect(try Self.score("min(child)") == 1)
        #expect(try Self.score("max(a, 0.7 * b)") == 0.7 * 9)
        #expect(try Self.score("mean(a, b, 2)") == 5)
        #expect(try Self.score("max(child, 20)") == 20)
        // `child` binds to the innermost aggregate: max over children of each child, then the mean.
        #expect(try Self.score("mean(max(child) - child)") == (5.0 + 0 + 8) / 3)
    }

    /// The reflected geometric mean on a shifted scale, as risk indices publish it:
    /// 10 − (Π (1 + 0.9 (10 − x_i))^{w_i} − 1) / 0.9.
    @Test func reflectedGeometricMean() throws {
        let value = try Self.score("10 - (wgmean(1 + 0.9 * (10 - child)) - 1) / 0.9")
        let product = Double.pow(1 + 0.9 * 6, 0.5) * Double.pow(1 + 0.9 * 1, 0.25) * Double.pow(1 + 0.9 * 9, 0.25)
        #expect(abs(value - (10 - (product - 1) / 0.9)) < 1e-13)
    }

    @Test func scalarFunctions() throws {
        #expect(try Self.score("round(b / 7, 2)") == 1.29)
        #expect(try Self.score("clamp(b, 0, 5)") == 5)
        #expect(try Self.score("clamp(c, 2, 5)") == 2)
        #expect(try Self.score("abs(c - a)") == 3)
        #expect(try Self.score("log(exp(a))") == 4)
        #expect(try Self.score("sqrt(b)") == 3)
    }

    /// A missing child: arithmetic on it gives no score; aggregates leave it out with its weight;
    /// no child present gives none.
    @Test func missingChildren() throws {
        #expect(try Self.score("a + b", [nil, 9, 1]).isNaN)
        #expect(try Self.score("wmean(child)", [nil, 9, 1]) == 5)
        #expect(try Self.score("max(a, 0.7 * b)", [nil, 9, 1]) == 0.7 * 9)
        #expect(try Self.score("if(a > 1, b, c)", [nil, 9, 1]).isNaN)
        #expect(try Self.score("mean(child)", [nil, nil, nil]).isNaN)
    }

    /// Each check names the node and the column, with the nearest known name where one is close.
    @Test func formulasAreCheckedWhenRead() {
        let cases: [(String, String)] = [
            ("gmaen(child)", "column 1: unknown function 'gmaen' (did you mean 'gmean'?)"),
            ("a + bb", "column 5: 'bb' is not one of the node's children (did you mean 'b'?)"),
            ("n * 2", "column 1: 'n' is the node itself"),
            ("child + 1", "column 1: 'child' stands for each child in turn"),
            ("round(a)", "column 1: round takes a value and a number of decimals, not 1"),
            ("round(a, 1.5)", "whole number from −10 to 15"),
            ("wmean(a)", "column 1: wmean weighs the children"),
            ("pmean(0, child)", "exponent must be a number from −100 to 100 other than 0"),
            ("a +", "column 4: a value is missing at the end"),
            ("(a + b", "')' expected to close the '(' at column 1"),
            ("a $ b", "column 3: unexpected '$'"),
            ("", "the formula is empty"),
            ("1e999", "'1e999' is not a finite number"),
            ("`x", "not closed"),
        ]
        for (text, expected) in cases {
            do {
                _ = try NodeFormula(text, node: "n", children: ["a", "b", "c"])
                Issue.record("'\(text)' was accepted")
            } catch let error as IndexError {
                #expect(error.message.contains("node 'n'"), "\(text): \(error.message)")
                #expect(error.message.contains(expected), "\(text): \(error.message)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    /// A formula nested past the limit, or longer than it, is refused before it can exhaust the
    /// stack; one within the limits is read.
    @Test func nestingAndLengthAreBounded() throws {
        let deep = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
        #expect(throws: IndexError.self) { try NodeFormula(deep, node: "n", children: ["a"]) }
        let negations = String(repeating: "-", count: 200_000) + "a"
        #expect(throws: IndexError.self) { try NodeFormula(negations, node: "n", children: ["a"]) }
        let long = "mean(" + (0..<3000).map { _ in "a" }.joined(separator: ",") + ")"
        #expect(throws: IndexError.self) { try NodeFormula(long, node: "n", children: ["a"]) }
        // A chain nests one level per operator.
        let chain = (0..<1000).map { _ in "a" }.joined(separator: "+")
        #expect(throws: IndexError.self) { try NodeFormula(chain, node: "n", children: ["a"]) }
        let fine = String(repeating: "(", count: 30) + "a" + String(repeating: ")", count: 30)
        #expect(try Self.score(fine) == 4)
        let sum = (0..<100).map { _ in "a" }.joined(separator: " + ")
        #expect(try Self.score(sum) == 400)
    }

    /// Values outside a function's domain are errors naming the node, not NaN scores.
    @Test func domainErrorsNameTheNode() {
        for text in ["log(c - 1)", "sqrt(c - 2)", "a / (c - 1)", "gmean(child - 1)", "hmean(child - 1)", "exp(1000)"] {
            do {
                let value = try Self.score(text)
                Issue.record("\(text) gave \(value)")
            } catch let error as IndexError {
                #expect(error.message.contains("node 'n'"), "\(text): \(error.message)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    /// Half away from zero on the decimal a number prints as (a spreadsheet's ROUND).
    @Test func roundingAsPublished() {
        let cases: [(Double, Int, Double)] = [
            (0.285, 2, 0.29), (2.675, 2, 2.68), (1.005, 2, 1.01), (-2.5, 0, -3), (2.5, 0, 3), (28.4999, 0, 28),
            (0.05, 1, 0.1), (-0.05, 1, -0.1), (1234.5, -2, 1200), (1250, -2, 1300), (5.787045088572916, 1, 5.8),
            (4.94999999, 1, 4.9), (1e300, 1, 1e300),
        ]
        for (x, digits, expected) in cases {
            #expect(Rounding.halfAwayFromZero(x, digits: digits) == expected, "\(x) to \(digits)")
        }
    }

    @Test func maxAndMinAggregations() throws {
        #expect(try AggregationMethod(name: "max") == .maximum)
        #expect(try AggregationMethod(name: "min").name == "min")
    }

    /// Floor, cap and rounding, in that order; a missing score stays missing.
    @Test func nodeOutputOrder() {
        let output = NodeOutput(floor: 1, cap: 9.94, decimals: 1)
        #expect(output.apply(0.2) == 1)
        #expect(output.apply(9.99) == 9.9)
        #expect(output.apply(5.25) == 5.3)
        #expect(output.apply(.nan).isNaN)
    }
}
