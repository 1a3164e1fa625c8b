import Foundation
import Hummingbird
import HummingbirdTesting
import IndexCatalog
import IndexCore
import IndexIO
import IndexServer
import IndexStore
import IndexTestSupport
import Testing

/// The server held down (issue 11, class 6): `/health` answers within 100 ms while 300 slow clients
/// hold connections, and while 8 clients open province pages of a county-scale run.
@Suite("iidei serve under load", .serialized, .timeLimit(.minutes(10)))
struct ServerLoadTests {
    /// The Python side of a load test: `health()` times one `/health` (ms); `p90()` is the 90th
    /// percentile of the times taken. The 90th percentile, not the maximum, is held to 100 ms: on a
    /// shared two-core machine one probe in ten may wait for the processor behind other programs,
    /// while a server held down answers none of them in time.
    static let healthProbe = """
        import socket, sys, time, threading
        port = int(sys.argv[1])
        def p90(times):
            ordered = sorted(times)
            return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
        def health():
            start = time.monotonic()
            s = socket.create_connection(('127.0.0.1', port), timeout=10)
            s.sendall(b'GET /health HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n')
            data = b''
            while b'\\r\\n\\r\\n' not in data:
                chunk = s.recv(4096)
                if not chunk: break
                data += chunk
            s.close()
            assert data.startswith(b'HTTP/1.1 200'), data
            return (time.monotonic() - start) * 1000
        """

    /// A province page never waits for its rank intervals or levers: the first answer says they are
    /// being computed, and a later one shows them.
    @Test func aProvincePageSaysBeingComputedThenShowsTheResults() async throws {
        let state = try DashboardState(store: nil)
        let app = buildApplication(configuration: ServerConfiguration(), state: state)
        try await app.test(.router) { client in
            let first = try await client.execute(uri: "/regions/320000?lang=en", method: .get) { String(buffer: $0.body) }
            #expect(first.contains("id=\"computing\""))
            #expect(first.contains("Jiangsu"))
            var page = first
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(240)
            while page.contains("id=\"computing\""), clock.now < deadline {
                try await Task.sleep(for: .milliseconds(500))
                page = try await client.execute(uri: "/regions/320000?lang=en", method: .get) { String(buffer: $0.body) }
            }
            #expect(!page.contains("id=\"computing\""))
            #expect(page.contains("Robustness (2000 replications"))
            #expect(page.contains("<h2>Levers</h2>"))
        }
    }

    @Test func healthAnswersWhileThreeHundredSlowClientsHoldConnections() async throws {
        let state = try DashboardState(store: nil)
        let app = buildApplication(configuration: ServerConfiguration(idleTimeoutSeconds: 2), state: state)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let output = try await HTTPHygieneTests.python(
                Self.healthProbe + "\n" + """
                    slow = []
                    for i in range(300):
                        s = socket.create_connection(('127.0.0.1', port))
                        s.sendall(b'GET /regions HTTP/1.1\\r\\nHost: x\\r\\n')
                        slow.append(s)
                    times = []
                    deadline = time.monotonic() + 1.5
                    while time.monotonic() < deadline:
                        for s in slow:
                            try: s.sendall(b'X-Slow: 1\\r\\n')   # a header line at a time, never the end
                            except OSError: pass
                        times.append(health())
                        time.sleep(0.05)
                    # The header timeout (2 s here) closes every connection that never sent a whole head.
                    time.sleep(2.5)
                    closed = 0
                    for s in slow:
                        s.settimeout(2)
                        try:
                            closed += 1 if s.recv(1) == b'' else 0
                        except OSError:
                            closed += 1
                    print(round(p90(times)), closed, sorted(round(t) for t in times))
                    """, [String(port)])
            print("slow clients: p90 /health ms, connections closed by the header timeout, every /health ms: \(output)")
            let numbers = output.split(separator: " ").prefix(2).compactMap { Int($0) }
            #expect(numbers.count == 2, "\(output)")
            #expect((numbers.first ?? .max) < 100, "90th percentile of /health (ms), then every time: \(output)")
            #expect(numbers.last == 300, "closed by the header timeout: \(output)")
        }
    }

    @Test func healthAnswersWhileEightClientsOpenProvincePagesOfACountyScaleRun() async throws {
        // The county fixture `iidei catalog scale` writes, run into a store: 3,000 units.
        let directory = try TestSupport.temporaryDirectory()
        let fixture = ScaleDataset(units: 3_000, indicators: 24, periods: 2)
        let frameworkPath = directory.appendingPathComponent("county.yaml").path
        let dataPath = directory.appendingPathComponent("county.csv").path
        try Data(fixture.frameworkYAML().utf8).write(to: URL(fileURLWithPath: frameworkPath))
        _ = try fixture.writeLongCSV(to: dataPath)
        let store = try Store(path: directory.appendingPathComponent("county.sqlite").path)
        let source = try FrameworkSource.read(path: frameworkPath)
        let framework = try source.parse()
        let imported = try DataImporter.read([dataPath], specification: ImportSpecification(framework: framework))
        let file = try StoredFile(hashing: dataPath, format: "csv", values: imported.dataset.observations.count)
        let outcome = try store.importDataset(name: "county", dataset: imported.dataset, files: [file], framework: source)
        let clock = ContinuousClock()
        let start = clock.now
        let state = try DashboardState(store: store)
        _ = try state.runAndRecord(outcome.version)
        print("county run set up in \(clock.now - start)")
        let units = state.snapshot.dataset.units.prefix(8).map(\.id)
        #expect(units.count == 8)
        let app = buildApplication(configuration: ServerConfiguration(), state: state)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let output = try await HTTPHygieneTests.python(
                Self.healthProbe + "\n" + """
                    units = sys.argv[2].split(',')
                    pages = []
                    def page(unit):
                        start = time.monotonic()
                        s = socket.create_connection(('127.0.0.1', port), timeout=120)
                        s.sendall(('GET /regions/%s HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n\\r\\n' % unit).encode())
                        data = b''
                        while True:
                            chunk = s.recv(65536)
                            if not chunk: break
                            data += chunk
                        pages.append(((time.monotonic() - start) * 1000, data.split(b'\\r\\n')[0].decode()))
                    threads = [threading.Thread(target=page, args=(u,)) for u in units]
                    for t in threads: t.start()
                    times = []
                    while any(t.is_alive() for t in threads):
                        times.append(health())
                        time.sleep(0.05)
                    for _ in range(20):
                        times.append(health())
                        time.sleep(0.05)
                    ok = sum(1 for p in pages if p[1].startswith('HTTP/1.1 200'))
                    print(round(p90(times)), round(max(p[0] for p in pages)), ok, sorted(round(t) for t in times))
                    """, [String(port), units.joined(separator: ",")])
            print("county pages: p90 /health ms, slowest page ms, pages answered, every /health ms: \(output)")
            let numbers = output.split(separator: " ").prefix(3).compactMap { Int($0) }
            #expect(numbers.count == 3, "\(output)")
            #expect((numbers.first ?? .max) < 100, "90th percentile of /health (ms), slowest page (ms), pages: \(output)")
            #expect(numbers.dropFirst(2).first == 8, "\(output)")
        }
    }
}
