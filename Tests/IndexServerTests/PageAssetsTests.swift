import IndexReport
import Testing

@testable import IndexServer

@Suite("Pages carry the stylesheets and scripts of the resource files")
struct PageAssetsTests {
    /// The text written into a page is the file's, unchanged (the Content-Security-Policy hashes it).
    /// (review.js, on the runs page, is run in Chromium by `ReviewPageBrowserTests`: a script the policy
    /// refused would publish nothing there.)
    @Test func aPageEmbedsEachOfItsAssetsWhole() throws {
        let page = Pages.upload(try PublishableTests.snapshot(), .en)
        for asset in [Asset.dashboardCSS, .dashboardJS, .uploadJS] {
            #expect(page.contains(try asset.load()), "\(asset.rawValue)")
        }
        #expect(!page.contains("/* iidei:"), "a page carries an asset that could not be read")
    }
}
