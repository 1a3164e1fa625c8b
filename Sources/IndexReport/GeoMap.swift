import Foundation
import IndexCore
import RealModule

/// Province outlines from a GeoJSON file (an `adcode` property on each feature).
public struct GeoShapes: Sendable {
    public struct Feature: Sendable {
        public var code: String
        public var name: String
        /// Polygons, each a list of rings of (longitude, latitude).
        public var polygons: [[[(Double, Double)]]]
    }

    public var features: [Feature]
    /// Where the geometry came from, stated on the figure.
    public var source: String

    /// Reads a GeoJSON FeatureCollection of Polygon and MultiPolygon features.
    ///
    /// - Throws: ``IndexError`` naming the file when it is not such a collection.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IndexError("cannot read file", file: path)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let items = object["features"] as? [[String: Any]]
        else {
            throw IndexError("not a GeoJSON FeatureCollection", file: path)
        }
        var features: [Feature] = []
        for (index, item) in items.enumerated() {
            let properties = item["properties"] as? [String: Any] ?? [:]
            guard
                let code = (properties["adcode"] as? String)
                    ?? (properties["adcode"] as? NSNumber).map({ "\($0.intValue)" })
            else {
                throw IndexError("feature \(index + 1) has no adcode property", file: path)
            }
            let geometry = item["geometry"] as? [String: Any] ?? [:]
            let type = geometry["type"] as? String ?? ""
            let coordinates = geometry["coordinates"] as? [Any] ?? []
            func ring(_ value: Any) -> [(Double, Double)] {
                (value as? [Any] ?? []).compactMap { point in
                    guard let pair = point as? [Any], pair.count >= 2, let x = (pair[0] as? NSNumber)?.doubleValue,
                        let y = (pair[1] as? NSNumber)?.doubleValue
                    else { return nil }
                    return (x, y)
                }
            }
            let polygons: [[[(Double, Double)]]]
            switch type {
            case "Polygon": polygons = [coordinates.map(ring)]
            case "MultiPolygon": polygons = coordinates.map { ($0 as? [Any] ?? []).map(ring) }
            default: throw IndexError("feature \(code) is a \(type), not a Polygon or MultiPolygon", file: path)
            }
            features.append(
                Feature(
                    code: code,
                    name: properties["name_zh"] as? String ?? properties["name"] as? String ?? code,
                    polygons: polygons
                )
            )
        }
        self.features = features
        self.source = URL(fileURLWithPath: path).lastPathComponent
    }
}

extension Charts {
    /// Each province-level region's one-character abbreviation (简称, as GB/T 2260 lists them): the
    /// labels of the phone's geographic map in Chinese, where a full name would crowd the east.
    public static let abbreviations: [String: String] = [
        "110000": "京", "120000": "津", "130000": "冀", "140000": "晋", "150000": "蒙", "210000": "辽",
        "220000": "吉", "230000": "黑", "310000": "沪", "320000": "苏", "330000": "浙", "340000": "皖",
        "350000": "闽", "360000": "赣", "370000": "鲁", "410000": "豫", "420000": "鄂", "430000": "湘",
        "440000": "粤", "450000": "桂", "460000": "琼", "500000": "渝", "510000": "川", "520000": "黔",
        "530000": "滇", "540000": "藏", "610000": "陕", "620000": "甘", "630000": "青", "640000": "宁",
        "650000": "新", "710000": "台", "810000": "港", "820000": "澳",
    ]

    /// The tier map as a geographic choropleth: the mainland in an equal-area-like projection, the
    /// South China Sea islands in an inset instead of stretching the map, and the geometry's source
    /// stated on the figure (a map of China published in China needs an approved standard map, 审图号).
    ///
    /// Each province carries its name and score at its largest polygon's centre; a label that would
    /// cover one already placed moves to the nearest free place, with a leader line. The islands,
    /// too small to see at this scale, are drawn as dots in the inset.
    ///
    /// `compact` draws it for a phone: 360 units wide (1:1 on a 360-px screen), the map across the
    /// whole width, each region labelled with its short Chinese name or, in English, ISO 3166-2's
    /// letters (a key line says so; the full name and score are the region's tooltip and link, and
    /// the ranking beside the map), and the legend and the geometry's source below the map.
    public static func geoMap(
        title: String,
        shapes: GeoShapes,
        regions: [Tile],
        tierNames: [String],
        note: String,
        language: ReportLanguage,
        compact: Bool = false
    ) -> SVG {
        let width = compact ? 360.0 : 640.0
        let byCode = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // Mainland frame: 73–135 °E, 17.5–54 °N; longitude scaled by cos 36°.
        let squeeze = Double.cos(36 * Double.pi / 180)
        let (west, east, south, north) = (73.0, 135.5, 17.5, 54.0)
        let (left, top) = compact ? (8.0, 32.0) : (20.0, 36.0)
        let scale =
            compact
            ? (width - 2 * left) / ((east - west) * squeeze)
            : min((width - 40) / ((east - west) * squeeze), (500 - 90) / (north - south))
        let mapBottom = top + (north - south) * scale
        // A phone's legend and source line go below the map: tiers in two columns, the note wrapped.
        let drawsUnevaluated = shapes.features.contains { feature in
            byCode[feature.code] == nil && unevaluatedRegions.contains { $0.code == feature.code }
        }
        let legendEntries = tierNames.count + (drawsUnevaluated ? 1 : 0)
        let legendRows = Double((legendEntries + 1) / 2)
        // A phone's key to its labels, with the first region as the example.
        let example = regions.first
        let keyLine: String? =
            !compact
            ? nil
            : language == .en
                ? "Letters: ISO 3166-2"
                    + (example.flatMap { r in isoLetters[r.code].map { " (\($0) = \(r.label), …)" } } ?? "")
                : "地区以简称标注" + (example.flatMap { r in abbreviations[r.code].map { "（\($0) = \(r.label) …）" } } ?? "")
        // The inset's title sits above it when it is not much wider (南海诸岛); on a phone a longer
        // one (English) would cover the coast, so a line under the map names the inset instead.
        let insetTitle = language.text(.southChinaSeaIslands)
        let insetTitleAbove = !compact || SVG.textWidth(insetTitle, size: 12) <= 80
        let lines =
            (keyLine.map { [$0] } ?? []) + (insetTitleAbove ? [] : [language.text(.insetNamed(insetTitle))])
            + (compact ? wrapped(note, width: width - 2 * left, size: 12) : [note])
        let height = compact ? mapBottom + 14 + legendRows * 24 + Double(lines.count) * 17 + 6 : 500.0
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: compact ? left : 16, y: 22, size: 14, weight: "600"))
        func main(_ p: (Double, Double)) -> (Double, Double) {
            (left + (p.0 - west) * squeeze * scale, top + (north - p.1) * scale)
        }
        // Inset: 105–125 °E, 3–24 °N, bottom right.
        let insetBox =
            compact
            ? (x: width - 64.0, y: mapBottom - 84.0, w: 56.0, h: 80.0)
            : (x: width - 120.0, y: height - 160.0, w: 104.0, h: 140.0)
        let insetScale = min(insetBox.w / ((125 - 105) * squeeze), insetBox.h / (24 - 3))
        func inset(_ p: (Double, Double)) -> (Double, Double) {
            (insetBox.x + (p.0 - 105) * squeeze * insetScale, insetBox.y + (24 - p.1) * insetScale)
        }
        func path(_ polygon: [[(Double, Double)]], _ project: ((Double, Double)) -> (Double, Double)) -> String {
            polygon.map { ring in
                ring.enumerated().map { index, point in
                    let p = project(point)
                    return (index == 0 ? "M" : "L") + SVG.number(p.0) + " " + SVG.number(p.1)
                }.joined() + "Z"
            }.joined()
        }
        func centre(_ ring: [(Double, Double)]) -> (Double, Double) {
            guard !ring.isEmpty else { return (0, 0) }
            return (
                ring.reduce(0) { $0 + $1.0 } / Double(ring.count), ring.reduce(0) { $0 + $1.1 } / Double(ring.count)
            )
        }
        func area(_ ring: [(Double, Double)]) -> Double {
            guard ring.count > 2 else { return 0 }
            var sum = 0.0
            for index in ring.indices {
                let a = ring[index]
                let b = ring[(index + 1) % ring.count]
                sum += a.0 * b.1 - b.0 * a.1
            }
            return abs(sum) / 2
        }
        var anchors: [(tile: Tile, point: (Double, Double), area: Double)] = []
        var islandDots: [(Double, Double, String)] = []
        var insetCoast = HTML()
        var unevaluated: [(code: String, name: String, point: (Double, Double), area: Double)] = []
        let unevaluatedNames = Dictionary(
            unevaluatedRegions.map { ($0.code, language.pick($0.name)) },
            uniquingKeysWith: { a, _ in a }
        )
        for feature in shapes.features {
            let region = byCode[feature.code]
            let tier = region?.tier
            let fill = Palette.tier(tier)
            var mainland = ""
            var islands = ""
            var coast = ""
            var largest: (area: Double, centre: (Double, Double))?
            for polygon in feature.polygons {
                let outer = polygon.first ?? []
                let (_, latitude) = centre(outer)
                if latitude < south {
                    islands += path(polygon, inset)
                    islandDots.append((inset(centre(outer)).0, inset(centre(outer)).1, Palette.tier(tier)))
                } else {
                    mainland += path(polygon, main)
                    let size = area(outer)
                    if size > (largest?.area ?? -1) { largest = (size, centre(outer)) }
                }
                // The coast (Hainan, 广东, 广西, …) also appears in the inset for orientation, in a
                // neutral grey: the inset shows where the islands lie, not a second colouring.
                if latitude < 24, latitude >= south { coast += path(polygon, inset) }
            }
            let tip =
                region?.tooltipText
                ?? (unevaluatedNames[feature.code].map { $0 + " · " + language.text(.notEvaluated) } ?? feature.name)
            let attributes: HTML =
                " stroke=\"#ffffff\" stroke-width=\"0.6\" data-code=\"\(feature.code)\" data-tier=\"\(tier ?? 0)\""
            var marks = HTML()
            if !mainland.isEmpty {
                marks +=
                    "<path d=\"\(mainland)\" fill=\"\(fill)\"\(attributes) data-tip=\"\(tip)\"><title>\(tip)</title></path>"
            }
            if !islands.isEmpty {
                marks += "<path d=\"\(islands)\" fill=\"\(fill)\"\(attributes) clip-path=\"url(#inset)\"/>"
            }
            if !coast.isEmpty {
                insetCoast +=
                    "<path d=\"\(coast)\" fill=\"\(Palette.grid)\" stroke=\"#ffffff\" stroke-width=\"0.6\" clip-path=\"url(#inset)\"/>"
            }
            svg.add(region?.linked(marks) ?? marks)
            if let region, let largest { anchors.append((region, main(largest.centre), largest.area)) }
            if region == nil, let largest, let name = unevaluatedNames[feature.code] {
                unevaluated.append((feature.code, name, main(largest.centre), largest.area))
            }
        }
        svg.add(
            "<clipPath id=\"inset\"><rect x=\"\(SVG.number(insetBox.x))\" y=\"\(SVG.number(insetBox.y))\" width=\"\(SVG.number(insetBox.w))\" height=\"\(SVG.number(insetBox.h))\"/></clipPath>"
        )
        svg.add(
            SVG.rect(
                insetBox.x,
                insetBox.y,
                insetBox.w,
                insetBox.h,
                fill: "#f5f9fc",
                extra: " stroke=\"#52606d\" stroke-width=\"0.8\" fill-opacity=\"0.6\""
            )
        )
        svg.add(insetCoast)
        for dot in islandDots {
            svg.add(SVG.circle(dot.0, dot.1, r: 1.4, fill: dot.2, extra: " stroke=\"#52606d\" stroke-width=\"0.4\""))
        }
        // Labels: the largest provinces first, each moved off those already placed.
        var placed: [(x: Double, y: Double, w: Double, h: Double)] = [
            (insetBox.x, insetBox.y - 14, insetBox.w, insetBox.h + 14), (16, 8, 400, 20),
        ]
        if insetTitleAbove {
            svg.add(
                SVG.text(
                    insetTitle,
                    x: insetBox.x + insetBox.w,
                    y: insetBox.y - 4,
                    size: 12,
                    anchor: "end",
                    fill: Palette.muted
                )
            )
            let titleWidth = SVG.textWidth(insetTitle, size: 12) + 4
            placed.append((insetBox.x + insetBox.w - titleWidth, insetBox.y - 20, titleWidth, 20))
        }
        if !compact { placed.append((16, height - 150, 150, 140)) }
        // The labels' frame: the map's (a phone's legend is below it).
        let frameBottom = compact ? mapBottom + 4 : height - 14
        func free(_ box: (x: Double, y: Double, w: Double, h: Double)) -> Bool {
            box.x >= 2 && box.x + box.w <= width - 2 && box.y >= 28 && box.y + box.h <= frameBottom
                && !placed.contains {
                    box.x < $0.x + $0.w && $0.x < box.x + box.w && box.y < $0.y + $0.h && $0.y < box.y + box.h
                }
        }
        // A phone shows each region's one-character abbreviation (简称), or ISO letters in English;
        // the name in full and the score are the tooltip's.
        func shown(_ code: String, _ name: String) -> String {
            guard compact else { return name }
            return (language == .en ? isoLetters[code] : abbreviations[code]) ?? name
        }
        let labels =
            anchors.map {
                (
                    name: shown($0.tile.code, $0.tile.label),
                    value: compact ? "" : $0.tile.score.map { SVG.label($0) } ?? "", point: $0.point, area: $0.area
                )
            }
            + unevaluated.map { (name: shown($0.code, $0.name), value: "", point: $0.point, area: $0.area) }
        for anchor in labels.sorted(by: { $0.area > $1.area }) {
            let name = anchor.name
            let value = anchor.value
            let w = max(SVG.textWidth(name, size: 12), SVG.textWidth(value, size: 12)) + 2
            let h = value.isEmpty ? 17.0 : 34.0
            func box(_ dx: Double, _ dy: Double, _ distance: Double) -> (x: Double, y: Double, w: Double, h: Double) {
                (x: anchor.point.0 + dx * distance - w / 2, y: anchor.point.1 + dy * distance - h / 2, w: w, h: h)
            }
            var chosen: (x: Double, y: Double, w: Double, h: Double)?
            search: for distance in [0.0, 10, 18, 26, 36, 48, 62, 80, 100, 124] {
                for (dx, dy) in [(0.0, 0.0), (1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)] {
                    if distance == 0, dx != 0 || dy != 0 { continue }
                    if free(box(dx, dy, distance)) {
                        chosen = box(dx, dy, distance)
                        break search
                    }
                }
            }
            // Never dropped: with no free place left, the label sits on its region, inside the frame.
            let fallback = box(0, 0, 0)
            let placedBox =
                chosen
                ?? (
                    x: min(max(fallback.x, 2), width - 2 - w), y: min(max(fallback.y, 28), frameBottom - h), w: w, h: h
                )
            placed.append(placedBox)
            let cx = placedBox.x + placedBox.w / 2
            if abs(cx - anchor.point.0) > 1 || abs(placedBox.y + h / 2 - anchor.point.1) > 1 {
                svg.add(
                    SVG.line(anchor.point.0, anchor.point.1, cx, placedBox.y + h / 2, stroke: Palette.muted, width: 0.6)
                )
            }
            // Dark text with a white halo reads on every tier's fill and on the sea.
            let halo: HTML = " stroke=\"#ffffff\" stroke-width=\"2.5\" stroke-linejoin=\"round\" paint-order=\"stroke\""
            svg.add(SVG.text(name, x: cx, y: placedBox.y + 13, size: 12, anchor: "middle", weight: "600", extra: halo))
            if !value.isEmpty {
                svg.add(SVG.text(value, x: cx, y: placedBox.y + 30, size: 12, anchor: "middle", extra: halo))
            }
        }
        guard compact else {
            legend(
                &svg,
                x: 24,
                y: height - 150,
                names: tierNames,
                unevaluated: unevaluated.isEmpty ? nil : language.text(.notEvaluated)
            )
            svg.add(SVG.text(lines.last ?? note, x: 16, y: height - 4, size: 12, fill: Palette.muted))
            return svg
        }
        // The phone's legend: two columns under the map, then the key to the letters and the source.
        let split = (legendEntries + 1) / 2
        legend(&svg, x: left, y: mapBottom + 14, names: Array(tierNames.prefix(split)))
        legend(
            &svg,
            x: width / 2,
            y: mapBottom + 14,
            names: Array(tierNames.dropFirst(split)),
            firstTier: split + 1,
            unevaluated: drawsUnevaluated ? language.text(.notEvaluated) : nil
        )
        var y = mapBottom + 14 + legendRows * 24 + 13
        for (index, line) in lines.enumerated() {
            svg.add(
                SVG.text(
                    line,
                    x: left,
                    y: y,
                    size: 12,
                    fill: index == 0 && keyLine != nil ? Palette.ink : Palette.muted
                )
            )
            y += 17
        }
        return svg
    }
}
