import Foundation
import IndexCore
import Testing

@testable import IndexIO

/// Small framework files that crashed or hung (issue 22, class 4): YAML alias expansion, nesting and
/// size; deep, cyclic and unreachable COINr parent chains. Every one is a located error within the
/// stated limits, never a trap or a hang.
@Suite("Hostile input round two: framework shape")
struct HostileRound2FrameworkShapeTests {
    /// A valid framework whose tree has `depth` levels of aggregates above one indicator.
    static func deepYAML(depth: Int) -> String {
        var tree = "{id: leaf, unit: u}"
        for level in stride(from: depth - 1, through: 0, by: -1) { tree = "{id: n\(level), children: [\(tree)]}" }
        return "id: t\ntree: \(tree)\nevaluations:\n  - id: e\n"
    }

    /// `levels` anchors under `description:`, each a list of `fanOut` aliases of the one before:
    /// Σ fanOut^level nodes once the aliases are expanded.
    static func laughs(levels: Int, fanOut: Int) -> String {
        var lines = ["  - &a0 [lol]"]
        for level in 1...levels {
            let aliases = Array(repeating: "*a\(level - 1)", count: fanOut).joined(separator: ", ")
            lines.append("  - &a\(level) [\(aliases)]")
        }
        return "id: t\ndescription:\n" + lines.joined(separator: "\n")
            + "\ntree: {id: r, children: [{id: i, unit: u}]}\nevaluations: [{id: e}]\n"
    }

    // MARK: - YAML expansion, depth, size

    @Test(arguments: [(9, 10), (30, 2), (5, 100), (3, 1000)])
    func aliasExpansionIsRefusedBeforeUseInBoundedTime(levels: Int, fanOut: Int) throws {
        let text = Self.laughs(levels: levels, fanOut: fanOut)
        let clock = ContinuousClock()
        let start = clock.now
        let error = #expect(throws: IndexError.self) { try FrameworkReader.parse(text, file: "laughs.yaml") }
        #expect(clock.now - start < .seconds(5))
        #expect(error?.kind == .limitExceeded)
        #expect(error?.message.contains("more than \(YAMLLimits.maximumExpandedNodes) nodes") == true)
        #expect(error?.file == "laughs.yaml")
        #expect(error?.line != nil)
    }

    /// The same shape under the budget is read: aliases as such are fine.
    @Test func aliasesWithinTheBudgetAreRead() throws {
        let text = """
            id: t
            description: &n {zh: 指数, en: Index}
            tree: {id: r, name: *n, children: [{id: i, unit: u}, {id: j, unit: u}]}
            evaluations: [{id: e, name: *n}]
            """
        let framework = try FrameworkReader.parse(text, file: "ok.yaml")
        #expect(framework.evaluations[0].name == LocalisedText(zh: "指数", en: "Index"))
        #expect(framework.evaluations[0].root.name.en == "Index")
    }

    @Test(arguments: [150, 990])
    func deepYAMLNestingIsRefused(depth: Int) throws {
        let text =
            "id: t\ndescription: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            + "\ntree: {id: r, children: [{id: i, unit: u}]}\nevaluations: [{id: e}]\n"
        let error = #expect(throws: IndexError.self) { try FrameworkReader.parse(text, file: "deep.yaml") }
        #expect(error?.kind == .limitExceeded)
        #expect(error?.message.contains("deeper than \(YAMLLimits.maximumDepth) levels") == true)
    }

    @Test func libyamlRefusesNestingBeyondItsOwnLimitWithoutCrashing() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: IndexError.self) { try FrameworkReader.parse(text, file: "deeper.yaml") }
    }

    @Test func aFileOverTheSizeLimitIsRefusedBeforeParsing() {
        let text = "id: t\ndescription: \"" + String(repeating: "x", count: YAMLLimits.maximumBytes) + "\"\n"
        let error = #expect(throws: IndexError.self) { try FrameworkReader.parse(text, file: "big.yaml") }
        #expect(error?.kind == .limitExceeded)
    }

    @Test(arguments: [33, 40])
    func aTreeDeeperThanTheLimitIsALocatedError(depth: Int) throws {
        let error = #expect(throws: IndexError.self) {
            try FrameworkReader.parse(Self.deepYAML(depth: depth), file: "tree.yaml")
        }
        #expect(error?.kind == .limitExceeded)
        #expect(error?.message.contains("deeper than \(FrameworkNode.maximumDepth) levels") == true)
        #expect(error?.file == "tree.yaml")
    }

    @Test func aTreeAtTheLimitIsRead() throws {
        let framework = try FrameworkReader.parse(Self.deepYAML(depth: FrameworkNode.maximumDepth), file: "tree.yaml")
        #expect(framework.evaluations[0].root.node(deeperThan: FrameworkNode.maximumDepth) == nil)
        #expect(framework.indicators.map(\.id) == ["leaf"])
    }

    /// Random alias graphs: either read, or refused as over a limit, quickly; never a hang.
    @Test func randomAliasGraphsAreReadOrRefusedQuickly() throws {
        var random = SplitMix64(seed: 22_04)
        let clock = ContinuousClock()
        for _ in 0..<40 {
            let levels = Int.random(in: 1...25, using: &random)
            let fanOut = Int.random(in: 1...12, using: &random)
            // Anchor 0 is a list and its scalar; anchor L a list of fanOut copies of anchor L − 1.
            var size = 2.0
            var expanded = 1 + size
            for _ in 0..<levels {
                size = 1 + Double(fanOut) * size
                expanded += size
            }
            let start = clock.now
            do {
                _ = try FrameworkReader.parse(Self.laughs(levels: levels, fanOut: fanOut), file: "r.yaml")
                #expect(expanded < Double(YAMLLimits.maximumExpandedNodes), "levels \(levels) fan-out \(fanOut)")
            } catch let error as IndexError {
                // Refused for size; a shape under the budget fails later, for the framework's own reasons.
                if error.kind == .limitExceeded {
                    #expect(expanded > Double(YAMLLimits.maximumExpandedNodes) - 100, "\(error)")
                }
            }
            #expect(clock.now - start < .seconds(5))
        }
    }

    // MARK: - COINr iMeta parent chains

    static func meta(_ rows: [String]) throws -> Framework {
        let text = (["Level,iCode,iName,Direction,Weight,Parent,Type"] + rows).joined(separator: "\n") + "\n"
        return try COINrReader.readMeta(try DataTable(text: text, file: "meta.csv"))
    }

    static func errors(_ body: () throws -> Framework) -> [IndexError] {
        do {
            _ = try body()
            return []
        } catch let error as IndexErrors {
            return error.errors
        } catch let error as IndexError {
            return [error]
        } catch {
            return [IndexError("\(error)")]
        }
    }

    @Test func aChainDeeperThanTheLimitIsALocatedErrorNotACrash() throws {
        for depth in [33, 1_000, 100_000] {
            var rows = ["1,i,I,1,1,n\(depth - 1),Indicator"]
            for level in 1..<depth { rows.append("2,n\(level),N,,1,n\(level - 1),Aggregate") }
            rows.append("3,n0,Top,,1,,Aggregate")
            let found = Self.errors { try Self.meta(rows) }
            #expect(found.count == 1, "depth \(depth)")
            #expect(found.first?.kind == .limitExceeded)
            #expect(
                found.first?.message.contains("more than \(FrameworkNode.maximumDepth) levels below the top node")
                    == true
            )
            #expect(found.first?.line != nil)
            #expect(found.first?.file == "meta.csv")
        }
    }

    @Test func aChainAtTheLimitIsRead() throws {
        let depth = FrameworkNode.maximumDepth
        var rows = ["1,i,I,1,1,n\(depth - 1),Indicator"]
        for level in 1..<depth { rows.append("2,n\(level),N,,1,n\(level - 1),Aggregate") }
        rows.append("3,n0,Top,,1,,Aggregate")
        let framework = try Self.meta(rows)
        #expect(framework.indicators.map(\.id) == ["i"])
        #expect(framework.evaluations[0].root.levels.count == depth + 1)
    }

    /// Two rows parents of each other, a row its own parent, a three-cycle away from the top node:
    /// each is named with its rows, and the rows under it counted; nothing is dropped in silence.
    @Test func cyclesAreNamedWithTheirRows() throws {
        let found = Self.errors {
            try Self.meta([
                "3,top,Top,,1,,Aggregate",
                "2,p,P,,1,top,Aggregate",
                "1,x,X,1,1,p,Indicator",
                "2,a,A,,1,b,Aggregate",  // line 5
                "2,b,B,,1,a,Aggregate",  // line 6
                "1,y,Y,1,1,a,Indicator",  // hangs under a ↔ b
                "1,z,Z,1,1,y2,Indicator",
                "2,y2,Y2,,1,a,Aggregate",  // hangs under a ↔ b, with z under it
                "2,s,S,,1,s,Aggregate",  // line 10: its own parent
                "2,c1,C1,,1,c3,Aggregate",
                "2,c2,C2,,1,c1,Aggregate",
                "2,c3,C3,,1,c2,Aggregate",
            ])
        }
        #expect(found.count == 3)
        let messages = found.map(\.message).joined(separator: "\n")
        #expect(
            messages.contains("'a' (line 5) → 'b' (line 6) → 'a' (line 5)")
                || messages.contains("'b' (line 6) → 'a' (line 5) → 'b' (line 6)")
        )
        #expect(messages.contains("3 more rows under it never reach the top node"))
        #expect(messages.contains("'s' (line 10) → 's' (line 10)"))
        #expect(messages.contains("'c1'") && messages.contains("'c2'") && messages.contains("'c3'"))
        #expect(found.allSatisfy { $0.line != nil && $0.file == "meta.csv" && $0.column == 6 })
    }

    @Test func aCycleWithNoTopNodeIsNamedToo() {
        let found = Self.errors {
            try Self.meta(["2,a,A,,1,b,Aggregate", "2,b,B,,1,a,Aggregate", "1,x,X,1,1,a,Indicator"])
        }
        #expect(found.contains { $0.message.contains("exactly one top node") })
        #expect(found.contains { $0.message.contains("cycle") && $0.message.contains("1 more rows under it") })
    }

    @Test func rowsThatCannotBeLinkedAreLocated() {
        let found = Self.errors {
            try Self.meta([
                "3,top,Top,,1,,Aggregate",
                "1,x,X,1,1,top,Indicator",
                "1,x,X again,1,1,top,Indicator",  // line 4: iCode twice
                "1,w,W,1,1,x,Indicator",  // line 5: under an indicator
                "1,v,V,1,1,nowhere,Indicator",  // line 6
            ])
        }
        #expect(found.map(\.line) == [4, 5, 6])
        #expect(found[0].message.contains("given twice"))
        #expect(found[1].message.contains("is an Indicator"))
        #expect(found[2].message.contains("unknown Parent 'nowhere'"))
    }

    /// Random parent tables: every row either ends up in the framework or is named in an error.
    @Test func randomParentTablesDropNoRowInSilence() throws {
        var random = SplitMix64(seed: 2_204)
        for round in 0..<200 {
            let count = Int.random(in: 2...40, using: &random)
            var rows = ["3,r0,R,,1,,Aggregate"]
            var parents: [String] = ["r0"]
            for index in 1..<count {
                // Mostly a parent seen before (a tree); sometimes one later in the table (maybe a cycle).
                let parent =
                    Int.random(in: 0..<10, using: &random) < 8
                    ? parents.randomElement(using: &random) ?? "r0" : "r\(Int.random(in: 0..<count, using: &random))"
                rows.append("2,r\(index),R,,1,\(parent),Aggregate")
                parents.append("r\(index)")
            }
            for index in 0..<count { rows.append("1,i\(index),I,1,1,r\(index),Indicator") }
            let found = Self.errors { try Self.meta(rows) }
            if found.isEmpty {
                let framework = try Self.meta(rows)
                #expect(framework.indicators.count == count, "round \(round)")
                #expect(framework.evaluations[0].root.preorder.count == 2 * count, "round \(round)")
            } else {
                #expect(found.allSatisfy { $0.message.contains("cycle") || $0.kind == .limitExceeded }, "\(found)")
            }
        }
    }
}
