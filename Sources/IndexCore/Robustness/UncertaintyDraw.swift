/// What one replication of an uncertainty analysis drew: the choice of every varied assumption
/// group, enough to run the replication again (``UncertaintyModel/evaluate(draw:scratch:)``).
///
/// Choices are positions in the ``UncertaintySpecification``'s lists (`nil` where the group does
/// not vary: the nominal choice holds); weights are the replication's local weights, each within
/// its parent, in ``UncertaintyModel/weightNodeIDs`` order, after any node left out got weight 0
/// (`nil` when neither weights nor inclusion vary).
public struct UncertaintyDraw: Sendable, Hashable {
    /// Position in ``UncertaintySpecification/treatments``.
    public var treatment: Int?
    /// Position in ``UncertaintySpecification/normalisations``.
    public var normalisation: Int?
    /// Position in ``UncertaintySpecification/aggregations``.
    public var aggregation: Int?
    /// Position in ``UncertaintySpecification/tierMethods``.
    public var tiers: Int?
    /// The node left out (``UncertaintySpecification/inclusion``), `nil` for none.
    public var leftOut: String?
    /// The local weights in force.
    public var weights: [Double]?

    public init(
        treatment: Int? = nil,
        normalisation: Int? = nil,
        aggregation: Int? = nil,
        tiers: Int? = nil,
        leftOut: String? = nil,
        weights: [Double]? = nil
    ) {
        self.treatment = treatment
        self.normalisation = normalisation
        self.aggregation = aggregation
        self.tiers = tiers
        self.leftOut = leftOut
        self.weights = weights
    }
}

extension UncertaintyModel {
    /// The nodes whose local weights ``UncertaintyDraw/weights`` lists: every node below the index,
    /// in the compiled child order.
    public var weightNodeIDs: [String] { childSlots.map { compiled.nodeIDs[$0] } }

    /// The choices a replication's seeds (``seeds(replication:seed:)``, or a Sobol design's row)
    /// make, as ``evaluate(seeds:scratch:)`` makes them.
    ///
    /// - Throws: ``IndexError`` when weights cannot be drawn (as ``evaluate(seeds:scratch:)``).
    public func draw(seeds: [UInt64]) throws -> UncertaintyDraw {
        var draw = UncertaintyDraw()
        for (group, seed) in zip(groups, seeds) {
            switch group {
            case .treatment: draw.treatment = Int(seed % UInt64(treatmentChoices.count))
            case .normalisation: draw.normalisation = Int(seed % UInt64(normalisationChoices.count))
            case .aggregation: draw.aggregation = Int(seed % UInt64(aggregations.count))
            case .tiers: draw.tiers = Int(seed % UInt64(tierMethods.count))
            case .weights, .inclusion: break
            }
        }
        var scratch = makeScratch()
        var next = seeds.makeIterator()
        let choices = try choose(scratch: &scratch) { next.next() }
        if let seed = zip(groups, seeds).first(where: { $0.0 == .inclusion })?.1 { draw.leftOut = leftOut(seed: seed) }
        if groups.contains(.weights) || groups.contains(.inclusion) {
            draw.weights = choices.drawsWeights ? scratch.weights : nominalWeights
        }
        return draw
    }

    /// Runs one replication from its recorded choices (``UncertaintyDraw``): the same outcome as
    /// the seeds that drew them.
    ///
    /// - Throws: ``IndexError`` for a choice outside the specification's lists, weights of the
    ///   wrong length, or an unknown node left out.
    public func evaluate(draw: UncertaintyDraw, scratch: inout Scratch) throws -> Outcome {
        var choices = nominalChoices()
        func position(_ value: Int?, _ count: Int, _ name: String) throws -> Int? {
            guard let value else { return nil }
            guard (0..<count).contains(value) else {
                throw IndexError("the draw's \(name) is alternative \(value + 1), but there are \(count)")
            }
            return value
        }
        if let k = try position(draw.treatment, treatmentChoices.count, "treatment") {
            choices.treatment = treatmentChoices[k]
        }
        if let k = try position(draw.normalisation, normalisationChoices.count, "normalisation") {
            choices.normalisation = normalisationChoices[k]
        }
        if let k = try position(draw.aggregation, aggregations.count, "aggregation") {
            choices.aggregation = aggregations[k]
        }
        if let k = try position(draw.tiers, tierMethods.count, "tier method") { choices.tiers = tierMethods[k] }
        if let weights = draw.weights {
            guard weights.count == nominalWeights.count, weights.allSatisfy(\.isFinite) else {
                throw IndexError(
                    "the draw has \(weights.count) weights; the evaluation needs \(nominalWeights.count) finite ones"
                )
            }
            scratch.weights = weights
            choices.drawsWeights = true
        }
        if let node = draw.leftOut {
            guard let position = weightNodeIDs.firstIndex(of: node) else {
                throw IndexError("the draw leaves out '\(node)', which is not a node of the evaluation")
            }
            if !choices.drawsWeights {
                useNominalWeights(in: &scratch)
                choices.drawsWeights = true
            }
            scratch.weights[position] = 0
        }
        return try outcome(of: choices, scratch: &scratch)
    }

    /// The index scores of the replication last evaluated with `scratch`, in ``units`` order.
    public func rootScores(_ scratch: Scratch) -> [Double] {
        let n = compiled.nodeCount
        return units.indices.map { scratch.matrix[$0 * n + n - 1] }
    }
}
