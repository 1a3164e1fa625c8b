import IndexReport
import Testing

@Suite("Stylesheets and scripts as resource files")
struct AssetTests {
    @Test(arguments: Asset.allCases)
    func everyAssetLoads(_ asset: Asset) throws {
        let text = try asset.load()
        #expect(!text.isEmpty)
        #expect(asset.text == text)
        #expect(asset.markup.rendered == text)
        #expect(!text.contains("</"), "\(asset.rawValue) could end the element it is written into")
    }

    @Test func theDashboardStylesheetIsTheOneThePagesUse() throws {
        let css = try Asset.dashboardCSS.load()
        #expect(css.contains("header.site"))
        #expect(try Asset.surveyJS.load().contains("survey-data"))
        #expect(try Asset.reportCSS.load().contains("nav.front"))
    }

    @Test func aMissingFileIsAnErrorThatNamesIt() {
        let error = AssetError(file: "dashboard.css", reason: "cannot be read")
        #expect(error.description == "dashboard.css: cannot be read")
    }
}
