import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// A page's table by name, for its CSV and XLSX downloads.
    static func table(
        named name: String,
        _ snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> PageTable? {
        var table = pageTable(named: name, snapshot, query: query, l)
        if snapshot.results.isIllustrative { table?.note = l.illustrativeNote }
        return table
    }

    private static func pageTable(
        named name: String,
        _ snapshot: DashboardSnapshot,
        query: Query,
        _ l: ReportLanguage
    ) -> PageTable? {
        let names = names(snapshot, l)
        switch name {
        case "ranking":
            guard let section = snapshot.regional(period: query["period"]) else { return nil }
            return rankingTable(RankingViewModel(section, previous: snapshot.previous(section)), names: names, l)
        case "compare":
            guard let model = CompareViewModel(snapshot, period: query["period"], requested: query.all("units", "u")),
                model.isComparable
            else { return nil }
            return compareTable(model.section, rows: model.rows, units: model.chosen, names: names, l)
        case "values", "province":
            var table = valuesTable(snapshot, query: query, l)
            table.name = name
            return table
        default:
            return nil
        }
    }

    /// The unit a quick-jump query names: its id, a name in either language or an alias.
    static func unit(matching text: String, in snapshot: DashboardSnapshot) -> String? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !wanted.isEmpty, let section = snapshot.latestRegional else { return nil }
        let scored = Set(section.units.map(\.id))
        let units = snapshot.dataset.units.filter { scored.contains($0.id) }
        let exact = units.first { unit in
            ([unit.id, unit.name.zh, unit.name.en] + unit.aliases).contains { $0.lowercased() == wanted }
        }
        return exact?.id
            ?? units.first { $0.name.zh.hasPrefix(wanted) || $0.name.en.lowercased().hasPrefix(wanted) }?.id
    }
}
