import RealModule

/// An evaluation flattened for fast, repeated runs (Monte Carlo reruns it tens of thousands of times).
///
/// Node slots: indicators first (`0..<indicatorCount`, depth-first order), then aggregate nodes in
/// post-order, so each aggregate's children come before it and the root is last.
package struct CompiledEvaluation: Sendable {
    package let evaluation: Evaluation
    package let indicators: [Indicator]
    /// Every node's id by slot.
    package let nodeIDs: [String]
    package let nodeNames: [LocalisedText]
    /// Each slot's parent slot (`-1` for the root).
    package let parents: [Int]
    /// Depth of each slot (root 0).
    package let depths: [Int]
    /// Per aggregate (index `slot − indicatorCount`): its children's slots and local weights (totalling 1).
    let childStart: [Int]
    let childCount: [Int]
    let children: [Int]
    package let childWeights: [Double]
    package let methods: [AggregationMethod]
    /// Per aggregate: the share of its weight that its present children must carry.
    let coverage: [Double]
    /// Per aggregate: its formula, resolved against its children, when it has one.
    let formulas: [Program?]
    /// Per aggregate: the floor, cap and rounding applied to its score.
    let outputs: [NodeOutput]
    /// The indicator slots whose normalised values are bounded or rounded before aggregation, with
    /// what is done to them.
    let leafOutputs: [(slot: Int, output: NodeOutput)]
    /// The aggregate slot of each position in ``childWeights`` (its parent).
    package var childParents: [Int] {
        var parents: [Int] = []
        for aggregate in 0..<childStart.count {
            parents += repeatElement(indicatorCount + aggregate, count: childCount[aggregate])
        }
        return parents
    }

    /// Each position's child slot in ``childWeights``.
    package var childSlotsInOrder: [Int] { children }

    /// Local weight of each slot within its parent (root 1).
    package let localWeights: [Double]
    package let slotByID: [String: Int]

    package var indicatorCount: Int { indicators.count }
    package var nodeCount: Int { nodeIDs.count }
    package var rootSlot: Int { nodeIDs.count - 1 }

    /// Flattens a tree whose weights are local (see ``Evaluation/deriveWeights()``).
    ///
    /// - Throws: ``IndexError`` for duplicate ids or an aggregate without children.
    /// - Parameter minCoverage: replaces every node's `min-coverage` (a run option).
    package init(evaluation: Evaluation, root: FrameworkNode, minCoverage: Double? = nil) throws {
        self.evaluation = evaluation
        var indicators: [Indicator] = []
        var leafNodes: [FrameworkNode] = []
        var aggregates: [FrameworkNode] = []
        func collect(_ node: FrameworkNode) throws {
            if let indicator = node.indicator {
                indicators.append(indicator)
                leafNodes.append(node)
                return
            }
            guard !node.children.isEmpty else {
                throw IndexError("node '\(node.id)' has neither children nor an indicator")
            }
            for child in node.children { try collect(child) }
            aggregates.append(node)
        }
        try collect(root)
        let all = leafNodes + aggregates
        var slotByID: [String: Int] = [:]
        for (slot, node) in all.enumerated() {
            guard slotByID[node.id] == nil else { throw IndexError("id '\(node.id)' is used twice in the framework") }
            slotByID[node.id] = slot
        }
        var parents = [Int](repeating: -1, count: all.count)
        var localWeights = [Double](repeating: 1, count: all.count)
        var childStart: [Int] = []
        var childCount: [Int] = []
        var children: [Int] = []
        var childWeights: [Double] = []
        var methods: [AggregationMethod] = []
        var coverage: [Double] = []
        var formulas: [Program?] = []
        var outputs: [NodeOutput] = []
        for (index, node) in aggregates.enumerated() {
            let slot = leafNodes.count + index
            childStart.append(children.count)
            childCount.append(node.children.count)
            let total = node.children.reduce(0) { $0 + $1.weight }
            for child in node.children {
                let childSlot = slotByID[child.id] ?? 0
                children.append(childSlot)
                let weight = total > 0 ? child.weight / total : 1 / Double(node.children.count)
                childWeights.append(weight)
                parents[childSlot] = slot
                localWeights[childSlot] = weight
            }
            methods.append(node.aggregation ?? evaluation.aggregation)
            coverage.append(minCoverage ?? node.minCoverage ?? 0)
            formulas.append(node.formula?.compile(children: node.children.map(\.id)))
            var output = node.output
            output.decimals = output.decimals ?? evaluation.decimals
            outputs.append(output)
        }
        var leafOutputs: [(slot: Int, output: NodeOutput)] = []
        for (slot, node) in leafNodes.enumerated() {
            var output = node.output
            output.decimals = output.decimals ?? evaluation.decimals
            if !output.isIdentity { leafOutputs.append((slot, output)) }
        }
        var depths = [Int](repeating: 0, count: all.count)
        for slot in stride(from: all.count - 1, through: 0, by: -1) where parents[slot] >= 0 {
            depths[slot] = depths[parents[slot]] + 1
        }
        self.indicators = indicators
        self.nodeIDs = all.map(\.id)
        self.nodeNames = all.map(\.name)
        self.parents = parents
        self.depths = depths
        self.childStart = childStart
        self.childCount = childCount
        self.children = children
        self.childWeights = childWeights
        self.methods = methods
        self.coverage = coverage
        self.formulas = formulas
        self.outputs = outputs
        self.leafOutputs = leafOutputs
        self.localWeights = localWeights
        self.slotByID = slotByID
    }

    /// The indicators (by column) grouped by their ancestor at a framework level, in column order:
    /// level 1 is the indicators themselves, 2 their parents, … (COINr's levels, counted up from the
    /// indicators); `nil` puts every indicator in one group. An indicator whose chain to the root is
    /// shorter than the level is grouped by the root.
    package func indicatorGroups(atLevel level: Int?) -> [[Int]] {
        guard let level else { return [Array(0..<indicatorCount)] }
        var groups: [Int: [Int]] = [:]
        var order: [Int] = []
        for j in 0..<indicatorCount {
            var ancestor = j
            for _ in 1..<max(level, 1) where parents[ancestor] >= 0 { ancestor = parents[ancestor] }
            if groups[ancestor] == nil { order.append(ancestor) }
            groups[ancestor, default: []].append(j)
        }
        return order.compactMap { groups[$0] }
    }

    /// The slots of a node's children.
    package func childSlots(of slot: Int) -> [Int] {
        guard slot >= indicatorCount else { return [] }
        let aggregate = slot - indicatorCount
        return Array(children[childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate])])
    }

    /// The share of an aggregate's weight its present children must carry for it to get a score
    /// (`min-coverage`, 0 = any child will do), per aggregate.
    package func minimumCoverage(of slot: Int) -> Double { coverage[slot - indicatorCount] }

    /// Whether any node aggregates by comparing units (Copeland), so rows cannot be aggregated one
    /// at a time.
    package func comparesUnits(methodOverride: AggregationMethod? = nil) -> Bool {
        zip(methods, formulas).contains { method, formula in
            formula == nil && (methodOverride ?? method).comparesUnits
        }
    }

    /// Aggregates one unit's row in place: slots `0..<indicatorCount` hold normalised values
    /// (`NaN` = missing), the rest are filled level by level.
    ///
    /// Weights are renormalised over the children present; a node whose present children carry
    /// less than its minimum coverage of the weight, or with no child present, is `NaN`.
    /// `methodOverride` replaces every node's method (used by sensitivity analysis); a node with a
    /// formula keeps its formula, which is the publisher's statement of the node, not a method choice.
    ///
    /// - Parameters:
    ///   - weights: local weights in the layout of ``childWeights`` (a sensitivity analysis's draw);
    ///     `nil` = the evaluation's. They need not total 1 within a parent: each node divides by the
    ///     sum over its children present.
    ///   - missing: called with (aggregate slot, missing child slots) when renormalisation happens.
    /// - Throws: ``IndexError`` naming the node for a value a method cannot take (non-positive
    ///   under geometric aggregation, zero under harmonic) and for Copeland, which needs every unit.
    package func aggregate(
        _ row: UnsafeMutableBufferPointer<Double>,
        methodOverride: AggregationMethod? = nil,
        weights: [Double]? = nil,
        missing: ((Int, [Int]) -> Void)? = nil
    ) throws {
        try aggregate(
            row,
            index: 0,
            methodOverride: methodOverride,
            weights: weights ?? childWeights,
            missing: missing.map { report in { report($1, $2) } }
        )
    }

    /// Aggregates row `index` of a block in place; `missing` gets (row index, aggregate slot,
    /// missing child slots), so a block's rows share one callback.
    func aggregate(
        _ row: UnsafeMutableBufferPointer<Double>,
        index: Int,
        methodOverride: AggregationMethod?,
        weights childWeights: [Double],
        missing: ((Int, Int, [Int]) -> Void)?
    ) throws {
        applyLeafOutputs(row)
        for aggregate in 0..<childStart.count {
            try aggregateNode(
                aggregate,
                row: row,
                index: index,
                method: methodOverride ?? methods[aggregate],
                weights: childWeights,
                missing: missing
            )
        }
    }

    /// Bounds and rounds the indicator values that the framework asks to (`round:`, `floor:`, `cap:`
    /// on an indicator, or `round:` on the evaluation), in place, before any aggregate uses them.
    func applyLeafOutputs(_ row: UnsafeMutableBufferPointer<Double>) {
        for (slot, output) in leafOutputs { row[slot] = output.apply(row[slot]) }
    }

    /// Scores one aggregate (index `slot − indicatorCount`) of one row from its children.
    ///
    /// - Parameters:
    ///   - index: the row's index in its block, passed to `missing`.
    ///   - missing: called with (row index, aggregate slot, missing child slots).
    func aggregateNode(
        _ aggregate: Int,
        row: UnsafeMutableBufferPointer<Double>,
        index: Int,
        method: AggregationMethod,
        weights childWeights: [Double],
        missing: ((Int, Int, [Int]) -> Void)? = nil
    ) throws {
        let offset = indicatorCount
        let start = childStart[aggregate]
        let end = start + childCount[aggregate]
        if formulas[aggregate] != nil {
            try formulaNode(aggregate, row: row, index: index, weights: childWeights, missing: missing)
            return
        }
        var weightSum = 0.0
        var allWeight = 0.0
        var total = 0.0
        var absent = false
        // Whether `total` holds a child's value yet (max and min).
        var extreme = false
        // The common methods get a loop of their own (the method is not switched on per child);
        // the sums are the same, in the same order, as the general loop's.
        var general = start..<end
        switch method {
        case .arithmetic:
            for position in general {
                let weight = childWeights[position]
                allWeight += weight
                let value = row[children[position]]
                if value.isNaN {
                    absent = true
                    continue
                }
                weightSum += weight
                total += weight * value
            }
            general = end..<end
        case .geometric:
            // A child that is not positive is left to the general loop, which refuses it by name.
            var refused = end
            for position in general {
                let weight = childWeights[position]
                let value = row[children[position]]
                guard value.isNaN || value > 0 else {
                    refused = position
                    break
                }
                allWeight += weight
                if value.isNaN {
                    absent = true
                    continue
                }
                weightSum += weight
                total += weight * Double.log(value)
            }
            general = refused..<end
        default:
            break
        }
        for position in general {
            let weight = childWeights[position]
            allWeight += weight
            let value = row[children[position]]
            if value.isNaN {
                absent = true
                continue
            }
            weightSum += weight
            switch method {
            case .arithmetic:
                total += weight * value
            case .geometric:
                guard value > 0 else {
                    throw IndexError(
                        "geometric aggregation of '\(nodeIDs[offset + aggregate])' needs positive values; '\(nodeIDs[children[position]])' is \(value). Use min-max with a positive lower bound (for example 1–100) or arithmetic aggregation"
                    )
                }
                total += weight * Double.log(value)
            case .harmonic:
                guard value != 0 else {
                    throw IndexError(
                        "harmonic aggregation of '\(nodeIDs[offset + aggregate])' cannot take a zero: '\(nodeIDs[children[position]])' is 0. Use min-max with a positive lower bound (for example 1–100) or another aggregation"
                    )
                }
                total += weight / value
            case .generalised(let p):
                guard p > 0 || value > 0 else {
                    throw IndexError(
                        "the generalised mean with p = \(p) of '\(nodeIDs[offset + aggregate])' needs positive values; '\(nodeIDs[children[position]])' is \(value)"
                    )
                }
                // Near p = 0 the plain mean of x^p is 1 + O(p) and its 1/p-th power loses every digit
                // (p = 1e-300 gave 1 for any values); the same mean written with expm1/log1p keeps
                // them and tends to the geometric mean (see `smallPower`).
                total +=
                    weight
                    * (abs(p) < Self.smallPower ? Double.expMinusOne(p * Double.log(value)) : Double.pow(value, p))
            case .maximum:
                total = extreme ? Swift.max(total, value) : value
                extreme = true
            case .minimum:
                total = extreme ? Swift.min(total, value) : value
                extreme = true
            case .copeland, .mazziottaPareto, .benefitOfTheDoubt:
                throw IndexError(
                    "\(method.name) aggregation of '\(nodeIDs[offset + aggregate])' compares units with each other and needs a cross-section"
                )
            }
        }
        if absent, let missing {
            missing(index, offset + aggregate, absentChildren(of: aggregate) { row[$0] })
        }
        let needed = coverage[aggregate]
        if weightSum == 0 || (needed > 0 && weightSum < needed * allWeight * (1 - 1e-12)) {
            row[offset + aggregate] = .nan
            return
        }
        switch method {
        case .arithmetic: row[offset + aggregate] = total / weightSum
        case .geometric: row[offset + aggregate] = Double.exp(total / weightSum)
        case .harmonic: row[offset + aggregate] = weightSum / total
        case .generalised(let p):
            if absent {
                row[offset + aggregate] = .nan
            } else if abs(p) < Self.smallPower {
                row[offset + aggregate] = Double.exp(Double.log(onePlus: total / weightSum) / p)
            } else if total.isFinite, total != 0 {
                row[offset + aggregate] = Double.pow(total / weightSum, 1 / p)
            } else {
                // x^p overflowed (power:100 of scores up to 10,000) or underflowed to zero: the same
                // mean with every child taken relative to the extreme one (see `scaledPowerMean`).
                row[offset + aggregate] = scaledPowerMean(
                    start..<end,
                    row: row,
                    weights: childWeights,
                    power: p,
                    weightSum: weightSum
                )
            }
        case .maximum, .minimum: row[offset + aggregate] = total
        case .copeland, .mazziottaPareto, .benefitOfTheDoubt: row[offset + aggregate] = .nan
        }
        if case .generalised(let p) = method, !absent, row[offset + aggregate].isNaN {
            // An odd or fractional power of negative values (z-scores) has no real mean.
            throw IndexError(
                "the generalised mean with p = \(p) of '\(nodeIDs[offset + aggregate])' has no real value for these children (negative values?); use min-max or arithmetic aggregation"
            )
        }
        row[offset + aggregate] = outputs[aggregate].apply(row[offset + aggregate])
    }

    /// The slots of an aggregate's children whose value (`value(slot)`) is missing, in framework
    /// order: what every aggregation path reports to its `missing` callback.
    func absentChildren(of aggregate: Int, value: (Int) -> Double) -> [Int] {
        (childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate])).map { children[$0] }
            .filter { value($0).isNaN }
    }

    /// Scores one aggregate by its formula: the coverage rule first, then the formula over the
    /// children's scores (`NaN` = missing) and weights, then the node's output.
    func formulaNode(
        _ aggregate: Int,
        row: UnsafeMutableBufferPointer<Double>,
        index: Int,
        weights childWeights: [Double],
        missing: ((Int, Int, [Int]) -> Void)?
    ) throws {
        guard let program = formulas[aggregate] else { return }
        let slot = indicatorCount + aggregate
        let positions = childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate])
        let values = positions.map { row[children[$0]] }
        let weights = positions.map { childWeights[$0] }
        let allWeight = weights.reduce(0, +)
        var present = 0.0
        for (value, weight) in zip(values, weights) where !value.isNaN { present += weight }
        if present < allWeight, let missing {
            missing(index, slot, absentChildren(of: aggregate) { row[$0] })
        }
        let needed = coverage[aggregate]
        if present == 0 || (needed > 0 && present < needed * allWeight * (1 - 1e-12)) {
            row[slot] = .nan
            return
        }
        row[slot] = outputs[aggregate].apply(try program.evaluate(values: values, weights: weights))
    }

    /// Below this |p| the power mean is computed as
    ///
    /// ```
    /// exp( log1p( Σ w_i expm1(p · ln x_i) / Σ w_i ) / p )
    /// ```
    ///
    /// which equals `(Σ w_i x_i^p / Σ w_i)^(1/p)` but keeps its digits as p → 0, where it tends to the
    /// geometric mean `exp(Σ w_i ln x_i / Σ w_i)`. At |p| = 10⁻³ the plain formula still keeps 13
    /// digits; below it, it loses one more per decade.
    static let smallPower = 1e-3

    /// The weighted power mean of the children at `positions` computed as
    ///
    /// ```
    /// c · (Σ w_i (x_i / c)^p / Σ w_i)^(1/p),   c = the largest |x_i| (p > 0) or the smallest x_i (p < 0)
    /// ```
    ///
    /// over the children with a positive weight, which equals the plain formula but keeps every
    /// `(x_i / c)^p` within [0, 1] and the term of `c` at 1, so neither the sum nor its root overflows
    /// or vanishes. Used only when the plain sum does (its rounding differs from it by a few ulps).
    func scaledPowerMean(
        _ positions: Range<Int>,
        row: UnsafeMutableBufferPointer<Double>,
        weights childWeights: [Double],
        power p: Double,
        weightSum: Double
    ) -> Double {
        var scale = 0.0
        for position in positions where childWeights[position] > 0 {
            let value = abs(row[children[position]])
            guard value > 0 else { continue }
            if scale == 0 || (p > 0 ? value > scale : value < scale) { scale = value }
        }
        guard scale > 0 else { return 0 }
        var total = 0.0
        for position in positions {
            total += childWeights[position] * Double.pow(row[children[position]] / scale, p)
        }
        return scale * Double.pow(total / weightSum, 1 / p)
    }

    /// Scores one aggregate for every row of a block by Copeland's rule (COINr's `a_copeland`):
    /// see ``AggregationMethod``. Rows are compared in `order` (COINr's: by unit code), which decides
    /// who gets the weight of a comparison with a missing value.
    ///
    /// - Complexity: O(r² · c) for r rows and c children.
    func copeland(
        _ aggregate: Int,
        matrix: inout [Double],
        rows: [Int],
        weights childWeights: [Double]
    ) {
        let n = nodeCount
        let start = childStart[aggregate]
        let positions = Array(start..<(start + childCount[aggregate]))
        let total = positions.reduce(0) { $0 + childWeights[$1] }
        let w = positions.map { total > 0 ? childWeights[$0] / total : 0 }
        let slots = positions.map { children[$0] }
        let count = rows.count
        // o[i][j] for i < j as COINr computes it; o[j][i] = 1 − o[i][j].
        var outrank = [Double](repeating: 0, count: count * count)
        for a in 0..<count {
            let i = rows[a]
            for b in (a + 1)..<max(count, a + 1) {
                let j = rows[b]
                var higher = 0.0
                var equal = 0.0
                for (k, slot) in slots.enumerated() {
                    let x = matrix[i * n + slot]
                    let y = matrix[j * n + slot]
                    if x > y { higher += w[k] } else if x == y { equal += w[k] }
                }
                outrank[a * count + b] = higher + equal / 2
                outrank[b * count + a] = 1 - outrank[a * count + b]
            }
        }
        let slot = indicatorCount + aggregate
        for a in 0..<count {
            var score = 0.0
            for b in 0..<count where b != a {
                // Ties are decided on the exact sums: 4/9 + 1/18 is ½ even if rounding says otherwise
                // (COINr sums in extended precision, which gives the exact answer for such cases).
                let o = outrank[a * count + b]
                score += o > 0.5 + 1e-12 ? 1 : (o < 0.5 - 1e-12 ? -1 : 0)
            }
            matrix[rows[a] * n + slot] = outputs[aggregate].apply(score)
        }
    }

    /// Aggregates a block of rows (`rows × nodeCount`, row-major) in place, node by node, so that
    /// Copeland, Mazziotta–Pareto and benefit-of-the-doubt nodes can compare the block's units.
    ///
    /// - Parameter missing: called with (row, aggregate slot, missing child slots).
    /// - Throws: ``IndexError`` naming the node, and the unit through `unitOfRow`.
    package func aggregate(
        _ matrix: inout [Double],
        rows: Range<Int>,
        methodOverride: AggregationMethod? = nil,
        weights: [Double]? = nil,
        unitOfRow: (Int) -> String,
        missing: ((Int, Int, [Int]) -> Void)? = nil
    ) throws {
        let n = nodeCount
        let childWeights = weights ?? self.childWeights
        if aggregateAcrossRows(
            &matrix,
            rows: rows,
            methodOverride: methodOverride,
            weights: childWeights,
            missing: missing
        ) {
            return
        }
        if !comparesUnits(methodOverride: methodOverride) {
            // Row by row: each row's values stay in cache.
            try matrix.withUnsafeMutableBufferPointer { buffer in
                for i in rows {
                    let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)])
                    do {
                        try aggregate(
                            row,
                            index: i,
                            methodOverride: methodOverride,
                            weights: childWeights,
                            missing: missing
                        )
                    } catch var error as IndexError {
                        error.unit = error.unit ?? unitOfRow(i)
                        throw error
                    }
                }
            }
            return
        }
        if !leafOutputs.isEmpty {
            matrix.withUnsafeMutableBufferPointer { buffer in
                for i in rows {
                    applyLeafOutputs(UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)]))
                }
            }
        }
        for aggregate in 0..<childStart.count {
            let method = methodOverride ?? methods[aggregate]
            if method == .copeland, formulas[aggregate] == nil {
                let order = rows.sorted { unitOfRow($0) < unitOfRow($1) }
                copeland(aggregate, matrix: &matrix, rows: order, weights: childWeights)
                continue
            }
            if method.comparesUnits, formulas[aggregate] == nil {
                try nonCompensatory(
                    aggregate,
                    method: method,
                    matrix: &matrix,
                    rows: Array(rows),
                    weights: childWeights,
                    unitOfRow: unitOfRow,
                    missing: missing
                )
                continue
            }
            try matrix.withUnsafeMutableBufferPointer { buffer in
                for i in rows {
                    let row = UnsafeMutableBufferPointer(rebasing: buffer[(i * n)..<((i + 1) * n)])
                    do {
                        try aggregateNode(
                            aggregate,
                            row: row,
                            index: i,
                            method: method,
                            weights: childWeights,
                            missing: missing
                        )
                    } catch var error as IndexError {
                        error.unit = error.unit ?? unitOfRow(i)
                        throw error
                    }
                }
            }
        }
    }

    /// Whether ``aggregateColumns(leaves:leafLogs:into:work:count:methodOverride:weights:)`` can
    /// score this evaluation: every node an arithmetic or geometric mean without a formula (after
    /// `methodOverride`), no indicator output, at least one aggregate.
    package func aggregatesByColumns(methodOverride: AggregationMethod?) -> Bool {
        guard leafOutputs.isEmpty, !childStart.isEmpty else { return false }
        for aggregate in 0..<childStart.count {
            guard formulas[aggregate] == nil else { return false }
            switch methodOverride ?? methods[aggregate] {
            case .arithmetic, .geometric: continue
            default: return false
            }
        }
        return true
    }

    /// ``aggregate(_:rows:methodOverride:weights:unitOfRow:missing:)`` for the common case (see
    /// ``aggregatesByColumns(methodOverride:)``) with the block turned column-major and scored by
    /// ``aggregateColumns(leaves:leafLogs:into:work:count:methodOverride:weights:)``. `missing` is
    /// then told of each row's aggregates with missing children in the row path's order (row by
    /// row, node by node).
    ///
    /// - Returns: `false`, with the matrix untouched, when the case is not the common one or a
    ///   geometric child is not positive (the row path then refuses it by name).
    func aggregateAcrossRows(
        _ matrix: inout [Double],
        rows: Range<Int>,
        methodOverride: AggregationMethod?,
        weights childWeights: [Double],
        missing: ((Int, Int, [Int]) -> Void)?
    ) -> Bool {
        let m = indicatorCount
        guard rows.count > 1, aggregatesByColumns(methodOverride: methodOverride) else { return false }
        let n = nodeCount
        let count = rows.count
        var columns = columnBlock(count: count)
        columns.withUnsafeMutableBufferPointer { columns in
            matrix.withUnsafeBufferPointer { matrix in
                guard let columns = columns.baseAddress, let source = matrix.baseAddress else { return }
                let block = source + rows.lowerBound * n
                // Pointer steps, not index arithmetic: no overflow check per value.
                for r in 0..<count {
                    var from = block + r * n
                    var to = columns + r
                    for _ in 0..<m {
                        to.pointee = from.pointee
                        from += 1
                        to += count
                    }
                }
            }
        }
        return scoreColumnBlock(
            &columns,
            into: &matrix,
            rows: rows,
            writingFrom: m,
            methodOverride: methodOverride,
            weights: childWeights,
            missing: missing
        )
    }

    /// A block of `count` units column-major (`slot * count + r`), then the work space of
    /// ``aggregateColumns(leaves:leafLogs:into:work:count:methodOverride:weights:)``, for
    /// ``scoreColumnBlock(_:into:rows:writingFrom:methodOverride:weights:missing:)``.
    ///
    /// Not zeroed: the caller writes the leaves, and the kernel writes its work space and each
    /// aggregate's column before anything reads them.
    package func columnBlock(count: Int) -> [Double] {
        let size = nodeCount * count + Self.columnWork(aggregates: childStart.count, count: count)
        return [Double](unsafeUninitializedCapacity: size) { _, initialised in initialised = size }
    }

    /// Scores the aggregates of a ``columnBlock(count:)`` whose leaves are written, then copies slots
    /// `first..<nodeCount` of each unit into its row of `matrix` (`rows` × `nodeCount`, row-major).
    /// `missing` is then told of each row's aggregates with missing children in the row path's order
    /// (row by row, node by node). For ``aggregatesByColumns(methodOverride:)`` evaluations only.
    ///
    /// - Returns: `false`, with the matrix untouched, when a geometric child is not positive (the row
    ///   path then refuses it by name).
    package func scoreColumnBlock(
        _ columns: inout [Double],
        into matrix: inout [Double],
        rows: Range<Int>,
        writingFrom first: Int,
        methodOverride: AggregationMethod?,
        weights childWeights: [Double],
        missing: ((Int, Int, [Int]) -> Void)?
    ) -> Bool {
        let m = indicatorCount
        let n = nodeCount
        let count = rows.count
        let aggregates = childStart.count
        let written = matrix.withUnsafeMutableBufferPointer { matrix in
            columns.withUnsafeMutableBufferPointer { buffer in
                childWeights.withUnsafeBufferPointer { weights in
                    guard let columns = buffer.baseAddress, let target = matrix.baseAddress else { return false }
                    guard
                        aggregateColumns(
                            leaves: columns,
                            leafLogs: nil,
                            into: columns + m * count,
                            work: columns + n * count,
                            count: count,
                            methodOverride: methodOverride,
                            weights: weights
                        )
                    else { return false }
                    let block = target + rows.lowerBound * n
                    for r in 0..<count {
                        var from = columns + first * count + r
                        var to = block + r * n + first
                        for _ in first..<n {
                            to.pointee = from.pointee
                            from += count
                            to += 1
                        }
                    }
                    return true
                }
            }
        }
        if written, let missing {
            for (r, i) in rows.enumerated() {
                for aggregate in 0..<aggregates where columns[n * count + aggregate * count + r] > 0 {
                    missing(i, m + aggregate, absentChildren(of: aggregate) { matrix[i * n + $0] })
                }
            }
        }
        return written
    }

    /// The size of ``aggregateColumns(leaves:leafLogs:into:work:count:methodOverride:weights:)``'s
    /// work space: each aggregate's count of missing children by row, then running totals and
    /// weight sums by row.
    package static func columnWork(aggregates: Int, count: Int) -> Int { aggregates * count + 2 * count }

    /// Scores every aggregate of `count` units column by column (`slot * count + unit`): each child
    /// adds its weighted values to all units' sums in one contiguous loop the compiler vectorises.
    /// For ``aggregatesByColumns(methodOverride:)`` evaluations only.
    ///
    /// Each unit gets the same operations in the same order as ``aggregateNode(_:row:index:method:weights:missing:)``
    /// gives its row, so the same bits: a missing child adds `+0` where the row path skips it, which
    /// changes no sum (a sum that starts at `+0` is never `−0`).
    ///
    /// - Parameters:
    ///   - leaves: the indicators' normalised values, `indicatorCount` columns.
    ///   - leafLogs: `Double.log` of `leaves` (`NaN` where missing), when every present leaf is
    ///     positive: a geometric mean then reads its leaf children's logarithms instead of taking
    ///     them again (the robustness replications compute them once per normalisation).
    ///   - scores: receives the aggregates' scores, `nodeCount − indicatorCount` columns.
    ///   - work: ``columnWork(aggregates:count:)`` values; on return each aggregate's count of
    ///     missing children by unit comes first.
    ///   - weights: local weights in the layout of ``childWeights``.
    /// - Returns: `false` when a geometric child is not positive (the row path refuses it by name).
    package func aggregateColumns(
        leaves: UnsafePointer<Double>,
        leafLogs: UnsafePointer<Double>?,
        into scores: UnsafeMutablePointer<Double>,
        work: UnsafeMutablePointer<Double>,
        count: Int,
        methodOverride: AggregationMethod?,
        weights: UnsafeBufferPointer<Double>
    ) -> Bool {
        let m = indicatorCount
        let aggregates = childStart.count
        // Indices are pointer offsets (no overflow traps in the loops), so the loops vectorise.
        let absentCounts = work
        let totals = absentCounts + aggregates * count
        let sums = totals + count
        absentCounts.update(repeating: 0, count: aggregates * count)
        for aggregate in 0..<aggregates {
            let geometric = (methodOverride ?? methods[aggregate]) == .geometric
            let absent = absentCounts + aggregate * count
            totals.update(repeating: 0, count: count)
            sums.update(repeating: 0, count: count)
            var allWeight = 0.0
            for position in childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate]) {
                let weight = weights[position]
                allWeight += weight
                let child = children[position]
                let values = child < m ? leaves + child * count : UnsafePointer(scores + (child - m) * count)
                if geometric, child < m, let leafLogs {
                    // weight × log(value) where present: the arithmetic step over the logarithms.
                    Self.addWeighted(
                        leafLogs + child * count,
                        weight: weight,
                        count: count,
                        absent: absent,
                        sums: sums,
                        totals: totals
                    )
                } else if geometric {
                    for r in 0..<count {
                        let value = values[r]
                        guard value.isNaN || value > 0 else { return false }
                        if value.isNaN {
                            absent[r] += 1
                            continue
                        }
                        sums[r] += weight
                        totals[r] += weight * Double.log(value)
                    }
                } else {
                    Self.addWeighted(values, weight: weight, count: count, absent: absent, sums: sums, totals: totals)
                }
            }
            // The row path's test, `weightSum == 0 || (needed > 0 && weightSum < limit)`, with the
            // limit computed once; the arithmetic loop has no branch (the quotient of a unit without
            // a score is computed and discarded), so the compiler vectorises it.
            let needed = coverage[aggregate]
            let limit = needed > 0 ? needed * allWeight * (1 - 1e-12) : -Double.infinity
            let output = outputs[aggregate]
            let column = scores + aggregate * count
            if geometric {
                for r in 0..<count {
                    let weightSum = sums[r]
                    column[r] = weightSum == 0 || weightSum < limit ? .nan : Double.exp(totals[r] / weightSum)
                }
            } else {
                for r in 0..<count {
                    let weightSum = sums[r]
                    let quotient = totals[r] / weightSum
                    column[r] = weightSum == 0 || weightSum < limit ? .nan : quotient
                }
            }
            if !output.isIdentity {
                for r in 0..<count { column[r] = output.apply(column[r]) }
            }
        }
        return true
    }

    /// One child's step of an arithmetic mean over `count` rows: where the value is present its
    /// weight joins the row's weight sum and weight × value its total, else the row counts one more
    /// missing child (`+0` is added to the sums, which changes no sum that started at `+0`).
    ///
    /// Four rows at a time in `SIMD4` lanes (each lane the scalar operations, so the same bits),
    /// the rest one by one: the compiler kept a branch per row in the plain loop.
    @inline(__always)
    static func addWeighted(
        _ values: UnsafePointer<Double>,
        weight: Double,
        count: Int,
        absent: UnsafeMutablePointer<Double>,
        sums: UnsafeMutablePointer<Double>,
        totals: UnsafeMutablePointer<Double>
    ) {
        typealias Lanes = SIMD4<Double>
        let weights = Lanes(repeating: weight)
        let zero = Lanes(repeating: 0)
        let one = Lanes(repeating: 1)
        var r = 0
        while r + 4 <= count {
            let value = UnsafeRawPointer(values + r).loadUnaligned(as: Lanes.self)
            let missing = value .!= value
            let a =
                UnsafeRawPointer(absent + r).loadUnaligned(as: Lanes.self) + zero.replacing(with: one, where: missing)
            let s =
                UnsafeRawPointer(sums + r).loadUnaligned(as: Lanes.self) + weights.replacing(with: zero, where: missing)
            let t =
                UnsafeRawPointer(totals + r).loadUnaligned(as: Lanes.self)
                + (weights * value).replacing(with: zero, where: missing)
            UnsafeMutableRawPointer(absent + r).storeBytes(of: a, as: Lanes.self)
            UnsafeMutableRawPointer(sums + r).storeBytes(of: s, as: Lanes.self)
            UnsafeMutableRawPointer(totals + r).storeBytes(of: t, as: Lanes.self)
            r += 4
        }
        while r < count {
            let value = values[r]
            let present = !value.isNaN
            absent[r] += present ? 0 : 1
            sums[r] += present ? weight : 0
            totals[r] += present ? weight * value : 0
            r += 1
        }
    }

    /// Scores one aggregate for every row of a block by Mazziotta–Pareto or benefit of the doubt
    /// over its children's scores in those rows (see ``MazziottaPareto``, ``BenefitOfTheDoubt``).
    ///
    /// Every row's children enter the standardisation (MPI) or the frontier (BoD); a row whose
    /// present children carry less than the node's minimum coverage of its weight, or none, then
    /// gets no score. The node's output (floor, cap, rounding) applies to the score.
    func nonCompensatory(
        _ aggregate: Int,
        method: AggregationMethod,
        matrix: inout [Double],
        rows: [Int],
        weights childWeights: [Double],
        unitOfRow: (Int) -> String,
        missing: ((Int, Int, [Int]) -> Void)?
    ) throws {
        let n = nodeCount
        let slot = indicatorCount + aggregate
        let positions = Array(childStart[aggregate]..<(childStart[aggregate] + childCount[aggregate]))
        let weights = positions.map { childWeights[$0] }
        let allWeight = weights.reduce(0, +)
        let values = rows.map { i in positions.map { matrix[i * n + children[$0]] } }
        let units = rows.map(unitOfRow)
        var scores: [Double]
        switch method {
        case .mazziottaPareto(let index):
            scores = try index.scores(values, weights: weights, node: nodeIDs[slot], units: units)
        case .benefitOfTheDoubt(let index):
            // The optimal weights themselves are read again by `CrossSectionPipeline.optimalWeights`.
            scores = try index.solve(values, weights: weights, node: nodeIDs[slot], units: units).map(\.score)
        default:
            preconditionFailure("only Mazziotta–Pareto and benefit of the doubt are scored here")
        }
        let needed = coverage[aggregate]
        for (k, i) in rows.enumerated() {
            var present = 0.0
            for (value, weight) in zip(values[k], weights) where !value.isNaN { present += weight }
            if present < allWeight, let missing {
                missing(i, slot, absentChildren(of: aggregate) { matrix[i * n + $0] })
            }
            if present == 0 || (needed > 0 && present < needed * allWeight * (1 - 1e-12)) { scores[k] = .nan }
            matrix[i * n + slot] = outputs[aggregate].apply(scores[k])
        }
    }
}

extension CompiledEvaluation {
    /// Every slot's level: 1 for an indicator, one more than its highest child for an aggregate.
    package var heights: [Int] {
        var height = [Int](repeating: 1, count: nodeCount)
        let parents = childParents
        // Children precede their parents in slot order, so one pass settles every height.
        for (position, slot) in childSlotsInOrder.enumerated() {
            height[parents[position]] = max(height[parents[position]], height[slot] + 1)
        }
        return height
    }
}
