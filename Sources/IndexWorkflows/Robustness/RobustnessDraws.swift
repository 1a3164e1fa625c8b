public import IndexCore
import IndexIO

/// Every replication of an uncertainty or sensitivity analysis: what it drew and the index's rank
/// and score of every unit (`iidei robustness --draws FILE`).
///
/// A row's choices name the specification's alternatives as the report does; `weights` are the
/// replication's local weights (each within its parent, after any node left out got 0) in
/// `weightNodes` order, `null` when neither weights nor inclusion vary. Ranks are `null` (and
/// scores too) for a unit without an index score. Rerunning a row
/// (``IndexCore/UncertaintyModel/evaluate(draw:scratch:)``) gives its ranks again, exactly.
public struct RobustnessDrawsDocument: Codable, Sendable, Hashable {
    public var evaluation: String
    public var period: String
    /// `ua` or `sobol` (a Sobol design's rows are A, B, then A with one group from B, per group).
    public var method: String
    /// The varied groups, in the order their seeds are drawn.
    public var groups: [String]
    public var units: [String]
    public var weightNodes: [String]
    public var draws: [Row]

    /// The most rows a request's response carries (`POST /api/v1/robustness/draws`): a row holds a
    /// rank, a score and a weight per unit and node, a few kilobytes, so 5,000 rows stay within
    /// about 15 MB. The command line writes any number to a file.
    public static let requestRowLimit = 5_000

    public struct Row: Codable, Sendable, Hashable {
        public var replication: Int
        public var treatment: String?
        public var normalisation: String?
        public var aggregation: String?
        public var tiers: String?
        public var leftOut: String?
        public var weights: [Double]?
        public var ranks: [Int?]
        public var scores: [Double?]

        public init(
            replication: Int,
            treatment: String?,
            normalisation: String?,
            aggregation: String?,
            tiers: String?,
            leftOut: String?,
            weights: [Double]?,
            ranks: [Int?],
            scores: [Double?]
        ) {
            self.replication = replication
            self.treatment = treatment
            self.normalisation = normalisation
            self.aggregation = aggregation
            self.tiers = tiers
            self.leftOut = leftOut
            self.weights = weights
            self.ranks = ranks
            self.scores = scores
        }
    }

    /// The CSV form: one row per replication — its choices, `weight:NODE` columns (when they
    /// vary), then `rank:UNIT` and `score:UNIT` per unit. Empty cells are choices that do not vary
    /// (or no node left out) and missing ranks or scores.
    public var csv: String {
        var header = ["replication", "treatment", "normalisation", "aggregation", "tiers", "left_out"]
        let hasWeights = draws.contains { $0.weights != nil }
        if hasWeights { header += weightNodes.map { "weight:\($0)" } }
        header += units.map { "rank:\($0)" } + units.map { "score:\($0)" }
        var lines = [header.map(CSVWriter.escape).joined(separator: ",")]
        for row in draws {
            var cells = ["\(row.replication)"]
            cells += [row.treatment, row.normalisation, row.aggregation, row.tiers, row.leftOut].map { $0 ?? "" }
            if hasWeights { cells += (row.weights ?? []).map { "\($0)" } }
            cells += row.ranks.map { $0.map(String.init) ?? "" }
            cells += row.scores.map { $0.map { "\($0)" } ?? "" }
            lines.append(cells.map(CSVWriter.escape).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A row's choices as the model reads them back (names matched against the specification's
    /// alternatives as ``RobustnessReport`` names them).
    ///
    /// - Throws: ``IndexCore/IndexError`` for a name that is none of the specification's alternatives.
    public static func draw(_ row: Row, model: UncertaintyModel) throws -> UncertaintyDraw {
        let s = model.specification
        func position(_ name: String?, _ names: [String], _ group: String) throws -> Int? {
            guard let name else { return nil }
            guard let k = names.firstIndex(of: name) else {
                throw IndexError("the draw's \(group) '\(name)' is none of the analysis' alternatives")
            }
            return k
        }
        return UncertaintyDraw(
            treatment: try position(row.treatment, s.treatments.map(\.name), "treatment"),
            normalisation: try position(
                row.normalisation,
                s.normalisations.map(RobustnessReport.name),
                "normalisation"
            ),
            aggregation: try position(row.aggregation, s.aggregations.map(\.name), "aggregation"),
            tiers: try position(row.tiers, s.tierMethods.map(\.name), "tier method"),
            leftOut: row.leftOut,
            weights: row.weights
        )
    }
}

extension RobustnessRun {
    /// How many runs the analysis makes: the replications (ua), or N (k + 2) for Saltelli's design
    /// over k groups (sobol).
    public var runCount: Int {
        switch method {
        case .ua: replications
        case .sobol: replications * (model.groups.count + 2)
        }
    }

    /// Every replication's draw, root ranks and scores, evaluated again from the same seeds as
    /// ``run()`` (so the analysis' loop is untouched); in replication order.
    ///
    /// - Throws: ``IndexCore/IndexError`` as ``run()``.
    public func draws() throws -> RobustnessDrawsDocument {
        let model = self.model
        let count = runCount
        let seedsOf: @Sendable (Int) -> [UInt64]
        switch method {
        case .ua:
            let seed = self.seed
            seedsOf = { model.seeds(replication: $0, seed: seed) }
        case .sobol:
            let design = Sobol.design(baseSamples: replications, groups: model.groups.count, seed: seed)
            seedsOf = { design.seeds(run: $0) }
        }
        let s = model.specification
        let units = model.units.count
        let rootOffset = (model.reportedNodeIDs.count - 1) * units
        let chunks = (count + Self.chunkSize - 1) / Self.chunkSize
        let parts = try parallelChunks(chunks, threads: threads) { chunk -> [RobustnessDrawsDocument.Row] in
            var scratch = model.makeScratch()
            return try ((chunk * Self.chunkSize)..<min(count, (chunk + 1) * Self.chunkSize)).map { replication in
                let draw = try model.draw(seeds: seedsOf(replication))
                let outcome = try model.evaluate(draw: draw, scratch: &scratch)
                let scores = model.rootScores(scratch)
                return RobustnessDrawsDocument.Row(
                    replication: replication,
                    treatment: draw.treatment.map { s.treatments[$0].name },
                    normalisation: draw.normalisation.map { RobustnessReport.name(s.normalisations[$0]) },
                    aggregation: draw.aggregation.map { s.aggregations[$0].name },
                    tiers: draw.tiers.map { s.tierMethods[$0].name },
                    leftOut: draw.leftOut,
                    weights: draw.weights,
                    ranks: (0..<units).map { outcome.ranks[rootOffset + $0] }.map { $0 > 0 ? $0 : nil },
                    scores: scores.map { $0.isFinite ? $0 : nil }
                )
            }
        }
        return RobustnessDrawsDocument(
            evaluation: model.compiled.evaluation.id,
            period: model.period,
            method: method.rawValue,
            groups: model.groups.map(\.rawValue),
            units: model.units.map(\.id),
            weightNodes: model.weightNodeIDs,
            draws: parts.flatMap { $0 }
        )
    }
}
