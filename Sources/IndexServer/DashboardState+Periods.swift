import IndexCore
import IndexReport

extension DashboardSnapshot {
    /// The regional cross-sections in every period the data hold, oldest first, per evaluation.
    ///
    /// The sections come from one run, not one per period:
    /// - a result that is already a panel (``RunOptions/periods`` `all`) carries every period's
    ///   result (``CrossSectionResult/panel``): those are the run's own numbers, and are shown;
    /// - otherwise one panel run of the evaluations with the run's options, every period, each
    ///   normalised within its period (``NormalisationScope/period``). With derived weights each
    ///   block is then scored exactly as a single-period run of that period would score it.
    ///
    /// Objective weights are read off the data the run stacks, so a panel's would differ from each
    /// period's own: those runs, and a panel run that fails (a period whose units cannot fill the
    /// tiers, say), fall back to one run per period. A period the data cannot score (too few
    /// values) is left out.
    ///
    /// Benchmark note (debug build, shared 2-core VM, built-in data: 31 provinces, 2020–2023; min of
    /// 5–21 samples, load average about 5, so ±30 %): opening the dashboard ran the engine 4 times
    /// (the run, then 2020, 2021 and 2022 each on its own) and now runs it twice (the run, then this
    /// panel). The period sections took 24–27 ms before and 27 ms after: with 31 units a period's
    /// blocks cost as much inside a panel as on their own, so the gain is the shared preparation, which
    /// grows with the data (a county-scale run), not a faster dashboard here. Speed targets belong in
    /// `iidei bench`, not in tests.
    static func crossSectionsByPeriod(
        framework: Framework,
        dataset: Dataset,
        results: IndexResults
    ) -> [String: [CrossSectionResult]] {
        let latest = results.evaluations.compactMap { result -> CrossSectionResult? in
            if case .crossSection(let section) = result { return section }
            return nil
        }
        guard !latest.isEmpty else { return [:] }
        var sections: [String: [CrossSectionResult]] = [:]
        for section in latest { sections[section.evaluation] = [section] }
        func add(_ section: CrossSectionResult, besides shown: CrossSectionResult) {
            guard section.period != shown.period, section.units.contains(where: { $0.score != nil }) else { return }
            sections[section.evaluation, default: []].append(section)
        }
        var missing: [CrossSectionResult] = []
        for section in latest {
            if let panel = section.panel {
                for period in panel.periods { add(period, besides: section) }
            } else {
                missing.append(section)
            }
        }
        if !missing.isEmpty {
            if let run = panelRun(of: missing, framework: framework, dataset: dataset, options: results.options) {
                for case .crossSection(let section) in run.evaluations {
                    guard let shown = missing.first(where: { $0.evaluation == section.evaluation }) else { continue }
                    for period in section.panel?.periods ?? [section] { add(period, besides: shown) }
                }
            } else {
                for (evaluation, found) in periodByPeriod(
                    missing,
                    framework: framework,
                    dataset: dataset,
                    options: results.options
                ) {
                    sections[evaluation, default: []] += found
                }
            }
        }
        return sections.mapValues { $0.sorted { $0.period < $1.period } }
    }

    /// One run of `sections`' evaluations over every period, each period normalised on its own;
    /// `nil` when it would not score each period as its own run does, or fails.
    static func panelRun(
        of sections: [CrossSectionResult],
        framework: Framework,
        dataset: Dataset,
        options: RunOptions
    ) -> IndexResults? {
        guard options.weightMethod == .derived else { return nil }
        var options = options
        options.periods = .all
        options.normalisationScope = .period
        options.evaluations = sections.map(\.evaluation)
        return try? IndexEngine.run(framework: framework, dataset: dataset, options: options)
    }

    /// One single-period run per period (the fallback of ``panelRun(of:framework:dataset:options:)``).
    private static func periodByPeriod(
        _ sections: [CrossSectionResult],
        framework: Framework,
        dataset: Dataset,
        options: RunOptions
    ) -> [String: [CrossSectionResult]] {
        var found: [String: [CrossSectionResult]] = [:]
        for period in dataset.periods {
            let missing = sections.filter { $0.period != period }.map(\.evaluation)
            guard !missing.isEmpty else { continue }
            var options = options
            options.period = period
            options.evaluations = missing
            guard let run = try? IndexEngine.run(framework: framework, dataset: dataset, options: options) else {
                continue
            }
            for case .crossSection(let section) in run.evaluations
            where !section.units.isEmpty && section.units.contains(where: { $0.score != nil }) {
                found[section.evaluation, default: []].append(section)
            }
        }
        return found
    }

    /// The run's first regional evaluation: the period the dashboard shows unless asked for another.
    var latestRegional: CrossSectionResult? {
        for case .crossSection(let section) in results.evaluations { return section }
        return nil
    }

    /// The first regional evaluation's cross-sections, oldest first.
    var regionalPeriods: [CrossSectionResult] {
        latestRegional.map { periodSections[$0.evaluation] ?? [$0] } ?? []
    }

    /// The first regional evaluation in a period (the latest when `period` is `nil` or unknown).
    func regional(period: String?) -> CrossSectionResult? {
        if let period, let match = regionalPeriods.first(where: { $0.period == period }) { return match }
        return latestRegional
    }

    /// The cross-section of the period before `section`'s, for rank changes.
    func previous(_ section: CrossSectionResult) -> CrossSectionResult? {
        (periodSections[section.evaluation] ?? []).last { $0.period < section.period }
    }
}
