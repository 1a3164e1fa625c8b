import RealModule

/// Saaty's fundamental scale of absolute numbers: 1–9 and their reciprocals (Saaty 1980, Table 1.1).
///
/// A judgement `a_ij` says how much more important child i is than child j: `3` is "moderately more
/// important", `1/3` its mirror. The 17 values 1/9, 1/8, …, 1/2, 1, 2, …, 9 are the scale; anything else
/// is refused. Written entries may be numbers or fractions (`"1/5"`); a decimal is accepted when it is
/// within 1 % of a scale value (so `0.333` reads as 1/3) and is then snapped to that value.
public enum SaatyScale {
    /// One step of the verbal scale, in Chinese and English.
    public struct Step: Sendable, Hashable {
        /// The scale value (1, 3, 5, 7, 9).
        public var value: Int
        /// Its verbal meaning.
        public var label: LocalisedText
    }

    /// The verbal scale (odd values; the even ones are the midpoints between them).
    public static let verbal: [Step] = [
        Step(value: 1, label: LocalisedText(zh: "同等重要", en: "equally important")),
        Step(value: 2, label: LocalisedText(zh: "介于同等与稍微重要之间", en: "between equal and moderate")),
        Step(value: 3, label: LocalisedText(zh: "稍微重要", en: "moderately more important")),
        Step(value: 4, label: LocalisedText(zh: "介于稍微与明显重要之间", en: "between moderate and strong")),
        Step(value: 5, label: LocalisedText(zh: "明显重要", en: "strongly more important")),
        Step(value: 6, label: LocalisedText(zh: "介于明显与强烈重要之间", en: "between strong and very strong")),
        Step(value: 7, label: LocalisedText(zh: "强烈重要", en: "very strongly more important")),
        Step(value: 8, label: LocalisedText(zh: "介于强烈与极端重要之间", en: "between very strong and extreme")),
        Step(value: 9, label: LocalisedText(zh: "极端重要", en: "extremely more important")),
    ]

    /// The 17 scale values in increasing order, 1/9 … 9.
    public static let values: [Double] = (2...9).reversed().map { 1 / Double($0) } + (1...9).map(Double.init)

    /// The scale value a number stands for, or `nil` when it is not on the scale.
    ///
    /// Accepts values within 1 % (relative) of a scale value.
    public static func snapped(_ value: Double) -> Double? {
        guard value.isFinite, value > 0 else { return nil }
        return values.first { abs(value - $0) <= 0.01 * $0 }
    }

    /// Reads a written judgement: `3`, `1/5`, `0.2`; `nil` when it is not a positive number or fraction.
    public static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let top = Double(parts[0].trimmingSpaces), let bottom = Double(parts[1].trimmingSpaces),
            bottom != 0
        {
            return top / bottom
        }
        return parts.count == 1 ? Double(trimmed) : nil
    }

    /// The nearest scale value in log space (what a computed ratio `w_i / w_j` rounds to).
    public static func nearest(_ value: Double) -> Double {
        guard value.isFinite, value > 0 else { return 1 }
        let target = Double.log(value)
        return values.min { abs(Double.log($0) - target) < abs(Double.log($1) - target) } ?? 1
    }

    /// A scale value as people write it: `3`, `1/5`; other numbers with four decimals.
    public static func label(_ value: Double) -> String {
        if let snapped = snapped(value) {
            return snapped >= 1 ? "\(Int(snapped.rounded()))" : "1/\(Int((1 / snapped).rounded()))"
        }
        let scaled = (value * 10_000).rounded() / 10_000
        return "\(scaled)"
    }

    /// The verbal reading of a judgement of child i over child j, such as "i strongly more important".
    public static func describe(_ value: Double, language: Language) -> String {
        guard let snapped = snapped(value) else { return label(value) }
        let step = Int((snapped >= 1 ? snapped : 1 / snapped).rounded())
        let text = verbal.first { $0.value == step }?.label.text(in: language) ?? ""
        if step == 1 { return text }
        switch language {
        case .zh: return snapped >= 1 ? "前者\(text)" : "后者\(text)"
        case .en: return snapped >= 1 ? "the first is \(text)" : "the second is \(text)"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and newlines.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[first...last])
        return String(kept)
    }
}
