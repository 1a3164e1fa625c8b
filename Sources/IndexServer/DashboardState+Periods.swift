import IndexCore
import IndexReport

extension DashboardSnapshot {
    /// The regional cross-sections in every period the data hold, oldest first, per evaluation.
    ///
    /// Each period is run through the single-period engine with the run's own options
    /// (``RunOptions/period`` set): this is the one place to swap in a panel run. A period the data
    /// cannot score (too few values) is left out.
    static func crossSectionsByPeriod(
        framework: Framework,
        dataset: Dataset,
        results: IndexResults
    ) -> [String: [CrossSectionResult]] {
        var sections: [String: [CrossSectionResult]] = [:]
        let latest = results.evaluations.compactMap { result -> CrossSectionResult? in
            if case .crossSection(let section) = result { return section }
            return nil
        }
        guard !latest.isEmpty else { return [:] }
        for section in latest { sections[section.evaluation] = [section] }
        for period in dataset.periods {
            let missing = latest.filter { $0.period != period }.map(\.evaluation)
            guard !missing.isEmpty else { continue }
            var options = results.options
            options.period = period
            options.evaluations = missing
            guard let run = try? IndexEngine.run(framework: framework, dataset: dataset, options: options) else {
                continue
            }
            for case .crossSection(let section) in run.evaluations
            where !section.units.isEmpty && section.units.contains(where: { $0.score != nil }) {
                sections[section.evaluation, default: []].append(section)
            }
        }
        return sections.mapValues { $0.sorted { $0.period < $1.period } }
    }

    /// The first regional evaluation's cross-sections, oldest first.
    var regionalPeriods: [CrossSectionResult] {
        for case .crossSection(let section) in results.evaluations {
            return periodSections[section.evaluation] ?? [section]
        }
        return []
    }

    /// The first regional evaluation in a period (the latest when `period` is `nil` or unknown).
    func regional(period: String?) -> CrossSectionResult? {
        let all = regionalPeriods
        if let period, let match = all.first(where: { $0.period == period }) { return match }
        for case .crossSection(let section) in results.evaluations { return section }
        return nil
    }

    /// The cross-section of the period before `section`'s, for rank changes.
    func previous(_ section: CrossSectionResult) -> CrossSectionResult? {
        (periodSections[section.evaluation] ?? []).last { $0.period < section.period }
    }
}
