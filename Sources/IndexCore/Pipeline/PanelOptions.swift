/// Which units of a cross-section take part: those with enough of the indicators, and enough of
/// them not zero.
///
/// A unit whose share of indicators with a value (in the period) is below ``minCoverage``, or whose
/// share of non-zero values among those it has is below ``minNonZero``, is left out of normalisation
/// and ranking and listed with its coverage — COINr's `Screen(dat_thresh, nonzero_thresh,
/// unit_screen = "byNA" | "byzeros" | "byNAandzeros")`. Units named in ``included`` take part and those
/// in ``excluded`` do not, whatever the shares say (COINr's `Force`; a unit in both is excluded, as in
/// COINr).
public struct ScreeningRule: Sendable, Hashable {
    /// When the share is counted: on the data as given, or after missing values are imputed.
    public enum Moment: String, Sendable, Hashable, CaseIterable {
        case beforeImputation = "before-imputation"
        case afterImputation = "after-imputation"
    }

    /// The share (0–1) of indicators a unit needs.
    public var minCoverage: Double
    public var when: Moment
    /// The share (0–1) of a unit's values that must not be zero; `nil` = zeros are not counted.
    public var minNonZero: Double?
    /// Units that take part whatever their shares.
    public var included: [String]
    /// Units left out whatever their shares.
    public var excluded: [String]

    /// - Throws: ``IndexError`` for a share outside 0–1.
    public init(
        minCoverage: Double,
        when: Moment = .beforeImputation,
        minNonZero: Double? = nil,
        included: [String] = [],
        excluded: [String] = []
    ) throws {
        for share in [minCoverage] + (minNonZero.map { [$0] } ?? []) {
            guard share.isFinite, (0...1).contains(share) else {
                throw IndexError("a screening share must be a number from 0 to 1, not \(share)")
            }
        }
        self.minCoverage = minCoverage
        self.when = when
        self.minNonZero = minNonZero
        self.included = included
        self.excluded = excluded
    }

    /// Whether the rule can leave a unit out.
    public var screensAnything: Bool { minCoverage > 0 || (minNonZero ?? 0) > 0 || !excluded.isEmpty }

    /// Whether a unit takes part, from its share of indicators with a value and its share of non-zero
    /// values among them (`nil` when it has no value).
    public func keeps(unit: String, coverage: Double, nonZero: Double?) -> Bool {
        if excluded.contains(unit) { return false }
        if included.contains(unit) { return true }
        if coverage < minCoverage * (1 - 1e-12) { return false }
        if let minNonZero, let nonZero, nonZero < minNonZero * (1 - 1e-12) { return false }
        return true
    }

    /// `F[:nonzero=G][:include=A,B][:exclude=C]:WHEN`.
    public var name: String {
        ([NameNumber.text(minCoverage)] + (minNonZero.map { ["nonzero=\(NameNumber.text($0))"] } ?? [])
            + (included.isEmpty ? [] : ["include=\(included.joined(separator: ","))"])
            + (excluded.isEmpty ? [] : ["exclude=\(excluded.joined(separator: ","))"]) + [when.rawValue])
            .joined(separator: ":")
    }

    /// Parses ``name``: the share, then in any order `nonzero=G`, `include=A,B`, `exclude=C` and
    /// `before-imputation` or `after-imputation`.
    public init(name: String) throws {
        let parts = name.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        let usage =
            "--screen takes a share from 0 to 1, then optionally nonzero=SHARE, include=UNITS, exclude=UNITS and "
            + "before-imputation|after-imputation: F[:nonzero=G][:include=A,B][:exclude=C][:WHEN], not '\(name)'"
        guard let share = parts.first.flatMap({ StrictNumber.parse($0) }), (0...1).contains(share) else {
            throw IndexError(usage)
        }
        var moment: Moment?
        var nonZero: Double?
        var included: [String]?
        var excluded: [String]?
        func units(_ text: Substring) throws -> [String] {
            let codes = text.split(separator: ",").map { String($0).trimmingSpaces }
            guard !codes.isEmpty, codes.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isNewline) }) else {
                throw IndexError(usage)
            }
            return codes
        }
        for part in parts.dropFirst() {
            if let chosen = Moment(rawValue: part), moment == nil {
                moment = chosen
            } else if part.hasPrefix("nonzero="), nonZero == nil,
                let value = StrictNumber.parse(part.dropFirst(8)), (0...1).contains(value)
            {
                nonZero = value
            } else if part.hasPrefix("include="), included == nil {
                included = try units(part.dropFirst(8))
            } else if part.hasPrefix("exclude="), excluded == nil {
                excluded = try units(part.dropFirst(8))
            } else {
                throw IndexError(usage)
            }
        }
        try self.init(
            minCoverage: share,
            when: moment ?? .beforeImputation,
            minNonZero: nonZero,
            included: included ?? [],
            excluded: excluded ?? []
        )
    }
}

/// A unit left out of a cross-section by the screening rule.
public struct ScreenedUnit: Sendable, Hashable {
    public var unit: String
    public var period: String
    /// Its share of indicators with a value (0–1).
    public var coverage: Double

    public init(unit: String, period: String, coverage: Double) {
        self.unit = unit
        self.period = period
        self.coverage = coverage
    }
}

/// The periods a cross-section evaluation runs over.
public enum PeriodSelection: Sendable, Hashable {
    /// The latest period with data.
    case latest
    /// Every period with data: a panel.
    case all
    /// These periods (one is an ordinary cross-section; several a panel).
    case list([String])

    /// Parses `all`, `latest`, `2023` or `2021,2022,2023`.
    public init(name: String) throws {
        let text = name.trimmingSpaces
        switch text {
        case "all": self = .all
        case "latest", "": self = .latest
        default:
            let periods = text.split(separator: ",").map { String($0).trimmingSpaces }
            guard !periods.isEmpty, periods.allSatisfy({ !$0.isEmpty && $0.allSatisfy { !$0.isNewline && $0 != "\0" } })
            else {
                throw IndexError("--period takes all, latest, a period or a list such as 2021,2022,2023, not '\(name)'")
            }
            guard Set(periods).count == periods.count else {
                throw IndexError("--period names a period twice: '\(name)'")
            }
            self = .list(periods)
        }
    }

    public var name: String {
        switch self {
        case .latest: "latest"
        case .all: "all"
        case .list(let periods): periods.joined(separator: ",")
        }
    }
}

/// Where normalisation takes its bounds (min and max, mean and sd, ranks) from in a panel.
public enum NormalisationScope: String, Sendable, Hashable, CaseIterable {
    /// Each period on its own: scores compare units within a year.
    case period
    /// Every unit-period of the panel at once (COINr's `global = TRUE`): scores compare across years.
    case panel
}
