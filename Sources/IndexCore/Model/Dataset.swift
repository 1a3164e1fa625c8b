/// A unit of assessment: a country, a province, a county.
public struct AssessedUnit: Sendable, Hashable {
    /// The unit's id (`JS`, `CN`).
    public var id: String
    /// The unit's name in both languages.
    public var name: LocalisedText
    /// Group memberships, such as `region: East`.
    public var groups: [String: String]
    /// Other names people write for the unit (江苏省, Jiangsu Province), resolved to ``id`` on import.
    public var aliases: [String]

    /// A unit with its names, groups and aliases.
    public init(id: String, name: LocalisedText, groups: [String: String] = [:], aliases: [String] = []) {
        self.id = id
        self.name = name
        self.groups = groups
        self.aliases = aliases
    }
}

/// Where an observation comes from.
public enum ObservationStatus: String, Sendable, Hashable, CaseIterable {
    case reported
    case estimated
    case synthetic
}

/// One value of one indicator for one unit in one period, with its provenance.
public struct Observation: Sendable, Hashable {
    /// The unit's id.
    public var unit: String
    /// The indicator's id (or a denominator series' id).
    public var indicator: String
    /// The period (`2023`).
    public var period: String
    /// The value; `nil` for a missing value that is kept visible.
    public var value: Double?
    /// Where the value comes from.
    public var source: String
    /// A free note on the value.
    public var note: String
    /// Reported, estimated or synthetic.
    public var status: ObservationStatus
    /// Where the value was read from, for error messages.
    public var location: SourceLocation?

    /// An observation; reported, with no source or note, by default.
    public init(
        unit: String,
        indicator: String,
        period: String,
        value: Double?,
        source: String = "",
        note: String = "",
        status: ObservationStatus = .reported,
        location: SourceLocation? = nil
    ) {
        self.unit = unit
        self.indicator = indicator
        self.period = period
        self.value = value
        self.source = source
        self.note = note
        self.status = status
        self.location = location
    }
}

/// A place in an input file: path, worksheet, 1-based line (row) and column.
public struct SourceLocation: Sendable, Hashable {
    /// The file's path as given.
    public var file: String
    /// The worksheet, when the file is a workbook.
    public var sheet: String?
    /// The 1-based line (row).
    public var line: Int
    /// The 1-based column, when known.
    public var column: Int?

    /// A location in a file.
    public init(file: String, sheet: String? = nil, line: Int, column: Int? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
    }
}

/// Indicator data: observations and the units they describe.
public struct Dataset: Sendable, Hashable {
    /// The units the data describe.
    public var units: [AssessedUnit]
    /// The observations, in the order read, as columns (see ``ObservationTable``).
    public var observations: ObservationTable
    /// Whether the data are illustrative (some values synthetic); every output says so.
    public var isIllustrative: Bool

    /// A dataset; illustrative when any observation is synthetic, unless said otherwise.
    public init(units: [AssessedUnit], observations: ObservationTable, isIllustrative: Bool? = nil) {
        self.units = units
        self.observations = observations
        self.isIllustrative = isIllustrative ?? observations.statuses.contains(.synthetic)
    }

    /// A dataset of observations given one by one.
    public init(units: [AssessedUnit], observations: [Observation], isIllustrative: Bool? = nil) {
        self.init(units: units, observations: ObservationTable(observations), isIllustrative: isIllustrative)
    }

    /// The note every output of illustrative data carries (tables, reports, pages, workbooks).
    public static let illustrativeNote =
        "Illustrative data: real figures where public, synthetic values elsewhere (see each value's status). 数据仅为示意，仅供参考。"

    /// The periods present, sorted (each distinct period string compared once, not once per value).
    public var periods: [String] {
        var used = [Bool](repeating: false, count: observations.strings.count)
        for number in observations.periodNumbers { used[Int(number)] = true }
        return Array(Set(observations.strings.indices.filter { used[$0] }.map { observations.strings[$0] })).sorted()
    }

    /// A lookup of values by unit, indicator and period, of the observations that pass a filter.
    public func valueTable(where isIncluded: (Observation) -> Bool = { _ in true }) -> [ObservationKey: Double] {
        var table: [ObservationKey: Double] = [:]
        for observation in observations where isIncluded(observation) {
            if let value = observation.value {
                table[
                    ObservationKey(unit: observation.unit, indicator: observation.indicator, period: observation.period)
                ] =
                    value
            }
        }
        return table
    }
}

/// The key of an observation.
public struct ObservationKey: Sendable, Hashable {
    /// The unit's id.
    public var unit: String
    /// The indicator's id.
    public var indicator: String
    /// The period.
    public var period: String

    /// A key.
    public init(unit: String, indicator: String, period: String) {
        self.unit = unit
        self.indicator = indicator
        self.period = period
    }
}
