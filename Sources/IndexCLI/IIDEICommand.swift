public import ArgumentParser
import Foundation
import IndexCore
public import Prometheus

public struct IIDEICommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iidei",
        abstract: "Build, audit and publish composite development indices (工业互联网发展成效指数 and others).",
        version: "iidei \(IndexEngine.version)",
        subcommands: [
            RunCommand.self, ReportCommand.self, ServeCommand.self, ValidateCommand.self, RobustnessCommand.self,
            AuditCommand.self, ImportanceCommand.self, LeversCommand.self, RegionsCommand.self, MCDACommand.self,
            ImportCommand.self, DatasetsCommand.self, RunsCommand.self, RerunCommand.self,
            DiffCommand.self, ExportCommand.self, WeightsCommand.self, AHPCommand.self, DelphiCommand.self,
            CatalogCommand.self, TemplateCommand.self,
            BenchCommand.self, SurveyCommand.self, StoreCommand.self, UserCommand.self, AuditLogCommand.self,
            PublishCommand.self, RequestReviewCommand.self,
        ],
        defaultSubcommand: RunCommand.self
    )
    public init() {}
}

/// Runs the command line with a metrics registry of its own.
public func runIIDEI() async {
    await runIIDEI(bootstrapMetrics: { PrometheusCollectorRegistry() })
}

/// Runs the command line with the executable's way to bootstrap `MetricsSystem`, which returns the
/// registry it bootstrapped, so `serve` publishes that registry at `/metrics`. Only `serve` calls
/// it: no other command records metrics, and a registry made at every start was start-up work for
/// nothing.
public func runIIDEI(bootstrapMetrics: @escaping @Sendable () -> PrometheusCollectorRegistry) async {
    if let message = IIDEICommand.unknownSubcommand(Array(CommandLine.arguments.dropFirst())) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(64)
    }
    // `serve` takes its settings from the environment and a configuration file too, as the flags
    // they stand for (ServeSettings), so the one parser checks them all.
    let arguments: [String]
    do {
        arguments = try ServeSettings.arguments(
            Array(CommandLine.arguments.dropFirst()),
            environment: ProcessInfo.processInfo.environment
        )
    } catch {
        exit(ExitStatus.exit(reporting: error).rawValue)
    }
    await MetricsRegistry.$current.withValue(MetricsRegistry(make: bootstrapMetrics)) {
        await IIDEICommand.main(arguments)
    }
}

extension IIDEICommand {
    /// The message for a first word that is no subcommand (`iidei rnu`), naming the nearest; `nil`
    /// when the arguments start with a subcommand or an option. `run`, the default, takes no words
    /// of its own, so a first word is always meant as a subcommand.
    static func unknownSubcommand(_ arguments: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        let names = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !names.contains(first) else { return nil }
        let nearest = names.min { NameSuggestion.distance($0, first) < NameSuggestion.distance($1, first) } ?? "run"
        let hint = NameSuggestion.distance(nearest, first) <= 2 ? " Did you mean '\(nearest)'?" : ""
        return
            "Error: unknown command '\(first)'.\(hint)\nCommands: \(names.dropLast().joined(separator: ", ")). See 'iidei --help'."
    }
}

/// Makes the registry `serve` publishes; the executable sets it, tests get a fresh one.
///
/// A class that holds the closure, not the closure itself as the task-local value: a release build
/// of a task-local closure crashed in `swift_task_localValuePush` (Swift 6.3.1).
final class MetricsRegistry: Sendable {
    @TaskLocal static var current = MetricsRegistry { PrometheusCollectorRegistry() }

    let make: @Sendable () -> PrometheusCollectorRegistry

    init(make: @escaping @Sendable () -> PrometheusCollectorRegistry) { self.make = make }
}
