import ArgumentParser
import Foundation
import IndexCore
import IndexTestSupport
import Testing

@testable import IndexCLI

/// `iidei serve`'s settings from a file and the environment: flags win over variables, variables
/// over the file, and a bad file is refused naming its line.
@Suite struct ServeSettingsTests {
    static func file(_ text: String) throws -> String {
        let path = try TestSupport.temporaryDirectory().appendingPathComponent("iidei.conf").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws {
        let path = try Self.file(
            """
            # the shared deployment
            port = 8081          # behind nginx
            host = 0.0.0.0
            private = true
            token-file = /etc/iidei/token
            idle-timeout = 30
            """
        )
        let arguments = try ServeSettings.arguments(
            ["serve", "--config", path, "--host", "127.0.0.1"],
            environment: ["IIDEI_IDLE_TIMEOUT": "45", "IIDEI_DB": "postgres://x@y/z"]
        )
        #expect(
            arguments == [
                "serve", "--config", path, "--host", "127.0.0.1", "--port", "8081", "--token-file", "/etc/iidei/token",
                "--private", "--idle-timeout", "45",
            ]
        )
        // The command line's parser reads them as if typed.
        let command = try #require(try IIDEICommand.parseAsRoot(arguments) as? ServeCommand)
        #expect(command.port == 8081 && command.host == "127.0.0.1" && command.private && command.idleTimeout == 45)
        // Through IIDEI_CONFIG, and a flag set false; other commands are left alone.
        let fromVariable = try ServeSettings.arguments(
            ["serve"],
            environment: ["IIDEI_CONFIG": path, "IIDEI_PRIVATE": "false", "IIDEI_PORT": "9000"]
        )
        #expect(!fromVariable.contains("--private") && ServeSettings.value(of: "port", in: fromVariable) == "9000")
        #expect(try ServeSettings.arguments(["run", "--config", path], environment: [:]) == ["run", "--config", path])
    }

    @Test(arguments: [
        ("port = 8081\nprot = 8082\n", "iidei.conf:2: no setting 'prot' (nearest: 'port')"),
        ("port 8081\n", "iidei.conf:1: a setting is 'name = value', not 'port 8081'"),
        ("private = maybe\n", "iidei.conf:1: 'private' must be true or false, not 'maybe'"),
        ("port = 1\nport = 2\n", "iidei.conf:2: 'port' is set twice"),
    ])
    func aBadFileIsRefusedAtItsLine(text: String, message: String) throws {
        let path = try Self.file(text)
        let error = #expect(throws: IndexError.self) {
            try ServeSettings.arguments(["serve", "--config", path], environment: [:])
        }
        let described = error.map {
            "\(URL(fileURLWithPath: $0.file ?? "").lastPathComponent):\($0.line ?? 0): \($0.message)"
        }
        #expect(described?.hasPrefix(message) == true, "\(described ?? "")")
    }

    @Test func aMissingFileAndABadVariableAreRefused() throws {
        let missing = #expect(throws: IndexError.self) {
            try ServeSettings.arguments(["serve", "--config=/nonexistent/iidei.conf"], environment: [:])
        }
        #expect(missing?.kind == .unavailable && missing?.file == "/nonexistent/iidei.conf")
        let variable = #expect(throws: IndexError.self) {
            try ServeSettings.arguments(["serve"], environment: ["IIDEI_PRIVATE": "sometimes"])
        }
        #expect(variable?.message == "IIDEI_PRIVATE must be true or false, not 'sometimes'")
        // The executable says so and exits without starting a server.
        let run = try TestSupport.runFailing(
            TestSupport.executable,
            ["serve", "--config", try Self.file("colour = blue\n"), "--port", "1"]
        )
        #expect(run.errors.contains("iidei.conf:1: no setting 'colour'"), "\(run.errors)")
    }
}
