import IndexReport
import Testing

@testable import IndexServer

@Suite("The dashboard's texts: one table per language")
struct DashboardMessageTests {
    // Both tables are exhaustive switches, so a message without one of its languages does not
    // compile; these check that the placeholders land where each language puts them.
    @Test func messagesWithValuesPlaceThemInBothLanguages() {
        let rank = DashboardMessage.nationalRank(rank: 3, count: 31)
        #expect(rank.text(.zh) == "全国第 3 名（共 31 个）")
        #expect(rank.text(.en) == "rank 3 of 31")
        #expect(DashboardMessage.regionCount(1).en == "region" && DashboardMessage.regionCount(2).en == "regions")
    }

    @Test(arguments: [DashboardMessage.overview, .skipToContent, .downloadSVG, .chartData, .tierSuffix, .colon])
    func plainMessagesHaveTextInBothLanguages(_ message: DashboardMessage) {
        #expect(!message.zh.isEmpty && !message.en.isEmpty)
        #expect(ReportLanguage.zh.text(message) == message.zh && ReportLanguage.en.text(message) == message.en)
    }
}
