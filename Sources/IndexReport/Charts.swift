public import IndexCore
import RealModule

/// The report's charts. Every mark carries `data-value` with the number it was drawn from, so tests
/// (and readers of the SVG) can check the picture against the results, and a `<title>` that
/// browsers show as its tooltip.
public enum Charts {
    /// Layout shared by the period charts.
    struct Frame {
        var width = 640.0
        var height = 320.0
        var left = 66.0
        var right = 24.0
        var top = 44.0
        var bottom = 40.0
        var plotWidth: Double { width - left - right }
        var plotHeight: Double { height - top - bottom }
    }

    /// Lines over periods: the national index (Fig. 1) or several sub-indices (Fig. 2).
    ///
    /// A single series is labelled at every point; several are labelled at their last point, the
    /// labels pushed apart so they never overlap. Lines, points and end labels carry `data-series`
    /// and points `data-period`, so the dashboard's script can highlight the series under the pointer
    /// and draw a crosshair at the nearest period; without the script the chart reads the same.
    ///
    /// `compact` draws it 360 × 240 instead of 640 × 320, text the same size: on a phone a chart
    /// is scaled to the screen's width, and at 640 its 12-unit text would read at 7 px; at 360 it
    /// reads at 11–13 px on a 360–390 px phone. For a few periods of one series (a province's trend).
    public static func lines(
        title: String,
        periods: [String],
        series: [(name: String, values: [Double?])],
        yLabel: String,
        compact: Bool = false,
        leastTop: Double = 0
    ) -> SVG {
        var frame = Frame()
        if compact {
            frame.width = 360
            frame.height = 240
            frame.left = 52
        }
        if series.count > 1 { frame.right = 150 }
        var svg = SVG(width: frame.width, height: frame.height, title: title)
        let values = series.flatMap { $0.values.compactMap { $0 } }
        // `leastTop`: a score on a 0–100 scale that stays near 0 is drawn on an axis to at least
        // this, so a change of 0.1 does not fill the chart as a steep fall.
        let ticks = Ticks.nice(min(values.min() ?? 0, 0), max((values.max() ?? 100) * 1.08, leastTop))
        let low = ticks.first ?? 0
        let high = ticks.last ?? 100
        func y(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - (v - low) / max(high - low, 1e-9)) }
        func x(_ t: Int) -> Double {
            periods.count > 1
                ? frame.left + frame.plotWidth * Double(t) / Double(periods.count - 1)
                : frame.left + frame.plotWidth / 2
        }
        svg.add(SVG.text(title, x: frame.left, y: 22, size: 14, weight: "600"))
        axes(&svg, frame: frame, ticks: ticks, y: y, label: yLabel)
        for (t, period) in periods.enumerated() {
            svg.add(
                SVG.text(
                    period,
                    x: x(t),
                    y: frame.height - frame.bottom + 20,
                    size: 12,
                    anchor: t == 0 && periods.count > 1 ? "start" : "middle",
                    fill: Palette.muted
                )
            )
        }
        var endLabels: [(y: Double, text: String, colour: String, series: String)] = []
        for (index, line) in series.enumerated() {
            let colour = Palette.series[index % Palette.series.count]
            let points = line.values.enumerated().compactMap { t, v in v.map { (x: x(t), y: y($0), value: $0, t: t) } }
            svg.add(
                SVG.polyline(
                    points.map { ($0.x, $0.y) },
                    stroke: colour,
                    width: 2.5,
                    extra: " data-series=\"\(line.name)\""
                )
            )
            for point in points {
                let period = point.t < periods.count ? periods[point.t] : ""
                svg.add(
                    SVG.circle(
                        point.x,
                        point.y,
                        r: 3.5,
                        fill: colour,
                        extra: " data-value=\"\(point.value)\" data-series=\"\(line.name)\" data-period=\"\(period)\"",
                        tooltip: "\(line.name), \(period): \(SVG.label(point.value))"
                    )
                )
                if series.count == 1 {
                    // The first and last labels lean inwards, clear of the axis labels.
                    let anchor =
                        point.t == 0 && periods.count > 1
                        ? "start" : (point.t == periods.count - 1 && periods.count > 1 ? "end" : "middle")
                    let shift = anchor == "start" ? 4.0 : (anchor == "end" ? -4.0 : 0)
                    svg.add(
                        SVG.text(
                            SVG.label(point.value),
                            x: point.x + shift,
                            y: point.y - 9,
                            size: 12,
                            anchor: anchor,
                            weight: "600"
                        )
                    )
                }
            }
            if series.count > 1, let last = points.last {
                endLabels.append((last.y, "\(line.name) \(SVG.label(last.value, 0))", colour, line.name))
            }
        }
        // End labels sorted by height and spread at least 17 px apart.
        endLabels.sort { $0.y < $1.y }
        var placed: [Double] = []
        for label in endLabels {
            let minimum = (placed.last ?? -1e9) + 17
            placed.append(max(label.y + 4, minimum))
        }
        if let overflow = placed.last.map({ $0 - (frame.height - 8) }), overflow > 0 {
            placed = placed.map { $0 - overflow }
        }
        for (label, position) in zip(endLabels, placed) {
            svg.add(
                SVG.text(
                    label.text,
                    x: frame.width - frame.right + 8,
                    y: position,
                    size: 12,
                    weight: "600",
                    fill: label.colour,
                    extra: " data-series=\"\(label.series)\""
                )
            )
        }
        return svg
    }

    /// A sub-index as bars with its year-on-year growth as a line on a second axis (Figs. 3–5, 8, 11).
    ///
    /// The two axes share their gridlines: the growth axis gets as many intervals as the index axis,
    /// with a round step that covers the growth values. Bar labels sit above their bars; a growth
    /// label sits beside its point in the gap between bars, above the line where the line's
    /// neighbouring segment falls and below where it rises, so no label covers another or a mark.
    public static func barsWithGrowth(
        title: String,
        periods: [String],
        values: [Double?],
        growth: [Double?],
        barLabel: String,
        lineLabel: String
    ) -> SVG {
        var frame = Frame()
        frame.right = 76
        var svg = SVG(width: frame.width, height: frame.height, title: title)
        let ticks = Ticks.nice(0, max(values.compactMap { $0 }.max() ?? 100, 1e-9) * 1.12)
        let high = max(ticks.last ?? 100, 1e-9)
        let growthTicks = Ticks.aligned(growth.compactMap { $0 }, intervals: max(ticks.count - 1, 1))
        let gLow = growthTicks.first ?? 0
        let gHigh = growthTicks.last ?? 1
        func y(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - v / high) }
        func gy(_ v: Double) -> Double { frame.top + frame.plotHeight * (1 - (v - gLow) / max(gHigh - gLow, 1e-9)) }
        let slot = frame.plotWidth / Double(max(periods.count, 1))
        let barWidth = slot * 0.5
        func x(_ t: Int) -> Double { frame.left + slot * (Double(t) + 0.5) }
        svg.add(SVG.text(title, x: frame.left, y: 22, size: 14, weight: "600"))
        axes(&svg, frame: frame, ticks: ticks, y: y, label: barLabel)
        let growthDigits = Ticks.decimals(growthTicks)
        for tick in growthTicks {
            svg.add(
                SVG.text(
                    SVG.label(tick, growthDigits) + "%",
                    x: frame.width - frame.right + 8,
                    y: gy(tick) + 4,
                    size: 12,
                    fill: Palette.growth
                )
            )
        }
        svg.add(
            SVG.text(
                lineLabel,
                x: frame.width - 10,
                y: frame.top + frame.plotHeight / 2,
                size: 12,
                anchor: "middle",
                fill: Palette.growth,
                extra:
                    " transform=\"rotate(90 \(SVG.number(frame.width - 10)) \(SVG.number(frame.top + frame.plotHeight / 2)))\""
            )
        )
        for (t, period) in periods.enumerated() {
            svg.add(
                SVG.text(
                    period,
                    x: x(t),
                    y: frame.height - frame.bottom + 18,
                    size: 12,
                    anchor: "middle",
                    fill: Palette.muted
                )
            )
            guard t < values.count, let value = values[t] else { continue }
            let growthText = t < growth.count ? growth[t].map { ", " + SVG.label($0) + "%" } ?? "" : ""
            svg.add(
                SVG.rect(
                    x(t) - barWidth / 2,
                    y(value),
                    barWidth,
                    y(0) - y(value),
                    fill: Palette.series[0],
                    extra: " data-value=\"\(value)\"",
                    tooltip: "\(period): \(SVG.label(value))\(growthText)"
                )
            )
            // Above the bar, unless the growth point sits there: then inside the bar's top, in white.
            let labelY = y(value) - 6
            let point = t < growth.count ? growth[t].map(gy) : nil
            if let point, abs(point - (labelY - 4)) < 13, y(0) - y(value) > 24 {
                svg.add(
                    SVG.text(
                        SVG.label(value),
                        x: x(t),
                        y: y(value) + 16,
                        size: 12,
                        anchor: "middle",
                        weight: "600",
                        fill: "#ffffff"
                    )
                )
            } else {
                svg.add(SVG.text(SVG.label(value), x: x(t), y: labelY, size: 12, anchor: "middle", weight: "600"))
            }
        }
        let points = growth.enumerated().compactMap { t, g in g.map { (t: t, x: x(t), y: gy($0), value: $0) } }
        svg.add(SVG.polyline(points.map { ($0.x, $0.y) }, stroke: Palette.growth, width: 2.5))
        for (index, point) in points.enumerated() {
            let period = point.t < periods.count ? periods[point.t] : ""
            svg.add(
                SVG.circle(
                    point.x,
                    point.y,
                    r: 4,
                    fill: Palette.growth,
                    extra: " data-growth=\"\(point.value)\"",
                    tooltip: "\(period): \(SVG.label(point.value))%"
                )
            )
            // Beside the bar on the side of the next segment (the last point: the previous one's).
            let next = index + 1 < points.count ? points[index + 1] : nil
            let toRight = next != nil || index == 0
            let neighbour = toRight ? next : points[index - 1]
            let rises = neighbour.map { $0.y < point.y } ?? false
            let labelX = toRight ? point.x + barWidth / 2 + 4 : point.x - barWidth / 2 - 4
            let labelY = min(max(rises ? point.y + 15 : point.y - 7, frame.top + 10), frame.top + frame.plotHeight - 2)
            svg.add(
                SVG.text(
                    SVG.label(point.value) + "%",
                    x: labelX,
                    y: labelY,
                    size: 12,
                    anchor: toRight ? "start" : "end",
                    weight: "600",
                    fill: Palette.growth
                )
            )
        }
        return svg
    }

    /// Horizontal bars, best first: a top-10 list (Figs. 6, 9).
    ///
    /// Tied values share a rank ("3." twice) and the same emphasis: the first three ranks are dark.
    /// `compact` draws it 360 wide for a phone, the label column as wide as its longest label, so its
    /// 12-unit text reads at 11–13 px on a 360–390 px screen (at 640 it would read at 7 px).
    public static func ranking(
        title: String,
        entries: [(label: String, value: Double)],
        unit: String,
        compact: Bool = false
    ) -> SVG {
        let rowHeight = 24.0
        let longest =
            zip(entries, sharedRanks(entries.map(\.value))).map { entry, rank in
                SVG.textWidth("\(rank). \(entry.label)", size: 12)
            }.max() ?? 0
        let labelWidth = compact ? min(max(longest + 14, 60), 170) : 150.0
        let width = compact ? 360.0 : 640.0
        let height = 52 + rowHeight * Double(entries.count) + 16
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        let high = max(entries.map(\.value).max() ?? 1, 1e-9)
        let plot = width - labelWidth - (compact ? 52 : 80)
        let ranks = sharedRanks(entries.map(\.value))
        for (index, entry) in entries.enumerated() {
            let rank = ranks[index]
            let top = 44 + rowHeight * Double(index)
            svg.add(SVG.text("\(rank). \(entry.label)", x: labelWidth - 8, y: top + 16, size: 12, anchor: "end"))
            let length = plot * max(entry.value, 0) / high
            svg.add(
                SVG.rect(
                    labelWidth,
                    top + 3,
                    length,
                    rowHeight - 6,
                    fill: rank <= 3 ? Palette.series[0] : Palette.series[5],
                    extra: " data-value=\"\(entry.value)\" data-label=\"\(entry.label)\" data-rank=\"\(rank)\"",
                    tooltip: "\(rank). \(entry.label): \(SVG.label(entry.value))\(unit)"
                )
            )
            svg.add(
                SVG.text(
                    SVG.label(entry.value) + unit,
                    x: labelWidth + length + 6,
                    y: top + 16,
                    size: 12,
                    weight: "600"
                )
            )
        }
        return svg
    }

    /// Competition ranks, highest first, ties (equal within 1e-9 relative) sharing the better rank:
    /// [91.4, 88.9, 88.9, 83.5] → [1, 2, 2, 4].
    public static func sharedRanks(_ values: [Double]) -> [Int] {
        values.map { value in
            1 + values.filter { $0 > value && !$0.isApproximatelyEqual(to: value, relativeTolerance: 1e-9) }.count
        }
    }

    /// A province on the tile map (or the geographic map).
    public struct Tile: Sendable {
        public var code: String
        public var label: String
        public var tier: Int?
        public var score: Double?
        /// Where the tile leads (a province page), or `nil` in print.
        public var href: String?
        /// The mark's tooltip; `nil` = the label and score.
        public var tooltip: String?

        public init(
            code: String,
            label: String,
            tier: Int?,
            score: Double?,
            href: String? = nil,
            tooltip: String? = nil
        ) {
            self.code = code
            self.label = label
            self.tier = tier
            self.score = score
            self.href = href
            self.tooltip = tooltip
        }

        var tooltipText: String { tooltip ?? label + (score.map { " " + SVG.label($0) } ?? "") }

        /// The tile's marks, wrapped in a link when it has one.
        func linked(_ marks: HTML) -> HTML {
            guard let href else { return marks }
            return "<a href=\"\(href)\" aria-label=\"\(tooltipText)\">\(marks)</a>"
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

    /// The parts of China's territory a provincial evaluation does not cover: drawn on every map,
    /// named, and in the legend as not evaluated (未参评), so no map leaves them out.
    public static let unevaluatedRegions: [(code: String, name: LocalisedText)] = [
        ("710000", LocalisedText(zh: "台湾", en: "Taiwan")), ("810000", LocalisedText(zh: "香港", en: "Hong Kong")),
        ("820000", LocalisedText(zh: "澳门", en: "Macao")),
    ]

    /// Where the regions without a score sit on the tile grid: 台湾 east of 福建, 香港 east of 广东,
    /// 澳门 below 香港.
    static let unevaluatedTiles: [String: (Int, Int)] = ["710000": (7, 6), "810000": (6, 7), "820000": (6, 8)]

    /// ISO 3166-2:CN's letters of each province-level region, the labels of the compact tile map in
    /// English (a full English name does not fit a tile at a size a phone can read).
    public static let isoLetters: [String: String] = [
        "110000": "BJ", "120000": "TJ", "130000": "HE", "140000": "SX", "150000": "NM", "210000": "LN",
        "220000": "JL", "230000": "HL", "310000": "SH", "320000": "JS", "330000": "ZJ", "340000": "AH",
        "350000": "FJ", "360000": "JX", "370000": "SD", "410000": "HA", "420000": "HB", "430000": "HN",
        "440000": "GD", "450000": "GX", "460000": "HI", "500000": "CQ", "510000": "SC", "520000": "GZ",
        "530000": "YN", "540000": "XZ", "610000": "SN", "620000": "GS", "630000": "QH", "640000": "NX",
        "650000": "XJ", "710000": "TW", "810000": "HK", "820000": "MO",
    ]

    /// The tier map as a tile grid (Fig. 12), with a legend of tier names and 未参评.
    ///
    /// Every name is written out in full in the page's language: a name wider than its tile breaks
    /// at a space onto two lines, and a single word still too wide is drawn condensed to the tile's
    /// width (`textLength`), never cut. 640 units wide, so on a 616-px desktop column its 12-unit
    /// text is 11.5 px.
    ///
    /// `compact` draws it for a phone: the grid's eight columns only, 19-unit text (11.4 px on a
    /// 360-px screen), each tile labelled with the short Chinese name or, in English, ISO 3166-2's
    /// letters (`JS`; the full name is the tile's tooltip and link label, and the ranking beside the
    /// map), and the legend below the grid.
    public static func tileMap(
        title: String,
        tiles: [Tile],
        tierNames: [String],
        language: ReportLanguage,
        compact: Bool = false
    ) -> SVG {
        let size = 64.0
        let gap = compact ? 3.0 : 4.0
        // The grid's first column is empty (the desktop legend sits there): a phone drops it.
        let left = compact ? 6.0 - (size + gap) : 16.0
        let top = compact ? 40.0 : 44.0
        let font = compact ? 19.0 : 12.0
        // A CJK font's line box is about 1.45 em: the score sits a clear 28 units under the name on a phone.
        let lineStep = compact ? 28.0 : 16.0
        let width = compact ? 8 * (size + gap) + 9 : 640.0
        let scored = Set(tiles.map(\.code))
        let others = unevaluatedRegions.filter { !scored.contains($0.code) }.map {
            Tile(code: $0.code, label: language.pick($0.name), tier: nil, score: nil)
        }
        let legendEntries = tierNames.count + (others.isEmpty ? 0 : 1)
        let gridBottom = top + 9 * (size + gap)
        // On an English phone drawing, a line under the legend says what the letters are, with an example.
        let key = tiles.first.flatMap { tile in isoLetters[tile.code].map { "\($0) = \(tile.label)" } }
        let keyLine: String? =
            compact && language == .en ? "Letters: ISO 3166-2" + (key.map { " (\($0), …)" } ?? "") : nil
        // A legend entry takes twice its text's size (``legend(_:x:y:names:unevaluated:size:)``).
        let legendHeight = Double(legendEntries + (keyLine == nil ? 0 : 1)) * 2 * font
        let height = compact ? gridBottom + 8 + legendHeight : gridBottom + 12
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: compact ? 6 : left, y: compact ? 24 : 22, size: compact ? 20 : 14, weight: "600"))
        let layout = tileLayout.merging(unevaluatedTiles) { own, _ in own }
        for tile in tiles + others {
            guard let (column, row) = layout[tile.code] else { continue }
            let x = left + Double(column) * (size + gap)
            let y = top + Double(row) * (size + gap)
            let isScored = scored.contains(tile.code)
            var marks = SVG.rect(
                x,
                y,
                size,
                size,
                fill: Palette.tier(tile.tier),
                extra: isScored
                    ? " rx=\"6\" stroke=\"#9aa5b1\" stroke-width=\"0.5\" data-code=\"\(tile.code)\" data-tier=\"\(tile.tier ?? 0)\""
                    : " rx=\"6\" stroke=\"#9aa5b1\" stroke-width=\"0.5\" data-unevaluated=\"\(tile.code)\"",
                tooltip: isScored ? tile.tooltipText : tile.label + " · " + language.text(.notEvaluated)
            )
            let label = compact && language == .en ? isoLetters[tile.code] ?? tile.label : tile.label
            let lines = compact ? [label] : fitted(label, width: size - 6, size: font)
            let firstLine =
                y + (tile.score == nil ? size / 2 + font / 3 : size / 2 - (compact ? 8 : 2))
                - Double(lines.count - 1) * lineStep / 2
            for (index, line) in lines.enumerated() {
                let squeeze: HTML =
                    SVG.textWidth(line, size: font) > size - 6
                    ? " textLength=\"\(SVG.number(size - 6))\" lengthAdjust=\"spacingAndGlyphs\"" : HTML()
                marks += SVG.text(
                    line,
                    x: x + size / 2,
                    y: firstLine + Double(index) * lineStep,
                    size: font,
                    anchor: "middle",
                    weight: "600",
                    fill: Palette.onTier(tile.tier),
                    extra: squeeze
                )
            }
            if let score = tile.score {
                marks += SVG.text(
                    SVG.label(score),
                    x: x + size / 2,
                    y: firstLine + Double(lines.count - 1) * lineStep + lineStep,
                    size: font,
                    anchor: "middle",
                    fill: Palette.onTier(tile.tier)
                )
            }
            svg.add(tile.linked(marks))
        }
        // The legend in the empty south-west of the grid (columns 0–2, rows 6–8), or below it on a phone.
        legend(
            &svg,
            x: compact ? 6 : left,
            y: compact ? gridBottom + 8 : top + 6 * (size + gap) + 8,
            names: tierNames,
            unevaluated: others.isEmpty ? nil : language.text(.notEvaluated),
            size: compact ? 19 : 12
        )
        if let keyLine {
            svg.add(SVG.text(keyLine, x: 6, y: gridBottom + 8 + Double(legendEntries) * 2 * font + font, size: font))
        }
        return svg
    }

    /// A line of text broken into lines that fit `width`: at spaces where it has them, else (Chinese)
    /// between any two characters, so nothing runs off a narrow drawing.
    static func wrapped(_ text: String, width: Double, size: Double) -> [String] {
        var lines: [String] = []
        var line = ""
        for character in text {
            let candidate = line + String(character)
            guard SVG.textWidth(candidate, size: size) > width, !line.isEmpty else {
                line = candidate
                continue
            }
            // Back to the last space when the line has one (a word is never split), else break here.
            if let space = line.lastIndex(of: " ") {
                lines.append(String(line[..<space]))
                line = String(line[line.index(after: space)...]) + String(character)
            } else {
                lines.append(line)
                line = String(character)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// A label as lines that fit `width`: whole, or broken at its spaces (at most two lines).
    static func fitted(_ label: String, width: Double, size: Double) -> [String] {
        guard SVG.textWidth(label, size: size) > width, let space = label.lastIndex(of: " ") else { return [label] }
        return [String(label[..<space]), String(label[label.index(after: space)...])]
    }

    /// A legend of tier colours, one entry a row; `size` is its text's (the swatch grows with it).
    static func legend(
        _ svg: inout SVG,
        x: Double,
        y: Double,
        names: [String],
        firstTier: Int = 1,
        unevaluated: String? = nil,
        size: Double = 12
    ) {
        let entries =
            names.enumerated().map { ($1, Palette.tier($0 + firstTier)) }
            + (unevaluated.map { [($0, Palette.noData)] } ?? [])
        let swatch = size * 4 / 3
        for (index, entry) in entries.enumerated() {
            let top = y + Double(index) * swatch * 1.5
            svg.add(
                SVG.rect(
                    x,
                    top,
                    swatch,
                    swatch,
                    fill: entry.1,
                    extra: " rx=\"3\" stroke=\"#9aa5b1\" stroke-width=\"0.5\""
                )
            )
            svg.add(SVG.text(entry.0, x: x + swatch + 6, y: top + swatch * 13 / 16, size: size))
        }
    }

    /// A radar of pillar scores: the province against the national median and its tier's mean, or
    /// several regions overlaid against the median (the dashboard's comparison).
    ///
    /// The first `solid` series are the units' own, drawn solid, the first thickest and last, so it
    /// lies above the others; the rest are references, dashed. The legend wraps onto as many rows
    /// as its names need, so five series fit the 360-unit width.
    public static func radar(
        title: String,
        axes: [String],
        series: [(name: String, values: [Double])],
        maximum: Double = 100,
        solid: Int = 1
    ) -> SVG {
        let width = 360.0
        // The legend's entries, placed left to right and wrapped.
        var legendAt: [(x: Double, row: Int)] = []
        var cursor = 16.0
        var rows = 0
        for line in series {
            let entryWidth = 16 + SVG.textWidth(line.name, size: 12) + 16
            if cursor > 16, cursor + entryWidth > width - 8 {
                rows += 1
                cursor = 16
            }
            legendAt.append((cursor, rows))
            cursor += entryWidth
        }
        let height = 340.0 + 20 * Double(rows)
        let cx = width / 2
        let cy = 170.0
        let radius = 100.0
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        let count = max(axes.count, 1)
        let top = max(maximum, 1e-9)
        func point(_ axis: Int, _ value: Double) -> (Double, Double) {
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(count)
            let r = radius * max(0, min(value, top)) / top
            return (cx + r * cosine(angle), cy + r * sine(angle))
        }
        for ring in [0.25, 0.5, 0.75, 1.0] {
            let points = (0..<count).map { point($0, top * ring) }
            svg.add(SVG.polyline(points + points.prefix(1), stroke: Palette.grid, width: 1))
        }
        for (axis, name) in axes.enumerated() {
            let end = point(axis, top)
            svg.add(SVG.line(cx, cy, end.0, end.1))
            // Outside the outer ring (not clamped to it, as points are), so a full score's point never
            // touches its axis label.
            let angle = -Double.pi / 2 + 2 * Double.pi * Double(axis) / Double(count)
            let label = (cx + radius * 1.14 * cosine(angle), cy + radius * 1.14 * sine(angle))
            let anchor = abs(label.0 - cx) < 10 ? "middle" : (label.0 < cx ? "end" : "start")
            let shift = label.1 < cy - radius * 0.9 ? -4.0 : (label.1 > cy + radius * 0.5 ? 12.0 : 4.0)
            svg.add(SVG.text(name, x: label.0, y: label.1 + shift, size: 12, anchor: anchor))
        }
        for index in series.indices.reversed() {
            let line = series[index]
            let colour = Palette.series[index % Palette.series.count]
            let points = line.values.enumerated().map { point($0, $1) }
            guard let first = points.first else { continue }
            svg.add(
                SVG.polyline(
                    points + [first],
                    stroke: colour,
                    width: index == 0 ? 3 : 2,
                    extra: (index < solid ? HTML() : " stroke-dasharray=\"5 4\"") + " data-series=\"\(line.name)\""
                )
            )
            for (axis, value) in line.values.enumerated() {
                let p = points[axis]
                let axisName = axis < axes.count ? axes[axis] : ""
                svg.add(
                    SVG.circle(
                        p.0,
                        p.1,
                        r: index == 0 ? 3.5 : 3,
                        fill: colour,
                        extra: " data-series=\"\(line.name)\" data-value=\"\(value)\"",
                        tooltip: "\(line.name), \(axisName): \(SVG.label(value))"
                    )
                )
            }
        }
        for (index, line) in series.enumerated() {
            let colour = Palette.series[index % Palette.series.count]
            let (x, row) = legendAt[index]
            let y = 340.0 - 18 + 20 * Double(row)
            svg.add(
                "<g data-series=\"\(line.name)\">"
                    + SVG.rect(x, y, 12, 4, fill: colour)
                    + SVG.text(line.name, x: x + 16, y: y + 5, size: 12) + "</g>"
            )
        }
        return svg
    }

    static func axes(_ svg: inout SVG, frame: Frame, ticks: [Double], y: (Double) -> Double, label: String) {
        let digits = Ticks.decimals(ticks)
        for tick in ticks {
            svg.add(SVG.line(frame.left, y(tick), frame.width - frame.right, y(tick)))
            svg.add(
                SVG.text(
                    SVG.label(tick, digits),
                    x: frame.left - 6,
                    y: y(tick) + 4,
                    size: 12,
                    anchor: "end",
                    fill: Palette.muted
                )
            )
        }
        svg.add(
            SVG.text(
                label,
                x: 12,
                y: frame.top + frame.plotHeight / 2,
                size: 12,
                anchor: "middle",
                fill: Palette.muted,
                extra: " transform=\"rotate(-90 12 \(SVG.number(frame.top + frame.plotHeight / 2)))\""
            )
        )
    }

    static func sine(_ x: Double) -> Double { Double.sin(x) }
    static func cosine(_ x: Double) -> Double { Double.cos(x) }
}
