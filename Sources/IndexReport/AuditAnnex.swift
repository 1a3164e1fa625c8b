import IndexCore

/// The statistical audit's texts, in the report's two languages (a ``LocalisedMessage`` of its own so
/// the annex stays in one file).
enum AuditMessage: Sendable, LocalisedMessage {
    case annexHeading(String)
    case introduction(units: Int, nodes: Int)
    case statisticsCaption(String)
    case heatmapTitle
    case heatmapCaption(String)
    case componentsCaption(String)
    case node, available, minimum, maximum, mean, standardDeviation, skewness, kurtosis, flags
    case group, children, cronbach, firstComponent, componentsAboveOne
    case lowAvailability, manyZeros, fewDistinct, outlying
    case flagsHeading
    case noFlags(Double)
    case collinear(pair: String, group: String, r: String, p: String)
    case negative(pair: String, group: String, r: String, p: String)
    case closer(node: String, other: String, r: String, group: String, own: String)
    case correlationLegend
    case ownParent

    var zh: String {
        switch self {
        case .annexHeading(let period): "统计审计（\(period) 年）"
        case .introduction(let units, let nodes):
            "按联合研究中心（JRC）综合指数统计审计的做法，对 \(units) 个地区的 \(nodes) 项指标与合成得分逐项给出描述统计、皮尔逊与斯皮尔曼相关及其双侧 p 值、各组主成分与克朗巴赫 α，并列出需要复核之处。"
        case .statisticsCaption(let period): "\(period) 年指标（原始值）与合成得分的描述统计"
        case .heatmapTitle: "指标与所属上级、一级指标和总指数的皮尔逊相关"
        case .heatmapCaption(let period): "\(period) 年指标与所属上级、各一级指标和总指数的相关（框出所属一级指标）"
        case .componentsCaption(let period): "\(period) 年各组的主成分与内部一致性"
        case .node: "指标"
        case .available: "有效值"
        case .minimum: "最小值"
        case .maximum: "最大值"
        case .mean: "均值"
        case .standardDeviation: "标准差"
        case .skewness: "偏度"
        case .kurtosis: "峰度"
        case .flags: "提示"
        case .group: "组"
        case .children: "下级项数"
        case .cronbach: "克朗巴赫 α"
        case .firstComponent: "第一主成分解释方差（%）"
        case .componentsAboveOne: "特征值大于 1 的主成分数"
        case .lowAvailability: "有效值偏少"
        case .manyZeros: "零值偏多"
        case .fewDistinct: "取值重复多"
        case .outlying: "疑似离群（偏度、峰度）"
        case .flagsHeading: "需要复核之处"
        case .noFlags(let threshold): "未发现共线（|r| ≥ \(threshold)）、组内负相关或与其他组相关更强的指标。"
        case .collinear(let pair, let group, let r, let p):
            "\(group)中的\(pair)高度共线（r = \(r)，p \(p)），可能重复计量同一方面。"
        case .negative(let pair, let group, let r, let p):
            "\(group)中的\(pair)负相关（r = \(r)，p \(p)），在组内相互抵消。"
        case .closer(let node, let other, let r, let group, let own):
            "\(node)与\(other)的相关（r = \(r)）高于与所属\(group)的相关（r = \(own)）。"
        case .correlationLegend: "相关系数 r"
        case .ownParent: "所属上级"
        }
    }

    var en: String {
        switch self {
        case .annexHeading(let period): "The statistical audit, \(period)"
        case .introduction(let units, let nodes):
            "Following the JRC's statistical audits of composite indicators, each of the \(nodes) indicators and aggregate scores over \(units) units is described, correlated (Pearson and Spearman, with two-sided p-values), and each group's principal components and Cronbach's α are given, with what calls for review."
        case .statisticsCaption(let period): "Statistics of the indicators (raw values) and aggregate scores, \(period)"
        case .heatmapTitle: "Pearson correlations of indicators with their parent, each pillar and the index"
        case .heatmapCaption(let period):
            "Correlations of indicators with their own parent, each first-level aggregate and the index, \(period) (own first-level aggregate outlined)"
        case .componentsCaption(let period): "Principal components and internal consistency of each group, \(period)"
        case .node: "Node"
        case .available: "Values"
        case .minimum: "Min"
        case .maximum: "Max"
        case .mean: "Mean"
        case .standardDeviation: "SD"
        case .skewness: "Skew"
        case .kurtosis: "Kurtosis"
        case .flags: "Flags"
        case .group: "Group"
        case .children: "Components"
        case .cronbach: "Cronbach's α"
        case .firstComponent: "PC1 explained (%)"
        case .componentsAboveOne: "Eigenvalues > 1"
        case .lowAvailability: "few values"
        case .manyZeros: "many zeros"
        case .fewDistinct: "many repeats"
        case .outlying: "outliers (skew, kurtosis)"
        case .flagsHeading: "What calls for review"
        case .noFlags(let threshold):
            "No collinear pair (|r| ≥ \(threshold)), negative pair inside a group, or indicator closer to another group."
        case .collinear(let pair, let group, let r, let p):
            "\(pair) in \(group) are collinear (r = \(r), p \(p)): they may count one thing twice."
        case .negative(let pair, let group, let r, let p):
            "\(pair) in \(group) correlate negatively (r = \(r), p \(p)): they offset each other in the group."
        case .closer(let node, let other, let r, let group, let own):
            "\(node) correlates more with \(other) (r = \(r)) than with its own \(group) (r = \(own))."
        case .correlationLegend: "Correlation r"
        case .ownParent: "Own parent"
        }
    }
}

extension Charts {
    /// A diverging colour for a correlation: blue (−1) through white (0) to red (+1); grey when undefined.
    static func correlationColour(_ r: Double?) -> String {
        guard let r, r.isFinite else { return Palette.noData }
        let t = min(1, abs(r))
        let (red, green, blue): (Double, Double, Double) = r < 0 ? (33, 102, 172) : (178, 24, 43)
        func channel(_ c: Double) -> String {
            let value = min(255, max(0, (255 + (c - 255) * t).rounded()))
            let hex = String(Int(value), radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(red) + channel(green) + channel(blue)
    }

    /// A correlation heatmap: rows (the indicators, in groups) against columns (the aggregates), each
    /// cell coloured by r and printed with it, the row's own parent outlined, a line between groups,
    /// and the colour scale as a legend. Labels are 11 px.
    ///
    /// - Parameters:
    ///   - rows: each row's label, its group (a rule is drawn where it changes) and its values, one per column.
    ///   - columns: the columns' labels.
    ///   - outlined: for each row, the column to outline (its own parent), if any.
    public static func correlationHeatmap(
        title: String,
        rows: [(label: String, group: String, values: [Double?])],
        columns: [String],
        outlined: [Int?],
        legend: String
    ) -> SVG {
        let labelWidth = min(
            220,
            max(80, (rows.map { SVG.textWidth($0.label, size: 11) }.max() ?? 80) + 12)
        )
        let cellWidth = max(30, min(44, (640 - labelWidth - 16) / Double(max(columns.count, 1))))
        let cellHeight = 15.0
        let headerHeight = min(
            160,
            max(40, (columns.map { SVG.textWidth($0, size: 11) }.max() ?? 40) * 0.75 + 16)
        )
        let top = 30 + headerHeight
        let width = max(640, labelWidth + cellWidth * Double(columns.count) + 16)
        let height = top + cellHeight * Double(rows.count) + 60
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 8, y: 20, size: 14, weight: "600"))
        for (j, column) in columns.enumerated() {
            let x = labelWidth + cellWidth * (Double(j) + 0.5)
            let y = top - 6
            svg.add(
                SVG.text(
                    column,
                    x: x,
                    y: y,
                    size: 11,
                    fill: Palette.ink,
                    extra: " transform=\"rotate(-50 \(SVG.number(x)) \(SVG.number(y)))\""
                )
            )
        }
        for (i, row) in rows.enumerated() {
            let y = top + cellHeight * Double(i)
            if i > 0, rows[i - 1].group != row.group {
                svg.add(
                    SVG.line(8, y, labelWidth + cellWidth * Double(columns.count), y, stroke: Palette.ink, width: 1)
                )
            }
            svg.add(SVG.text(row.label, x: labelWidth - 6, y: y + 11.5, size: 11, anchor: "end"))
            for (j, value) in row.values.enumerated() where j < columns.count {
                let x = labelWidth + cellWidth * Double(j)
                let shown = value.map { SVG.label($0, 2) } ?? "—"
                svg.add(
                    SVG.rect(
                        x,
                        y,
                        cellWidth - 1,
                        cellHeight - 1,
                        fill: correlationColour(value),
                        // The full r (shortest round-trip form), for readers and tests of the SVG.
                        extra: " data-value=\"\(value.map { String($0) } ?? "")\"",
                        tooltip: "\(row.label) · \(columns[j]): \(shown)"
                    )
                )
                svg.add(
                    SVG.text(
                        shown,
                        x: x + cellWidth / 2,
                        y: y + 11,
                        size: 11,
                        anchor: "middle",
                        fill: abs(value ?? 0) > 0.6 ? "#ffffff" : Palette.ink
                    )
                )
            }
            if i < outlined.count, let j = outlined[i] {
                let x = labelWidth + cellWidth * Double(j)
                svg.add(
                    "<rect x=\"\(SVG.number(x - 0.5))\" y=\"\(SVG.number(y - 0.5))\" width=\"\(SVG.number(cellWidth))\" height=\"\(SVG.number(cellHeight))\" fill=\"none\" stroke=\"\(Palette.ink)\" stroke-width=\"1.5\"/>"
                )
            }
        }
        // The colour scale: −1 … 1 in 20 steps, ticked every 0.5.
        let legendY = top + cellHeight * Double(rows.count) + 20
        let legendX = labelWidth
        let step = 12.0
        svg.add(SVG.text(legend, x: legendX - 6, y: legendY + 10, size: 11, anchor: "end"))
        for k in 0..<20 {
            let r = -1 + (Double(k) + 0.5) / 10
            svg.add(SVG.rect(legendX + step * Double(k), legendY, step, 12, fill: correlationColour(r)))
        }
        for tick in stride(from: -1.0, through: 1.0, by: 0.5) {
            let x = legendX + step * 10 * (tick + 1)
            svg.add(SVG.line(x, legendY + 12, x, legendY + 16, stroke: Palette.ink))
            svg.add(
                SVG.text(SVG.label(tick, 1), x: x, y: legendY + 28, size: 11, anchor: "middle", fill: Palette.muted)
            )
        }
        return svg
    }
}

/// The report's annex of the statistical audit (`Audit`): a statistics table, a correlation
/// heatmap grouped by the framework, the principal components and Cronbach's α of each group, and
/// the flags in words.
enum AuditAnnex {
    /// A name cut to `limit` characters with an ellipsis, so a chart's label keeps its 11 px.
    static func clipped(_ name: String, _ limit: Int = 30) -> String {
        name.count <= limit ? name : String(name.prefix(limit - 1)) + "…"
    }

    static func section(
        _ audit: Audit,
        section: CrossSectionResult,
        composer: inout ReportComposer
    ) -> HTML {
        let l = composer.language
        let info = Dictionary(section.nodes.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func name(_ id: String) -> String { info[id].map { l.pick($0.name) } ?? id }
        func text(_ message: AuditMessage) -> String { message.text(l) }
        func fixed(_ value: Double?, _ digits: Int) -> String {
            guard let value, value.isFinite else { return "—" }
            return SVG.label(value, digits)
        }
        var html: HTML = "<section class=\"audit-annex\">"
        // Numbered after the other appendices, with its own id per evaluation.
        html += composer.appendixSection(
            text(.annexHeading(audit.period)),
            id: "sec-audit-\(ReportBuilder.fileSlug(audit.evaluation))"
        )
        html += "<p>\(text(.introduction(units: audit.unitCount, nodes: audit.nodes.count)))</p>"

        // Statistics of every node.
        let statistics = composer.tableCaption(text(.statisticsCaption(audit.period)))
        html += "<table id=\"\(statistics.id)\">\(statistics.caption)<thead><tr>"
        for header: AuditMessage in [
            .node, .available, .minimum, .maximum, .mean, .standardDeviation, .skewness, .kurtosis, .flags,
        ] {
            html += "<th scope=\"col\">\(text(header))</th>"
        }
        html += "</tr></thead><tbody>"
        // Indicators on their raw values where the audit has them (their normalised min and max say
        // nothing), aggregates on their scores.
        for (id, normalised) in zip(audit.nodes, audit.statistics) {
            let s = audit.rawStatistics[id] ?? normalised
            var flags: [String] = []
            if !s.isAvailabilityOK { flags.append(text(.lowAvailability)) }
            if !s.isNonZeroOK { flags.append(text(.manyZeros)) }
            if !s.isUniqueOK { flags.append(text(.fewDistinct)) }
            if s.isOutlying { flags.append(text(.outlying)) }
            html += "<tr data-node=\"\(id)\"><td>\(name(id))</td><td class=\"num\">\(s.available)/\(s.count)</td>"
            for value in [s.minimum, s.maximum, s.mean, s.standardDeviation, s.skewness, s.kurtosis] {
                html += "<td class=\"num\">\(fixed(value, 2))</td>"
            }
            html += "<td>\(flags.joined(separator: l == .zh ? "；" : "; "))</td></tr>"
        }
        html += "</tbody></table>"

        // The heatmap: indicators (grouped by parent) against their own parent, every first-level
        // aggregate and the index, so that it stays readable (11 px) on a page at any depth; the
        // whole matrix is in the audit document.
        let position = Dictionary(audit.nodes.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let indicators = audit.nodes.filter { info[$0]?.isIndicator ?? false }
        let root = section.nodes.first { $0.parent == nil }?.id ?? ""
        let top = section.nodes.filter { !$0.isIndicator && $0.depth == 1 }.map(\.id)
        func r(_ a: String, _ b: String) -> Double? {
            guard let i = position[a], let j = position[b] else { return nil }
            return audit.correlations.pearson[i][j]
        }
        func ancestor(_ id: String) -> String? {
            var current = info[id]
            while let node = current, node.depth > 1 { current = node.parent.flatMap { info[$0] } }
            return current?.id
        }
        let rows = indicators.map { id in
            (
                label: Self.clipped(name(id)),
                group: info[id]?.parent ?? "",
                values: [r(id, info[id]?.parent ?? root)] + top.map { r(id, $0) } + [r(id, root)]
            )
        }
        html += composer.figure(
            key: "audit-heatmap:\(audit.evaluation)",
            slug: "audit-correlations-\(audit.evaluation)",
            Charts.correlationHeatmap(
                title: text(.heatmapTitle),
                rows: rows,
                columns: [text(.ownParent)] + top.map { Self.clipped(name($0), 20) } + [Self.clipped(name(root), 20)],
                outlined: indicators.map { id in ancestor(id).flatMap { top.firstIndex(of: $0) }.map { $0 + 1 } },
                legend: text(.correlationLegend)
            ),
            caption: text(.heatmapCaption(audit.period)),
            sources: nil,
            isAppendix: true
        )

        // Principal components and Cronbach's α per group.
        let components = composer.tableCaption(text(.componentsCaption(audit.period)))
        html += "<table id=\"\(components.id)\">\(components.caption)<thead><tr>"
        for header: AuditMessage in [.group, .children, .cronbach, .firstComponent, .componentsAboveOne] {
            html += "<th scope=\"col\">\(text(header))</th>"
        }
        html += "</tr></thead><tbody>"
        for group in audit.groups where group.children.count >= 2 {
            let eigenvalues = group.components?.eigenvalues ?? []
            let total = eigenvalues.reduce(0, +)
            let first = eigenvalues.first.map { total > 0 ? 100 * $0 / total : .nan }
            html +=
                "<tr data-group=\"\(group.id)\"><td>\(name(group.id))</td><td class=\"num\">\(group.children.count)</td><td class=\"num\">\(fixed(group.cronbachAlpha, 2))</td><td class=\"num\">\(fixed(first, 1))</td><td class=\"num\">\(group.components == nil ? "—" : String(eigenvalues.filter { $0 > 1 }.count))</td></tr>"
        }
        html += "</tbody></table>"

        // The flags in words.
        html += "<h3>\(text(.flagsHeading))</h3>"
        if audit.flags.isEmpty {
            html += "<p>\(text(.noFlags(audit.collinearity)))</p>"
        } else {
            html += "<ul class=\"audit-flags\">"
            for flag in audit.flags {
                let r = fixed(flag.correlation, 2)
                let p = flag.pValue.map { $0 < 0.001 ? "< 0.001" : "= " + SVG.label($0, 3) } ?? "—"
                let pair = flag.nodes.map(name).joined(separator: l == .zh ? "与" : " and ")
                let sentence: AuditMessage =
                    switch flag.kind {
                    case .collinear: .collinear(pair: pair, group: name(flag.group), r: r, p: p)
                    case .negative: .negative(pair: pair, group: name(flag.group), r: r, p: p)
                    case .closerToAnotherGroup:
                        .closer(
                            node: name(flag.nodes.first ?? ""),
                            other: name(flag.nodes.last ?? ""),
                            r: r,
                            group: name(flag.group),
                            own: fixed(flag.withOwnGroup, 2)
                        )
                    }
                html += "<li data-kind=\"\(flag.kind.rawValue)\">\(text(sentence))</li>"
            }
            html += "</ul>"
        }
        html += "</section>"
        return html
    }
}
