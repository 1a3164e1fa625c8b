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
        let latest = try regional(&random)
        return national + latest + (try regionalHistory(latest))
    }

    /// The dataset as long CSV.
    public static func csv(_ observations: [Observation]) -> String {
        var lines = [
            "# IIDEI built-in dataset (illustrative): real figures where public (status reported, with source),",
            "# synthetic values elsewhere (status synthetic), made by `iidei catalog generate` (seeded).",
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
                observations += try nationalIndicators(node, target: target, random: &random)
            }
        }
        return observations
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
        var realIndex: [String: [Double]] = [:]
        var realRaw: [String: (values: [Double], source: String)] = [:]
        for child in node.children {
            if let series = GeneratorDesign.nationalSeries[child.id] {
                realRaw[child.id] = series
            } else if let variable = GeneratorDesign.nationalYearbook[child.id] {
                realRaw[child.id] = (
                    try periods.map { try yearbookValue(variable, "全国", $0) }, GeneratorDesign.yearbook
                )
            }
            if let raw = realRaw[child.id] { realIndex[child.id] = raw.values.map { 100 * $0 / raw.values[0] } }
        }
        let free = node.children.filter { realIndex[$0.id] == nil }
        guard !free.isEmpty else { throw IndexError("node '\(node.id)' has no synthetic indicator to calibrate") }
        let freeWeight = free.reduce(0) { $0 + $1.weight }
        let common = periods.indices.map { t in
            (target[t] - node.children.reduce(0) { $0 + $1.weight * (realIndex[$1.id]?[t] ?? 0) }) / freeWeight
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
            let delta = spreads[free.firstIndex { $0.id == child.id } ?? 0]
            let index = common.map { $0 + delta * ($0 - 100) }
            guard index.allSatisfy({ $0 > 5 }) else {
                throw IndexError("calibration needs an implausible index path \(index) for '\(child.id)'")
            }
            for (t, period) in periods.enumerated() {
                if let anchor = GeneratorDesign.national2023[child.id] {
                    let isReal = t == periods.count - 1
                    observations.append(
                        Observation(
                            unit: "CN",
                            indicator: child.id,
                            period: period,
                            value: anchor * index[t] / index[3],
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
                            value: base * index[t] / 100,
                            source: "IIDEI generator",
                            status: .synthetic
                        )
                    )
                }
            }
        }
        return observations
    }

    // MARK: - Regional

    func regional(_ random: inout SplitMix64) throws -> [Observation] {
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
                for (index, province) in provinces.enumerated() {
                    // A log-transformed indicator is placed on the log scale, so min-max sees z again.
                    let value =
                        indicator.transform == .log
                        ? low * Double.pow(high / low, z[index][j]) : low + (high - low) * z[index][j]
                    observations.append(
                        Observation(
                            unit: province.id,
                            indicator: indicator.id,
                            period: period,
                            value: Self.counted(value, indicator),
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
    static func counted(_ value: Double, _ indicator: Indicator) -> Double {
        GeneratorDesign.countUnits.contains(indicator.unit) ? value.rounded() : value
    }

    /// Regional values for the periods before the last: the yearbook's provincial figures where it
    /// has them (`reported`), and elsewhere the last period's synthetic value taken back by a growth
    /// rate drawn per province and pillar, with a little noise (`synthetic`).
    ///
    /// A seed of its own, so the last period's values, on which the published figures are
    /// calibrated, are the same with or without the history.
    func regionalHistory(_ latest: [Observation]) throws -> [Observation] {
        guard let evaluation = framework.evaluation("regional") else { return [] }
        let derived = try evaluation.deriveWeights()
        var random = SplitMix64(seed: GeneratorDesign.seed &+ 1)
        let provinces = units.filter { $0.groups["level"] == "province" }
        let periods = GeneratorDesign.periods
        guard let last = periods.last else { return [] }
        var values: [String: Double] = [:]
        for observation in latest where observation.period == last {
            if let value = observation.value { values[observation.unit + "|" + observation.indicator] = value }
        }
        let growth = derived.root.children.map { _ in
            provinces.map { _ in
                random.uniform(GeneratorDesign.historyGrowth.lowerBound, GeneratorDesign.historyGrowth.upperBound)
            }
        }
        var observations: [Observation] = []
        for (t, period) in periods.enumerated().dropLast() {
            let steps = periods.count - 1 - t
            for (p, pillar) in derived.root.children.enumerated() {
                for indicator in pillar.indicators {
                    let variable = GeneratorDesign.regionalYearbook[indicator.id]
                    let range = GeneratorDesign.regionalRange[indicator.id]
                    for (index, province) in provinces.enumerated() {
                        if let variable, let value = yearbook[Self.key(variable, province.name.zh, period)] {
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
                        var factor = 1.0
                        for _ in 0..<steps { factor *= 1 + growth[p][index] }
                        let noise = random.uniform(-GeneratorDesign.historyNoise, GeneratorDesign.historyNoise)
                        var value = now / factor * (1 + noise)
                        if let (low, high) = range { value = min(high, max(low, value)) }
                        if let bounds = indicator.bounds {
                            value = min(bounds.upperBound, max(bounds.lowerBound, value))
                        }
                        observations.append(
                            Observation(
                                unit: province.id,
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
