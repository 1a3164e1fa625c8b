public import ArgumentParser
import Foundation
public import IndexCore
import IndexIO
import IndexWorkflows

extension MatrixNormalisation: ExpressibleByArgument {}
extension ObjectiveWeights.EntropyInput: ExpressibleByArgument {}
extension ObjectiveWeights.CRITICInput: ExpressibleByArgument {}
extension ObjectiveWeights.CVInput: ExpressibleByArgument {}
extension MCDA.TOPSISDistance: ExpressibleByArgument {}
extension MCDA.Combination: ExpressibleByArgument {}

struct MCDACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcda",
        abstract:
            "Weights and scores for a plain decision matrix: entropy, CRITIC, CV, SD, equal, given or AHP weights; weighted sum, product or TOPSIS.",
        discussion: """
            MATRIX.csv: first column the alternatives' ids, header the criteria's ids. Weights total 1; \
            wsum is Σ w·z and wprod is Π z^w on the normalised values. TOPSIS normalises the raw matrix \
            itself (--topsis-normalise; --normalise does not apply) and `normalised` is then that matrix. \
            Vector and z-score normalisation leave criterion direction alone; min-max, linear-max and \
            TOPSIS's ideal points respect it. Ranking: 1 = best.
            """
    )

    enum Score: String, ExpressibleByArgument, CaseIterable {
        case wsum, wprod, topsis
    }

    @Argument(help: "The decision matrix (CSV).")
    var matrix: String

    @Option(
        help:
            "Benefit (+) or cost (-) per criterion, e.g. +,-,+ (write --types=-,+ when the first is a cost). Default: all benefit."
    )
    var types: String?

    @Option(help: "entropy, critic, cv, std, equal, given:W1,W2,… or ahp:FILE (a judgement matrix over the criteria).")
    var weights = "equal"

    @Option(help: "minmax, vector, linear-max, zscore or none.")
    var normalise: MatrixNormalisation = .minmax

    @Option(help: "wsum, wprod or topsis.")
    var score: Score = .wsum

    @Option(help: "Entropy computed on: minmax (direction-aware, default), raw or raw-reciprocal.")
    var entropyInput: ObjectiveWeights.EntropyInput = .minmax

    @Option(help: "Added to every value after min-max before entropy.")
    var entropyShift = 0.0

    @Option(help: "CRITIC computed on: minmax (direction-aware, default) or minmax-benefit.")
    var criticInput: ObjectiveWeights.CRITICInput = .minmax

    @Option(help: "Coefficient of variation computed on: raw (default) or minmax.")
    var cvInput: ObjectiveWeights.CVInput = .raw

    @Option(help: "TOPSIS normalisation: vector (default) or minmax.")
    var topsisNormalise: MatrixNormalisation = .vector

    @Option(help: "TOPSIS distance: weighted-matrix (default) or weighted-euclidean.")
    var topsisDistance: MCDA.TOPSISDistance = .weightedMatrix

    @Option(help: "Standard deviations with ddof 0 (population, default) or 1 (sample).")
    var ddof = 0

    @Option(help: "Combine the weights with AHP judgements: ahp:FILE.")
    var combineWith: String?

    @Option(help: "The subjective (AHP) share in the linear combination.")
    var alpha = 0.5

    @Option(help: "linear (α·ahp + (1 − α)·objective) or multiplicative (∝ ahp · objective).")
    var combine: MCDA.Combination = .linear

    @Option(help: "Output: table or json.")
    var format: OutputFormat = .table

    func validate() throws {
        guard ddof == 0 || ddof == 1 else { throw ValidationError("--ddof must be 0 or 1") }
        guard (0...1).contains(alpha) else { throw ValidationError("--alpha must be between 0 and 1") }
        if score == .topsis, ![.vector, .minmax].contains(topsisNormalise) {
            throw ValidationError("--topsis-normalise must be vector or minmax")
        }
    }

    /// Reads the matrix: every cell a number (yearbook forms such as 12,345 accepted), nothing missing.
    static func readMatrix(_ path: String, types: String?) throws -> DecisionMatrix {
        let table = try DataTable(path: path)
        let criteria = Array(table.header.dropFirst())
        var values: [[Double]] = []
        var errors: [IndexError] = []
        for row in table.rows {
            var numbers: [Double] = []
            for column in 1..<table.header.count {
                switch NumberParser.reading(row[column]) {
                case .number(let value), .converted(let value, _): numbers.append(value)
                case .missing, .invalid:
                    errors.append(
                        IndexError(
                            "value '\(row[column])' is not a number (a decision matrix has no gaps)",
                            file: path,
                            line: row.line,
                            column: column + 1,
                            indicator: criteria[column - 1],
                            unit: row[0]
                        )
                    )
                }
            }
            values.append(numbers)
        }
        var firstLine: [String: Int] = [:]
        for row in table.rows {
            if let first = firstLine[row[0]] {
                errors.append(
                    IndexError(
                        "alternative '\(row[0])' is given twice (first on line \(first)): each alternative is one row",
                        file: path,
                        line: row.line,
                        column: 1,
                        unit: row[0]
                    )
                )
            } else {
                firstLine[row[0]] = row.line
            }
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        var isBenefit: [Bool]?
        if let types {
            isBenefit = try types.split(separator: ",").map { item in
                switch item.trimmingCharacters(in: .whitespaces) {
                case "+", "benefit", "1": return true
                case "-", "cost", "-1": return false
                default: throw ValidationError("--types takes + or - per criterion, not '\(item)'")
                }
            }
        }
        return try DecisionMatrix(
            alternatives: table.rows.map { $0[0] },
            criteria: criteria,
            values: values,
            isBenefit: isBenefit
        )
    }

    static func ahpWeights(_ path: String, count: Int) throws -> [Double] {
        let result = try AHP.analyse(try JudgementReader.readMatrix(path: path))
        guard result.weights.count == count else {
            throw IndexError(
                "the judgement matrix is \(result.weights.count) × \(result.weights.count) but there are \(count) criteria",
                file: path
            )
        }
        return result.weights
    }

    func objectiveWeights(_ matrix: DecisionMatrix) throws -> [Double] {
        let parts = weights.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first ?? "" {
        case "entropy": return try ObjectiveWeights.entropy(matrix, input: entropyInput, shift: entropyShift)
        case "critic": return try ObjectiveWeights.critic(matrix, input: criticInput, ddof: ddof)
        case "cv": return try ObjectiveWeights.coefficientOfVariation(matrix, input: cvInput, ddof: ddof)
        case "std": return try ObjectiveWeights.standardDeviation(matrix, ddof: ddof)
        case "equal": return ObjectiveWeights.equal(matrix.columnCount)
        case "given" where parts.count == 2:
            let given = try parts[1].split(separator: ",").map { text -> Double in
                guard let value = NumberParser.parse(String(text)), value >= 0 else {
                    throw ValidationError("bad weight '\(text)'")
                }
                return value
            }
            let total = given.reduce(0, +)
            // A total beyond a double (1e308,1e308) would turn every weight into 0.
            guard given.count == matrix.columnCount, total > 0, total.isFinite else {
                throw ValidationError(
                    "--weights given: needs \(matrix.columnCount) non-negative weights, not all zero, with a finite total"
                )
            }
            return given.map { $0 / total }
        case "ahp" where parts.count == 2: return try Self.ahpWeights(parts[1], count: matrix.columnCount)
        default: throw ValidationError("--weights must be entropy, critic, cv, std, equal, given:W,… or ahp:FILE")
        }
    }

    func run() throws {
        try reportingErrors {
            let decision = try Self.readMatrix(matrix, types: types)
            var w = try objectiveWeights(decision)
            if let combineWith {
                guard combineWith.hasPrefix("ahp:") else { throw ValidationError("--combine-with takes ahp:FILE") }
                let subjective = try Self.ahpWeights(String(combineWith.dropFirst(4)), count: decision.columnCount)
                w = try MCDA.combine(subjective: subjective, objective: w, alpha: alpha, method: combine)
            }
            let normalised: [[Double]]
            let scores: [Double]
            var topsis: MCDA.TOPSIS?
            switch score {
            case .wsum:
                normalised = try normalise.apply(decision, ddof: ddof)
                scores = MCDA.weightedSum(normalised, weights: w)
            case .wprod:
                normalised = try normalise.apply(decision, ddof: ddof)
                scores = try MCDA.weightedProduct(normalised, weights: w)
            case .topsis:
                let result = try MCDA.topsis(
                    decision,
                    weights: w,
                    normalisation: topsisNormalise,
                    distance: topsisDistance
                )
                normalised = result.normalised
                scores = result.closeness
                topsis = result
            }
            // Normalised values and weights are finite; only `--normalise none` can carry values
            // whose weighted sum or distance overflows.
            if let i = scores.firstIndex(where: { !$0.isFinite }) {
                throw IndexError(
                    "the score of '\(decision.alternatives[i])' overflows a double: the values are too large to add up as they are; use a normalisation (minmax, vector, zscore, linear-max)",
                    file: matrix,
                    unit: decision.alternatives[i]
                )
            }
            let ranking = MCDA.ranking(scores)
            switch format {
            case .json:
                let document = MCDADocument(
                    decision,
                    weights: w,
                    normalised: normalised,
                    scores: scores,
                    ranking: ranking,
                    topsis: topsis
                )
                print(try WorkflowJSON.text(document), terminator: "")
            case .table, .csv:
                let weightTable = TextTable(
                    header: ["criterion", "type", "weight"],
                    rows: decision.criteria.indices.map { j in
                        [decision.criteria[j], decision.isBenefit[j] ? "+" : "-", NumberFormat.fixed(w[j], 6)]
                    },
                    rightAligned: [2]
                )
                let order = decision.alternatives.indices.sorted { (ranking[$0], $0) < (ranking[$1], $1) }
                let scoreTable = TextTable(
                    header: ["rank", "alternative", "score"],
                    rows: order.map {
                        [String(ranking[$0]), decision.alternatives[$0], NumberFormat.fixed(scores[$0], 6)]
                    },
                    rightAligned: [0, 2]
                )
                if format == .csv {
                    print(scoreTable.csv(), terminator: "")
                } else {
                    print(
                        "Weights (\(weights)\(combineWith.map { ", combined \(combine.rawValue) with \($0), α = \(alpha)" } ?? ""))"
                    )
                    print(weightTable.rendered())
                    print("")
                    print(
                        "Scores (\(score.rawValue)\(score == .topsis ? ", \(topsisNormalise.rawValue), \(topsisDistance.rawValue)" : ", \(normalise.rawValue)"))"
                    )
                    print(scoreTable.rendered())
                }
            }
        }
    }
}
