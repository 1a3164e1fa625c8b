/// Rankings, top-N lists and tiers.
public enum Ranking {
    /// Ranks scores descending: 1 = highest; ties share the best rank ("1224"); `NaN` gets `nil`.
    public static func competitionRanks(_ scores: [Double]) -> [Int?] {
        ranked(scores).ranks
    }

    /// Competition ranks and the order of the scores, best first (ties in index order; `NaN` left
    /// out of the order and unranked), from one sort of integer keys (`key(_:_:)`): the sort
    /// compares integers instead of calling a closure on (score, index) pairs, and the replications
    /// of robustness analyses rank with the same keys.
    ///
    /// - Complexity: O(n log n).
    ///
    /// - Parameters:
    ///   - scores: one score per unit, `NaN` where the unit has none.
    ///   - ties: how tied scores are ranked (``TieRule``); competition ranks ("1224") by default.
    public static func ranked(_ scores: [Double], ties: TieRule = .min) -> (ranks: [Int?], order: [Int]) {
        let order: [Int]
        if scores.count > radixMinimum {
            var sorter = RadixSorter()
            for (index, score) in scores.enumerated() where !score.isNaN {
                sorter.append(descendingKey(score), index)
            }
            sorter.sort()
            order = sorter.indices
        } else {
            var keys: [UInt128] = []
            keys.reserveCapacity(scores.count)
            for (index, score) in scores.enumerated() where !score.isNaN { keys.append(key(score, index)) }
            keys.sort()
            order = keys.map(Self.index(of:))
        }
        var ranks = [Int?](repeating: nil, count: scores.count)
        ties.rank(count: order.count, score: { scores[order[$0]] }) { ranks[order[$0]] = $1 }
        return (ranks, order)
    }

    /// Above this many units a radix sort orders them (eight passes over the keys, each a few
    /// steps a unit), below it the library's comparison sort, which is quicker for a few.
    package static let radixMinimum = 128

    /// A score as an integer whose order is the scores' best-first order: keys ascend as scores
    /// descend, `NaN` is the largest key, and equal scores (0 and −0 too) have equal keys.
    @inline(__always)
    static func descendingKey(_ x: Double) -> UInt64 {
        if x.isNaN { return .max }
        let bits = (x == 0 ? 0.0 : x).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }

    /// A unit's sort key: its score's ``descendingKey(_:)`` above its index, so ties sort in unit
    /// order.
    @inline(__always)
    static func key(_ score: Double, _ index: Int) -> UInt128 {
        UInt128(descendingKey(score)) << 64 | UInt128(UInt64(truncatingIfNeeded: index))
    }

    /// The index a ``key(_:_:)`` holds.
    @inline(__always)
    static func index(of key: UInt128) -> Int {
        Int(truncatingIfNeeded: UInt64(truncatingIfNeeded: key))
    }

    /// The indices of the top `count` scores, best first (stable for ties).
    public static func top(_ count: Int, of scores: [Double]) -> [Int] {
        Array(ranked(scores).order.prefix(max(count, 0)))
    }
}

/// Units in the order of their keys, ties in the order they were added: a least-significant-digit
/// radix sort of the 64-bit keys a byte at a time, stable, so that with units added in index order
/// it gives the order of ``Ranking/key(_:_:)`` (key, then index) that a comparison sort gives, in
/// O(*n*) steps instead of O(*n* log *n*) comparisons (3,000 counties ranked at 86 nodes).
package struct RadixSorter: Sendable {
    /// The keys, then, after ``sort()``, the keys ascending.
    package private(set) var keys: [UInt64] = []
    /// The unit of each key.
    package private(set) var indices: [Int] = []
    private var spareKeys: [UInt64] = []
    private var spareIndices: [Int] = []
    private var counts = [Int](repeating: 0, count: 8 * 256)

    package init() {}

    /// Empties the sorter, keeping its memory.
    package mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    package mutating func append(_ key: UInt64, _ index: Int) {
        keys.append(key)
        indices.append(index)
    }

    /// Sorts the keys ascending, carrying their units; equal keys keep their order.
    package mutating func sort() {
        let count = keys.count
        guard count > 1 else { return }
        if spareKeys.count < count {
            spareKeys = [UInt64](repeating: 0, count: count)
            spareIndices = [Int](repeating: 0, count: count)
        }
        counts.withUnsafeMutableBufferPointer { counts in
            counts.update(repeating: 0)
            // Every byte's histogram in one pass.
            keys.withUnsafeBufferPointer { keys in
                for key in keys {
                    for byte in 0..<8 { counts[byte << 8 | Int((key >> (byte << 3)) & 0xFF)] += 1 }
                }
            }
            for byte in 0..<8 {
                let histogram = UnsafeMutableBufferPointer(rebasing: counts[(byte << 8)..<((byte + 1) << 8)])
                // A byte every key shares moves nothing: its pass is skipped.
                if histogram.contains(count) { continue }
                var offset = 0
                for digit in 0..<256 {
                    let size = histogram[digit]
                    histogram[digit] = offset
                    offset += size
                }
                let shift = UInt64(byte << 3)
                keys.withUnsafeBufferPointer { keys in
                    indices.withUnsafeBufferPointer { indices in
                        spareKeys.withUnsafeMutableBufferPointer { toKeys in
                            spareIndices.withUnsafeMutableBufferPointer { toIndices in
                                for i in 0..<count {
                                    let digit = Int((keys[i] >> shift) & 0xFF)
                                    let slot = histogram[digit]
                                    histogram[digit] = slot + 1
                                    toKeys[slot] = keys[i]
                                    toIndices[slot] = indices[i]
                                }
                            }
                        }
                    }
                }
                // The sorted pass becomes the keys; the old keys become the spare (only the first
                // `count` of the spare are ever read).
                swap(&keys, &spareKeys)
                swap(&indices, &spareIndices)
                if keys.count > count {
                    keys.removeLast(keys.count - count)
                    indices.removeLast(indices.count - count)
                }
            }
        }
    }
}

/// How tied scores are ranked (COINr's `ties.method`): the rank every unit of a tie gets.
public enum TieRule: String, Sendable, Hashable, CaseIterable, RawMethodName {
    /// The best rank of the tie, competition ranking ("1224"): the default, COINr's `min`.
    case min
    /// The worst rank of the tie ("1334").
    case max
    /// Consecutive ranks in the units' order ("1234"), COINr's `first`.
    case first

    public static let optionName = "tie rule"

    /// Ranks a best-first order by this rule: each position of `0..<count` gets its rank, a tie being
    /// a run of positions whose scores are equal. The one place the rule is applied, by
    /// ``Ranking/ranked(_:ties:)`` and by the robustness replications (without allocating).
    ///
    /// - Parameters:
    ///   - count: the number of positions, best first (scores descending, none `NaN`).
    ///   - score: the score at a position.
    ///   - assign: receives each position and its rank (1 = best).
    /// - Complexity: O(count).
    @inline(__always)
    func rank<Score: Equatable>(count: Int, score: (Int) -> Score, assign: (_ position: Int, _ rank: Int) -> Void) {
        var start = 0
        while start < count {
            let tied = score(start)
            var end = start + 1
            while end < count, score(end) == tied { end += 1 }
            for position in start..<end {
                switch self {
                case .min: assign(position, start + 1)
                case .max: assign(position, end)
                case .first: assign(position, position + 1)
                }
            }
            start = end
        }
    }
}

/// How units are grouped into tiers (梯队).
public enum TierMethod: Sendable, Hashable {
    /// Jenks natural breaks into k classes, exact (Fisher's dynamic programme). The default, k = 4.
    case jenks(classes: Int)
    /// Fixed group sizes from the top, such as 6, 11, 10, 4.
    case sizes([Int])
    /// Explicit lower bounds of tiers 1, 2, …, descending; units below the last form the last tier.
    case thresholds([Double])

    /// The text form: `jenks:K`, `sizes:A,B,…` or `thresholds:X,Y,…`.
    public var name: String {
        switch self {
        case .jenks(let k): "jenks:\(k)"
        case .sizes(let sizes): "sizes:" + sizes.map(String.init).joined(separator: ",")
        case .thresholds(let values): "thresholds:" + values.map { "\($0)" }.joined(separator: ",")
        }
    }
}

extension TierMethod {
    /// Assigns tiers (1 = best) to scores; `NaN` gets `nil`.
    ///
    /// - Throws: ``IndexError`` when the sizes do not add up to the number of units, or there are
    ///   fewer distinct units than classes.
    public func assign(_ scores: [Double]) throws -> [Int?] {
        let present = scores.indices.filter { !scores[$0].isNaN }
        var tiers = [Int?](repeating: nil, count: scores.count)
        switch self {
        case .jenks(let k):
            guard k >= 1 else { throw IndexError("Jenks needs at least one class") }
            guard present.count >= k else { throw IndexError("Jenks: \(present.count) units for \(k) classes") }
            let distinct = Set(present.map { scores[$0] }).count
            guard distinct >= k else {
                throw IndexError(
                    "Jenks natural breaks need at least \(k) distinct scores for \(k) tiers; the \(present.count) units have \(distinct). Use --tiers sizes:… or thresholds:…"
                )
            }
            let ascending = present.sorted { scores[$0] < scores[$1] }
            var workspace = Jenks.Workspace()
            let split = ascending.map { scores[$0] }.withUnsafeBufferPointer {
                Jenks.tiers($0, classes: k, workspace: &workspace) { tiers[ascending[$0]] = $1 }
            }
            guard split else {
                throw IndexError("Jenks natural breaks could not split \(present.count) scores into \(k) classes")
            }
        case .sizes(let sizes):
            guard sizes.reduce(0, +) == present.count else {
                throw IndexError(
                    "tier sizes \(sizes.map(String.init).joined(separator: ",")) add up to \(sizes.reduce(0, +)), but \(present.count) units have scores"
                )
            }
            let descending = present.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            var position = 0
            for (tier, size) in sizes.enumerated() {
                for _ in 0..<size {
                    tiers[descending[position]] = tier + 1
                    position += 1
                }
            }
        case .thresholds(let bounds):
            for index in present {
                let tier = bounds.firstIndex { scores[index] >= $0 } ?? bounds.count
                tiers[index] = tier + 1
            }
        }
        return tiers
    }
}

/// Jenks natural breaks, exact, by Fisher's (1958) dynamic programme as Jenks (1977) gives it.
public enum Jenks {
    /// The break values: `[min, b₁, …, b_{k−1}, max]`, class j holding values in (b_{j−1}, b_j].
    public static func breaks(_ values: [Double], classes k: Int) -> [Double] {
        let sorted = values.sorted()
        let starts = classStarts(sorted, classes: k)
        var result = [sorted.first ?? .nan]
        for start in starts.dropFirst() { result.append(sorted[start - 1]) }
        result.append(sorted.last ?? .nan)
        return result
    }

    /// For ascending `sorted` values, the index where each of the k classes starts.
    ///
    /// Minimises the total within-class sum of squared deviations (Fisher 1958, the exact optimum
    /// Jenks's method approximates). The optimum for `c` classes over the first `i + 1` values is
    /// `min_j cost(c − 1, j − 1) + ssd(j…i)`; the best `j` never decreases with `i` (the squared
    /// deviations satisfy the quadrangle inequality), so each class count is filled by divide and
    /// conquer over `i`, as Ckmeans.1d.dp does. Sums of squares come from prefix sums of the
    /// values centred on their mean, which keeps them accurate. Among equal optima the earliest
    /// start wins.
    ///
    /// - Complexity: O(k n log n) (Fisher's table is O(k n²): 36 million steps for 3,000 counties).
    public static func classStarts(_ sorted: [Double], classes k: Int) -> [Int] {
        var workspace = Workspace()
        sorted.withUnsafeBufferPointer { classStarts($0, classes: k, workspace: &workspace) }
        return workspace.starts
    }

    /// The buffers of ``classStarts(_:classes:workspace:)``, kept between calls so that a robustness
    /// replication cuts its tiers without allocating.
    package struct Workspace: Sendable {
        var sums: [Double] = []
        var squares: [Double] = []
        var previous: [Double] = []
        var current: [Double] = []
        /// `start[c * n + i]`: where the last class begins in the best split of values 0…i into
        /// c + 1 classes.
        var start: [Int] = []
        var stack: [(low: Int, high: Int, optLow: Int, optHigh: Int)] = []
        /// The result: where each class starts.
        var starts: [Int] = []

        package init() {}
    }

    /// Tiers from Jenks natural breaks of ascending values: `assign(position, tier)` for every
    /// position, tier 1 the highest class. The one place where breaks become tiers, for
    /// ``TierMethod/assign(_:)`` and for the robustness replications.
    ///
    /// - Returns: `false`, with nothing assigned, when the breaks do not split the values into `k`
    ///   non-empty classes in order.
    package static func tiers(
        _ sorted: UnsafeBufferPointer<Double>,
        classes k: Int,
        workspace: inout Workspace,
        _ assign: (_ position: Int, _ tier: Int) -> Void
    ) -> Bool {
        classStarts(sorted, classes: k, workspace: &workspace)
        let starts = workspace.starts
        guard starts.count == k, starts.first == 0, (starts.last ?? 0) < sorted.count else { return false }
        for c in 1..<max(k, 1) where starts[c - 1] >= starts[c] { return false }
        for (classIndex, start) in starts.enumerated() {
            let end = classIndex + 1 < starts.count ? starts[classIndex + 1] : sorted.count
            for position in start..<end { assign(position, k - classIndex) }
        }
        return true
    }

    /// ``classStarts(_:classes:)`` into `workspace.starts`: the same steps, in the same order, so
    /// the same breaks to the last bit. The table is filled through the buffers' pointers (no
    /// uniqueness or bounds check per step: a robustness replication of 51 units spent a tenth
    /// of its time here).
    package static func classStarts(
        _ sorted: UnsafeBufferPointer<Double>,
        classes k: Int,
        workspace w: inout Workspace
    ) {
        let n = sorted.count
        w.starts.removeAll(keepingCapacity: true)
        guard k > 1, n > k else {
            w.starts.append(contentsOf: 0..<min(max(k, 0), n))
            return
        }
        var total = 0.0
        for value in sorted { total += value }
        let mean = total / Double(n)
        func resize<T>(_ buffer: inout [T], _ count: Int, _ value: T) {
            if buffer.count != count { buffer = [T](repeating: value, count: count) }
        }
        resize(&w.sums, n + 1, 0)
        resize(&w.squares, n + 1, 0)
        resize(&w.previous, n, 0)
        resize(&w.current, n, 0)
        resize(&w.start, k * n, 0)
        w.starts.append(contentsOf: repeatElement(0, count: k))
        w.sums.withUnsafeMutableBufferPointer { sums in
            w.squares.withUnsafeMutableBufferPointer { squares in
                w.previous.withUnsafeMutableBufferPointer { previousBuffer in
                    w.current.withUnsafeMutableBufferPointer { currentBuffer in
                        w.start.withUnsafeMutableBufferPointer { start in
                            sums[0] = 0
                            squares[0] = 0
                            for index in 0..<n {
                                let x = sorted[index] - mean
                                sums[index + 1] = sums[index] + x
                                squares[index + 1] = squares[index] + x * x
                            }
                            /// Squared deviations of values j…i from their mean.
                            func ssd(_ j: Int, _ i: Int) -> Double {
                                let count = Double(i - j + 1)
                                let sum = sums[i + 1] - sums[j]
                                return max(0, squares[i + 1] - squares[j] - sum * sum / count)
                            }
                            var previous = previousBuffer
                            var current = currentBuffer
                            for i in 0..<n {
                                previous[i] = ssd(0, i)
                                current[i] = .infinity
                            }
                            for c in 1..<k {
                                // Fill current[i] for i in c..<n with j in c…i, divide and conquer on i.
                                // The last class needs only i = n − 1, whose bounds come from the
                                // right-most path of the division alone (a range's bounds depend on
                                // its ancestors only): that path, in the same steps, so the same
                                // break to the last bit, in about 2n steps instead of n log n.
                                let lastClass = c == k - 1
                                w.stack.removeAll(keepingCapacity: true)
                                w.stack.append((c, n - 1, c, n - 1))
                                while let (low, high, optLow, optHigh) = w.stack.popLast() {
                                    guard low <= high else { continue }
                                    let middle = (low + high) / 2
                                    var best = Double.infinity
                                    var bestJ = max(optLow, c)
                                    for j in max(optLow, c)...min(middle, optHigh) {
                                        let cost = previous[j - 1] + ssd(j, middle)
                                        if cost < best {
                                            best = cost
                                            bestJ = j
                                        }
                                    }
                                    current[middle] = best
                                    start[c * n + middle] = bestJ
                                    if !lastClass { w.stack.append((low, middle - 1, optLow, bestJ)) }
                                    w.stack.append((middle + 1, high, bestJ, optHigh))
                                }
                                swap(&previous, &current)
                            }
                            var last = n - 1
                            for c in stride(from: k - 1, through: 1, by: -1) {
                                w.starts[c] = start[c * n + last]
                                last = w.starts[c] - 1
                            }
                        }
                    }
                }
            }
        }
    }
}
