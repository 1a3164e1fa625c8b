import IndexReport
import Testing

@testable import IndexServer

/// A page table's headers sit over their columns: a column of numbers is right-aligned, its header
/// too (before, the compare table's numbers were right-aligned under left-aligned headers).
@Suite("Page tables")
struct PageTableTests {
    @Test func numericColumnsAlignTheirHeaders() {
        let table = PageTable(
            name: "compare",
            caption: "Compare",
            header: ["node", "江苏", "note", "广东"],
            rows: [
                [.init("index"), .init("88.9", number: 88.9), .init("text"), .init("89.5", number: 89.5)],
                [.init("foundation"), .init("100.0", number: 100), .init(""), .init("")],
            ]
        )
        let html = table.html().description
        #expect(html.contains(#"<th scope="col">node</th>"#))
        #expect(html.contains(#"<th scope="col" class="num">江苏</th>"#))
        #expect(html.contains(#"<th scope="col">note</th>"#))
        // An empty cell does not make a column of numbers textual.
        #expect(html.contains(#"<th scope="col" class="num">广东</th>"#))
        #expect(html.contains(#"<td class="num" data-sort="88.9">88.9</td>"#))
    }
}
