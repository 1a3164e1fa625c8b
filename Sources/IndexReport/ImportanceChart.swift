public import IndexCore

extension Charts {
    /// Weights versus importance for the nodes of one level: for each node a pair of bars, its
    /// weight share (the effective weight over the level's) and its importance share (the
    /// correlation ratio over the level's), both in percent, largest departure first.
    ///
    /// - Parameters:
    ///   - analysis: the evaluation's weights and importances (`WeightImportance`).
    ///   - level: 1 = indicators, each aggregate level one more.
    ///   - language: the labels' language.
    ///   - names: a display name per node id (the id where none is given).
    public static func weightsVersusImportance(
        _ analysis: WeightImportance,
        level: Int,
        language: ReportLanguage,
        names: [String: String] = [:]
    ) -> SVG {
        let nodes = analysis.nodes.filter { $0.level == level }
            .sorted { a, b in
                abs(departure(a)) != abs(departure(b)) ? abs(departure(a)) > abs(departure(b)) : a.id < b.id
            }
        let zh = language == .zh
        let title =
            zh
            ? "权重与重要性（第 \(level) 层，\(analysis.period)）"
            : "Weights versus importance (level \(level), \(analysis.period))"
        let rowHeight = 30.0
        let labelWidth = 170.0
        let width = 680.0
        let height = 78 + rowHeight * Double(nodes.count) + 12
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        let legend = zh ? ["权重占比", "重要性占比（相关比）"] : ["weight share", "importance share (correlation ratio)"]
        for (index, text) in legend.enumerated() {
            let x = labelWidth + Double(index) * 140
            svg.add(SVG.rect(x, 36, 12, 10, fill: Palette.series[index == 0 ? 5 : 1]))
            svg.add(SVG.text(text, x: x + 16, y: 45, size: 11, fill: Palette.muted))
        }
        let values: [Double] = nodes.flatMap { node -> [Double] in [node.weightShare, node.importanceShare ?? 0] }
        let high = max(values.max() ?? 0, 1e-9)
        let plot = width - labelWidth - 70
        for (row, node) in nodes.enumerated() {
            let top = 60 + rowHeight * Double(row)
            let label = names[node.id] ?? node.id
            svg.add(SVG.text(label, x: labelWidth - 8, y: top + 17, size: 12, anchor: "end"))
            let pairs: [(Double?, String, String)] = [
                (node.weightShare, Palette.series[5], legend[0]),
                (node.importanceShare, Palette.series[1], legend[1]),
            ]
            for (index, pair) in pairs.enumerated() {
                let y = top + 3 + Double(index) * 12
                guard let value = pair.0 else {
                    svg.add(SVG.text("—", x: labelWidth + 4, y: y + 10, size: 10, fill: Palette.muted))
                    continue
                }
                let length = plot * max(value, 0) / high
                svg.add(
                    SVG.rect(
                        labelWidth,
                        y,
                        length,
                        11,
                        fill: pair.1,
                        extra: " data-value=\"\(value)\" data-label=\"\(node.id)\"",
                        tooltip: "\(label) \(pair.2): \(SVG.label(value * 100)) %"
                    )
                )
                svg.add(SVG.text(SVG.label(value * 100) + " %", x: labelWidth + length + 4, y: y + 9, size: 10))
            }
        }
        return svg
    }

    /// Importance share minus weight share (0 when importance is unknown).
    static func departure(_ node: WeightImportance.Node) -> Double {
        (node.importanceShare ?? node.weightShare) - node.weightShare
    }
}
