extension Charts {
    /// One unit's rank in two periods.
    public struct RankMove: Sendable {
        public var id: String
        public var label: String
        public var first: Int
        public var last: Int

        public init(id: String, label: String, first: Int, last: Int) {
            self.id = id
            self.label = label
            self.first = first
            self.last = last
        }
    }

    /// Ranks in a first and a last period as a slope chart: each unit's name and rank on the left
    /// (first period) and on the right (last period), joined by a line, blue where it rose, orange
    /// where it fell, grey where it kept its place; the right label also says the change (↑2, ↓1),
    /// so colour is never the only cue.
    ///
    /// Each side lists the units in rank order one row apart (tied ranks on adjacent rows), so no
    /// two labels overprint however the ranks fall. Every line and its two points carry
    /// `data-series` (the unit's id), so the dashboard can highlight one unit.
    public static func rankChange(
        title: String,
        periods: (first: String, last: String),
        moves: [RankMove],
        legend: (up: String, down: String, same: String),
        compact: Bool = false
    ) -> SVG {
        let rowHeight = 20.0
        let top = 64.0
        // 500 units wide: room for "Inner Mongolia 26" on the left and "26 Inner Mongolia ↓1" on the
        // right. `compact` (a phone) fits the columns to the longest labels and draws 360 wide where
        // they fit, so the 12-unit text reads at 11 px or more on a 360–390 px screen.
        var (leftX, rightX) = (170.0, 320.0)
        var width = 500.0
        if compact {
            let left = moves.map { SVG.textWidth("\($0.label) \($0.first)", size: 12) }.max() ?? 0
            let right =
                moves.map { move in
                    let moved = abs(move.first - move.last)
                    return SVG.textWidth("\(move.last) \(move.label) " + (moved == 0 ? "—" : "↓\(moved)"), size: 12)
                }.max() ?? 0
            leftX = max(left + 26, 60)
            let span = 56.0
            width = max(360, leftX + span + right + 16)
            rightX = leftX + span
        }
        let height = top + rowHeight * Double(moves.count) + 44
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        svg.add(SVG.text(periods.first, x: leftX, y: 48, size: 12, anchor: "middle", weight: "600"))
        svg.add(SVG.text(periods.last, x: rightX, y: 48, size: 12, anchor: "middle", weight: "600"))
        func row(_ moves: [RankMove], by rank: KeyPath<RankMove, Int>) -> [String: Double] {
            let ordered = moves.enumerated().sorted { a, b in
                (a.element[keyPath: rank], a.offset) < (b.element[keyPath: rank], b.offset)
            }
            var y: [String: Double] = [:]
            for (index, move) in ordered.enumerated() { y[move.element.id] = top + rowHeight * Double(index) }
            return y
        }
        let before = row(moves, by: \.first)
        let after = row(moves, by: \.last)
        for move in moves {
            guard let y0 = before[move.id], let y1 = after[move.id] else { continue }
            let moved = move.first - move.last
            let colour = moved > 0 ? Palette.series[0] : (moved < 0 ? Palette.growth : Palette.muted)
            let change = moved > 0 ? "↑\(moved)" : (moved < 0 ? "↓\(-moved)" : "—")
            let tooltip = "\(move.label): \(periods.first) \(move.first) → \(periods.last) \(move.last) (\(change))"
            let series: HTML = " data-series=\"\(move.id)\""
            var marks = SVG.line(leftX, y0, rightX, y1, stroke: colour, width: moved == 0 ? 1.5 : 2)
            marks += SVG.circle(
                leftX,
                y0,
                r: 4,
                fill: colour,
                extra: " data-value=\"\(move.first)\" data-period=\"\(periods.first)\"",
                tooltip: tooltip
            )
            marks += SVG.circle(
                rightX,
                y1,
                r: 4,
                fill: colour,
                extra: " data-value=\"\(move.last)\" data-period=\"\(periods.last)\"",
                tooltip: tooltip
            )
            marks += SVG.text("\(move.label) \(move.first)", x: leftX - 10, y: y0 + 4, size: 12, anchor: "end")
            marks += SVG.text(
                "\(move.last) \(move.label) \(change)",
                x: rightX + 10,
                y: y1 + 4,
                size: 12,
                fill: moved == 0 ? Palette.ink : colour
            )
            svg.add("<g\(series)>\(marks)</g>")
        }
        let keyY = top + rowHeight * Double(moves.count) + 16
        var x = 16.0
        for (text, colour) in [
            (legend.up, Palette.series[0]), (legend.down, Palette.growth), (legend.same, Palette.muted),
        ] {
            svg.add(SVG.line(x, keyY, x + 20, keyY, stroke: colour, width: 2))
            svg.add(SVG.text(text, x: x + 26, y: keyY + 4, size: 12))
            x += 26 + SVG.textWidth(text, size: 12) + 24
        }
        return svg
    }
}
