import IndexCore
import IndexStore

/// The data page's content: the imported versions, the filters' choices and the observations the
/// query's filters select, one page of them.
struct DataViewModel: Sendable {
    /// One observation with its indicator.
    struct Value: Sendable {
        var observation: Observation
        var indicator: Indicator?
    }

    /// The most values one page shows.
    static let pageSize = 100

    let versions: [DatasetVersion]
    /// The units with at least one observation (the region filter's choices).
    let units: [AssessedUnit]
    /// Every value the filters select (the downloads hold them all).
    let selected: [Value]
    let paging: Paging

    init(_ snapshot: DashboardSnapshot, versions: [DatasetVersion], query: Pages.Query) {
        self.versions = versions
        let observed = Set(snapshot.dataset.observations.map(\.unit))
        units = snapshot.dataset.units.filter { observed.contains($0.id) }
        selected = DataViewModel.values(snapshot, query: query)
        paging = Paging(total: selected.count, requested: query["page"], pageSize: DataViewModel.pageSize)
    }

    /// The observations the query's `unit`, `indicator`, `status` and `period` select, in the
    /// dataset's order.
    static func values(_ snapshot: DashboardSnapshot, query: Pages.Query) -> [Value] {
        values(
            snapshot,
            unit: query["unit"],
            indicator: query["indicator"],
            status: query["status"],
            period: query["period"]
        )
    }

    /// The observations of a unit, indicator, status and period (`nil` selects every one), in the
    /// dataset's order: the data page's filters and the province page's values.
    static func values(
        _ snapshot: DashboardSnapshot,
        unit: String?,
        indicator: String? = nil,
        status: String? = nil,
        period: String?
    ) -> [Value] {
        let indicators = Dictionary(snapshot.framework.indicators.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return snapshot.dataset.observations.filter { o in
            (unit == nil || o.unit == unit) && (indicator == nil || o.indicator == indicator)
                && (status == nil || o.status.rawValue == status) && (period == nil || o.period == period)
        }.map { Value(observation: $0, indicator: indicators[$0.indicator]) }
    }
}
