import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// The runs page's review form in Chromium on a phone, as a reviewer uses it: a wrong token is
/// refused in words on the page, the right one publishes the chosen run, and the page then says
/// which run readers see.
@Suite("The runs page's review form in a browser", .serialized)
struct ReviewPageBrowserTests {
    @Test func aReviewerPublishesFromThePhone() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let iidei = TestSupport.executable
        _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "provinces", "--db", db])
        _ = try TestSupport.run(iidei, ["run", "--dataset", "provinces", "--db", db, "--format", "json"])
        _ = try TestSupport.run(
            iidei,
            ["run", "--dataset", "provinces", "--db", db, "--format", "json", "--tiers", "jenks:3"]
        )
        _ = try TestSupport.run(iidei, ["user", "add", "rev", "--role", "reviewer", "--db", db])
        _ = try TestSupport.run(iidei, ["user", "add", "ana", "--role", "analyst", "--db", db])
        let reviewer = try TestSupport.run(iidei, ["user", "token", "rev", "--db", db])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let analyst = try TestSupport.run(iidei, ["user", "token", "ana", "--db", db])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let tokenFile = directory.appendingPathComponent("token").path
        try Data("review-page-service-token-0123".utf8).write(to: URL(fileURLWithPath: tokenFile))
        let server = try PostgresServeTests.Server(database: db, tokenFile: tokenFile)
        let page = "\(server.base)/runs"

        // An analyst's token: refused, in the API's words, on the page; nothing published.
        func attempt(_ token: String, wait: Bool) -> String {
            """
            (async () => {
              const form = document.getElementById('review');
              form.token.value = '\(token)';
              form.run.value = '1';
              document.getElementById('publish').click();
              if (!\(wait)) return 'clicked';
              for (let i = 0; i < 100; i++) {
                const text = document.getElementById('review-result').textContent;
                if (text && text !== '…') return text;
                await new Promise(r => setTimeout(r, 50));
              }
              return 'no answer';
            })()
            """
        }
        let refused = try TestSupport.browse([page], width: 390, expression: attempt(analyst, wait: true))
        #expect(refused.first?["value"] as? String == "✗ 'ana' acts as analyst; this needs reviewer or above")
        #expect((refused.first?["errors"] as? [String])?.isEmpty == true, "\(refused)")
        #expect(try Store(path: db, access: .readOnly).publishedRunID() == nil)

        // The reviewer's token publishes run #1 (the older one); the page, reloaded, says so.
        _ = try TestSupport.browse([page], width: 390, expression: attempt(reviewer, wait: false))
        var published: Int64?
        for _ in 0..<100 where published == nil {
            published = try Store(path: db, access: .readOnly).publishedRunID()
            if published == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(published == 1)
        let shots = try TestSupport.temporaryDirectory()
        let after = try TestSupport.browse(
            [page, "\(server.base)/?lang=en"],
            width: 390,
            expression: """
                ({ text: document.body.innerText, scrollWidth: document.documentElement.scrollWidth })
                """,
            screenshots: shots
        )
        let runs = try #require(after.first?["value"] as? [String: Any])
        let text = try #require(runs["text"] as? String)
        #expect(text.contains("已发布·读者所见（rev，"), "\(text.prefix(600))")
        #expect(text.contains("草稿") && text.contains("审核与发布"))
        #expect((runs["scrollWidth"] as? Int ?? 9_999) <= 390, "the runs page is wider than a phone")
        let overview = try #require(after.last?["value"] as? [String: Any])
        let source = try #require(overview["text"] as? String)
        #expect(source.contains("run #1 (provinces@1), reviewed and published by rev at"), "\(source.suffix(300))")
        #expect(source.contains(" UTC"), "the time is written for a reader: \(source.suffix(300))")
    }
}
