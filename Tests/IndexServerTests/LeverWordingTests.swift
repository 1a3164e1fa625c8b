import IndexReport
import Testing

@testable import IndexCore
@testable import IndexServer

/// How a lever's numbers print on a province page: counts whole, other values to three significant
/// figures, small counts kept in 万 in their own unit, and a round step with its gain scaled to it.
@Suite("Lever wording: whole counts, sensible decimals, round steps")
struct LeverWordingTests {
    @Test func countsAreWholeAndSmallTenThousandsPrintInTheirOwnUnit() {
        // 0.1 万家 is 1,000 firms; the step 0.6 firms is shown as 1 firm.
        let tenThousands = LeverQuantity(unit: "万家", reference: 0.1)
        #expect(tenThousands.unit == "家" && tenThousands.scale == 10_000)
        #expect(tenThousands.text(0.1) == "1,000")
        #expect(tenThousands.text(0.123_44) == "1,234")
        let firms = LeverQuantity(unit: "家", reference: 17)
        #expect(firms.text(17.4) == "17")
        #expect(firms.step(0.6) == (shown: 1, raw: 1))
        // 398.4 firms: 1, 2 or 5 times a power of ten → 500.
        #expect(firms.step(398.4) == (shown: 500, raw: 500))
        // Above one 万, the unit stays (3.5 万家), three significant figures.
        let many = LeverQuantity(unit: "万家", reference: 3.512)
        #expect(many.unit == "万家" && many.text(3.512) == "3.51")
        #expect(many.step(0.0312) == (shown: 0.02, raw: 0.02))
    }

    @Test func otherValuesPrintToThreeSignificantFigures() {
        #expect(LeverQuantity.significant(11.934, 3) == "11.9")
        #expect(LeverQuantity.significant(0.100_04, 3) == "0.1")
        #expect(LeverQuantity.significant(1_234.5, 3) == "1,235")
        #expect(LeverQuantity.significant(0.004_567, 3) == "0.00457")
        #expect(LeverQuantity.significant(0, 3) == "0")
        let yuan = LeverQuantity(unit: "亿元", reference: 11.93)
        #expect(!yuan.isCount && yuan.text(11.93) == "11.9")
        #expect(yuan.step(0.1193) == (shown: 0.1, raw: 0.1))
    }

    @Test func theSentenceScalesTheGainToTheShownStep() throws {
        let lever = LeverReport.Lever(
            indicator: "x",
            name: LocalisedText(zh: "企业数", en: "Firms"),
            unit: "万家",
            direction: .higherIsBetter,
            value: 0.1,
            gainPerStep: 0.3,
            step: 0.001_2,
            valueForNextTier: nil,
            note: nil
        )
        let snapshot = try DashboardState(store: nil).snapshot
        let section = try #require(snapshot.latestRegional)
        // 0.0012 万家 = 12 firms, shown as 10 firms: the gain 0.3 × 10 / 12 = 0.25.
        let zh = Pages.leverSentence(lever, unitName: "江苏", tier: 1, section: section, .zh).rendered
        #expect(zh.contains("当前 1,000家") && zh.contains("每提高 10家，总分约增加 0.25"), "\(zh)")
        let en = Pages.leverSentence(lever, unitName: "Jiangsu", tier: 1, section: section, .en).rendered
        #expect(en.contains("now 1,000 firms") && en.contains("each 10 firms more adds about 0.25"), "\(en)")
    }
}
