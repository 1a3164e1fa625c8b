import Foundation
import IndexCore
import IndexReport
import IndexStore

/// Server-rendered pages: readable without JavaScript; a little plain JavaScript adds tooltips,
/// sorting and chart downloads (``Asset/dashboardJS``). Every page is built through ``HTML``, so
/// names from data are text.
///
/// Each page is a view in its own file (`OverviewPage.swift`, `ProvincePage.swift`, …) that renders
/// a view model from `ViewModels/` (``ProvinceViewModel``, ``CompareViewModel``, …): the numbers a
/// page shows are computed there, once, and the view only writes them out in the page's language
/// (``DashboardMessage``) around the shared layout (`Pages+Layout.swift`) and pieces
/// (`Pages+Components.swift`).
enum Pages {
    /// A request's query: `lang`, `period`, `units`, filters and paging.
    struct Query: Sendable {
        var items: [(String, String)]

        init(_ query: String?) {
            let components = URLComponents(string: "?" + (query ?? ""))
            items = (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }
        }

        subscript(_ name: String) -> String? {
            items.first { $0.0 == name }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
        }

        /// Every value of a name, commas splitting lists (`units=a,b&u=c`).
        func all(_ names: String...) -> [String] {
            items.filter { names.contains($0.0) }.flatMap { $0.1.split(separator: ",").map(String.init) }.filter {
                !$0.isEmpty
            }
        }

        /// The same query with some names replaced (`nil` removes), as `?a=b&…`.
        func with(_ changes: [String: String?]) -> String {
            var result = items.filter { changes[$0.0] == nil }
            for (name, value) in changes.sorted(by: { $0.key < $1.key }) {
                if let value = value ?? nil { result.append((name, value)) }
            }
            var components = URLComponents()
            components.queryItems = result.map { URLQueryItem(name: $0.0, value: $0.1) }
            return result.isEmpty ? "" : "?" + (components.percentEncodedQuery ?? "")
        }
    }

    // MARK: - Layout

    /// A path with the page's language.
    static func link(_ path: String, _ l: ReportLanguage, _ extra: [String: String] = [:]) -> String {
        var components = URLComponents()
        components.queryItems = ([("lang", l.rawValue)] + extra.sorted { $0.key < $1.key }).map {
            URLQueryItem(name: $0.0, value: $0.1)
        }
        return path + "?" + (components.percentEncodedQuery ?? "")
    }

    static func national(_ snapshot: DashboardSnapshot) -> SeriesResult? {
        for case .series(let series) in snapshot.results.evaluations { return series }
        return nil
    }

    static func rootID(_ nodes: [NodeInfo]) -> String {
        nodes.first { $0.parent == nil }?.id ?? "index"
    }

    /// A value as printed: whole numbers without decimals, others with up to two (four below 1),
    /// thousands separated.
    static func value(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e15 { return SVG.label(value, 0) }
        return SVG.label(value, abs(value) < 1 ? 4 : 2)
    }

    /// An indicator's unit in the page's language.
    static func unitLabel(_ unit: String, _ l: ReportLanguage) -> String {
        guard l == .en else { return unit }
        let english = [
            "个": "", "家": "firms", "万个": "×10⁴", "万家": "×10⁴ firms", "万人": "×10⁴ people", "万架": "×10⁴ racks",
            "亿个": "×10⁸",
            "亿元": "×10⁸ yuan", "万亿元": "×10¹² yuan", "亿次": "×10⁸ times", "件": "items", "项": "items",
            "人年": "person-years",
        ]
        return english[unit] ?? unit
    }

    static func statusName(_ status: ObservationStatus, _ l: ReportLanguage) -> String {
        switch status {
        case .reported: l.text(.reported)
        case .estimated: l.text(.estimated)
        case .synthetic: l.text(.synthetic)
        }
    }
    static func shortName(_ name: String, _ l: ReportLanguage) -> String { ReportBuilder.shortName(name, l) }

    /// A unit id as one path segment (``PathSegment/encoded(_:)``).
    static func pathComponent(_ id: String) -> String {
        PathSegment.encoded(id)
    }

    static func names(_ snapshot: DashboardSnapshot, _ l: ReportLanguage) -> (String) -> String {
        let table = Dictionary(snapshot.dataset.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return { id in table[id].map { l.pick($0) } ?? id }
    }
}
