public import ArgumentParser

public struct IIDEICommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "iidei", abstract: "Composite development indices.")
    public init() {}
}

/// Runs the command line (the executable's only call).
public func runIIDEI() async {
    await IIDEICommand.main()
}
