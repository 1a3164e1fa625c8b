public import IndexCore
public import IndexReport

/// The printed report's choices: language, cover, and the province outlines of a geographic map.
public struct ReportRequest: Codable, Sendable, Hashable {
    public var language: ReportLanguage
    /// The issuing organisation on the cover; `nil` = the framework's (`cover:`), if it has one.
    public var organisation: String?
    /// The date on the cover; `nil` = the framework's, if it has one.
    public var date: String?
    /// A GeoJSON file of province outlines; `nil` = the tile map.
    public var geo: String?
    /// The analyst's preface, background and outlook; a chapter without one is written from the results.
    public var texts: ReportTexts?
    /// Whether the report ends with the statistical audit of each cross-section (`Audit`).
    public var audit: Bool

    public init(
        language: ReportLanguage = .zh,
        organisation: String? = nil,
        date: String? = nil,
        geo: String? = nil,
        texts: ReportTexts? = nil,
        audit: Bool = false
    ) {
        self.language = language
        self.organisation = organisation
        self.date = date
        self.geo = geo
        self.texts = texts
        self.audit = audit
    }
}

/// A report built from a run, with what it was built from (to build it again with page numbers).
public struct ReportOutcome: Sendable {
    public var results: IndexResults
    public var report: Report
    public var request: ReportRequest
    var units: [AssessedUnit]
    var shapes: GeoShapes?
    var previous: [CrossSectionResult]
    var details: ReportDetails
    var audits: [Audit]

    /// Every file of the report: the page and each figure as SVG.
    public var files: [(name: String, contents: String)] {
        [("report.html", report.html)] + report.figures.map { ($0.name, $0.svg + "\n") }
    }

    /// The same report with the contents' page numbers read off a printed copy (one text per page).
    public func numbered(pages: [String]) -> ReportOutcome {
        var copy = self
        copy.details.pageNumbers = ReportBuilder.pageNumbers(of: report, pages: pages, language: request.language)
        copy.report = ReportBuilder.build(
            results: results,
            units: units,
            language: request.language,
            shapes: shapes,
            previous: previous,
            details: copy.details,
            audits: audits
        )
        return copy
    }
}

extension Workflows {
    /// The report of a run: its figures, tables and text, with rank changes against the period before
    /// where the data have one.
    public func report(_ request: ReportRequest, inputs: LoadedInputs, options: RunOptions) throws -> ReportOutcome {
        let results = try IndexEngine.run(framework: inputs.framework, dataset: inputs.dataset, options: options)
        let shapes = try request.geo.map { try GeoShapes(path: $0) }
        let previous = Self.previousSections(
            framework: inputs.framework,
            dataset: inputs.dataset,
            results: results,
            options: options
        )
        // The run's cover text, else the framework's in the report's language.
        let cover = inputs.framework.cover
        let details = ReportDetails(
            organisation: request.organisation ?? cover.organisation.map(request.language.pick),
            date: request.date ?? cover.date.map(request.language.pick),
            sources: ReportDetails.sources(of: inputs.dataset, for: results),
            texts: request.texts ?? ReportTexts()
        )
        var audits: [Audit] = []
        if request.audit {
            for case .crossSection(let section) in results.evaluations where section.units.count >= 3 {
                audits.append(Audit(section).withRawStatistics(inputs.dataset))
            }
        }
        return ReportOutcome(
            results: results,
            report: ReportBuilder.build(
                results: results,
                units: inputs.dataset.units,
                language: request.language,
                shapes: shapes,
                previous: previous,
                details: details,
                audits: audits
            ),
            request: request,
            units: inputs.dataset.units,
            shapes: shapes,
            previous: previous,
            details: details,
            audits: audits
        )
    }

    /// Each cross-section of the results in the period before its own, under the same options, where
    /// the data have one: what rank changes are measured against.
    public static func previousSections(
        framework: Framework,
        dataset: Dataset,
        results: IndexResults,
        options: RunOptions
    ) -> [CrossSectionResult] {
        var previous: [CrossSectionResult] = []
        for case .crossSection(let section) in results.evaluations {
            guard let before = dataset.periods.filter({ $0 < section.period }).last else { continue }
            var earlier = options
            earlier.period = before
            earlier.evaluations = [section.evaluation]
            if let run = try? IndexEngine.run(framework: framework, dataset: dataset, options: earlier),
                case .crossSection(let result)? = run.evaluations.first, !result.units.isEmpty
            {
                previous.append(result)
            }
        }
        return previous
    }
}
