import ArgumentParser
import Foundation
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexCLI

/// `iidei mcda` end to end on examples/mcda-cars.csv; expected values computed independently with NumPy.
@Suite("iidei mcda", .serialized, .quietOutput)
struct MCDACommandTests {
    static var cars: String { TestSupport.packageRoot.appendingPathComponent("examples/mcda-cars.csv").path }

    static func close(_ a: [Double], _ b: [Double], _ tolerance: Double = 1e-8) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= tolerance }
    }

    @Test func givenWeightsAndTheOtherTOPSISVariants() throws {
        let matrix = try MCDACommand.readMatrix(Self.cars, types: "-,+,+")
        #expect(matrix.criteria == ["cost", "quality", "speed"] && matrix.isBenefit == [false, true, true])
        let command = try MCDACommand.parse([Self.cars, "--types=-,+,+", "--weights", "given:2,1,1"])
        let weights = try command.objectiveWeights(matrix)
        #expect(Self.close(weights, [0.5, 0.25, 0.25]))
        let z = try MatrixNormalisation.minmax.apply(matrix)
        #expect(Self.close(MCDA.weightedSum(z, weights: weights), [0.375, 0.5, 0.5, 0.375, 0.625]))
        let minmax = try MCDA.topsis(matrix, weights: weights, normalisation: .minmax, distance: .weightedMatrix)
        #expect(
            Self.close(
                minmax.closeness,
                [0.4270509831248423, 0.585786437626905, 0.4142135623730951, 0.3827822185373187, 0.6172177814626812]
            )
        )
        let euclid = try MCDA.topsis(matrix, weights: weights, normalisation: .vector, distance: .weightedEuclidean)
        #expect(
            Self.close(
                euclid.closeness,
                [0.34772868951188307, 0.3761834591140074, 0.6238165408859926, 0.47384201900746636, 0.5261579809925336]
            )
        )
        #expect(
            Self.close(
                euclid.distanceToPositive,
                [0.17818777222652019, 0.2076907219703828, 0.1252448582170299, 0.17097278343956043, 0.1539729355573098]
            )
        )
        #expect(
            Self.close(
                try ObjectiveWeights.critic(matrix, input: .minmaxBenefit),
                [0.18096347, 0.34771705, 0.47131948]
            )
        )
    }

    @Test func ahpWeightsAndMultiplicativeCombination() throws {
        let directory = try TestSupport.temporaryDirectory()
        let judgements = try TestSupport.write("1,3,5\n1/3,1,2\n1/5,1/2,1\n", named: "ahp.csv", in: directory)
        let matrix = try MCDACommand.readMatrix(Self.cars, types: "-,+,+")
        #expect(Self.close(try MCDACommand.ahpWeights(judgements, count: 3), [0.64832901, 0.22965079, 0.12202019]))
        let combined = try MCDA.combine(
            subjective: try MCDACommand.ahpWeights(judgements, count: 3),
            objective: try ObjectiveWeights.critic(matrix),
            alpha: 0.5,
            method: .multiplicative
        )
        #expect(Self.close(combined, [0.61907058, 0.27365827, 0.10727115]))
        // The whole command runs with every option and prints JSON.
        try MCDACommand.parse([
            Self.cars, "--types=-,+,+", "--weights", "critic", "--combine-with", "ahp:\(judgements)", "--combine",
            "multiplicative",
            "--score", "topsis", "--topsis-normalise", "minmax", "--topsis-distance", "weighted-euclidean", "--format",
            "json",
        ]).run()
        #expect(throws: (any Error).self) { try MCDACommand.parse([Self.cars, "--weights", "given:1,2"]).run() }
        #expect(throws: (any Error).self) { try MCDACommand.parse([Self.cars, "--ddof", "2"]) }
    }
}
