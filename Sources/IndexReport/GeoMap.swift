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
        guard let data = FileManager.default.contents(atPath: path) else { throw IndexError("cannot read file", file: path) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let items = object["features"] as? [[String: Any]]
        else {
            throw IndexError("not a GeoJSON FeatureCollection", file: path)
        }
        var features: [Feature] = []
        for (index, item) in items.enumerated() {
            let properties = item["properties"] as? [String: Any] ?? [:]
            guard let code = (properties["adcode"] as? String) ?? (properties["adcode"] as? NSNumber).map({ "\($0.intValue)" }) else {
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
                Feature(code: code, name: properties["name_zh"] as? String ?? properties["name"] as? String ?? code, polygons: polygons))
        }
        self.features = features
        self.source = URL(fileURLWithPath: path).lastPathComponent
    }
}

extension Charts {
    /// The tier map as a geographic choropleth: the mainland in an equal-area-like projection, the
    /// South China Sea islands in an inset instead of stretching the map, and the geometry's source
    /// stated on the figure (a map of China published in China needs an approved standard map, 审图号).
    public static func geoMap(title: String, shapes: GeoShapes, tiers: [String: Int], tierNames: [String], note: String) -> SVG {
        let width = 640.0
        let height = 500.0
        var svg = SVG(width: width, height: height, title: title)
        svg.add(SVG.text(title, x: 16, y: 22, size: 14, weight: "600"))
        // Mainland frame: 73–135 °E, 17.5–54 °N; longitude scaled by cos 36°.
        let squeeze = Double.cos(36 * Double.pi / 180)
        let (west, east, south, north) = (73.0, 135.5, 17.5, 54.0)
        let scale = min((width - 40) / ((east - west) * squeeze), (height - 90) / (north - south))
        func main(_ p: (Double, Double)) -> (Double, Double) { (20 + (p.0 - west) * squeeze * scale, 36 + (north - p.1) * scale) }
        // Inset: 105–125 °E, 3–24 °N, bottom right.
        let insetBox = (x: width - 120.0, y: height - 160.0, w: 104.0, h: 140.0)
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
        for feature in shapes.features {
            let tier = tiers[feature.code]
            let fill = Palette.tier(tier)
            var mainland = ""
            var islands = ""
            for polygon in feature.polygons {
                let latitudes = polygon.first?.map(\.1) ?? []
                let centre = latitudes.isEmpty ? 30 : latitudes.reduce(0, +) / Double(latitudes.count)
                if centre < south { islands += path(polygon, inset) } else { mainland += path(polygon, main) }
                // Hainan and the coast also appear in the inset, for orientation.
                if centre < 24, centre >= south { islands += path(polygon, inset) }
            }
            let attributes = " stroke=\"#ffffff\" stroke-width=\"0.6\" data-code=\"\(feature.code)\" data-tier=\"\(tier ?? 0)\""
            if !mainland.isEmpty { svg.add("<path d=\"\(mainland)\" fill=\"\(fill)\"\(attributes)/>") }
            if !islands.isEmpty { svg.add("<path d=\"\(islands)\" fill=\"\(fill)\"\(attributes) clip-path=\"url(#inset)\"/>") }
        }
        svg.add(
            "<clipPath id=\"inset\"><rect x=\"\(SVG.number(insetBox.x))\" y=\"\(SVG.number(insetBox.y))\" width=\"\(SVG.number(insetBox.w))\" height=\"\(SVG.number(insetBox.h))\"/></clipPath>"
        )
        svg.add(SVG.rect(insetBox.x, insetBox.y, insetBox.w, insetBox.h, fill: "none", extra: " stroke=\"#52606d\" stroke-width=\"0.8\""))
        svg.add(SVG.text("南海诸岛 South China Sea islands", x: insetBox.x + insetBox.w, y: insetBox.y - 4, size: 9, anchor: "end", fill: Palette.muted))
        legend(&svg, x: 24, y: height - 130, names: tierNames)
        svg.add(SVG.text(note, x: 16, y: height - 8, size: 9, fill: Palette.muted))
        return svg
    }
}
