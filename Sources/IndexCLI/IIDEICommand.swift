public import ArgumentParser
import Foundation
import IndexCore
public import Prometheus

public struct IIDEICommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "iidei",
        abstract: "Build, audit and publish composite development indices (工业互联网发展成效指数 and others).",
        discussion: """
            `run` is the default: `iidei` alone runs the built-in index, and `iidei --format json` is \
            `iidei run --format json`.
            """,
        version: "iidei \(IndexEngine.version)",
        subcommands: [
            RunCommand.self, ReportCommand.self, ServeCommand.self, ValidateCommand.self, RobustnessCommand.self,
            AuditCommand.self, ImportanceCommand.self, LeversCommand.self, RegionsCommand.self, MCDACommand.self,
            ImportCommand.self, DatasetsCommand.self, RunsCommand.self, RerunCommand.self,
            DiffCommand.self, ExportCommand.self, WeightsCommand.self, AHPCommand.self, DelphiCommand.self,
            CatalogCommand.self, TemplateCommand.self,
            BenchCommand.self, SurveyCommand.self, StoreCommand.self, UserCommand.self, AuditLogCommand.self,
            PublishCommand.self, RequestReviewCommand.self,
        ]
        // `run` is the default through `withDefaultCommand`, not ArgumentParser's `defaultSubcommand`:
        // see there why.
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
            IIDEICommand.withDefaultCommand(Array(CommandLine.arguments.dropFirst())),
            environment: ProcessInfo.processInfo.environment
        )
    } catch {
        exit(ExitStatus.exit(reporting: error).rawValue)
    }
    await MetricsRegistry.$current.withValue(MetricsRegistry(make: bootstrapMetrics)) {
        if let command = IIDEICommand.parsedDirectly(arguments) {
            await IIDEICommand.run(command)
        } else {
            await IIDEICommand.main(arguments)
        }
    }
}

extension IIDEICommand {
    /// The command `arguments` name, parsed by ArgumentParser from that command down; `nil` when
    /// they name none or do not parse, which then go through the root (``main(_:)``), so that help,
    /// `--version` and every error read as `iidei run …` exactly as before.
    ///
    /// Why not always through the root: parsing there reflects the named command's whole option set
    /// twice more before the command's own parse (ArgumentParser asks whether it takes pass-through
    /// arguments, twice, for the word that names it), some sixty options for `run` and `robustness`.
    static func parsedDirectly(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let first = arguments.first,
            let command = configuration.subcommands.first(where: { $0.configuration.commandName == first }),
            let parsed = try? command.parseAsRoot(Array(arguments.dropFirst())),
            // `catalog help` parses to ArgumentParser's help command, which names the root.
            type(of: parsed).configuration.commandName != "help"
        else { return nil }
        return parsed
    }

    /// Runs a parsed command as ``main(_:)`` runs it: an error ends the process as the root ends it.
    static func run(_ command: any ParsableCommand) async {
        do {
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                var command = command
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// The options the root command answers itself; any other first option is meant for `run`.
    static let rootOptions: Set<String> = [
        "-h", "--help", "--version", "--generate-completion-script", "--experimental-dump-help",
    ]

    /// `arguments` with `run` put first when they name no command: nothing at all, or an option that is
    /// not the root's own (`iidei --format json` is `iidei run --format json`).
    ///
    /// ArgumentParser's `defaultSubcommand` would do the same, but to ask whether the default takes
    /// pass-through arguments it reflects `run`'s whole option set (some sixty options, each a
    /// generic type the runtime resolves by a scan of every conformance in the binary), once when
    /// parsing the root and again for each word that names a command: 1.8–2 ms of every start,
    /// `iidei --version` included, measured as the best of 80 processes (7.0 → 5.3 ms for
    /// `--version`, 18.3 → 16.3 ms for `iidei run` on COINr's ASEM).
    static func withDefaultCommand(_ arguments: [String]) -> [String] {
        let run = RunCommand.configuration.commandName ?? "run"
        guard let first = arguments.first else { return [run] }
        let option = first.split(separator: "=", maxSplits: 1).first.map(String.init) ?? first
        guard first.hasPrefix("-"), !rootOptions.contains(option) else { return arguments }
        return [run] + arguments
    }

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
