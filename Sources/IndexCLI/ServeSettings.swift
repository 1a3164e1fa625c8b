import Foundation
import IndexCore

/// `iidei serve`'s settings from the environment and a configuration file, turned into the flags
/// they stand for, so the one option parser (ArgumentParser, ``ServeCommand``) reads and checks them
/// all alike. A flag on the command line wins over the environment, which wins over the file.
///
/// The file (`--config FILE`, or `IIDEI_CONFIG`) holds one `name = value` per line, named as the
/// long options are (`port = 8081`, `token-file = /etc/iidei/token`, `private = true`); `#` starts
/// a comment. The environment's names are `IIDEI_` and the option's name in capitals with `_`
/// (`IIDEI_PORT`, `IIDEI_TOKEN_FILE`); `IIDEI_DB` is the store's, read by every command.
enum ServeSettings {
    /// The options a file or the environment may set; `true` for a flag (no value).
    static let options: [(name: String, isFlag: Bool)] = [
        ("host", false), ("port", false), ("db", false), ("token-file", false), ("private", true),
        ("max-body-mib", false), ("geo", false), ("idle-timeout", false), ("body-timeout", false),
    ]

    /// The arguments with every option the command line does not give taken from the environment
    /// or the configuration file; unchanged for any command but `serve`.
    ///
    /// - Throws: ``IndexError`` naming the file and line of an unknown name, a line that is not
    ///   `name = value`, or a flag whose value is not `true` or `false`; the file's name when it
    ///   cannot be read.
    static func arguments(
        _ arguments: [String],
        environment readEnvironment: @autoclosure () -> [String: String]
    ) throws -> [String] {
        guard arguments.first == "serve" else { return arguments }
        // Read only for `serve`: Foundation's dictionary of the environment is start-up work that
        // other commands do not use.
        let environment = readEnvironment()
        let given = Set(
            arguments.compactMap { argument -> String? in
                guard argument.hasPrefix("--") else { return nil }
                return String(argument.dropFirst(2).prefix { $0 != "=" })
            }
        )
        var file: [String: (value: String, line: Int)] = [:]
        let path = value(of: "config", in: arguments) ?? environment["IIDEI_CONFIG"]
        if let path { file = try read(path) }
        var added: [String] = []
        for option in options where !given.contains(option.name) {
            let variable = "IIDEI_" + option.name.uppercased().replacingOccurrences(of: "-", with: "_")
            // IIDEI_DB is read by StoreOptions itself, for every command.
            let fromEnvironment = option.name == "db" ? nil : environment[variable]
            guard let text = fromEnvironment ?? file[option.name]?.value else { continue }
            guard option.isFlag else {
                added += ["--\(option.name)", text]
                continue
            }
            switch text.lowercased() {
            case "true", "yes", "1": added.append("--\(option.name)")
            case "false", "no", "0": break
            default:
                let source =
                    fromEnvironment != nil
                    ? IndexError("\(variable) must be true or false, not '\(text)'")
                    : IndexError(
                        "'\(option.name)' must be true or false, not '\(text)'",
                        file: path,
                        line: file[option.name]?.line
                    )
                throw source
            }
        }
        return arguments + added
    }

    /// The value of `--name VALUE` or `--name=VALUE` on the command line.
    static func value(of name: String, in arguments: [String]) -> String? {
        for (index, argument) in arguments.enumerated() {
            if argument == "--\(name)", index + 1 < arguments.count { return arguments[index + 1] }
            if argument.hasPrefix("--\(name)=") { return String(argument.dropFirst(name.count + 3)) }
        }
        return nil
    }

    /// The settings of a configuration file, each with its line.
    static func read(_ path: String) throws -> [String: (value: String, line: Int)] {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 1 << 20 else {
            throw IndexError("cannot read the configuration file (at most 1 MiB)", file: path, kind: .unavailable)
        }
        var settings: [String: (value: String, line: Int)] = [:]
        let names = options.map(\.name)
        for (index, raw) in String(decoding: data, as: UTF8.self).split(
            separator: "\n",
            omittingEmptySubsequences: false
        ).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty else { continue }
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw IndexError("a setting is 'name = value', not '\(text.prefix(80))'", file: path, line: index + 1)
            }
            guard names.contains(parts[0]) else {
                let nearest = names.min {
                    NameSuggestion.distance($0, parts[0]) < NameSuggestion.distance($1, parts[0])
                }
                throw IndexError(
                    "no setting '\(parts[0].prefix(80))' (nearest: '\(nearest ?? "")'); the settings are \(names.joined(separator: ", "))",
                    file: path,
                    line: index + 1
                )
            }
            guard settings[parts[0]] == nil else {
                throw IndexError("'\(parts[0])' is set twice", file: path, line: index + 1)
            }
            settings[parts[0]] = (value: parts[1], line: index + 1)
        }
        return settings
    }
}
