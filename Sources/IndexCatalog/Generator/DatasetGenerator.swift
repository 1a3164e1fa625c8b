public import IndexCore
import IndexIO
import RealModule

/// Produces the built-in illustrative dataset from its design (``GeneratorDesign``), the framework's
/// derived weights and the yearbook statistics.
///
/// National: real series where they exist (yearbook, MIIT bulletins, the report's 2023 figures);
/// every other value is solved so the national sub-indices reproduce the report's published figures
/// (METHOD.md §7). Regional: the yearbook's 2023 provincial figures, and synthetic indicators placed
/// so the published tiers and top-10 lists come out. Each row says `reported` or `synthetic` and
/// cites its source. Seeded, so the same inputs give the same file byte for byte.
public struct DatasetGenerator {
    let framework: Framework
    let units: [AssessedUnit]
    /// Yearbook values by variable, province (zh) and year.
    let yearbook: [String: Double]

    /// - Parameter yearbookPath: `china-sci-tech-yearbook-province-2020-2023.csv` from shared data.
    public init(framework: Framework, units: [AssessedUnit], yearbookPath: String) throws {
        self.framework = framework
        self.units = units
        let table = try DataTable(path: yearbookPath)
        let variable = try table.requireColumn("variables")
        let province = try table.requireColumn("province")
        let year = try table.requireColumn("year")
        let value = try table.requireColumn("value")
        var values: [String: Double] = [:]
        for row in table.rows {
            guard let number = NumberParser.parse(row[value]) else { continue }
            values[Self.key(row[variable], row[province], row[year])] = number
        }
        self.yearbook = values
    }

    static func key(_ variable: String, _ province: String, _ year: String) -> String {
        variable + "|" + province + "|" + year
    }

    func yearbookValue(_ variable: String, _ province: String, _ year: String) throws -> Double {
        guard let value = yearbook[Self.key(variable, province, year)] else {
            throw IndexError("yearbook has no \(variable) for \(province) \(year)")
        }
        return value
    }

    /// Generates every observation.
    public func generate() throws -> [Observation] {
        var random = SplitMix64(seed: GeneratorDesign.seed)
        let national = try national(&random)
        let latest = try regional(&random, national: national)
        return national + latest + (try regionalHistory(latest, national: national))
    }

    /// The dataset as long CSV.
    public static func csv(_ observations: [Observation]) -> String {
        var lines = [
            "# IIDEI built-in dataset (illustrative): real figures where public (status reported, with source),",
            "# synthetic values elsewhere (status synthetic), made by `iidei catalog generate` (seeded). 数据仅为示意.",
            "# Counts (个 家 件 项) are whole numbers; rounding is taken back on a continuous indicator so the",
            "# published national figures still come out. Where a regional indicator counts what a national one",
            "# counts, the provinces hold at most 95 % of the national figure each year: a synthetic indicator's",
            "# provincial values are multiplied by one factor, which changes no min-max (or log min-max) score.",
            "# Synthetic series grow year to year by at most 2.5 times and fall by at most a fifth.",
            "unit,indicator,period,value,source,note,status",
        ]
        for observation in observations {
            lines.append(
                [
                    observation.unit, observation.indicator, observation.period, format(observation.value),
                    observation.source, observation.note, observation.status.rawValue,
                ].map(CSVWriter.escape).joined(separator: ",")
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double?) -> String {
        guard let value else { return "" }
        var text = NumberFormat.fixed(value, 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    // MARK: - National

    func national(_ random: inout SplitMix64) throws -> [Observation] {
        guard let evaluation = framework.evaluation("national") else {
            throw IndexError("framework has no national evaluation")
        }
        let derived = try evaluation.deriveWeights()
        let root = derived.root
        let share = { (id: String) in (derived.effective[id] ?? 0) / 100 }
        let periods = GeneratorDesign.periods
        let pillarIDs = root.children.map(\.id)

        // Pillar paths: published values and design choices; 2022 solved where the report fixes it.
        var paths: [String: [Double]] = [:]
        for id in pillarIDs {
            guard let last = GeneratorDesign.pillars2023[id], let second = GeneratorDesign.pillars2021[id] else {
                throw IndexError("no design for pillar '\(id)'")
            }
            let third =
                GeneratorDesign.pillars2022[id] ?? GeneratorDesign.growth2023[id].map { last / (1 + $0 / 100) } ?? .nan
            paths[id] = [100, second, third, last]
        }
        let index2023 = pillarIDs.reduce(0) { $0 + share($1) * (paths[$1]?[3] ?? 0) }
        let others2022 = pillarIDs.filter { $0 != "foundation" }.reduce(0) { $0 + share($1) * (paths[$1]?[2] ?? 0) }
        let wF = share("foundation")
        let c = GeneratorDesign.foundationContribution2023 / 100
        let f23 = paths["foundation"]?[3] ?? 0
        // c = wF (F23 − F22) / (I23 − wF F22 − K)  ⇒  F22 = (wF F23 − c (I23 − K)) / (wF (1 − c))
        paths["foundation"]?[2] = (wF * f23 - c * (index2023 - others2022)) / (wF * (1 - c))

        var observations: [Observation] = []
        for pillar in root.children {
            guard let path = paths[pillar.id] else { continue }
            var pillarObservations: [Observation] = []
            // Second-level paths: identifiers fixed by their contribution, the rest share what is left.
            var fixed: [String: [Double]] = [:]
            if pillar.id == "foundation" {
                let local = share("identifier") / wF
                let f22 = path[2]
                let id23 =
                    GeneratorDesign.identifier2022 + GeneratorDesign.identifierContribution2023 / 100 * (path[3] - f22)
                    / local
                fixed["identifier"] = [100, GeneratorDesign.identifier2021, GeneratorDesign.identifier2022, id23]
            }
            // A node whose every indicator is real or has a designed path follows them (network: the
            // 5G base stations and the designed virtual-private-network path).
            for node in pillar.children where fixed[node.id] == nil {
                if let path = try designedPath(node) { fixed[node.id] = path }
            }
            let free = pillar.children.filter { fixed[$0.id] == nil }
            let fixedWeight = pillar.children.filter { fixed[$0.id] != nil }.reduce(0) { $0 + $1.weight }
            let rest = periods.indices.map { t in
                (path[t]
                    - pillar.children.filter { fixed[$0.id] != nil }.reduce(0) {
                        $0 + $1.weight * (fixed[$1.id]?[t] ?? 0)
                    })
                    / (1 - fixedWeight)
            }
            let spreads = centred(free.map(\.weight), spread: GeneratorDesign.nodeSpread, random: &random)
            for node in pillar.children {
                let target: [Double]
                if let path = fixed[node.id] {
                    target = path
                } else {
                    let delta = spreads[free.firstIndex { $0.id == node.id } ?? 0]
                    target = rest.map { $0 + delta * ($0 - 100) }
                }
                pillarObservations += try nationalIndicators(node, target: target, random: &random)
            }
            // Rounding counts in a node without a continuous indicator leaves its pillar slightly off
            // the published path: one continuous indicator of a free node takes the difference.
            let wP = share(pillar.id)
            compensate(
                &pillarObservations,
                shares: pillar.indicators.map { ($0.id, share($0.id) / wP) },
                target: path,
                candidates: pillar.children.filter { fixed[$0.id] == nil }.flatMap(\.indicators).filter(isCompensable)
                    .map(\.id)
            )
            observations += pillarObservations
        }
        return observations
    }

    /// The 2020 = 100 path of a real national indicator, with its values and source.
    ///
    /// Refuses a yearbook whose national figure is not a positive number: the path divides by the
    /// first year's, and a zero there would carry an infinite index into every solved value.
    func realSeries(_ id: String) throws -> (values: [Double], source: String)? {
        if let series = GeneratorDesign.nationalSeries[id] { return series }
        guard let variable = GeneratorDesign.nationalYearbook[id] else { return nil }
        let values = try GeneratorDesign.periods.map { period in
            let value = try yearbookValue(variable, "全国", period)
            guard value.isFinite, value > 0 else {
                throw IndexError(
                    "yearbook's \(variable) for 全国 \(period) is \(value); indicator '\(id)' is a 2020 = 100 path and needs a positive national figure each year"
                )
            }
            return value
        }
        return (values, GeneratorDesign.yearbook)
    }

    /// The 2020 = 100 path an indicator is given rather than solved for: its real series', or its
    /// designed one (``GeneratorDesign/nationalPaths``); `nil` for a free indicator.
    func fixedIndex(_ id: String) throws -> [Double]? {
        if let raw = try realSeries(id) { return raw.values.map { 100 * $0 / raw.values[0] } }
        return GeneratorDesign.nationalPaths[id]
    }

    /// The path of a node whose indicators are all real or designed (``GeneratorDesign/nationalPaths``),
    /// with at least one designed; `nil` for any other node.
    func designedPath(_ node: FrameworkNode) throws -> [Double]? {
        guard node.children.contains(where: { GeneratorDesign.nationalPaths[$0.id] != nil }) else { return nil }
        var path = GeneratorDesign.periods.map { _ in 0.0 }
        let total = node.children.reduce(0) { $0 + $1.weight }
        for child in node.children {
            guard let index = try fixedIndex(child.id) else { return nil }
            for t in path.indices { path[t] += child.weight / total * index[t] }
        }
        return path
    }

    /// Whether an indicator can take what rounding moved: synthetic, free (no reported anchor, no
    /// designed path), continuous (not a count) and unbounded.
    func isCompensable(_ indicator: Indicator) -> Bool {
        GeneratorDesign.nationalSeries[indicator.id] == nil && GeneratorDesign.nationalYearbook[indicator.id] == nil
            && GeneratorDesign.national2023[indicator.id] == nil && GeneratorDesign.nationalPaths[indicator.id] == nil
            && !GeneratorDesign.countUnits.contains(indicator.unit) && indicator.bounds == nil
    }

    /// Puts back on one indicator what rounding counts took from a parent's path.
    ///
    /// The parent's realised path is `Σ sᵢ · 100 · xᵢ(t) / xᵢ(2020)` over its indicators with shares `sᵢ`;
    /// the candidate with the largest share, `c`, gets `(target(t) − realised(t)) / s_c` added to its
    /// index, its 2020 value kept. So the parent's path is the target again up to floating point.
    func compensate(
        _ observations: inout [Observation],
        shares: [(id: String, share: Double)],
        target: [Double],
        candidates: [String]
    ) {
        let periods = GeneratorDesign.periods
        var best: (id: String, share: Double)?
        for entry in shares where candidates.contains(entry.id) && entry.share > (best?.share ?? 0) { best = entry }
        guard let best else { return }
        func series(_ id: String) -> [Double] {
            periods.map { period in
                observations.first { $0.indicator == id && $0.period == period }?.value ?? .nan
            }
        }
        var realised = periods.map { _ in 0.0 }
        for entry in shares {
            let values = series(entry.id)
            guard values.allSatisfy(\.isFinite), values[0] > 0 else { continue }
            for t in periods.indices { realised[t] += entry.share * 100 * values[t] / values[0] }
        }
        let values = series(best.id)
        guard values.allSatisfy(\.isFinite), values[0] > 0 else { return }
        for (t, period) in periods.enumerated() {
            let index = 100 * values[t] / values[0] + (target[t] - realised[t]) / best.share
            if let k = observations.firstIndex(where: { $0.indicator == best.id && $0.period == period }) {
                observations[k].value = values[0] * index / 100
            }
        }
    }

    /// Strengths stretched so the strongest is exactly 1 and the weakest exactly 0, as min-max will see them.
    func anchored(_ strength: [Double]) -> [Double] {
        guard let low = strength.min(), let high = strength.max(), high > low else { return strength }
        return strength.map { ($0 - low) / (high - low) }
    }

    /// Moves each province's synthetic positions between the indicators of the concentrated nodes
    /// (``GeneratorDesign/concentratedNodes``) and the pillar's other synthetic indicators, keeping
    /// the province's weighted pillar score: the leading tier as high as it goes on the concentrated
    /// ones, every other province as low. So the leading six hold most of those indicators' national
    /// totals (the report's "over 70 %") while scores, ranks and tiers stay as designed.
    func concentrate(_ z: inout [[Double]], indicators: [Indicator], weights: [Double], leaders: Set<Int>) {
        let concentrated = indicators.map { indicator in
            framework.evaluation("regional")?.root.node(withID: indicator.id).map { node in
                GeneratorDesign.concentratedNodes.contains {
                    framework.evaluation("regional")?.root.node(withID: $0)?.node(withID: node.id) != nil
                }
            } ?? false
        }
        guard concentrated.contains(true), concentrated.contains(false) else { return }
        for index in z.indices {
            let up = leaders.contains(index)
            // What the concentrated indicators would move, and what the others can absorb.
            var wanted = 0.0
            var room = 0.0
            for j in indicators.indices {
                if concentrated[j] {
                    wanted += weights[j] * (up ? 1 - z[index][j] : z[index][j])
                } else {
                    room += weights[j] * (up ? z[index][j] : 1 - z[index][j])
                }
            }
            guard wanted > 0, room > 0 else { continue }
            let moved = min(wanted, room)
            for j in indicators.indices {
                let share = concentrated[j] ? moved / wanted : moved / room
                let headroom = concentrated[j] == up ? 1 - z[index][j] : z[index][j]
                z[index][j] += (concentrated[j] == up ? 1 : -1) * headroom * share
            }
        }
    }

    /// Weighted-centred deviations in [−spread, spread]: Σ wᵢ δᵢ = 0.
    func centred(_ weights: [Double], spread: Double, random: inout SplitMix64) -> [Double] {
        guard weights.count > 1 else { return weights.map { _ in 0 } }
        var raw = weights.map { _ in random.uniform(-1, 1) }
        let mean = zip(raw, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
        raw = raw.map { $0 - mean }
        let largest = raw.map { abs($0) }.max() ?? 1
        return raw.map { largest > 0 ? $0 * spread / largest : 0 }
    }

    func nationalIndicators(_ node: FrameworkNode, target: [Double], random: inout SplitMix64) throws -> [Observation] {
        let periods = GeneratorDesign.periods
        var fixedIndex: [String: [Double]] = [:]
        var realRaw: [String: (values: [Double], source: String)] = [:]
        for child in node.children {
            realRaw[child.id] = try realSeries(child.id)
            fixedIndex[child.id] = try self.fixedIndex(child.id)
        }
        let free = node.children.filter { fixedIndex[$0.id] == nil }
        guard !free.isEmpty || node.children.contains(where: { GeneratorDesign.nationalPaths[$0.id] != nil }) else {
            throw IndexError("node '\(node.id)' has no synthetic indicator to calibrate")
        }
        let freeWeight = free.reduce(0) { $0 + $1.weight }
        let common = periods.indices.map { t in
            freeWeight > 0
                ? (target[t] - node.children.reduce(0) { $0 + $1.weight * (fixedIndex[$1.id]?[t] ?? 0) }) / freeWeight
                : 100
        }
        let spreads = centred(free.map(\.weight), spread: GeneratorDesign.indicatorSpread, random: &random)
        var observations: [Observation] = []
        for child in node.children {
            if let raw = realRaw[child.id] {
                for (t, period) in periods.enumerated() {
                    observations.append(
                        Observation(
                            unit: "CN",
                            indicator: child.id,
                            period: period,
                            value: raw.values[t],
                            source: raw.source,
                            status: .reported
                        )
                    )
                }
                continue
            }
            let index: [Double]
            if let designed = fixedIndex[child.id] {
                index = designed
            } else {
                let delta = spreads[free.firstIndex { $0.id == child.id } ?? 0]
                index = common.map { $0 + delta * ($0 - 100) }
            }
            guard index.allSatisfy({ $0.isFinite && $0 > 5 }) else {
                throw IndexError("calibration needs an implausible index path \(index) for '\(child.id)'")
            }
            let round = { (value: Double) in child.indicator.map { Self.counted(value, $0) } ?? value }
            for (t, period) in periods.enumerated() {
                if let anchor = GeneratorDesign.national2023[child.id] {
                    let isReal = t == periods.count - 1
                    observations.append(
                        Observation(
                            unit: "CN",
                            indicator: child.id,
                            period: period,
                            value: isReal ? anchor : round(anchor * index[t] / index[3]),
                            source: isReal ? GeneratorDesign.report : "IIDEI generator",
                            note: isReal ? "" : "scaled from the reported 2023 figure",
                            status: isReal ? .reported : .synthetic
                        )
                    )
                } else {
                    guard var base = GeneratorDesign.national2020[child.id] else {
                        throw IndexError("no 2020 magnitude designed", indicator: child.id)
                    }
                    // A bounded indicator (a share) must stay within its bounds on the whole path:
                    // lower the 2020 level so the peak sits at 95 % of the upper bound. The index,
                    // a ratio to 2020, is unchanged.
                    if let upper = child.indicator?.bounds?.upperBound, let peak = index.max(),
                        base * peak / 100 > upper
                    {
                        base = (0.95 * upper * 100 / peak * 10).rounded(.down) / 10
                    }
                    observations.append(
                        Observation(
                            unit: "CN",
                            indicator: child.id,
                            period: period,
                            value: round(base * index[t] / 100),
                            source: "IIDEI generator",
                            status: .synthetic
                        )
                    )
                }
            }
        }
        // Rounding counts moved the node off its target: a continuous free indicator takes it back.
        let total = node.children.reduce(0) { $0 + $1.weight }
        compensate(
            &observations,
            shares: node.children.map { ($0.id, $0.weight / total) },
            target: target,
            candidates: free.compactMap(\.indicator).filter(isCompensable).map(\.id)
        )
        return observations
    }

    // MARK: - Regional

    /// National values by indicator and period.
    static func nationalValues(_ national: [Observation]) -> [String: Double] {
        var values: [String: Double] = [:]
        for observation in national { values[observation.indicator + "|" + observation.period] = observation.value }
        return values
    }

    /// The most the provinces may hold of an indicator's national figure in a period, in the
    /// regional indicator's unit, or `nil` where it has no national counterpart.
    static func provincialCeiling(
        _ indicator: Indicator,
        period: String,
        framework: Framework,
        national: [String: Double]
    ) -> Double? {
        guard let counterpart = nationalCounterparts[indicator.id],
            let nationalIndicator = framework.evaluation("national")?.root.indicators.first(where: {
                $0.id == counterpart
            }),
            let total = national[counterpart + "|" + period]
        else { return nil }
        return GeneratorDesign.provinceShareCap * total * magnitude(nationalIndicator.unit)
            / magnitude(indicator.unit)
    }

    func regional(_ random: inout SplitMix64, national: [Observation]) throws -> [Observation] {
        let nationalValues = Self.nationalValues(national)
        guard let evaluation = framework.evaluation("regional") else {
            throw IndexError("framework has no regional evaluation")
        }
        let derived = try evaluation.deriveWeights()
        let provinces = units.filter { $0.groups["level"] == "province" }
        let period = "2023"
        let byName = Dictionary(uniqueKeysWithValues: provinces.enumerated().map { ($1.name.zh, $0) })
        // Latent strength from the published tiers.
        var latent = [Double](repeating: 0, count: provinces.count)
        for (tier, names) in GeneratorDesign.tiers.enumerated() {
            let (top, bottom) = GeneratorDesign.tierBands[tier]
            for (position, name) in names.enumerated() {
                guard let index = byName[name] else { throw IndexError("tier lists unknown province \(name)") }
                latent[index] = top - (top - bottom) * Double(position) / Double(max(names.count - 1, 1))
            }
        }
        var observations: [Observation] = []
        let weight = { (id: String) in derived.effective[id] ?? 0 }
        struct Pillar {
            var id: String
            var realPart: [Double]
            var synthetic: [Indicator]
            var syntheticWeight: Double
            var strength: [Double] = []
        }
        var pillars: [Pillar] = []
        for pillar in derived.root.children {
            // Real indicators: each province's min-max position, weighted (overall = Σ_p part_p).
            var realPart = [Double](repeating: 0, count: provinces.count)
            var synthetic: [Indicator] = []
            for indicator in pillar.indicators {
                guard let variable = GeneratorDesign.regionalYearbook[indicator.id] else {
                    synthetic.append(indicator)
                    continue
                }
                let values = try provinces.map { try yearbookValue(variable, $0.name.zh, period) }
                let low = values.min() ?? 0
                let high = values.max() ?? 1
                for (index, province) in provinces.enumerated() {
                    realPart[index] += weight(indicator.id) * (values[index] - low) / (high - low)
                    observations.append(
                        Observation(
                            unit: province.id,
                            indicator: indicator.id,
                            period: period,
                            value: values[index],
                            source: GeneratorDesign.yearbook,
                            status: .reported
                        )
                    )
                }
            }
            let syntheticWeight = synthetic.reduce(0) { $0 + weight($1.id) }
            guard syntheticWeight > 0 else {
                throw IndexError("pillar '\(pillar.id)' has no synthetic indicator to calibrate")
            }
            pillars.append(
                Pillar(id: pillar.id, realPart: realPart, synthetic: synthetic, syntheticWeight: syntheticWeight)
            )
        }
        let gap = GeneratorDesign.rankGap
        for p in pillars.indices where pillars[p].id != GeneratorDesign.balancingPillar {
            let real = pillars[p].realPart
            let room = pillars[p].syntheticWeight
            var strength = [Double](repeating: 0, count: provinces.count)
            if let list = GeneratorDesign.top10[pillars[p].id] {
                // The published top 10 in order, each as high as the one above allows, then the rest below.
                var ceiling = Double.infinity
                var listed: Set<Int> = []
                for name in list {
                    guard let index = byName[name] else {
                        throw IndexError("top-10 list names unknown province \(name)")
                    }
                    let score = min(ceiling - gap, real[index] + room)
                    guard score >= real[index] else {
                        throw IndexError(
                            "pillar '\(pillars[p].id)': \(name) cannot rank below the province above it; its yearbook figures alone score \(real[index])"
                        )
                    }
                    strength[index] = (score - real[index]) / room
                    ceiling = score
                    listed.insert(index)
                }
                let others = provinces.indices.filter { !listed.contains($0) }
                let highest = others.map { latent[$0] }.max() ?? 1
                for index in others {
                    let score = min(ceiling - gap, real[index] + room * 0.75 * latent[index] / highest)
                    guard score >= real[index] else {
                        throw IndexError(
                            "pillar '\(pillars[p].id)': \(provinces[index].name.zh) would enter the top 10 on yearbook figures alone"
                        )
                    }
                    strength[index] = (score - real[index]) / room
                }
            } else {
                let position = latent.map {
                    min(1, max(0, $0 + random.uniform(-GeneratorDesign.latentNoise, GeneratorDesign.latentNoise)))
                }
                guard let top = position.indices.max(by: { position[$0] < position[$1] }),
                    let bottom = position.indices.min(by: { position[$0] < position[$1] })
                else { continue }
                let highest = real[top] + room
                let lowest = real[bottom]
                strength = provinces.indices.map { index in
                    let wanted =
                        lowest + (highest - lowest) * (position[index] - position[bottom])
                        / (position[top] - position[bottom])
                    return min(1, max(0, (wanted - real[index]) / room))
                }
            }
            pillars[p].strength = anchored(strength)
        }
        // The balancing pillar takes each province to its designed overall score (the tier bands).
        if let b = pillars.firstIndex(where: { $0.id == GeneratorDesign.balancingPillar }) {
            let fixed = provinces.indices.map { index in
                pillars.indices.filter { $0 != b }.reduce(0) {
                    $0 + pillars[$1].realPart[index] + pillars[$1].syntheticWeight * pillars[$1].strength[index]
                }
            }
            let natural = provinces.indices.map {
                fixed[$0] + pillars[b].realPart[$0] + pillars[b].syntheticWeight * latent[$0]
            }
            let low = natural.min() ?? 0
            let high = natural.max() ?? 100
            pillars[b].strength = anchored(
                provinces.indices.map { index in
                    let wanted = low + (high - low) * latent[index]
                    return min(
                        1,
                        max(0, (wanted - fixed[index] - pillars[b].realPart[index]) / pillars[b].syntheticWeight)
                    )
                }
            )
        }
        let leaders = Set(GeneratorDesign.tiers[0].compactMap { byName[$0] })
        for pillar in pillars {
            // Each synthetic indicator: the pillar's strength plus a weighted-centred deviation.
            var deviations = [[Double]](repeating: [], count: provinces.count)
            for index in provinces.indices {
                let bound = min(0.08, pillar.strength[index], 1 - pillar.strength[index])
                deviations[index] = centred(pillar.synthetic.map { weight($0.id) }, spread: bound, random: &random)
            }
            var z = provinces.indices.map { index in
                pillar.synthetic.indices.map { j in min(1, max(0, pillar.strength[index] + deviations[index][j])) }
            }
            concentrate(
                &z,
                indicators: pillar.synthetic,
                weights: pillar.synthetic.map { weight($0.id) },
                leaders: leaders
            )
            for (j, indicator) in pillar.synthetic.enumerated() {
                guard let (low, high) = GeneratorDesign.regionalRange[indicator.id] else {
                    throw IndexError("no range designed", indicator: indicator.id)
                }
                // A log-transformed indicator is placed on the log scale, so min-max sees z again.
                var values = provinces.indices.map { index in
                    indicator.transform == .log
                        ? low * Double.pow(high / low, z[index][j]) : low + (high - low) * z[index][j]
                }
                // Where the national figure counts the same thing, the provinces hold at most its
                // ceiling: every value is multiplied by one factor, which changes no min-max score
                // (nor, on the log scale, any log-min-max score).
                if let ceiling = Self.provincialCeiling(
                    indicator,
                    period: period,
                    framework: framework,
                    national: nationalValues
                ) {
                    values = Self.capped(values, ceiling: ceiling, indicator)
                }
                for (index, province) in provinces.enumerated() {
                    observations.append(
                        Observation(
                            unit: province.id,
                            indicator: indicator.id,
                            period: period,
                            value: Self.counted(values[index], indicator),
                            source: "IIDEI generator",
                            status: .synthetic
                        )
                    )
                }
            }
        }
        return observations
    }

    // MARK: - Regional history

    /// A synthetic value as the indicator counts it: a count (个, 家, 件, 项) is a whole number.
    ///
    /// A log-transformed count is at least 1 (its logarithm must exist).
    static func counted(_ value: Double, _ indicator: Indicator) -> Double {
        guard GeneratorDesign.countUnits.contains(indicator.unit) else { return value }
        return indicator.transform == .log ? max(1, value.rounded()) : value.rounded()
    }

    /// Values multiplied by one factor so that, counted (`counted(_:_:)`), they add up to at most
    /// `ceiling`: first `min(1, ceiling / Σ)`, then 3 % less at a time while rounding still overshoots
    /// (at most 60 times). One factor for all values keeps every min-max score.
    static func capped(_ values: [Double], ceiling: Double, _ indicator: Indicator) -> [Double] {
        let total = values.reduce(0, +)
        guard values.reduce(0, { $0 + counted($1, indicator) }) > ceiling, total > 0 else { return values }
        var factor = min(1, ceiling / total)
        for _ in 0..<60 {
            if values.reduce(0, { $0 + counted($1 * factor, indicator) }) <= ceiling { break }
            factor *= 0.97
        }
        return values.map { $0 * factor }
    }

    /// Regional indicators that count the same thing as a national indicator (the same name and
    /// definition, the national figure including more where its definition says so), with it.
    ///
    /// In each period the provinces together hold at most
    /// `GeneratorDesign.provinceShareCap` of the national figure.
    public static var nationalCounterparts: [String: String] { GeneratorDesign.nationalCounterparts }

    /// The magnitude a unit's prefix stands for: `万` 10⁴, `亿` 10⁸, `万亿` 10¹², otherwise 1.
    public static func magnitude(_ unit: String) -> Double {
        var factor = 1.0
        var rest = Substring(unit)
        while rest.count > 1, let first = rest.first, first == "万" || first == "亿" {
            factor *= first == "万" ? 1e4 : 1e8
            rest = rest.dropFirst()
        }
        return factor
    }

    /// Regional values for the periods before the last: the yearbook's provincial figures where it
    /// has them (`reported`), and elsewhere the last period's synthetic value taken back (`synthetic`):
    /// along its national counterpart's path where it has one (times a small drift per province, and
    /// never above the provinces' share of the national figure that year), otherwise by a growth rate
    /// drawn per province and pillar, with a little noise.
    ///
    /// A seed of its own, so the last period's values, on which the published figures are
    /// calibrated, are the same with or without the history.
    func regionalHistory(_ latest: [Observation], national: [Observation]) throws -> [Observation] {
        guard let evaluation = framework.evaluation("regional") else { return [] }
        let derived = try evaluation.deriveWeights()
        var random = SplitMix64(seed: GeneratorDesign.seed &+ 1)
        let provinces = units.filter { $0.groups["level"] == "province" }
        let periods = GeneratorDesign.periods
        guard let last = periods.last else { return [] }
        let nationalValues = Self.nationalValues(national)
        var values: [String: Double] = [:]
        for observation in latest where observation.period == last {
            if let value = observation.value { values[observation.unit + "|" + observation.indicator] = value }
        }
        let growth = derived.root.children.map { _ in
            provinces.map { _ in
                random.uniform(GeneratorDesign.historyGrowth.lowerBound, GeneratorDesign.historyGrowth.upperBound)
            }
        }
        let drift = provinces.map { _ in
            random.uniform(GeneratorDesign.historyDrift.lowerBound, GeneratorDesign.historyDrift.upperBound)
        }
        var observations: [Observation] = []
        for (t, period) in periods.enumerated().dropLast() {
            let steps = periods.count - 1 - t
            for (p, pillar) in derived.root.children.enumerated() {
                for indicator in pillar.indicators {
                    let variable = GeneratorDesign.regionalYearbook[indicator.id]
                    let range = GeneratorDesign.regionalRange[indicator.id]
                    let counterpart = Self.nationalCounterparts[indicator.id]
                    let nationalRatio = counterpart.flatMap { id in
                        nationalValues[id + "|" + period].flatMap { then in
                            nationalValues[id + "|" + last].map { then / $0 }
                        }
                    }
                    var synthetic: [(index: Int, value: Double)] = []
                    var reported = 0.0
                    for (index, province) in provinces.enumerated() {
                        if let variable, let value = yearbook[Self.key(variable, province.name.zh, period)] {
                            reported += value
                            observations.append(
                                Observation(
                                    unit: province.id,
                                    indicator: indicator.id,
                                    period: period,
                                    value: value,
                                    source: GeneratorDesign.yearbook,
                                    status: .reported
                                )
                            )
                            continue
                        }
                        // Synthetic: the last value taken back (also where the yearbook has a gap).
                        guard let now = values[province.id + "|" + indicator.id] else { continue }
                        let noise = random.uniform(-GeneratorDesign.historyNoise, GeneratorDesign.historyNoise)
                        var value: Double
                        if let nationalRatio {
                            value = now * nationalRatio * Double.pow(drift[index], Double(steps)) * (1 + noise)
                        } else {
                            var factor = 1.0
                            for _ in 0..<steps { factor *= 1 + growth[p][index] }
                            value = now / factor * (1 + noise)
                            if let (low, high) = range { value = min(high, max(low, value)) }
                        }
                        if let bounds = indicator.bounds {
                            value = min(bounds.upperBound, max(bounds.lowerBound, value))
                        }
                        synthetic.append((index, value))
                    }
                    // The provinces' synthetic values stay within their share of the national figure.
                    if let ceiling = Self.provincialCeiling(
                        indicator,
                        period: period,
                        framework: framework,
                        national: nationalValues
                    ) {
                        let capped = Self.capped(synthetic.map(\.value), ceiling: max(0, ceiling - reported), indicator)
                        synthetic = zip(synthetic, capped).map { ($0.index, $1) }
                    }
                    for (index, value) in synthetic {
                        observations.append(
                            Observation(
                                unit: provinces[index].id,
                                indicator: indicator.id,
                                period: period,
                                value: Self.counted(value, indicator),
                                source: "IIDEI generator",
                                note: variable == nil ? "" : "the yearbook has no value for this year",
                                status: .synthetic
                            )
                        )
                    }
                }
            }
        }
        return observations
    }
}
