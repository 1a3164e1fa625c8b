/// SVG written as text: every chart is a pure function from numbers to a string, so its output can
/// be snapshot-tested and every number on it traced to the results.
public struct SVG: Sendable {
    public var width: Double
    public var height: Double
    /// An accessible title, also the figure's caption.
    public var title: String
    var body: [String] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    public mutating func add(_ element: String) {
        body.append(element)
    }

    public var rendered: String {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" width="\(SVG.number(width))" height="\(SVG.number(height))" role="img" aria-label="\(SVG.escape(title))" font-family="'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif">
        <title>\(SVG.escape(title))</title>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    /// Text made safe inside XML.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Coordinates with at most two decimals, no trailing zeros.
    public static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return "\(rounded)"
    }

    /// A value as printed on a chart: fixed decimals.
    public static func label(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        var text = "\(abs(rounded))"
        if digits == 0 {
            text = String(Int(abs(rounded)))
        } else {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let decimals = parts.count > 1 ? String(parts[1]) : ""
            text = String(parts[0]) + "." + String((decimals + String(repeating: "0", count: digits)).prefix(digits))
        }
        return (rounded < 0 ? "−" : "") + text
    }

    public static func text(
        _ content: String, x: Double, y: Double, size: Double = 12, anchor: String = "start", weight: String? = nil,
        fill: String = Palette.ink, extra: String = ""
    ) -> String {
        let bold = weight.map { " font-weight=\"\($0)\"" } ?? ""
        return "<text x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(number(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(bold)\(extra)>\(escape(content))</text>"
    }

    public static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = Palette.grid, width: Double = 1) -> String {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\"/>"
    }

    public static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, extra: String = "") -> String {
        "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(w, 0)))\" height=\"\(number(max(h, 0)))\" fill=\"\(fill)\"\(extra)/>"
    }

    public static func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, extra: String = "") -> String {
        "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\" stroke-linejoin=\"round\" points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\"\(extra)/>"
    }

    public static func circle(_ x: Double, _ y: Double, r: Double, fill: String, extra: String = "") -> String {
        "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" fill=\"\(fill)\"\(extra)/>"
    }
}

/// One palette for every figure. Series colours are Okabe & Ito's (2008), readable with every
/// common colour-vision deficiency; tiers use ColorBrewer's YlGnBu, a sequential scheme marked
/// colour-blind safe, dark for the leading tier.
public enum Palette {
    public static let ink = "#1f2933"
    public static let muted = "#52606d"
    public static let grid = "#d9dee3"
    public static let series = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    public static let tiers = ["#225ea8", "#41b6c4", "#a1dab4", "#ffffcc"]
    public static let noData = "#eceff1"

    /// The fill of a tier (1 = leading).
    public static func tier(_ tier: Int?) -> String {
        guard let tier, tier >= 1 else { return noData }
        return tiers[min(tier, tiers.count) - 1]
    }

    /// Text that reads on a tier's fill.
    public static func onTier(_ tier: Int?) -> String {
        (tier ?? 9) <= 1 ? "#ffffff" : ink
    }
}

/// Round axis ticks covering a range.
enum Ticks {
    static func nice(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        let span = max(high - low, 1e-9)
        let raw = span / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw { magnitude *= 10 }
        while magnitude > raw { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let start = (low / step).rounded(.down) * step
        var ticks: [Double] = []
        var value = start
        while value <= high + step * 0.5 {
            ticks.append(value)
            value += step
        }
        return ticks
    }
}
