public import IndexCore

/// Resolves what people write for a unit or an indicator (a code, a full or short Chinese name, an
/// English name) to its id, and says when a name is ambiguous.
public struct NameResolver: Sendable {
    /// What a name resolved to.
    public enum Resolution: Sendable, Hashable {
        case found(String)
        case ambiguous([String])
        case unknown
    }

    var table: [String: [String]] = [:]
    /// Every name as written, for suggestions.
    var names: [(name: String, id: String)] = []

    /// A resolver over `(id, names…)` entries. Ids and names match case-insensitively, ignoring spaces.
    public init(_ entries: [(id: String, names: [String])]) {
        for (id, names) in entries {
            for name in [id] + names {
                let key = Self.key(name)
                guard !key.isEmpty else { continue }
                self.names.append((name, id))
                if !(table[key]?.contains(id) ?? false) { table[key, default: []].append(id) }
            }
        }
    }

    /// Resolves units by code, full name (江苏省), short name (江苏) and English name (Jiangsu,
    /// Jiangsu Province).
    public static func units(_ units: [AssessedUnit]) -> NameResolver {
        NameResolver(
            units.map { unit in
                var names = [unit.name.zh, unit.name.en] + unit.aliases
                for name in [unit.name.zh] + unit.aliases { names += shortChineseNames(name) }
                for name in [unit.name.en] + unit.aliases { names += shortEnglishNames(name) }
                return (unit.id, names)
            }
        )
    }

    /// Resolves indicators (and denominator series) by id, Chinese and English name; a header with a
    /// unit in brackets (`R&D 经费（亿元）`) resolves as the name without it.
    public static func indicators(_ indicators: [Indicator], series: Set<String> = []) -> NameResolver {
        NameResolver(indicators.map { ($0.id, [$0.name.zh, $0.name.en]) } + series.sorted().map { ($0, []) })
    }

    /// Resolves a name.
    public func resolve(_ name: String) -> Resolution {
        for candidate in [name, Self.withoutBracketedSuffix(name)] {
            if let ids = table[Self.key(candidate)] {
                return ids.count == 1 ? .found(ids[0]) : .ambiguous(ids)
            }
        }
        return .unknown
    }

    /// The closest known name to an unknown one, when it is close (a typo, 量 for 数): at most a
    /// quarter of its characters differ (at least one).
    public func suggestion(for name: String) -> (name: String, id: String)? {
        let target = Array(Self.key(name))
        var best: (name: String, id: String, distance: Int)?
        for candidate in names {
            let distance = Self.editDistance(target, Array(Self.key(candidate.name)))
            if distance < (best?.distance ?? Int.max) { best = (candidate.name, candidate.id, distance) }
        }
        guard let best, best.distance <= max(1, target.count / 4) else { return nil }
        return (best.name, best.id)
    }

    /// Levenshtein distance between two character arrays.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    static func key(_ name: String) -> String {
        String(name.lowercased().filter { !$0.isWhitespace })
    }

    /// `研发经费（亿元）` → `研发经费`, `GDP (bn yuan)` → `GDP`.
    static func withoutBracketedSuffix(_ name: String) -> String {
        let trimmed = name.trimmingSpaces()
        guard let last = trimmed.last, last == ")" || last == "）",
            let open = trimmed.lastIndex(where: { $0 == "(" || $0 == "（" })
        else { return trimmed }
        return String(trimmed[..<open]).trimmingSpaces()
    }

    /// 广西壮族自治区 → 广西; 北京市 → 北京; 江苏省 → 江苏.
    static func shortChineseNames(_ name: String) -> [String] {
        let suffixes = ["壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "省", "市"]
        for suffix in suffixes where name.hasSuffix(suffix) && name.count > suffix.count + 1 {
            return [String(name.dropLast(suffix.count))]
        }
        return []
    }

    /// Guangxi Zhuang Autonomous Region → Guangxi; Beijing Municipality → Beijing.
    static func shortEnglishNames(_ name: String) -> [String] {
        let suffixes = [
            " Zhuang Autonomous Region", " Hui Autonomous Region", " Uygur Autonomous Region",
            " Uyghur Autonomous Region",
            " Autonomous Region", " Province", " Municipality", " Special Administrative Region", " SAR",
        ]
        for suffix in suffixes where name.hasSuffix(suffix) { return [String(name.dropLast(suffix.count))] }
        return []
    }
}
