import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// The runs page as an analyst's workbench, in Chromium on a phone: a run with chosen options from
/// the form (a misspelt option refused in the API's words, nothing recorded), its row with exports
/// and robustness, any two runs compared, and the robustness page showing its progress, then every
/// region's rank interval.
@Suite("The analyst's workbench in a browser", .serialized)
struct WorkbenchBrowserTests {
    /// Fills the new-run form and clicks Run; with `wait`, returns the message the page shows (a
    /// recorded run's is shown for a moment before the page reloads at its row).
    static func newRun(_ options: [String: String], token: String, wait: Bool) -> String {
        let fill = options.map { "form.elements.namedItem('\($0.key)').value = '\($0.value)';" }.joined(separator: "\n")
        return """
            (async () => {
              const form = document.getElementById('new-run');
              form.token.value = '\(token)';
              \(fill)
              document.getElementById('start-run').click();
              if (!\(wait)) return 'clicked';
              const result = document.getElementById('new-run-result');
              for (let i = 0; i < 200; i++) {
                if (result.textContent.startsWith('✗') || result.textContent.startsWith('✓')) return result.textContent;
                await new Promise(r => setTimeout(r, 50));
              }
              return 'no answer: ' + result.textContent;
            })()
            """
    }

    /// A server on a fresh SQLite store with an analyst 'ana' (and her token); with `run`, the
    /// built-in data imported and run once.
    static func serverWithAnalyst(run: Bool) throws -> (server: PostgresServeTests.Server, db: String, token: String) {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let iidei = TestSupport.executable
        if run {
            _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "provinces", "--db", db])
            _ = try TestSupport.run(iidei, ["run", "--dataset", "provinces", "--db", db, "--format", "json"])
        }
        _ = try TestSupport.run(iidei, ["user", "add", "ana", "--role", "analyst", "--db", db])
        let token = try TestSupport.run(iidei, ["user", "token", "ana", "--db", db])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenFile = directory.appendingPathComponent("token").path
        try Data("workbench-page-service-token-0".utf8).write(to: URL(fileURLWithPath: tokenFile))
        return (try PostgresServeTests.Server(database: db, tokenFile: tokenFile), db, token)
    }

    @Test func anAnalystRunsComparesAndChecksRobustness() throws {
        let (server, db, analyst) = try Self.serverWithAnalyst(run: true)
        let page = "\(server.base)/runs"
        func runs() throws -> [RunRecord] { try Store(path: db, access: .readOnly).runs() }

        // A misspelt option: the API's message, naming it and the nearest option value; nothing recorded.
        let refused = try TestSupport.browse(
            [page],
            width: 390,
            expression: Self.newRun(["normalise": "zcore"], token: analyst, wait: true)
        )
        #expect((refused.first?["value"] as? String)?.hasPrefix("✗ ") == true, "\(refused)")
        #expect((refused.first?["value"] as? String)?.contains("zcore") == true, "\(refused)")
        #expect((refused.first?["errors"] as? [String])?.isEmpty == true, "\(refused)")
        #expect(try runs().count == 1)

        // Ranks, geometric aggregation and three tiers: recorded as run #2 with those options.
        let created = try TestSupport.browse(
            [page],
            width: 390,
            expression: Self.newRun(
                ["normalise": "rank", "aggregate": "geometric", "tiers": "jenks:3"],
                token: analyst,
                wait: true
            )
        )
        #expect(created.first?["value"] as? String == "✓ #2", "\(created)")
        let second = try #require(try runs().first { $0.id == 2 })
        #expect(second.options.normalisation?.kindAndVariant.hasPrefix("rank") == true)
        #expect(second.options.aggregation?.name == "geometric")

        // The analyst asks for a review of #2, with a note: the runs page then says so beside it.
        _ = try TestSupport.browse(
            [page],
            width: 390,
            expression: """
                (() => {
                  const form = document.getElementById('review');
                  form.token.value = '\(analyst)';
                  form.run.value = '2';
                  form.note.value = 'ranks <b>and</b> geometric';
                  document.getElementById('request-review').click();
                  return 'clicked';
                })()
                """
        )
        var requests: [ReviewRequest] = []
        for _ in 0..<200 where requests.isEmpty {
            requests = try Store(path: db, access: .readOnly).reviewRequests()
            if requests.isEmpty { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(requests.map(\.run) == [2] && requests.first?.requestedBy == "ana", "\(requests)")

        // The page again: row #2 awaiting review, with its exports and robustness; compare #1 with #2.
        let after = try #require(
            try TestSupport.browse(
                [page + "?lang=en"],
                width: 390,
                expression: """
                    (async () => {
                      const row = document.getElementById('run-2');
                      const links = [...row.querySelectorAll('a')].map(a => a.getAttribute('href'));
                      const xlsx = await fetch('/api/v1/runs/2/export?format=xlsx');
                      return { links: links, xlsx: xlsx.status + ' ' + xlsx.headers.get('Content-Type'),
                               state: row.cells[1].innerText,
                               compare: document.querySelector('form[action="/runs/compare"]') !== null,
                               scrollWidth: document.documentElement.scrollWidth };
                    })()
                    """
            )
            .first?["value"] as? [String: Any]
        )
        let links = try #require(after["links"] as? [String])
        #expect(
            links.contains("/api/v1/runs/2/export?format=xlsx") && links.contains("/runs/2/robustness?lang=en"),
            "\(links)"
        )
        #expect(after["xlsx"] as? String == "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(after["compare"] as? Bool == true)
        // The note is shown as text (its markup escaped), under who asked.
        #expect((after["state"] as? String)?.hasPrefix("awaiting review (asked by ana, ") == true, "\(after)")
        #expect((after["state"] as? String)?.hasSuffix("ranks <b>and</b> geometric") == true, "\(after)")
        #expect((after["scrollWidth"] as? Int ?? 9_999) <= 390, "the runs page is wider than a phone")
        let compared = try #require(
            try TestSupport.browse(
                ["\(server.base)/runs/compare?lang=en&from=1&to=2"],
                width: 390,
                expression: "({ path: location.pathname, heading: document.querySelector('h1').textContent })"
            )
            .first?["value"] as? [String: Any]
        )
        #expect(compared["path"] as? String == "/runs/1/diff/2", "\(compared)")

        // Robustness, signed in: progress while it runs, then every region's interval, drawn and written.
        _ = try Store(path: db).addAccount(
            name: "bea",
            role: .analyst,
            passwordHash: try PasswordHash.make("bea long password 1")
        )
        let robust = try TestSupport.browse(
            ["\(server.base)/signin", "\(server.base)/runs/2/robustness"],
            width: 390,
            expression: """
                (async () => {
                  if (location.pathname === '/signin') {
                    const form = document.querySelector('form[action="/signin"]');
                    form.elements.namedItem('name').value = 'bea';
                    form.elements.namedItem('password').value = 'bea long password 1';
                    const answer = await fetch('/signin', { method: 'POST', body: new URLSearchParams(new FormData(form)) });
                    return { signedIn: answer.ok };
                  }
                  const status = document.getElementById('robustness-status');
                  const seen = [];
                  for (let i = 0; i < 2400; i++) {
                    if (status.textContent && !seen.includes(status.textContent)) seen.push(status.textContent);
                    if (document.querySelector('#robustness tbody')) break;
                    await new Promise(r => setTimeout(r, 25));
                  }
                  const rows = [...document.querySelectorAll('#robustness tbody tr')];
                  return { seen: seen, rows: rows.length, drawn: document.querySelectorAll('#robustness svg.interval').length,
                           first: rows.length ? [...rows[0].cells].map(c => c.textContent.trim()) : [],
                           scrollWidth: document.documentElement.scrollWidth };
                })()
                """
        )
        try #require(robust.count == 2)
        #expect((robust[0]["value"] as? [String: Any])?["signedIn"] as? Bool == true, "\(robust)")
        let shown = try #require(robust[1]["value"] as? [String: Any])
        #expect((robust[1]["errors"] as? [String])?.isEmpty == true, "\(robust)")
        #expect(shown["rows"] as? Int == 31 && shown["drawn"] as? Int == 31, "\(shown)")
        // The first row is the top rank; its interval is written as LOW–HIGH around it.
        let first = try #require(shown["first"] as? [String])
        #expect(first.count == 4 && first[1] == "1", "\(first)")
        let bounds = first.last?.split(separator: "–").compactMap { Int($0) } ?? []
        #expect(bounds.count == 2 && bounds[0] <= 1 && bounds[1] >= 1, "\(first)")
        // While it ran, the page said so (the replications done, or the seconds before the first).
        let seen = try #require(shown["seen"] as? [String])
        #expect(seen.contains { $0.hasPrefix("处理中… ") }, "\(seen)")
        #expect((shown["scrollWidth"] as? Int ?? 9_999) <= 390, "the robustness page is wider than a phone")
    }
}
