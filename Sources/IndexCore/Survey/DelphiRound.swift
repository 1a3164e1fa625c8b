/// The panel's view of one indicator in one Delphi round.
public struct DelphiIndicatorStatistics: Sendable, Hashable {
    /// The indicator's id.
    public var id: String
    /// How many experts scored it.
    public var count: Int
    /// The mean score.
    public var mean: Double
    /// Sample standard deviation (ddof 1).
    public var sd: Double
    /// sd / mean (0 when the mean is 0).
    public var cv: Double
    /// The median score.
    public var median: Double
    /// The first and third quartiles (linear interpolation, R's type 7).
    public var lowerQuartile: Double
    /// The third quartile.
    public var upperQuartile: Double
    /// The share of experts who gave the full score.
    public var fullScoreFrequency: Double
}

/// The statistics of one Delphi round: per indicator, and the panel's concordance.
public struct DelphiRoundStatistics: Sendable, Hashable {
    /// The round's number, from 1.
    public var round: Int
    /// The experts who scored in this round.
    public var experts: [String]
    /// Per indicator, in the survey's order.
    public var indicators: [DelphiIndicatorStatistics]
    /// Kendall's W (tie-corrected), its χ², degrees of freedom and upper-tail p-value.
    public var kendallW: Double
    /// χ² = m (n − 1) W.
    public var chiSquare: Double
    /// n − 1.
    public var degreesOfFreedom: Int
    /// The upper-tail probability of ``chiSquare``.
    public var pValue: Double

    /// The largest coefficient of variation over the indicators.
    public var maximumCV: Double { indicators.map(\.cv).max() ?? 0 }

    /// The statistics of an indicator.
    public func indicator(_ id: String) -> DelphiIndicatorStatistics? {
        indicators.first { $0.id == id }
    }
}

/// When a Delphi survey stops: every indicator's CV below a threshold and Kendall's W significant
/// (each rule only when set), or a maximum number of rounds reached.
public struct DelphiStoppingRule: Sendable, Hashable {
    /// Stop when every indicator's CV is below this (0.25 is common).
    public var maximumCV: Double?
    /// Stop when Kendall's W is significant at this level (0.05 is common).
    public var significance: Double?
    /// Stop after this many rounds whatever the statistics.
    public var maximumRounds: Int?

    /// A rule; a criterion left `nil` is not applied.
    public init(maximumCV: Double? = nil, significance: Double? = nil, maximumRounds: Int? = nil) {
        self.maximumCV = maximumCV
        self.significance = significance
        self.maximumRounds = maximumRounds
    }

    /// Whether to stop after a round, and why (or why not), one reason per rule.
    public func decision(after statistics: DelphiRoundStatistics) -> (stop: Bool, reasons: [String]) {
        var reasons: [String] = []
        var converged = maximumCV != nil || significance != nil
        if let maximumCV {
            let worst = statistics.indicators.max { $0.cv < $1.cv }
            let met = (worst?.cv ?? 0) < maximumCV
            converged = converged && met
            reasons.append(
                met
                    ? "every CV is below \(plain(maximumCV)) (largest \(fixed(worst?.cv ?? 0, 4)))"
                    : "CV of '\(worst?.id ?? "")' is \(fixed(worst?.cv ?? 0, 4)) ≥ \(plain(maximumCV))"
            )
        }
        if let significance {
            let met = statistics.pValue < significance
            converged = converged && met
            reasons.append(
                "Kendall's W = \(fixed(statistics.kendallW, 4)), p = \(fixed(statistics.pValue, 6)) "
                    + (met ? "< \(plain(significance)): significant" : "≥ \(plain(significance)): not significant")
            )
        }
        var stop = converged
        if let maximumRounds {
            let reached = statistics.round >= maximumRounds
            if reached { reasons.append("round \(statistics.round) is the last allowed (\(maximumRounds))") }
            stop = stop || reached
        }
        return (stop, reasons)
    }
}

/// Delphi rounds: the panel's statistics per round (Hsu & Sandford 2007; the 专家打分 practice of mean,
/// SD, CV, full-score frequency and Kendall's W).
public enum Delphi {
    /// The statistics of a round's scores.
    ///
    /// Mean, SD, CV, median, full-score frequency and Kendall's W come from ``ExpertPanel/analyse(fullScore:summary:)``;
    /// the quartiles are added here.
    ///
    /// - Throws: ``IndexError`` for an empty or ragged panel or all-zero scores.
    public static func statistics(_ panel: ExpertPanel, fullScore: Double, round: Int) throws -> DelphiRoundStatistics {
        let result = try panel.analyse(fullScore: fullScore)
        let indicators = result.indicators.enumerated().map { j, s in
            let column = panel.scores.map { $0[j] }
            return DelphiIndicatorStatistics(
                id: s.id,
                count: column.count,
                mean: s.mean,
                sd: s.sd,
                cv: s.cv,
                median: s.median,
                lowerQuartile: quantile(column, 0.25),
                upperQuartile: quantile(column, 0.75),
                fullScoreFrequency: s.fullScoreFrequency
            )
        }
        return DelphiRoundStatistics(
            round: round,
            experts: panel.experts,
            indicators: indicators,
            kendallW: result.kendallW,
            chiSquare: result.chiSquare,
            degreesOfFreedom: result.degreesOfFreedom,
            pValue: result.pValue
        )
    }

    /// The p-quantile by linear interpolation between order statistics (R's type 7, NumPy's default).
    ///
    /// ```
    /// h = (n − 1) p,   Q(p) = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎)      (0-based order statistics)
    /// ```
    /// `NaN` for no values, a non-finite value or a NaN `p`; `p` is clamped to [0, 1].
    public static func quantile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty, !p.isNaN, values.allSatisfy(\.isFinite) else { return .nan }
        let sorted = values.sorted()
        let h = Double(sorted.count - 1) * min(max(p, 0), 1)
        let lower = Int(h.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        return sorted[lower] + (h - Double(lower)) * (sorted[upper] - sorted[lower])
    }
}

/// A number with fixed decimals, for messages.
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    var text = "\(rounded)"
    let decimals = text.split(separator: ".").last.map { $0.count } ?? 0
    if !text.contains("e"), decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    return text
}
