import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexTestSupport
import IndexWorkflows
import Testing

@testable import IndexReport
@testable import IndexServer

/// What a province, an analyst and a publisher take away: strengths and gaps by one rule, downloads
/// that open cleanly in Excel, maps that name every region.
@Suite("Publishable pages: strengths, downloads, maps")
struct PublishableTests {
    static func snapshot() throws -> DashboardSnapshot {
        let framework = try Catalog.framework()
        let dataset = try Catalog.dataset(for: framework)
        return try DashboardState(framework: framework, dataset: dataset).snapshot
    }

    /// 西藏 (last, 0.0 everywhere) shares the tied ranks at the bottom of many indicators; a tie
    /// never makes a strength, so it has none; 青海 likewise. 江苏, first on most pillars, has
    /// them as strengths. Every listed place obeys the rule as its documentation states it.
    @Test func strengthsAreTrueOnRanksWithTies() throws {
        let snapshot = try Self.snapshot()
        let section = try #require(snapshot.latestRegional)
        let count = section.units.count
        let margin = StrengthsAndGaps.margin(units: count)
        #expect(margin == 5)
        for unit in section.units {
            let relative = StrengthsAndGaps(unit, in: section)
            let overall = try #require(unit.rank)
            for place in relative.strengths {
                // Recount the tie from the results themselves.
                let ranks = section.units.compactMap { $0.nodes[place.node.id]?.rank }
                #expect(place.tied == ranks.filter { $0 == place.rank }.count)
                #expect(place.lastPlace <= max(1, overall - margin) && place.lastPlace <= (count + 1) / 2, "\(unit.id)")
            }
            for place in relative.gaps {
                #expect(place.rank >= min(count, overall + margin) && place.rank > count / 2, "\(unit.id)")
            }
            #expect(relative.strengths.filter(\.node.isIndicator).count <= 3)
            #expect(relative.gaps.filter(\.node.isIndicator).count <= 3)
        }
        let xizang = try #require(section.units.first { $0.id == "540000" })
        #expect(xizang.rank == count)
        // The case of the issue: an indicator where 西藏 shares a rank with many others.
        let tiedIndicator = section.nodes.filter(\.isIndicator).first { node in
            guard let rank = xizang.nodes[node.id]?.rank else { return false }
            return section.units.filter { $0.nodes[node.id]?.rank == rank }.count > count / 2
        }
        #expect(tiedIndicator != nil, "西藏 has a rank shared by most regions")
        #expect(StrengthsAndGaps(xizang, in: section).strengths.isEmpty)
        let qinghai = try #require(section.units.first { $0.id == "630000" })
        #expect(StrengthsAndGaps(qinghai, in: section).strengths.isEmpty)
        let jiangsu = try #require(section.units.first { $0.id == "320000" })
        let strengths = StrengthsAndGaps(jiangsu, in: section).strengths
        #expect(!strengths.isEmpty)
        // A leader's strengths are where it is first outright: its best pillars.
        let firstPillars = section.nodes.filter { $0.depth == 1 && !$0.isIndicator }.filter {
            jiangsu.nodes[$0.id]?.rank == 1
        }
        #expect(firstPillars.count >= 3)
        #expect(strengths.allSatisfy { $0.rank == 1 && $0.tied == 1 })
        // Every pillar it leads outright is listed, first.
        #expect(Array(strengths.prefix(firstPillars.count)).map(\.node.id) == firstPillars.map(\.id))
        // Spelled out in the page's language, no bare "(+12)".
        let words = try #require(strengths.first).named(.zh)
        let above = (jiangsu.rank ?? 1) - 1
        #expect(words.hasSuffix(above > 0 ? "（独占第 1 名，高于总排名 \(above) 位）" : "（独占第 1 名）"), "\(words)")
        #expect(!words.contains("+"))
    }

    /// The overall rank is said once; each line says its own rank and how far it stands from it.
    @Test func strengthLinesSayTheirOwnRankAndMargin() throws {
        let section = try #require(try Self.snapshot().latestRegional)
        var checked = 0
        for unit in section.units {
            let relative = StrengthsAndGaps(unit, in: section)
            let overall = try #require(unit.rank)
            #expect(relative.overall(.zh) == "总排名：31 个地区中第 \(overall) 名。")
            #expect(relative.overall(.en) == "Overall rank: \(overall) of 31.")
            for place in relative.strengths + relative.gaps {
                let zh = place.described(.zh)
                let en = place.described(.en)
                #expect(!zh.contains("总排名第") && !en.contains("overall rank \(overall)"), "\(zh) / \(en)")
                let margin = place.placesAboveOverall
                if place.lastPlace < overall {
                    // A strength: above by the distance from its tie's last place.
                    // At least the margin k, or as far as the top allows (a leader: first outright).
                    #expect(margin == overall - place.lastPlace && margin >= min(relative.margin, overall - 1))
                    #expect(zh.hasSuffix("，高于总排名 \(margin) 位"), "\(zh)")
                    #expect(en.hasSuffix(", \(margin) place\(margin == 1 ? "" : "s") above the overall rank"))
                    checked += 1
                } else if place.rank > overall {
                    #expect(margin == overall - place.rank && -margin >= min(relative.margin, place.count - overall))
                    #expect(zh.hasSuffix("，低于总排名 \(-margin) 位"), "\(zh)")
                    #expect(en.contains("below the overall rank"))
                    checked += 1
                } else {
                    // Level with the overall rank: only the leader's outright first places and the
                    // last unit's last places.
                    let isLeader = overall == 1 && place.rank == 1 && place.tied == 1
                    let isLast = overall == place.count && place.rank == overall
                    #expect(isLeader || isLast, "\(zh)")
                    #expect(!zh.contains("总排名") && !en.contains("overall"), "\(zh) / \(en)")
                }
                let head =
                    place.tied > 1
                    ? "并列第 \(place.rank) 名（\(place.tied) 个地区）" : place.rank == 1 ? "独占第 1 名" : "第 \(place.rank) 名"
                #expect(zh.hasPrefix(head), "\(zh)")
            }
        }
        #expect(checked > 30)
    }

    /// The API's unit document lists the same strengths and gaps as the page.
    @Test func theAPIUsesTheSameRule() throws {
        let snapshot = try Self.snapshot()
        let section = try #require(snapshot.latestRegional)
        for id in ["320000", "540000"] {
            let document = try #require(UnitScoresDocument(snapshot.results, unit: id))
            let unit = try #require(section.units.first { $0.id == id })
            let relative = StrengthsAndGaps(unit, in: section)
            #expect(document.strengths.map(\.node) == relative.strengths.map(\.node.id))
            #expect(document.gaps.map(\.node) == relative.gaps.map(\.node.id))
            #expect(document.gaps.map(\.rank) == relative.gaps.map(\.rank))
        }
    }

    /// The ranking workbook: names, ranks, tier names (not 1–4), each pillar's score and rank in
    /// columns of their own, exact values shown rounded, widths, and the illustrative note last.
    @Test func rankingWorkbookOpensCleanly() throws {
        let snapshot = try Self.snapshot()
        let section = try #require(snapshot.latestRegional)
        let table = try #require(Pages.table(named: "ranking", snapshot, query: Pages.Query(nil), .zh))
        // The download is the file with its byte-order mark (CSVWriter.file, added by Download).
        #expect(CSVWriter.file(table.csv).hasPrefix("\u{FEFF}地区,"))
        let data = try XLSXWriter.encode(table.workbook)
        let workbook = try XLSXReader.read(data: data, file: "ranking.xlsx")
        let rows = try #require(workbook.sheets.first).rows
        let header = rows[0].map(\.text)
        let pillars = section.nodes.filter { $0.depth == 1 && !$0.isIndicator }
        let first = try #require(pillars.first)
        let scoreColumn = try #require(header.firstIndex(of: first.name.zh + "（得分）"))
        #expect(header[scoreColumn + 1] == first.name.zh + "（名次）")
        let tierColumn = try #require(header.firstIndex(of: "梯队"))
        let leader = try #require(section.units.first { $0.rank == 1 })
        let row = try #require(
            rows.first { $0.first?.text == snapshot.dataset.units.first { $0.id == leader.id }?.name.zh }
        )
        #expect(row[tierColumn] == .text(section.tierNames[0].zh))
        #expect(row[scoreColumn] == .number(try #require(leader.nodes[first.id]?.score ?? nil)))
        #expect(row[scoreColumn + 1] == .number(Double(try #require(leader.nodes[first.id]?.rank))))
        #expect(rows.last == [.text(ReportLanguage.zh.illustrativeNote)])
        // Widths and rounded display: the sheet's XML.
        let file = try TestSupport.temporaryDirectory().appendingPathComponent("ranking.xlsx")
        try data.write(to: file)
        let xml = try TestSupport.run("unzip", ["-p", file.path, "xl/worksheets/sheet1.xml"])
        #expect(xml.contains("<cols><col min=\"1\" max=\"1\" width=\""))
        #expect(xml.contains(" s=\"5\"><v>"), "scores shown with two decimals")
        #expect(xml.contains(" s=\"3\"><v>"), "ranks shown whole")
    }

    /// The tile map names 台湾, 香港 and 澳门 and lists 未参评 in its legend; English names are whole.
    @Test func tileMapNamesEveryRegion() throws {
        let snapshot = try Self.snapshot()
        let section = try #require(snapshot.latestRegional)
        let names = Pages.names(snapshot, .zh)
        let zh = Pages.linkedTileMap(section, names: names, .zh).wide.rendered
        for name in ["台湾", "香港", "澳门", "未参评"] { #expect(zh.contains(">\(name)<"), "\(name)") }
        let enMaps = Pages.linkedTileMap(section, names: Pages.names(snapshot, .en), .en)
        let en = enMaps.wide.rendered
        for name in ["Guangdong", "Heilongjiang", "Tianjin", "Taiwan", "Not evaluated"] {
            #expect(en.contains(">\(name)<"), "\(name)")
        }
        #expect(!en.contains("Guangd.<") && !en.contains("Heilongj.<"))
        // The phone drawing: every region on it too, in ISO 3166-2 letters, with its full name as the
        // link's label; 未参评 in the legend; no text under 19 units.
        let phone = enMaps.phone.rendered
        for letters in ["GD", "HL", "TJ", "TW", "HK", "MO", "Not evaluated"] {
            #expect(phone.contains(">\(letters)<"), "\(letters)")
        }
        #expect(phone.contains("aria-label=\"Guangdong: "))
        #expect(phone.contains(">Letters: ISO 3166-2 ("), "the letters are explained on the drawing")
        // Letters for every region the map draws, each pair of letters once.
        let drawn = Set(Charts.tileLayout.keys).union(Charts.unevaluatedRegions.map(\.code))
        #expect(Set(Charts.isoLetters.keys) == drawn)
        #expect(Set(Charts.isoLetters.values).count == Charts.isoLetters.count)
        let sizes = phone.components(separatedBy: "font-size=\"").dropFirst().compactMap {
            Double($0.prefix { $0 != "\"" })
        }
        #expect(!sizes.isEmpty && sizes.allSatisfy { $0 >= 19 }, "\(Set(sizes))")
        let zhPhone = Pages.linkedTileMap(section, names: names, .zh).phone.rendered
        for name in ["江苏", "内蒙古", "台湾", "未参评"] { #expect(zhPhone.contains(">\(name)<"), "\(name)") }
    }

    /// 西藏's all-zero trend (held as 0 and 1e-14) gets an axis whose ticks print apart, and the
    /// point is drawn on the zero line, not as a spike.
    @Test func flatSeriesKeepAnAxis() throws {
        let ticks = Ticks.nice(0, 1e-14 * 1.08)
        let labels = ticks.map { SVG.label($0, Ticks.decimals(ticks)) }
        #expect(Set(labels).count == labels.count && labels.count >= 3, "\(labels)")
        #expect(ticks.first == 0 && (ticks.last ?? 0) >= 1)
        let svg = Charts.lines(
            title: "西藏",
            periods: ["2020", "2021", "2022", "2023"],
            series: [("西藏", [0, 1e-14, 0, 0])],
            yLabel: "得分"
        ).rendered
        let ys = svg.components(separatedBy: "<circle").dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "cy=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(ys.count == 4 && Set(ys).count == 1, "\(ys)")
    }

    /// Scores say what they mean, with the scale's ends and the number of regions computed.
    @Test func scoresSayWhatTheyMean() throws {
        let section = try #require(try Self.snapshot().latestRegional)
        let zh = Pages.scoreMeaning(section, .zh).rendered
        #expect(zh.contains("31 个地区中换算到 0–100") && zh.contains("0 分表示在各项指标上都居末位"), "\(zh)")
        let en = Pages.scoreMeaning(section, .en).rendered
        #expect(
            en.contains("over the 31 regions to 0–100")
                && en.contains("neighbouring ranks within a tier are often close")
        )
    }

    /// The geographic map labels every province in the page's language (天津 and 广东 in full in
    /// English too), names 台湾/香港/澳门 as 未参评, and keeps the inset's coast grey.
    @Test func geographicMapDropsNoLabel() throws {
        let shapes = try GeoShapes(path: TestSupport.shared("data/geo/cn-provinces-simplified.geojson"))
        let snapshot = try Self.snapshot()
        let section = try #require(snapshot.latestRegional)
        for language in [ReportLanguage.zh, .en] {
            let names = Pages.names(snapshot, language)
            let svg = Pages.linkedTileMap(section, names: names, shapes: shapes, language).wide.rendered
            for unit in section.units { #expect(svg.contains(">\(names(unit.id))<"), "\(language): \(names(unit.id))") }
            for region in Charts.unevaluatedRegions {
                #expect(svg.contains(">\(language.pick(region.name))<"), "\(region.name.zh)")
            }
            let words = language == .zh ? ["未参评", "南海诸岛"] : ["Not evaluated", "South China Sea islands"]
            for word in words { #expect(svg.contains(">\(word)<"), "\(word)") }
            #expect(!svg.contains(language == .zh ? "South China Sea" : "南海诸岛"))
            // Inside the inset only the islands carry a tier's colour; the coast is grey.
            let clipped = svg.components(separatedBy: "<path").filter { $0.contains("clip-path=\"url(#inset)\"") }
            #expect(clipped.contains { $0.contains("fill=\"\(Palette.grid)\"") })
        }
    }
}
