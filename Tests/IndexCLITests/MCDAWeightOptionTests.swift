import ArgumentParser
import Foundation
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexCLI

/// `iidei mcda --weights given:…` with weights whose total is beyond a double.
@Suite("iidei mcda: given weights")
struct MCDAWeightOptionTests {
    @Test func givenWeightsWhoseTotalOverflowsAreRefused() throws {
        let cars = TestSupport.packageRoot.appendingPathComponent("examples/mcda-cars.csv").path
        let matrix = try MCDACommand.readMatrix(cars, types: "-,+,+")
        let command = try MCDACommand.parse([cars, "--weights", "given:1e308,1e308,1"])
        // Each weight divided by an infinite total would be 0: every score 0, silently.
        #expect(throws: ValidationError.self) { try command.objectiveWeights(matrix) }
    }
}
