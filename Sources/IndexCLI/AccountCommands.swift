import ArgumentParser
import Foundation
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// `iidei user …`: the accounts a shared server signs in and the API tokens it accepts.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage accounts, their roles and API tokens (reader, analyst, reviewer, admin).",
        subcommands: [
            UserAddCommand.self, UserRemoveCommand.self, UserListCommand.self, UserRoleCommand.self,
            UserPasswordCommand.self, UserTokenCommand.self, UserTokensCommand.self, UserRevokeCommand.self,
        ]
    )
}

/// `--password-file FILE` (`-` for standard input): a password is never an argument, which other
/// users of the machine could read in the process list.
struct PasswordOptions: ParsableArguments {
    @Option(help: "A file whose first line is the password (- reads standard input); at least 12 characters.")
    var passwordFile: String?

    func password() throws -> String? {
        guard let path = passwordFile else { return nil }
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw IndexError("cannot read the password file", file: path, kind: .notFound) }
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        do {
            try PasswordHash.checkStrength(line)
        } catch let error as IndexError {
            throw error.located(file: path == "-" ? "standard input" : path, line: 1)
        }
        return line
    }
}

func accountTable(_ accounts: [Account]) -> String {
    TextTable(
        header: ["account", "role", "password", "created"],
        rows: accounts.map { [$0.name, $0.role.rawValue, $0.hasPassword ? "set" : "none", $0.createdAt] }
    ).rendered()
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an account with a role.")

    @Argument(help: "The account's name.") var name: String
    @Option(help: "reader, analyst, reviewer or admin.") var role: String
    @OptionGroup var password: PasswordOptions
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let role = try Role(name: role)
            let added = try Workflows(store: try store.open()).addAccount(
                name: name,
                role: role,
                password: try password.password()
            )
            if format == .json { return try printDocument(added) }
            print("added account '\(added.name)' as \(added.role.rawValue)\(added.hasPassword ? ", password set" : "")")
            print("store: \(store.displayPath)")
        }
    }
}

struct UserRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove an account and every token of it."
    )

    @Argument var name: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            try Workflows(store: try store.open()).removeAccount(name)
            print("removed account '\(name)' and its tokens")
        }
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")

    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let accounts = store.exists ? try Workflows(store: try store.openForReading()).accounts() : []
            if format == .json { return try printDocument(accounts) }
            print(accounts.isEmpty ? "no accounts yet (iidei user add NAME --role ROLE)" : accountTable(accounts))
        }
    }
}

struct UserRoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Change an account's role; its tokens act with at most the new role."
    )

    @Argument var name: String
    @Argument(help: "reader, analyst, reviewer or admin.") var role: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let changed = try Workflows(store: try store.open()).setRole(try Role(name: role), account: name)
            print("account '\(changed.name)' is now \(changed.role.rawValue)")
        }
    }
}

struct UserPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "password",
        abstract: "Set an account's password (for the sign-in page)."
    )

    @Argument var name: String
    @OptionGroup var password: PasswordOptions
    @OptionGroup var store: StoreOptions

    func validate() throws {
        guard password.passwordFile != nil else { throw ValidationError("give the password with --password-file FILE") }
    }

    func run() throws {
        try reportingErrors {
            guard let secret = try password.password() else { return }
            try Workflows(store: try store.open()).setPassword(secret, account: name)
            print("password of '\(name)' set")
        }
    }
}

struct UserTokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Issue an API token for an account (shown once: the store keeps only its hash)."
    )

    @Argument var name: String
    @Option(help: "The token's role, at most the account's (default: the account's).") var role: String?
    @Option(help: "What the token is for, as the token list shows it.") var label = ""
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let issued = try Workflows(store: try store.open()).issueToken(
                account: name,
                role: try role.map { try Role(name: $0) },
                label: label
            )
            if format == .json { return try printDocument(issued) }
            print(issued.token)
            printError(
                "token #\(issued.issued.id) of '\(name)' as \(issued.issued.role.rawValue): shown once; send it as Authorization: Bearer TOKEN"
            )
        }
    }
}

struct UserTokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "List API tokens (of one account, or all), revoked ones included."
    )

    @Argument var name: String?
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let tokens = store.exists ? try Workflows(store: try store.openForReading()).tokens(account: name) : []
            if format == .json { return try printDocument(tokens) }
            guard !tokens.isEmpty else { return print("no tokens (iidei user token NAME)") }
            print(
                TextTable(
                    header: ["token", "account", "role", "label", "created", "revoked"],
                    rows: tokens.map {
                        ["#\($0.id)", $0.account, $0.role.rawValue, $0.label, $0.createdAt, $0.revokedAt ?? "–"]
                    }
                ).rendered()
            )
        }
    }
}

struct UserRevokeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token by number.")

    @Argument(help: ArgumentHelp("The token's number (#3 or 3), as `iidei user tokens` lists it.", valueName: "token"))
    var token: String
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard let id = Int64(token.hasPrefix("#") ? String(token.dropFirst()) : token) else {
                throw IndexError("a token is named by its number (#3), not '\(token)'")
            }
            let revoked = try Workflows(store: try store.open()).revokeToken(id)
            print("token #\(revoked.id) of '\(revoked.account)' revoked at \(revoked.revokedAt ?? "?")")
        }
    }
}

/// `iidei audit-log`: who wrote what, when and from where.
struct AuditLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-log",
        abstract: "Show the audit log: every write to the store, who made it, when and from where."
    )

    @Option(help: "How many of the newest events.") var limit = 50
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let log =
                store.exists
                ? try Workflows(store: try store.openForReading()).auditLog(limit: limit) : AuditLogDocument(events: [])
            if format == .json { return try printDocument(log) }
            let events = log.events
            guard !events.isEmpty else { return print("the audit log is empty") }
            print(
                TextTable(
                    header: ["#", "at", "who", "action", "on", "from"],
                    rows: events.map { ["\($0.id)", $0.at, $0.actor, $0.action, $0.subject, $0.address] },
                    rightAligned: [0]
                ).rendered()
            )
        }
    }
}

/// `iidei publish RUN` and `iidei publish --withdraw`: what readers of the dashboard see.
/// `iidei request-review RUN --note "…"`: the analyst's step between a draft and a publication.
struct RequestReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-review",
        abstract: "Ask a reviewer to look at a recorded run, with a note (what changed, and why); list the requests."
    )

    @Argument(help: ArgumentHelp("The run: its number, or latest (none: list the requests).", valueName: "run"))
    var runReference: String?
    @Option(help: "What changed, and why (at most 500 characters).") var note = ""
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            guard let runReference else {
                let requests = try store.openForReading().reviewRequests()
                if format == .json { return try printDocument(requests) }
                if requests.isEmpty { return print("no review is requested (iidei request-review RUN --note …)") }
                return print(
                    TextTable(
                        header: ["run", "asked by", "at", "note"],
                        rows: requests.map { ["#\($0.run)", $0.requestedBy, $0.requestedAt, $0.note] }
                    ).rendered()
                )
            }
            let request = try Workflows(store: try store.open()).requestReview(runReference, note: note)
            if format == .json { return try printDocument(request) }
            print("run #\(request.run): review requested by \(request.requestedBy) at \(request.requestedAt)")
        }
    }
}

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish a recorded run (readers see it from then on), take a publication back, or list them."
    )

    @Argument(help: ArgumentHelp("The run: its number, or latest.", valueName: "run"))
    var runReference: String?
    @Flag(help: "Take the current publication back: the run published before it is shown again.")
    var withdraw = false
    @Option(help: "Output: table or json.") var format: OutputFormat = .table
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if withdraw, runReference != nil { throw ValidationError("give a run to publish, or --withdraw, not both") }
    }

    func run() throws {
        try reportingErrors {
            let workflows = Workflows(
                store: try (runReference == nil && !withdraw ? store.openForReading() : store.open())
            )
            let document =
                if withdraw {
                    try workflows.withdrawPublication()
                } else if let runReference {
                    try workflows.publish(runReference)
                } else {
                    try workflows.publications()
                }
            if format == .json { return try printDocument(document) }
            if document.publications.isEmpty { return print("no run is published (iidei publish RUN)") }
            print(
                TextTable(
                    header: ["", "run", "dataset", "published", "by", "withdrawn", "by"],
                    rows: document.publications.map {
                        [
                            $0.isShown ? "shown" : "", "#\($0.run)", $0.dataset ?? "?", $0.publishedAt, $0.publishedBy,
                            $0.withdrawnAt ?? "–", $0.withdrawnBy ?? "–",
                        ]
                    }
                ).rendered()
            )
        }
    }
}
