import RealModule

/// How the panel's scores for one indicator are summarised into a weight.
public enum PanelSummary: Sendable, Hashable {
    case mean
    case median
    /// The mean after dropping this share of scores at each end (0.1 drops the top and bottom 10 %).
    case trimmedMean(Double)

    /// The text form: `mean`, `median` or `trimmed-mean:SHARE`.
    public var name: String {
        switch self {
        case .mean: "mean"
        case .median: "median"
        case .trimmedMean(let share): "trimmed-mean:\(share)"
        }
    }
}

/// Expert scores: one row per expert, one column per indicator (专家打分).
public struct ExpertPanel: Sendable, Hashable {
    /// The experts' names, one per row of ``scores``.
    public var experts: [String]
    /// The indicator ids, one per column of ``scores``.
    public var indicators: [String]
    /// `scores[e][j]`: expert e's score for indicator j.
    public var scores: [[Double]]

    /// Creates a panel after checking the shape.
    ///
    /// - Throws: ``IndexError`` for a ragged or empty table, an indicator named twice or a non-finite
    ///   score.
    public init(experts: [String], indicators: [String], scores: [[Double]]) throws {
        guard !scores.isEmpty, !indicators.isEmpty else { throw IndexError("expert panel is empty") }
        // The weights are keyed by indicator (``PanelResult/weightByID``): a column named twice has no
        // one weight.
        var seen = Set<String>()
        for indicator in indicators where !seen.insert(indicator).inserted {
            throw IndexError("the expert panel names indicator '\(indicator)' twice", indicator: indicator)
        }
        guard experts.count == scores.count else {
            throw IndexError("\(experts.count) expert names for \(scores.count) rows of scores")
        }
        for (row, values) in scores.enumerated() {
            guard values.count == indicators.count else {
                throw IndexError(
                    "expert \(experts[row]) gives \(values.count) scores for \(indicators.count) indicators"
                )
            }
            for (column, score) in values.enumerated() where !score.isFinite || score < 0 {
                throw IndexError(
                    "expert \(experts[row]) gives an invalid score \(score)",
                    indicator: indicators[column]
                )
            }
        }
        self.experts = experts
        self.indicators = indicators
        self.scores = scores
    }
}

/// The panel's statistics for one indicator.
public struct PanelIndicatorStatistics: Sendable, Hashable {
    /// The indicator's id.
    public var id: String
    /// The mean score.
    public var mean: Double
    /// The median score.
    public var median: Double
    /// Sample standard deviation (ddof 1).
    public var sd: Double
    /// sd / mean.
    public var cv: Double
    /// The share of experts who gave the full score.
    public var fullScoreFrequency: Double
    /// The indicator's weight from the panel, as a share (the panel's weights total 1).
    public var weight: Double
}

/// The panel's statistics.
public struct PanelResult: Sendable, Hashable {
    /// Per indicator, in the panel's column order.
    public var indicators: [PanelIndicatorStatistics]
    /// Kendall's coefficient of concordance with the tie correction.
    public var kendallW: Double
    /// Kendall's W without the tie correction.
    public var kendallWUncorrected: Double
    /// χ² = m (n − 1) W (with the tie-corrected W).
    public var chiSquare: Double
    /// Degrees of freedom of the χ² test, n − 1.
    public var degreesOfFreedom: Int
    /// Upper-tail probability of χ² with n − 1 degrees of freedom.
    public var pValue: Double
    /// The score counted as full.
    public var fullScore: Double
    /// How the scores were summarised into weights.
    public var summary: PanelSummary

    /// Weights by indicator id, totalling 1.
    public var weightByID: [String: Double] {
        Dictionary(uniqueKeysWithValues: indicators.map { ($0.id, $0.weight) })
    }
}

extension ExpertPanel {
    /// Summarises the panel: per-indicator mean, SD, CV and full-score frequency, Kendall's W, and
    /// weights proportional to each indicator's summary score.
    ///
    /// ```
    /// R_j = Σ_e rank_e(j)        (ascending ranks within each expert's row, ties averaged)
    /// S   = Σ_j (R_j − R̄)²
    /// W   = 12 S / (m² (n³ − n) − m Σ_e Σ_g (t_g³ − t_g))      (tie-corrected)
    /// W₀  = 12 S / (m² (n³ − n))
    /// χ²  = m (n − 1) W,   df = n − 1
    /// ```
    /// (Kendall & Babington Smith 1939; Siegel & Castellan 1988, §9.4.)
    ///
    /// - Parameters:
    ///   - fullScore: the score that counts as full; defaults to the highest score present.
    ///   - summary: mean (default), median or trimmed mean.
    /// - Throws: ``IndexError`` when every summary score is zero.
    public func analyse(fullScore: Double? = nil, summary: PanelSummary = .mean) throws -> PanelResult {
        let m = scores.count
        let n = indicators.count
        let full = fullScore ?? scores.flatMap { $0 }.max() ?? 0
        var statistics: [PanelIndicatorStatistics] = []
        var summaries: [Double] = []
        for j in 0..<n {
            let column = scores.map { $0[j] }
            let mean = column.reduce(0, +) / Double(m)
            let variance = m > 1 ? column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m - 1) : 0
            let sd = variance.squareRoot()
            let median = Statistics.median(column)
            let value: Double
            switch summary {
            case .mean: value = mean
            case .median: value = median
            case .trimmedMean(let share): value = Self.trimmedMean(column, share: share)
            }
            summaries.append(value)
            statistics.append(
                PanelIndicatorStatistics(
                    id: indicators[j],
                    mean: mean,
                    median: median,
                    sd: sd,
                    cv: mean > 0 ? sd / mean : 0,
                    fullScoreFrequency: Double(column.filter { $0 == full }.count) / Double(m),
                    weight: 0
                )
            )
        }
        let total = summaries.reduce(0, +)
        guard total > 0 else { throw IndexError("every indicator's summary score is zero; no weights") }
        for j in 0..<n { statistics[j].weight = summaries[j] / total }

        var rankSums = [Double](repeating: 0, count: n)
        var tieTerm = 0.0
        for row in scores {
            let ranks = Normaliser.ranks(row, sign: 1)
            for j in 0..<n { rankSums[j] += ranks[j] }
            var counts: [Double: Int] = [:]
            for score in row { counts[score, default: 0] += 1 }
            for t in counts.values where t > 1 { tieTerm += Double(t * t * t - t) }
        }
        let meanRankSum = rankSums.reduce(0, +) / Double(n)
        let s = rankSums.reduce(0) { $0 + ($1 - meanRankSum) * ($1 - meanRankSum) }
        let dm = Double(m)
        let dn = Double(n)
        let uncorrectedDenominator = dm * dm * (dn * dn * dn - dn)
        let w0 = uncorrectedDenominator > 0 ? 12 * s / uncorrectedDenominator : 0
        let correctedDenominator = uncorrectedDenominator - dm * tieTerm
        let w = correctedDenominator > 0 ? 12 * s / correctedDenominator : 0
        let chiSquare = dm * (dn - 1) * w
        let df = n - 1
        return PanelResult(
            indicators: statistics,
            kendallW: w,
            kendallWUncorrected: w0,
            chiSquare: chiSquare,
            degreesOfFreedom: df,
            pValue: df > 0 ? Distributions.chiSquareUpperTail(chiSquare, degreesOfFreedom: Double(df)) : 1,
            fullScore: full,
            summary: summary
        )
    }

    static func trimmedMean(_ values: [Double], share: Double) -> Double {
        let sorted = values.sorted()
        let cut = Int((Double(sorted.count) * share).rounded(.down))
        let kept = sorted.count > 2 * cut ? Array(sorted[cut..<(sorted.count - cut)]) : sorted
        return kept.reduce(0, +) / Double(kept.count)
    }
}

/// Probability distributions needed by the analyses.
public enum Distributions {
    /// P(X > x) for χ² with k degrees of freedom: Q(k/2, x/2), the regularised upper incomplete gamma.
    public static func chiSquareUpperTail(_ x: Double, degreesOfFreedom k: Double) -> Double {
        guard x > 0 else { return 1 }
        return regularisedGammaQ(k / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x)/Γ(a), by series for x < a + 1 and a continued fraction otherwise
    /// (Numerical Recipes §6.2).
    public static func regularisedGammaQ(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 1 }
        let logGammaA = Double.logGamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return 1 - sum * Double.exp(-x + a * Double.log(x) - logGammaA)
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        for i in 1..<10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return Double.exp(-x + a * Double.log(x) - logGammaA) * h
    }
}
