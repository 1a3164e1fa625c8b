/// SVG written as text: every chart is a pure function from numbers to a string, so its output can
/// be snapshot-tested and every number on it traced to the results.
public struct SVG: Sendable {
    public var width: Double
    public var height: Double
    /// An accessible title, also the figure's caption.
    public var title: String
    var body: [HTML] = []

    public init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    public mutating func add(_ element: HTML) {
        body.append(element)
    }

    /// The figure as markup, to place in a page.
    public var markup: HTML {
        """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" width="\(SVG.number(width))" height="\(SVG.number(height))" role="img" aria-label="\(title)" font-family="'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','Microsoft YaHei',sans-serif">
        <title>\(title)</title>
        \(body.joined(separator: "\n"))
        </svg>
        """
    }

    /// The figure as text, for its own file.
    public var rendered: String { markup.rendered }

    /// Text made safe inside XML (``HTML/escape(_:)``).
    public static func escape(_ text: String) -> String {
        HTML.escape(text)
    }

    /// Coordinates with at most two decimals, no trailing zeros.
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int(rounded)) }
        return "\(rounded)"
    }

    /// A value as printed on a chart: fixed decimals.
    public static func label(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "—" }
        // Beyond 10^15 no fixed-point form is meaningful (nor fits an Int): print it as Swift does.
        guard abs(value) < 1e15, digits >= 0, digits <= 12 else { return value < 0 ? "−\(-value)" : "\(value)" }
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
        return (rounded < 0 ? "−" : "") + grouped(text)
    }

    /// Digits before the decimal point in groups of three: 12345.6 → 12,345.6.
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts.first ?? "")
        guard whole.count >= 4, whole.allSatisfy(\.isNumber) else { return text }
        var out = ""
        for (index, digit) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return parts.count > 1 ? out + "." + parts[1] : out
    }

    public static func text(
        _ content: String,
        x: Double,
        y: Double,
        size: Double = 12,
        anchor: String = "start",
        weight: String? = nil,
        fill: String = Palette.ink,
        extra: HTML = HTML()
    ) -> HTML {
        let bold: HTML = weight.map { " font-weight=\"\($0)\"" } ?? HTML()
        return
            "<text x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(number(size))\" text-anchor=\"\(anchor)\" fill=\"\(fill)\"\(bold)\(extra)>\(content)</text>"
    }

    public static func line(
        _ x1: Double,
        _ y1: Double,
        _ x2: Double,
        _ y2: Double,
        stroke: String = Palette.grid,
        width: Double = 1
    ) -> HTML {
        "<line x1=\"\(number(x1))\" y1=\"\(number(y1))\" x2=\"\(number(x2))\" y2=\"\(number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\"/>"
    }

    public static func rect(
        _ x: Double,
        _ y: Double,
        _ w: Double,
        _ h: Double,
        fill: String,
        extra: HTML = HTML(),
        tooltip: String? = nil
    ) -> HTML {
        let open: HTML =
            "<rect x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(w, 0)))\" height=\"\(number(max(h, 0)))\" fill=\"\(fill)\"\(extra)"
        return open + closing("rect", tooltip: tooltip)
    }

    public static func polyline(
        _ points: [(Double, Double)],
        stroke: String,
        width: Double = 2,
        extra: HTML = HTML()
    ) -> HTML {
        "<polyline fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(number(width))\" stroke-linejoin=\"round\" points=\"\(points.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " "))\"\(extra)/>"
    }

    public static func circle(
        _ x: Double,
        _ y: Double,
        r: Double,
        fill: String,
        extra: HTML = HTML(),
        tooltip: String? = nil
    ) -> HTML {
        let open: HTML = "<circle cx=\"\(number(x))\" cy=\"\(number(y))\" r=\"\(number(r))\" fill=\"\(fill)\"\(extra)"
        return open + closing("circle", tooltip: tooltip)
    }

    /// Ends a mark: self-closing, or with a `<title>` child that browsers show as its tooltip (the
    /// dashboard's script shows `data-tip` on hover, focus and touch).
    static func closing(_ element: StaticString, tooltip: String?) -> HTML {
        guard let tooltip else { return "/>" }
        return " data-tip=\"\(tooltip)\"><title>\(tooltip)</title></\(element.description)>"
    }

    /// The width of a label, estimated: CJK characters a full em, others about 0.6 em.
    static func textWidth(_ text: String, size: Double) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? size : size * 0.6) }
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
    /// Regions without a score (未参评): a grey that stands out from white and from the lightest tier.
    public static let noData = "#cbd2d9"
    /// Growth lines and their labels: Okabe & Ito's vermillion darkened to 5.5 : 1 on white, for text.
    public static let growth = "#B34700"

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
        // Non-finite or astronomically wide ranges get a plain 0–100 axis rather than a loop without end.
        guard low.isFinite, high.isFinite, high - low < 1e300, count >= 1 else { return [0, 25, 50, 75, 100] }
        // At least one unit: a score or growth series that is flat (西藏's zeros, which the pipeline
        // may hold as 1e-14) gets a 0–1 axis, not five ticks that all print 0.00 and a
        // rounding artefact drawn as a spike.
        let span = max(high - low, 1)
        let high = max(high, low + span)
        let raw = span / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= raw, magnitude < 1e300 { magnitude *= 10 }
        while magnitude > raw, magnitude > 1e-300 { magnitude /= 10 }
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        let start = (low / step).rounded(.down) * step
        var ticks: [Double] = []
        var value = start
        while value <= high + step * 0.5, ticks.count < 100 {
            ticks.append(value)
            value += step
        }
        return ticks
    }

    /// Ticks for a second axis with exactly `intervals` intervals and a round step, covering the
    /// values and 0, so its gridlines are the first axis's.
    static func aligned(_ values: [Double], intervals: Int) -> [Double] {
        let finite = values.filter(\.isFinite)
        let low = min(finite.min() ?? 0, 0)
        let high = max(finite.max() ?? 1, 0)
        let count = max(intervals, 1)
        let raw = max((high - low) / Double(count), 1e-9)
        var magnitude = 1.0
        while magnitude * 10 <= raw, magnitude < 1e300 { magnitude *= 10 }
        while magnitude > raw, magnitude > 1e-300 { magnitude /= 10 }
        for step in [1.0, 2, 2.5, 5, 10, 20, 25, 50, 100].map({ $0 * magnitude }) where step >= raw {
            let start = (low / step).rounded(.down) * step
            let end = start + step * Double(count)
            // A little headroom above the highest value for its label.
            if end >= high + step * 0.15 || step >= raw * 10 {
                return (0...count).map { start + step * Double($0) }
            }
        }
        return (0...count).map { low + raw * 2 * Double($0) }
    }

    /// The decimals a tick list needs so that no two ticks print alike (0 for whole steps).
    static func decimals(_ ticks: [Double]) -> Int {
        guard ticks.count > 1 else { return 0 }
        let step = abs(ticks[1] - ticks[0])
        if step >= 1 || step == 0 { return (step.rounded() - step).magnitude < 1e-9 ? 0 : 1 }
        return step >= 0.1 ? 1 : 2
    }
}
