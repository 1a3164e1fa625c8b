import Foundation

/// A stylesheet or script that pages embed, kept as a resource file of this module.
///
/// The dashboard, the survey form and the printed report write these files' text inline, so a page
/// stays one self-contained document and the server's Content-Security-Policy allows each by the
/// hash of the very text the page carries (`ContentSecurityPolicy.forPage` hashes what it finds).
///
/// Each file is read once, on first use. A file that cannot be read does not stop a page: its text
/// is a comment that names the file and the reason (``AssetError``), which ``load()`` throws for
/// callers that would rather fail — the tests do, so a missing resource fails the build's tests.
///
/// ```swift
/// let style: HTML = "<style>\(Asset.dashboardCSS.markup)</style>"
/// ```
public enum Asset: String, CaseIterable, Sendable {
    /// The dashboard's stylesheet.
    case dashboardCSS = "dashboard.css"
    /// The dashboard's tooltips, table sorting and chart downloads.
    case dashboardJS = "dashboard.js"
    /// The upload page's validate-then-import script.
    case uploadJS = "upload.js"
    /// The runs page's publish and withdraw buttons and its new-run form.
    case reviewJS = "review.js"
    /// The robustness page's progress and table.
    case robustnessJS = "robustness.js"
    /// The expert survey form's stylesheet.
    case surveyCSS = "survey.css"
    /// The survey form's consistency check and saving.
    case surveyJS = "survey.js"
    /// The printed report's stylesheet after its `@page` rules (those carry the title and years).
    case reportCSS = "report.css"

    /// The file's text, or a comment naming why it could not be read.
    public var text: String {
        switch Asset.contents[self] {
        case .success(let text): text
        case .failure(let error): "/* iidei: \(error.description.replacingOccurrences(of: "*/", with: "* /")) */"
        case nil: "/* iidei: \(rawValue) is not loaded */"
        }
    }

    /// The file's text as markup for a `<style>` or `<script>` element.
    ///
    /// Trusted because it is this module's own file, and ``load()`` refuses a file that could end
    /// its element (`</`).
    public var markup: HTML { HTML(trusted: text) }

    /// The file's text.
    ///
    /// - Throws: ``AssetError`` when the resource bundle or the file cannot be found or read, or
    ///   when the text holds `</`, which would end the element it is written into.
    public func load() throws -> String {
        try Asset.contents[self, default: .failure(AssetError(file: rawValue, reason: "not loaded"))].get()
    }

    /// Every file's text or error, read once.
    private static let contents: [Asset: Result<String, AssetError>] = {
        var contents: [Asset: Result<String, AssetError>] = [:]
        let directory = resourceDirectory()
        for asset in Asset.allCases {
            contents[asset] = Result { try read(asset, in: directory) }.mapError { error in
                error as? AssetError ?? AssetError(file: asset.rawValue, reason: "\(error)")
            }
        }
        return contents
    }()

    private static func read(_ asset: Asset, in directory: URL?) throws -> String {
        guard let directory else {
            throw AssetError(
                file: asset.rawValue,
                reason: "the resource bundle \(bundleNames[0]) is not beside the program"
            )
        }
        let url = directory.appendingPathComponent(asset.rawValue)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw AssetError(file: asset.rawValue, reason: "cannot be read (\(error.localizedDescription))")
        }
        guard !text.contains("</") else {
            throw AssetError(file: asset.rawValue, reason: "holds '</', which would end the element it is written into")
        }
        return text
    }

    /// SwiftPM's names for this module's resource bundle (Linux, then Apple platforms).
    private static let bundleNames = ["iidei_IndexReport.resources", "iidei_IndexReport.bundle"]

    /// The `Assets` folder of the resource bundle beside the executable (the program or the tests).
    ///
    /// Written out instead of `Bundle.module`, whose generated accessor stops the process with
    /// `fatalError` when the bundle is missing; here a missing bundle is an ``AssetError``.
    private static func resourceDirectory() -> URL? {
        var places = [Bundle.main.bundleURL]
        if let resources = Bundle.main.resourceURL { places.append(resources) }
        if let executable = Bundle.main.executableURL { places.append(executable.deletingLastPathComponent()) }
        for place in places {
            for name in bundleNames {
                for folder in ["Assets", "Contents/Resources/Assets"] {
                    let directory = place.appendingPathComponent(name).appendingPathComponent(folder)
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
                        isDirectory.boolValue
                    {
                        return directory
                    }
                }
            }
        }
        return nil
    }
}

/// A stylesheet or script that could not be read.
public struct AssetError: Error, Hashable, CustomStringConvertible {
    /// The file's name (`dashboard.css`).
    public var file: String
    /// What went wrong, in words.
    public var reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
