public import ArgumentParser
public import Prometheus

public struct IIDEICommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(commandName: "iidei",
        abstract: "Build, audit and publish composite development indices (工业互联网发展成效指数 and others).",
        subcommands: [
            RunCommand.self, ReportCommand.self, ServeCommand.self, ValidateCommand.self, RobustnessCommand.self, AuditCommand.self, LeversCommand.self, MCDACommand.self,
            ImportCommand.self, DatasetsCommand.self, RunsCommand.self, RerunCommand.self,
            DiffCommand.self, ExportCommand.self, WeightsCommand.self, AHPCommand.self, DelphiCommand.self, CatalogCommand.self,
            BenchCommand.self, SurveyCommand.self,
        ],
        defaultSubcommand: RunCommand.self)
    public init() {}
}

/// Runs the command line (the executable's only call).
public func runIIDEI() async {
    await IIDEICommand.main()
}

/// Runs the command line with the metrics registry the executable bootstrapped `MetricsSystem` with,
/// so `serve` publishes the same registry at `/metrics`.
public func runIIDEI(metricsRegistry: PrometheusCollectorRegistry) async {
    await MetricsRegistry.$current.withValue(metricsRegistry) {
        await IIDEICommand.main()
    }
}

/// The registry `serve` publishes; the executable sets it, tests get a fresh one.
enum MetricsRegistry {
    @TaskLocal static var current = PrometheusCollectorRegistry()
}
