import RealModule

/// The report's charts. Every mark carries `data-value` with the number it was drawn from, so tests
/// (and readers of the SVG) can check the picture against the results.
public enum Charts {
    /// Layout shared by the period charts.
    struct Frame {
        var width = 640.0
        var height = 320.0
        var left = 56.0
        var right = 24.0
        var top = 44.0
        var bottom = 40.0
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    /// Lines over periods: the national index (Fig. 1) or several sub-indices (Fig. 2).
    ///
    /// A single series is labelled at every point; several are labelled at their last point, the
    /// labels pushed apart so they never overlap.
    public static func lines(
        title: String, periods: [String], series: [(name: String, values: [Double?])], yLabel: String
    ) -> SVG {
        var frame = Frame()
        if series.count > 1 { frame.right = 150 }
        var svg = SVG(width: frame.width, height: frame.height, title: title)
        let values = series.flatMap { $0.values.compactMap { $0 } }
        let ticks = Ticks.nice(min(values.min() ?? 0, 0), (values.max() ?? 100) * 1.08)
        let low = ticks.first ?? 0
        let high = ticks.last ?? 100
        func y(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - (v - low) / (high - low)) }
        func x(_ t: Int) -> Double {
            periods.count > 1 ? frame.left + frame.plotWidth * Double(t) / Double(periods.count - 1) : frame.left + frame.plotWidth / 2
        }
        svg.add(SVG.text(title, x: frame.left, y: 22, size: 14, weight: "600"))
        axes(&svg, frame: frame, ticks: ticks, y: y, label: yLabel)
        for (t, period) in periods.enumerated() {
            svg.add(SVG.text(period, x: x(t), y: frame.height - frame.bottom + 18, size: 11, anchor: "middle", fill: Palette.muted))
        }
        var endLabels: [(y: Double, text: String, colour: String)] = []
        for (index, line) in series.enumerated() {
            let colour = Palette.series[index % Palette.series.count]
            let points = line.values.enumerated().compactMap { t, v in v.map { (x(t), y($0), $0) } }
            svg.add(SVG.polyline(points.map { ($0.0, $0.1) }, stroke: colour, width: 2.5, extra: " data-series=\"\(SVG.escape(line.name))\""))
            for point in points {
                svg.add(SVG.circle(point.0, point.1, r: 3.5, fill: colour, extra: " data-value=\"\(point.2)\" data-series=\"\(SVG.escape(line.name))\""))
                if series.count == 1 {
                    svg.add(SVG.text(SVG.label(point.2), x: point.0, y: point.1 - 9, size: 11, anchor: "middle", weight: "600"))
                }
            }
            if series.count > 1, let last = points.last {
                endLabels.append((last.1, "\(line.name) \(SVG.label(last.2, 0))", colour))
            }
        }
        // End labels sorted by height and spread at least 14 px apart.
        endLabels.sort { $0.y < $1.y }
        var placed: [Double] = []
        for label in endLabels {
            let minimum = (placed.last ?? -1e9) + 14
            placed.append(max(label.y + 4, minimum))
        }
        if let overflow = placed.last.map({ $0 - (frame.height - 8) }), overflow > 0 { placed = placed.map { $0 - overflow } }
        for (label, position) in zip(endLabels, placed) {
            svg.add(SVG.text(label.text, x: frame.width - frame.right + 8, y: position, size: 11, weight: "600", fill: label.colour))
        }
        return svg
    }

    /// A sub-index as bars with its year-on-year growth as a line on a second axis (Figs. 3–5, 8, 11).
    public static func barsWithGrowth(
        title: String, periods: [String], values: [Double?], growth: [Double?], barLabel: String, lineLabel: String
    ) -> SVG {
        var frame = Frame()
        frame.right = 60
        var svg = SVG(width: frame.width, height: frame.height, title: title)
        let ticks = Ticks.nice(0, (values.compactMap { $0 }.max() ?? 100) * 1.12)
        let high = ticks.last ?? 100
        let growthValues = growth.compactMap { $0 }
        let growthTicks = Ticks.nice(min(growthValues.min() ?? 0, 0), max((growthValues.max() ?? 10) * 1.15, 1))
        let gLow = growthTicks.first ?? 0
        let gHigh = growthTicks.last ?? 1
        func y(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - v / high) }
        func gy(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - (v - gLow) / (gHigh - gLow)) }
        let slot = frame.plotWidth / Double(max(periods.count, 1))
        func x(_ t: Int) -> Double { frame.left + slot * (Double(t) + 0.5) }
        svg.add(SVG.text(title, x: frame.left, y: 22, size: 14, weight: "600"))
        axes(&svg, frame: frame, ticks: ticks, y: y, label: barLabel)
        for tick in growthTicks {
            svg.add(SVG.text(SVG.label(tick, 0) + "%", x: frame.width - frame.right + 8, y: gy(tick) + 4, size: 10, fill: Palette.series[3]))
        }
        svg.add(
            SVG.text(
                lineLabel, x: frame.width - 10, y: frame.top + frame.plotHeight / 2, size: 11, anchor: "middle", fill: Palette.series[3],
                extra: " transform=\"rotate(90 \(SVG.number(frame.width - 10)) \(SVG.number(frame.top + frame.plotHeight / 2)))\""))
        for (t, period) in periods.enumerated() {
            svg.add(SVG.text(period, x: x(t), y: frame.height - frame.bottom + 18, size: 11, anchor: "middle", fill: Palette.muted))
            guard let value = values[t] else { continue }
            let width = slot * 0.5
            svg.add(
                SVG.rect(x(t) - width / 2, y(value), width, y(0) - y(value), fill: Palette.series[0], extra: " data-value=\"\(value)\""))
            svg.add(SVG.text(SVG.label(value), x: x(t) - width / 2 + 2, y: y(value) - 6, size: 11, weight: "600"))
        }
        let points = growth.enumerated().compactMap { t, g in g.map { (x(t), gy($0), $0) } }
        svg.add(SVG.polyline(points.map { ($0.0, $0.1) }, stroke: Palette.series[3], width: 2.5))
        for point in points {
            svg.add(SVG.circle(point.0, point.1, r: 4, fill: Palette.series[3], extra: " data-growth=\"\(point.2)\""))
            // A white halo keeps the label readable where it crosses a bar.
            svg.add(
                SVG.text(
                    SVG.label(point.2) + "%", x: point.0 + 8, y: point.1 - 6, size: 11, weight: "600", fill: Palette.series[3],
                    extra: " stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""))
        }
        return svg
    }

    /// Horizontal bars, best first: a top-10 list (Figs. 6, 9).
    public static func ranking(title: String, entries: [(label: String, value: Double)], unit: String) -> SVG {
        let rowHeight = 24.0
        let labelWidth = 150.0
        let width = 640.0
        let height = 52 + rowHeight * Double(entries.count) + 16
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        let high = max(entries.map(\.value).max() ?? 1, 1e-9)
        let plot = width - labelWidth - 80
        for (index, entry) in entries.enumerated() {
            let top = 44 + rowHeight * Double(index)
            svg.add(SVG.text("\(index + 1). \(entry.label)", x: labelWidth - 8, y: top + 16, size: 12, anchor: "end"))
            let length = plot * max(entry.value, 0) / high
            svg.add(
                SVG.rect(
                    labelWidth, top + 3, length, rowHeight - 6, fill: index < 3 ? Palette.series[0] : Palette.series[5],
                    extra: " data-value=\"\(entry.value)\" data-label=\"\(SVG.escape(entry.label))\""))
            svg.add(SVG.text(SVG.label(entry.value) + unit, x: labelWidth + length + 6, y: top + 16, size: 11, weight: "600"))
        }
        return svg
    }

    /// A province on the tile map.
    public struct Tile: Sendable {
        public var code: String
        public var label: String
        public var tier: Int?
        public var score: Double?

        public init(code: String, label: String, tier: Int?, score: Double?) {
            self.code = code
            self.label = label
            self.tier = tier
            self.score = score
        }
    }

    /// The tile-grid layout designed for this project: one square per province, placed roughly
    /// where it lies (column, row). No border geometry, so no map approval is needed.
    public static let tileLayout: [String: (Int, Int)] = [
        "230000": (8, 0), "150000": (6, 1), "220000": (8, 1), "650000": (1, 2), "110000": (6, 2), "120000": (7, 2),
        "210000": (8, 2), "630000": (2, 3), "620000": (3, 3), "640000": (4, 3), "140000": (5, 3), "130000": (6, 3),
        "370000": (7, 3), "540000": (2, 4), "610000": (4, 4), "410000": (5, 4), "340000": (6, 4), "320000": (7, 4),
        "310000": (8, 4), "510000": (3, 5), "500000": (4, 5), "420000": (5, 5), "360000": (6, 5), "330000": (7, 5),
        "530000": (3, 6), "520000": (4, 6), "430000": (5, 6), "350000": (6, 6), "450000": (4, 7), "440000": (5, 7),
        "460000": (5, 8),
    ]

    /// The tier map as a tile grid (Fig. 12), with a legend of tier names.
    public static func tileMap(title: String, tiles: [Tile], tierNames: [String]) -> SVG {
        let size = 58.0
        let gap = 4.0
        let left = 16.0
        let top = 44.0
        let width = left + 9 * (size + gap) + 170
        let height = top + 9 * (size + gap) + 16
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: left, y: 22, size: 14, weight: "600"))
        for tile in tiles {
            guard let (column, row) = tileLayout[tile.code] else { continue }
            let x = left + Double(column) * (size + gap)
            let y = top + Double(row) * (size + gap)
            svg.add(
                SVG.rect(
                    x, y, size, size, fill: Palette.tier(tile.tier),
                    extra: " rx=\"6\" stroke=\"#9aa5b1\" stroke-width=\"0.5\" data-code=\"\(tile.code)\" data-tier=\"\(tile.tier ?? 0)\""))
            svg.add(SVG.text(tile.label, x: x + size / 2, y: y + size / 2 - 2, size: 12, anchor: "middle", weight: "600", fill: Palette.onTier(tile.tier)))
            if let score = tile.score {
                svg.add(SVG.text(SVG.label(score), x: x + size / 2, y: y + size / 2 + 14, size: 10, anchor: "middle", fill: Palette.onTier(tile.tier)))
            }
        }
        legend(&svg, x: left + 9 * (size + gap) + 8, y: top + 8, names: tierNames)
        return svg
    }

    static func legend(_ svg: inout SVG, x: Double, y: Double, names: [String]) {
        for (index, name) in names.enumerated() {
            let top = y + Double(index) * 24
            svg.add(SVG.rect(x, top, 16, 16, fill: Palette.tier(index + 1), extra: " rx=\"3\" stroke=\"#9aa5b1\" stroke-width=\"0.5\""))
            svg.add(SVG.text(name, x: x + 22, y: top + 13, size: 12))
        }
    }

    /// A radar of pillar scores: the province against the national median and its tier's mean.
    public static func radar(title: String, axes: [String], series: [(name: String, values: [Double])], maximum: Double = 100) -> SVG {
        let width = 360.0
        let height = 340.0
        let cx = width / 2
        let cy = 170.0
        let radius = 100.0
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        let count = max(axes.count, 1)
        func point(_ axis: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(count)
            let r = radius * max(0, min(value, maximum)) / maximum
            return (cx + r * cosine(angle), cy + r * sine(angle))
        }
        for ring in [0.25, 0.5, 0.75, 1.0] {
            let points = (0..<count).map { point($0, maximum * ring) }
            svg.add(SVG.polyline(points + [points[0]], stroke: Palette.grid, width: 1))
        }
        for (axis, name) in axes.enumerated() {
            let end = point(axis, maximum)
            svg.add(SVG.line(cx, cy, end.0, end.1))
            let label = point(axis, maximum * 1.14)
            let anchor = abs(label.0 - cx) < 10 ? "middle" : (label.0 < cx ? "end" : "start")
            let shift = label.1 < cy - radius * 0.9 ? -4.0 : (label.1 > cy + radius * 0.5 ? 12.0 : 4.0)
            svg.add(SVG.text(name, x: label.0, y: label.1 + shift, size: 11, anchor: anchor))
        }
        for (index, line) in series.enumerated() {
            let colour = Palette.series[index % Palette.series.count]
            let points = line.values.enumerated().map { point($0, $1) }
            guard let first = points.first else { continue }
            svg.add(
                SVG.polyline(
                    points + [first], stroke: colour, width: index == 0 ? 3 : 2,
                    extra: index == 0 ? " fill-opacity=\"0.12\"" : " stroke-dasharray=\"5 4\""))
            for (axis, value) in line.values.enumerated() {
                let p = points[axis]
                svg.add(SVG.circle(p.0, p.1, r: 3, fill: colour, extra: " data-series=\"\(SVG.escape(line.name))\" data-value=\"\(value)\""))
            }
            svg.add(SVG.rect(16 + Double(index) * 112, height - 18, 12, 4, fill: colour))
            svg.add(SVG.text(line.name, x: 32 + Double(index) * 112, y: height - 13, size: 11))
        }
        return svg
    }

    static func axes(_ svg: inout SVG, frame: Frame, ticks: [Double], y: (Double) -> Double, label: String) {
        for tick in ticks {
            svg.add(SVG.line(frame.left, y(tick), frame.width - frame.right, y(tick)))
            svg.add(SVG.text(SVG.label(tick, 0), x: frame.left - 6, y: y(tick) + 4, size: 10, anchor: "end", fill: Palette.muted))
        }
        svg.add(
            SVG.text(
                label, x: 12, y: frame.top + frame.plotHeight / 2, size: 11, anchor: "middle", fill: Palette.muted,
                extra: " transform=\"rotate(-90 12 \(SVG.number(frame.top + frame.plotHeight / 2)))\""))
    }

    static func sine(_ x: Double) -> Double { Double.sin(x) }
    static func cosine(_ x: Double) -> Double { Double.cos(x) }
}
