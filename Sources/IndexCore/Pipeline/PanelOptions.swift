/// Which units of a cross-section take part: those with enough of the indicators.
///
/// A unit whose share of indicators with a value (in the period) is below ``minCoverage`` is left
/// out of normalisation and ranking and listed with its coverage (COINr's
/// `Screen(dat_thresh, unit_screen = "byNA")`).
public struct ScreeningRule: Sendable, Hashable {
    /// When the share is counted: on the data as given, or after missing values are imputed.
    public enum Moment: String, Sendable, Hashable, CaseIterable {
        case beforeImputation = "before-imputation"
        case afterImputation = "after-imputation"
    }

    /// The share (0–1) of indicators a unit needs.
    public var minCoverage: Double
    public var when: Moment

    /// - Throws: ``IndexError`` for a share outside 0–1.
    public init(minCoverage: Double, when: Moment = .beforeImputation) throws {
        guard minCoverage.isFinite, (0...1).contains(minCoverage) else {
            throw IndexError("a screening share must be a number from 0 to 1, not \(minCoverage)")
        }
        self.minCoverage = minCoverage
        self.when = when
    }

    /// `F` or `F:before-imputation` / `F:after-imputation`.
    public var name: String {
        "\(minCoverage):\(when.rawValue)"
    }

    /// Parses ``name``.
    public init(name: String) throws {
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        guard let share = parts.first.flatMap({ StrictNumber.parse($0) }), (0...1).contains(share) else {
            throw IndexError(
                "--screen takes a share from 0 to 1 and optionally when: F[:before-imputation|after-imputation], not '\(name)'"
            )
        }
        var moment = Moment.beforeImputation
        if parts.count > 1 {
            guard let chosen = Moment(rawValue: parts[1].trimmingSpaces) else {
                throw IndexError("--screen: when must be before-imputation or after-imputation, not '\(parts[1])'")
            }
            moment = chosen
        }
        try self.init(minCoverage: share, when: moment)
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
