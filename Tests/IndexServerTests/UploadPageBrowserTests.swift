import Foundation
import IndexCore
import IndexStore
import IndexTestSupport
import Testing

/// The upload page in Chromium on a phone, as an analyst uses it: the template downloads, a bad file
/// is shown as a table of every problem in the page's language (cell, indicator, region, message —
/// never JSON) and stores nothing, and a good file is reviewed, then imported as a draft run.
@Suite("The upload page in a browser", .serialized)
struct UploadPageBrowserTests {
    /// Puts a file in the form, clicks each button in turn, waiting for each answer; returns what the
    /// page shows after each.
    static func upload(_ contents: String, name: String, click buttons: [String], token: String) -> String {
        """
        (async () => {
          const form = document.getElementById('upload');
          form.token.value = '\(token)';
          let text = \(contents);
          if (typeof text !== 'string') text = await (await fetch(text.url)).text();
          const files = new DataTransfer();
          files.items.add(new File([text], '\(name)', { type: 'text/csv' }));
          form.file.files = files.files;
          form.file.dispatchEvent(new Event('change'));
          const result = document.getElementById('result');
          const shown = [];
          for (const button of \(buttons)) {
            result.textContent = '';
            document.getElementById(button).click();
            const working = result.textContent;
            for (let i = 0; i < 600; i++) {
              if (result.querySelector('p')) break;
              await new Promise(r => setTimeout(r, 50));
            }
            shown.push({
              working: working,
              text: result.innerText,
              rows: [...result.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(c => c.textContent)),
              sendEnabled: !document.getElementById('send').disabled,
              scrollWidth: document.documentElement.scrollWidth,
              template: (await (await fetch(document.querySelector('a[href^="/data/template.csv"]').href)).text()).split('\\n')[0]
            });
          }
          return shown;
        })()
        """
    }

    @Test func anAnalystSeesEveryProblemThenImports() throws {
        let (server, db, analyst) = try WorkbenchBrowserTests.serverWithAnalyst(run: false)
        let page = "\(server.base)/upload"

        // Two bad cells: each in the table with its cell, indicator and region by name; nothing stored.
        let bad = #""unit,indicator,period,value\nCN,n_5g_base_stations,2023,abc\n北京,r_bogus,2023,1\n""#
        let refused = try #require(
            try TestSupport.browse(
                [page],
                width: 390,
                expression: Self.upload(bad, name: "bad.csv", click: ["check"], token: analyst)
            )
            .first
        )
        #expect((refused["errors"] as? [String])?.isEmpty == true, "\(refused)")
        let shown = try #require((refused["value"] as? [[String: Any]])?.first)
        let rows = try #require(shown["rows"] as? [[String]])
        #expect(shown["working"] as? String == "处理中… 0 s")
        #expect((shown["text"] as? String)?.hasPrefix("✗ 未保存任何内容。") == true, "\(shown)")
        #expect(
            rows.contains(["bad.csv · D2", "value 'abc' is not a number", "5G基站数 (n_5g_base_stations)", "全国 (CN)"]),
            "\(rows)"
        )
        #expect(
            rows.contains { $0.first == "bad.csv · B3" && $0[1].hasPrefix("unknown indicator 'r_bogus'") },
            "\(rows)"
        )
        #expect(!(shown["text"] as? String ?? "").contains("{"), "raw JSON on the page")
        #expect(shown["sendEnabled"] as? Bool == false)
        #expect((shown["scrollWidth"] as? Int ?? 9_999) <= 390, "the upload page is wider than a phone")
        #expect(shown["template"] as? String == "# IIDEI 数据模板：工业互联网发展成效指数，期间 2023")
        #expect(try Store(path: db, access: .readOnly).runs().isEmpty)

        // The built-in values, downloaded from the dashboard and sent back: valid, then imported.
        let values = #"{ url: '/data/values.csv' }"#
        let steps = try #require(
            try TestSupport.browse(
                [page + "?lang=en"],
                width: 390,
                expression: Self.upload(values, name: "values.csv", click: ["check", "send"], token: analyst)
            )
            .first?["value"] as? [[String: Any]]
        )
        try #require(steps.count == 2)
        #expect(
            (steps[0]["text"] as? String)?.hasPrefix(
                "✓ Valid, ready to import: 32 units, 5008 values, periods 2020–2023. Nothing is stored yet."
            ) == true,
            "\(steps[0])"
        )
        #expect(steps[0]["sendEnabled"] as? Bool == true)
        #expect(
            steps[0]["template"] as? String
                == "# IIDEI data template: Industrial Internet Development Effectiveness Index, period 2023"
        )
        #expect((steps[1]["text"] as? String)?.hasPrefix("✓ Imported provinces@1 as run #1.") == true, "\(steps[1])")
        #expect((steps[1]["text"] as? String)?.contains("It is a draft") == true)
        let runs = try Store(path: db, access: .readOnly).runs()
        #expect(runs.map(\.id) == [1])
    }
}
