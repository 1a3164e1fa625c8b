import IndexCore
import IndexStore
import Testing

/// A PostgreSQL location that cannot work is refused at once, and an unreachable server is one clear
/// error after the opening deadline, not a minute of the pool's retries and its type's name.
@Suite("PostgreSQL locations")
struct PostgresLocationTests {
    @Test(arguments: [
        "postgres://u@127.0.0.1:99999999999999999999/x", "postgres://u@127.0.0.1:70000/x",
        "postgres://u@127.0.0.1:0/x", "postgres://u@127.0.0.1:port/x", "postgres://@127.0.0.1/x",
        "postgresql://u@[::1/x", "postgres://u@127.0.0.1/x?sslmode=require", "postgres://u@127.0.0.1/x#part",
        "postgres://u@[::1]:70000/x",
    ])
    func aLocationThatCannotWorkIsRefusedAtOnce(_ url: String) {
        #expect {
            _ = try PostgresStore(url: url)
        } throws: { error in
            (error as? IndexError)?.kind == .invalidInput
        }
    }

    /// An IPv6 address in brackets is a host, not a port: without a port it gets the default one
    /// (and is then simply unreachable here), where it was refused as a bad port.
    @Test func aBracketedIPv6HostWithoutAPortIsNotABadPort() {
        #expect {
            _ = try PostgresStore(url: "postgres://iidei@[::1]/iidei")
        } throws: { error in
            (error as? IndexError)?.kind != .invalidInput
        }
    }

    @Test func anUnreachableServerIsOneClearError() {
        // Port 9 (discard) on loopback: nothing answers PostgreSQL there.
        #expect {
            _ = try PostgresStore(url: "postgres://iidei@127.0.0.1:9/iidei")
        } throws: { error in
            guard let error = error as? IndexError else { return false }
            return error.kind == .unavailable && error.message.contains("no answer from the PostgreSQL server")
                && error.file == "postgres://iidei@127.0.0.1:9/iidei"
        }
    }
}
