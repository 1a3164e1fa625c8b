import Foundation
public import IndexCore

/// Where a figure's values came from: a source named by the data, how many values it gave, and
/// whether they are synthetic.
public struct ReportSource: Sendable, Hashable {
    public var name: String
    public var isSynthetic: Bool
    public var count: Int

    public init(name: String, isSynthetic: Bool, count: Int) {
        self.name = name
        self.isSynthetic = isSynthetic
        self.count = count
    }
}

extension ReportLanguage {
    /// A source's name as this language prints it.
    ///
    /// Chinese statistical sources are often named in both languages in one string
    /// ("中国科技统计年鉴 China Statistical Yearbook on Science and Technology", "通信业统计公报 2020–2023
    /// (MIIT telecom bulletins)"): after its last Chinese character, the Chinese report keeps what comes
    /// before the first Latin letter, the English report keeps the Latin part (without parentheses).
    /// A name with no Latin words after its Chinese ("CAICT 中国…报告(2024年)") or with no Chinese
    /// is printed as it is.
    public func sourceName(_ name: String) -> String {
        func isCJK(_ scalar: Unicode.Scalar) -> Bool {
            (0x3400...0x9FFF).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
                || (0x20000...0x2FA1F).contains(scalar.value)
        }
        func isLatin(_ scalar: Unicode.Scalar) -> Bool { scalar.isASCII && scalar.properties.isAlphabetic }
        let scalars = Array(name.unicodeScalars)
        guard let lastCJK = scalars.lastIndex(where: isCJK),
            let latin = scalars[(lastCJK + 1)...].firstIndex(where: isLatin)
        else { return name }
        let trim: (ArraySlice<Unicode.Scalar>) -> String = { part in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: part)
            return String(view).trimmingCharacters(in: CharacterSet(charactersIn: " ()（）,，;；/"))
        }
        switch self {
        case .zh: return trim(scalars[..<latin])
        case .en: return trim(scalars[latin...])
        }
    }

    /// A value's source as the report and the dashboard print it: a synthetic value's source is its
    /// generator, not a publication, and is said to be IIDEI's illustrative values (the status says
    /// the rest); a published one is ``sourceName(_:)``, "—" when the data name none.
    public func sourceLabel(_ name: String, isSynthetic: Bool) -> String {
        if isSynthetic { return self == .zh ? "IIDEI 合成示意值" : "IIDEI synthetic values" }
        return name.isEmpty ? "—" : sourceName(name)
    }
}

/// What the report prints besides the results: the cover's issuer and date, the data's sources
/// for the "来源" lines, and the page on which each entry of the contents starts.
public struct ReportDetails: Sendable, Hashable {
    /// The issuing organisation on the cover; `nil` prints none.
    public var organisation: String?
    /// The date on the cover (as it is to be printed, e.g. "2024 年 6 月"); `nil` prints none.
    public var date: String?
    /// The sources of the values under each node, keyed `evaluation/node`, most values first.
    public var sources: [String: [ReportSource]]
    /// The printed page of each entry of the contents (by ``ReportEntry/id``), from a first print.
    public var pageNumbers: [String: Int]
    /// The analyst's preface, background and outlook.
    public var texts: ReportTexts

    public init(
        organisation: String? = nil,
        date: String? = nil,
        sources: [String: [ReportSource]] = [:],
        pageNumbers: [String: Int] = [:],
        texts: ReportTexts = ReportTexts()
    ) {
        self.organisation = organisation
        self.date = date
        self.sources = sources
        self.pageNumbers = pageNumbers
        self.texts = texts
    }

    /// The sources of the values each evaluation reads, per node: the observations of its units,
    /// periods and indicators, counted under every node above the indicator.
    ///
    /// - Complexity: O(observations × depth).
    public static func sources(of dataset: Dataset, for results: IndexResults) -> [String: [ReportSource]] {
        var counts: [String: [ReportSource]] = [:]
        for evaluation in results.evaluations {
            let units: Set<String>
            let periods: Set<String>
            switch evaluation {
            case .series(let series):
                units = [series.unit]
                periods = Set(series.periods)
            case .crossSection(let section):
                units = Set(section.units.map(\.id))
                periods = [section.period]
            }
            let parents = Dictionary(
                evaluation.nodes.map { ($0.id, $0.parent) },
                uniquingKeysWith: { first, _ in first }
            )
            var ancestors: [String: [String]] = [:]
            for node in evaluation.nodes where node.isIndicator {
                var chain: [String] = []
                var next = parents[node.id] ?? nil
                while let parent = next, chain.count < 64 {
                    chain.append(parent)
                    next = parents[parent] ?? nil
                }
                ancestors[node.id] = chain
            }
            var tally: [String: [ReportSource]] = [:]
            for observation in dataset.observations
            where observation.value != nil && units.contains(observation.unit) && periods.contains(observation.period) {
                guard let chain = ancestors[observation.indicator] else { continue }
                let isSynthetic = observation.status == .synthetic
                for node in chain {
                    var list = tally[node] ?? []
                    if let index = list.firstIndex(where: {
                        $0.name == observation.source && $0.isSynthetic == isSynthetic
                    }) {
                        list[index].count += 1
                    } else {
                        list.append(ReportSource(name: observation.source, isSynthetic: isSynthetic, count: 1))
                    }
                    tally[node] = list
                }
            }
            for (node, list) in tally {
                counts[evaluation.id + "/" + node] = list.sorted { ($1.count, $0.name) < ($0.count, $1.name) }
            }
        }
        return counts
    }
}

/// An entry of the report's front matter: a section, a figure or a table, and the id it links to.
public struct ReportEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case section, subsection, figure, appendixFigure, table
    }

    public var kind: Kind
    /// The element's id in the page (`sec-2`, `fig-3`, `figA-1`, `tab-1`).
    public var id: String
    /// The number as printed ("图 3", "（一）", "Figure 3"), empty when there is none.
    public var number: String
    /// The heading or caption after the number.
    public var text: String

    public init(kind: Kind, id: String, number: String, text: String) {
        self.kind = kind
        self.id = id
        self.number = number
        self.text = text
    }

    /// Number and text as printed.
    public var printed: String { number.isEmpty ? text : number + " " + text }
}
