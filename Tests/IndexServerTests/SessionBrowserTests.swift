import Foundation
import IndexCatalog
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// Signing in and reviewing in Chromium, as a reviewer and an admin would on a phone and a desktop:
/// the sign-in form sets the session, the runs page then publishes without a token (the page's
/// script sends the anti-forgery token), and the admin page fits the screen with readable text.
@Suite("Signing in, in a browser", .serialized)
struct SessionBrowserTests {
    /// Run on every page: signs in on the sign-in page (as a browser posts the form, with its
    /// cookie), publishes run 1 on the runs page, and elsewhere reports what a reader sees.
    static func expression(name: String, password: String) -> String {
        """
        (async () => {
          const page = () => ({
            path: location.pathname, text: document.body.innerText,
            scrollWidth: document.documentElement.scrollWidth,
            smallest: Math.min(...[...document.querySelectorAll('main *, header *')]
              .filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
              .map(e => parseFloat(getComputedStyle(e).fontSize))),
            tokenFields: document.querySelectorAll('input[name=token]').length
          });
          if (location.pathname === '/signin') {
            const form = document.querySelector('form[action="/signin"]');
            form.elements.namedItem('name').value = '\(name)';
            form.elements.namedItem('password').value = '\(password)';
            const answer = await fetch('/signin', { method: 'POST', body: new URLSearchParams(new FormData(form)) });
            return { path: location.pathname, signedIn: answer.ok, landed: new URL(answer.url).pathname };
          }
          if (location.pathname === '/runs' && document.getElementById('publish')) {
            const form = document.getElementById('review');
            form.run.value = '1';
            const before = page();
            // On success the page reloads itself (review.js), so the answer is read from the store.
            document.getElementById('publish').click();
            return Object.assign(before, { review: 'clicked' });
          }
          return page();
        })()
        """
    }

    /// One server (its first seconds go to the dashboard's background work), a phone then a desktop.
    @Test func aReviewerSignsInAndPublishesWithoutAToken() throws {
        let directory = try TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("store.sqlite").path
        let iidei = TestSupport.executable
        _ = try TestSupport.run(iidei, ["import", try Catalog.dataPath, "--dataset", "provinces", "--db", db])
        _ = try TestSupport.run(iidei, ["run", "--dataset", "provinces", "--db", db, "--format", "json"])
        let store = try Store(path: db)
        _ = try store.addAccount(name: "ada", role: .admin, passwordHash: try PasswordHash.make("ada long password 1"))
        let tokenFile = directory.appendingPathComponent("token").path
        try Data("session-browser-service-token-0".utf8).write(to: URL(fileURLWithPath: tokenFile))
        let server = try PostgresServeTests.Server(database: db, tokenFile: tokenFile)
        for width in [360, 390, 1440] { try Self.check(server: server, db: db, width: width) }
    }

    static func check(server: PostgresServeTests.Server, db: String, width: Int) throws {
        let shots = try TestSupport.temporaryDirectory()
        let pages = try TestSupport.browse(
            ["/signin", "/runs", "/admin", "/admin?lang=en", "/upload"].map { server.base + $0 },
            width: width,
            expression: Self.expression(name: "ada", password: "ada long password 1"),
            screenshots: shots
        )
        print("session pages at \(width) px: \(shots.path)")
        let values = pages.compactMap { $0["value"] as? [String: Any] }
        try #require(values.count == 5, "\(pages)")
        #expect(values[0]["signedIn"] as? Bool == true && values[0]["landed"] as? String == "/")
        #expect(values[1]["review"] as? String == "clicked")
        // The first width publishes run 1; the second's click is refused as "published already".
        var published: Int64?
        for _ in 0..<100 where published == nil {
            published = try Store(path: db, access: .readOnly).publishedRunID()
            if published == nil { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(published == 1, "the signed-in reviewer published without a token")
        #expect(try Store(path: db, access: .readOnly).auditLog(limit: 1).first?.actor == "ada")
        for value in values.dropFirst() {
            let path = value["path"] as? String ?? "?"
            #expect(value["tokenFields"] as? Int == 0, "\(path): signed in, no token is asked for")
            #expect((value["scrollWidth"] as? Int ?? .max) <= width, "\(path) is wider than \(width) px")
            #expect((value["smallest"] as? Double ?? 0) >= 11, "\(path): text under 11 px")
            #expect((value["text"] as? String ?? "").contains("ada · "), "\(path) says who is signed in")
        }
        let admin = values[2]["text"] as? String ?? ""
        #expect(admin.contains("账户与审计日志") && admin.contains("审计日志（最近") && admin.contains("signin"))
        #expect((values[3]["text"] as? String ?? "").contains("Tokens and sign-in sessions"))
        for page in pages { #expect((page["errors"] as? [String])?.isEmpty == true, "\(page["url"] ?? ""): \(page)") }
    }
}
