import RealModule

/// The one code path that normalises indicator values.
///
/// Works on a column of values (one indicator across units, or across periods for `basePeriod`),
/// with `nil` marking a missing value that stays missing.
public enum Normaliser {
    /// A warning raised while normalising (for example a constant indicator).
    public struct Warning: Sendable, Hashable, CustomStringConvertible {
        /// The indicator's id.
        public var indicator: String
        /// What happened, in words.
        public var message: String

        /// A warning about an indicator.
        public init(indicator: String, message: String) {
            self.indicator = indicator
            self.message = message
        }

        /// `indicator 'ID': message`.
        public var description: String { "indicator '\(indicator)': \(message)" }
    }

    /// Applies the indicator's transform (log) in place.
    ///
    /// - Throws: ``IndexError`` naming the indicator and unit for a non-positive value under `log`.
    public static func transform(_ column: inout [Double], indicator: Indicator, units: [String]) throws {
        try transform(&column, subject: Subject(indicator), units: units)
    }

    /// What normalising reads of an indicator, taken out of it once.
    ///
    /// A pipeline prepares one per indicator, so a scoring pass hands the normaliser a few numbers
    /// and one string instead of copying an ``Indicator`` (a copy retains a dozen strings and arrays;
    /// at 31 units × 60 indicators those copies and their releases were a tenth of a pass).
    struct Subject: Sendable {
        /// The indicator's id, for errors and warnings.
        let id: String
        /// +1 when higher is better, −1 when lower is better.
        let sign: Double
        /// The transform applied before normalising.
        let transform: Transform?
        /// The goalposts `L…U`, as the framework gives them (not transformed).
        let goalposts: ClosedRange<Double>?
        /// The target, as the framework gives it (not transformed).
        let target: Double?

        init(_ indicator: Indicator) {
            id = indicator.id
            sign = indicator.direction.sign
            transform = indicator.transform
            goalposts = indicator.goalposts
            target = indicator.target
        }
    }

    static func transform(_ column: inout [Double], subject: Subject, units: [String]) throws {
        guard let transform = subject.transform else { return }
        switch transform {
        case .log:
            for index in column.indices where !column[index].isNaN {
                guard column[index] > 0 else {
                    throw IndexError(
                        "log transform needs positive values, found \(column[index])",
                        indicator: subject.id,
                        unit: units.indices.contains(index) ? units[index] : nil
                    )
                }
                column[index] = .log(column[index])
            }
        }
    }

    /// Normalises one indicator across units (cross-section methods), `nil` marking missing values.
    public static func normalise(
        _ values: [Double?],
        method: NormalisationMethod,
        indicator: Indicator,
        units: [String]
    ) throws -> (values: [Double?], warnings: [Warning]) {
        var column = values.map { $0 ?? .nan }
        let warnings = try normalise(&column, method: method, indicator: indicator, units: units)
        return (column.map { $0.isNaN ? nil : $0 }, warnings)
    }

    /// Normalises one indicator across units in place; `NaN` marks a missing value and stays `NaN`.
    ///
    /// ```
    /// min-max:   z = lo + (hi − lo)(x − min)/(max − min)     ((max − x)/(max − min) when lower is better)
    /// z-score:   z = m + s · d (x − x̄)/σ                      (d = +1 or −1 by direction)
    /// goalposts: z = lo + (hi − lo) · clamp((x − L)/(U − L), 0, 1)
    /// target:    z = lo + (hi − lo) · clamp((x − worst)/(target − worst), 0, 1)
    /// ```
    /// Edge cases: when every present value is equal, min-max gives `lo` to all with a warning
    /// (METHOD.md §3); z-score with zero spread throws; goalposts and targets are log-transformed with
    /// the values. The transform (if any) is applied first.
    ///
    /// - Parameters:
    ///   - column: one value per unit.
    ///   - method: the normalisation; ``NormalisationMethod/basePeriod(base:)`` runs over periods and
    ///     is refused here (see ``normaliseToBase(_:baseIndex:indicator:unit:basePeriod:)``).
    ///   - indicator: gives the direction, transform, goalposts and target, and names errors.
    ///   - units: unit ids, for error messages.
    /// - Returns: warnings (empty when none).
    /// - Throws: ``IndexError`` naming the indicator (and unit) when the method is undefined for the data.
    public static func normalise(
        _ column: inout [Double],
        method: NormalisationMethod,
        indicator: Indicator,
        units: [String]
    ) throws -> [Warning] {
        try normaliseResolved(
            &column,
            method: method.resolved(for: indicator),
            subject: Subject(indicator),
            units: units
        )
    }

    /// `normalise(_:method:indicator:units:)` in place, for a method already resolved for the
    /// indicator (``NormalisationMethod/resolved(for:)``), as a prepared pipeline holds it.
    static func normaliseResolved(
        _ column: inout [Double],
        method: NormalisationMethod,
        subject indicator: borrowing Subject,
        units: [String]
    ) throws -> [Warning] {
        try transform(&column, subject: indicator, units: units)
        let sign = indicator.sign
        let (low, high, count) = column.withUnsafeBufferPointer(extremes)
        if low == -.infinity || high == .infinity {
            let infinite = column.first { $0.isInfinite } ?? high
            throw IndexError("the value \(infinite) is not a finite number", indicator: indicator.id)
        }
        // The spread must be a number: ±1e308 in one indicator would give infinities and zeros.
        // The sum of the values is finite when their count times the largest magnitude is well
        // inside a double; only otherwise is it added up to see.
        let isSumFinite =
            Double(count) * Swift.max(-low, high) <= .greatestFiniteMagnitude / 2 || sum(column).isFinite
        guard count == 0 || ((high - low).isFinite && isSumFinite) else {
            throw IndexError(
                "the values run from \(low) to \(high): their spread overflows a double; rescale the indicator (for example to thousands)",
                indicator: indicator.id
            )
        }
        switch method {
        case .basePeriod:
            throw IndexError("base-period normalisation runs over periods, not units", indicator: indicator.id)
        case .none:
            if sign < 0 { for index in column.indices { column[index] = -column[index] } }
        case .minMax(let lower, let upper):
            guard count > 0 else { return [Warning(indicator: indicator.id, message: "no values")] }
            if high == low {
                for index in column.indices where !column[index].isNaN { column[index] = lower }
                return [
                    Warning(indicator: indicator.id, message: "all units have the same value; scored \(lower) for all")
                ]
            }
            // Divide rather than multiply by a reciprocal so the extremes land exactly on lo and hi.
            // A missing value (NaN) stays NaN through the arithmetic, so the loops have no branch
            // and the compiler vectorises them.
            let span = high - low
            let range = upper - lower
            column.withUnsafeMutableBufferPointer { values in
                if sign > 0 {
                    for index in values.indices { values[index] = lower + range * ((values[index] - low) / span) }
                } else {
                    for index in values.indices { values[index] = lower + range * ((high - values[index]) / span) }
                }
            }
        case .zScore(let mean, let sd, let given):
            let ddof = given ?? 0
            guard count > ddof else {
                throw IndexError("z-score needs more than \(ddof) values", indicator: indicator.id)
            }
            let average = sum(column) / Double(count)
            var squares = 0.0
            for x in column where !x.isNaN { squares += (x - average) * (x - average) }
            let spread = (squares / Double(count - ddof)).squareRoot()
            guard spread.isFinite else {
                throw IndexError(
                    "z-score undefined: the values' spread overflows a double; rescale the indicator",
                    indicator: indicator.id
                )
            }
            guard spread > 0 else {
                throw IndexError("z-score undefined: every unit has the same value", indicator: indicator.id)
            }
            let factor = sd * sign / spread
            // NaN (missing) stays NaN through the arithmetic: no branch, a loop the compiler vectorises.
            column.withUnsafeMutableBufferPointer { values in
                for index in values.indices { values[index] = mean + factor * (values[index] - average) }
            }
        case .goalposts(let lower, let upper):
            guard var posts = indicator.goalposts else {
                throw IndexError("goalpost normalisation needs goalposts", indicator: indicator.id)
            }
            if indicator.transform == .log {
                guard posts.lowerBound > 0 else {
                    throw IndexError("log goalposts must be positive", indicator: indicator.id)
                }
                posts = Double.log(posts.lowerBound)...Double.log(posts.upperBound)
            }
            let span = posts.upperBound - posts.lowerBound
            guard span > 0 else { throw IndexError("goalposts must differ", indicator: indicator.id) }
            for index in column.indices where !column[index].isNaN {
                let x = column[index]
                let raw = sign > 0 ? (x - posts.lowerBound) / span : (posts.upperBound - x) / span
                column[index] = lower + (upper - lower) * Swift.min(1, Swift.max(0, raw))
            }
        case .distanceToTarget(let lower, let upper):
            guard var target = indicator.target else {
                throw IndexError("distance-to-target normalisation needs a target", indicator: indicator.id)
            }
            if indicator.transform == .log {
                guard target > 0 else { throw IndexError("log target must be positive", indicator: indicator.id) }
                target = .log(target)
            }
            guard count > 0 else { return [] }
            let worst = sign > 0 ? low : high
            guard target != worst else {
                throw IndexError("target equals the worst value; distance undefined", indicator: indicator.id)
            }
            for index in column.indices where !column[index].isNaN {
                let raw = (column[index] - worst) / (target - worst)
                column[index] = lower + (upper - lower) * Swift.min(1, Swift.max(0, raw))
            }
        case .rank(let ties):
            column = ranks(column, sign: sign, ties: ties ?? .average)
        case .borda(let ties):
            column = ranks(column, sign: sign, ties: ties ?? .average).map { $0 - 1 }
        case .percentileRank(let lower, let upper, let ties):
            let ranked = ranks(column, sign: sign, ties: ties ?? .average)
            let n = Double(count)
            column = ranked.map { $0.isNaN ? $0 : (n > 1 ? lower + (upper - lower) * ($0 - 1) / (n - 1) : upper) }
        case .fromIndicator:
            throw IndexError("\(method.name) was not resolved for the indicator", indicator: indicator.id)
        case .distanceToMax:
            guard count > 0 else { return [Warning(indicator: indicator.id, message: "no values")] }
            guard high > low else {
                for index in column.indices where !column[index].isNaN { column[index] = 0 }
                return [Warning(indicator: indicator.id, message: "all units have the same value; scored 0 for all")]
            }
            for index in column.indices where !column[index].isNaN {
                let x = column[index]
                column[index] = 1 - (sign > 0 ? high - x : x - low) / (high - low)
            }
        case .distanceToReference(let unit, let capped):
            try distanceToReference(&column, unit: unit, capped: capped, indicator: indicator, units: units)
        case .distanceToTargetRatio(let capped):
            guard var target = indicator.target else {
                throw IndexError("distance-to-target normalisation needs a target", indicator: indicator.id)
            }
            if indicator.transform == .log {
                guard target > 0 else { throw IndexError("log target must be positive", indicator: indicator.id) }
                target = .log(target)
            }
            guard count > 0 else { return [] }
            // As COINr: x and the target both times the direction, then (x − min)/(target − min).
            let worst = sign > 0 ? low : -high
            let goal = sign * target
            guard goal != worst else {
                throw IndexError("target equals the worst value; distance undefined", indicator: indicator.id)
            }
            for index in column.indices where !column[index].isNaN {
                let raw = (sign * column[index] - worst) / (goal - worst)
                column[index] = capped == true ? Swift.min(1, raw) : raw
            }
        case .scaled(var lower, var upper, let factor, let truncated):
            if indicator.transform == .log {
                guard lower > 0, upper > 0 else {
                    throw IndexError("log posts must be positive", indicator: indicator.id)
                }
                lower = .log(lower)
                upper = .log(upper)
            }
            guard upper != lower, (upper - lower).isFinite else {
                throw IndexError("the posts \(lower) and \(upper) must differ", indicator: indicator.id)
            }
            for index in column.indices where !column[index].isNaN {
                let x = column[index]
                let raw = sign > 0 ? (x - lower) / (upper - lower) : (upper - x) / (upper - lower)
                column[index] = (truncated ? Swift.min(1, Swift.max(0, raw)) : raw) * factor
            }
        case .fractionOfMax:
            // COINr's n_fracmax: x / max(x), after the direction (x → −x when lower is better).
            let largest = sign > 0 ? high : -low
            guard count > 0 else { return [] }
            guard largest != 0 else {
                throw IndexError(
                    "fraction of the maximum is undefined: the largest value is 0",
                    indicator: indicator.id
                )
            }
            for index in column.indices where !column[index].isNaN { column[index] = sign * column[index] / largest }
            if largest < 0 {
                return [
                    Warning(
                        indicator: indicator.id,
                        message:
                            "fracmax divides by the largest value after the direction (−x for lower is better), which is negative here: worse units score higher, as COINr's n_fracmax gives; minmax ranks them the right way"
                    )
                ]
            }
        }
        return []
    }

    /// The smallest and largest present values and how many there are, `NaN` (missing) skipped and
    /// infinities included (for the caller to refuse). Of equal extremes the first is kept, as a
    /// scan in order keeps it, so a zero extreme has the first zero's sign.
    ///
    /// Four values at a time in `SIMD4` lanes: a missing value compares false and moves nothing, so
    /// the loop has no branch. The scalar loop it replaced kept a branch per value and added up a
    /// running sum, a chain of dependent additions as long as the column (at 31 units × 60
    /// indicators the scan was a fifth of a scoring pass).
    static func extremes(_ values: UnsafeBufferPointer<Double>) -> (low: Double, high: Double, count: Int) {
        typealias Lanes = SIMD4<Double>
        guard let base = values.baseAddress else { return (.infinity, -.infinity, 0) }
        var lows = Lanes(repeating: .infinity)
        var highs = Lanes(repeating: -.infinity)
        var counts = Lanes(repeating: 0)
        let one = Lanes(repeating: 1)
        let zero = Lanes(repeating: 0)
        var index = 0
        while index + 4 <= values.count {
            let x = UnsafeRawPointer(base + index).loadUnaligned(as: Lanes.self)
            lows = lows.replacing(with: x, where: x .< lows)
            highs = highs.replacing(with: x, where: x .> highs)
            counts += one.replacing(with: zero, where: x .!= x)
            index += 4
        }
        // The lanes met by hand: `SIMD.min()` and `max()` were calls of their own.
        var low = Swift.min(Swift.min(lows[0], lows[1]), Swift.min(lows[2], lows[3]))
        var high = Swift.max(Swift.max(highs[0], highs[1]), Swift.max(highs[2], highs[3]))
        var count = Int(counts.sum())
        while index < values.count {
            let x = base[index]
            if x < low { low = x }
            if x > high { high = x }
            if !x.isNaN { count += 1 }
            index += 1
        }
        // Lanes meet out of order; a zero extreme takes the first zero's sign, as the scan in order.
        if low == 0 || high == 0, let first = values.first(where: { $0 == 0 }) {
            if low == 0 { low = first }
            if high == 0 { high = first }
        }
        return (low, high, count)
    }

    /// The present values added in order (`NaN` skipped), as the z-score's mean needs them.
    static func sum(_ column: [Double]) -> Double {
        var total = 0.0
        for x in column where !x.isNaN { total += x }
        return total
    }

    /// COINr's `n_dist2ref`: `1 − (r − x)/(r − min)` on directed values (`x → −x` when lower is
    /// better), `r` the reference unit's value; capped at 1 when asked.
    ///
    /// The reference is a unit id (COINr's `iref` is a row number); in a panel's rows (`"ID PERIOD"`)
    /// it must name one row of the block. Where COINr gives every unit `NA` (the reference has no
    /// value) or divides by zero (the reference is the worst unit), this throws.
    static func distanceToReference(
        _ column: inout [Double],
        unit: String,
        capped: Bool,
        indicator: Subject,
        units: [String]
    ) throws {
        let rows = units.indices.filter { units[$0] == unit || units[$0].hasPrefix(unit + " ") }
        guard rows.count == 1, let row = rows.first, column.indices.contains(row) else {
            throw IndexError(
                rows.isEmpty
                    ? "the reference unit '\(unit)' is not among the units"
                    : "the reference unit '\(unit)' has \(rows.count) rows here (normalise each period on its own)",
                indicator: indicator.id
            )
        }
        let sign = indicator.sign
        let reference = sign * column[row]
        guard !reference.isNaN else {
            throw IndexError("the reference unit has no value", indicator: indicator.id, unit: unit)
        }
        var worst = Double.infinity
        for x in column where !x.isNaN { worst = Swift.min(worst, sign * x) }
        guard reference > worst else {
            throw IndexError(
                "the reference unit has the worst value; the distance is undefined",
                indicator: indicator.id,
                unit: unit
            )
        }
        for index in column.indices where !column[index].isNaN {
            let score = 1 - (reference - sign * column[index]) / (reference - worst)
            column[index] = capped ? Swift.min(1, score) : score
        }
    }

    /// Normalises a series against its base period in place: `100 · x_t / x_base`
    /// (`100 · x_base / x_t` when lower is better). `NaN` marks a missing value.
    ///
    /// - Throws: ``IndexError`` naming the indicator and unit when the base value is missing or zero.
    public static func normaliseToBase(
        _ series: inout [Double],
        baseIndex: Int,
        indicator: Indicator,
        unit: String,
        basePeriod: String
    ) throws {
        try transform(&series, indicator: indicator, units: Array(repeating: unit, count: series.count))
        let base = series[baseIndex]
        guard !base.isNaN else {
            throw IndexError("missing base-period (\(basePeriod)) value", indicator: indicator.id, unit: unit)
        }
        guard base != 0 else {
            throw IndexError(
                "base-period (\(basePeriod)) value is 0; the ratio is undefined",
                indicator: indicator.id,
                unit: unit
            )
        }
        for index in series.indices where !series[index].isNaN {
            let value = series[index]
            if indicator.direction == .higherIsBetter {
                series[index] = 100 * value / base
            } else {
                guard value != 0 else {
                    throw IndexError(
                        "value 0 for a lower-is-better indicator; the ratio is undefined",
                        indicator: indicator.id,
                        unit: unit
                    )
                }
                series[index] = 100 * base / value
            }
        }
    }

    /// Ascending ranks (1 = worst after direction), ties ranked by `ties`; `NaN` stays.
    static func ranks(_ column: [Double], sign: Double, ties: RankTies = .average) -> [Double] {
        let present = column.indices.filter { !column[$0].isNaN }.sorted { sign * column[$0] < sign * column[$1] }
        var result = [Double](repeating: .nan, count: column.count)
        var start = 0
        while start < present.count {
            var end = start
            while end + 1 < present.count && column[present[end + 1]] == column[present[start]] { end += 1 }
            let shared: Double =
                switch ties {
                case .average: Double(start + end) / 2 + 1
                case .min: Double(start + 1)
                case .max: Double(end + 1)
                }
            for position in start...end { result[present[position]] = shared }
            start = end + 1
        }
        return result
    }
}
