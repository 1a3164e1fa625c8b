public import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexWorkflows

/// Every choice of a run, and where its framework and data come from: the one option parser that
/// `run`, `levers`, `robustness`, `audit` and `report` share, so each analyses the run the user made.
struct RunOptionGroup: ParsableArguments {
    @OptionGroup var inputs: InputOptions

    @OptionGroup var flags: RunOptionFlags

    @Option(help: "Run on a dataset in the store (NAME or NAME@VERSION).")
    var dataset: String?

    @OptionGroup var store: StoreOptions

    /// The run's options, every value checked by the one reader of options (``RunOptions``'s decoder).
    func options() throws -> RunOptions {
        do { return try flags.options() } catch let error as IndexError { throw ValidationError(error.message) }
    }

    func validate() throws {
        _ = try options()
    }

    /// The inputs as the workflows take them.
    var runInputs: RunInputs {
        var inputs = inputs.runInputs
        inputs.dataset = dataset
        return inputs
    }

    /// The workflows, with the store opened when the run is on a stored dataset.
    func workflows() throws -> Workflows {
        Workflows(store: dataset == nil ? nil : try store.open())
    }

    /// The workflows and the framework and data they run on (for a stored dataset, with what a run is
    /// recorded against), the store opened once: opening for writing checks the whole file's integrity.
    func prepared() throws -> (workflows: Workflows, inputs: LoadedInputs) {
        let workflows = try workflows()
        let loaded = try workflows.load(runInputs)
        for note in loaded.notes { printError("note: \(note)") }
        if !loaded.notices.isEmpty {
            printError(
                "note: \(loaded.notices.count) value(s) converted or read as missing; iidei validate lists each"
            )
        }
        return (workflows, loaded)
    }

    /// The framework and data alone, for analyses that compute without the store.
    func load() throws -> LoadedInputs {
        try prepared().inputs
    }
}

/// A run's choices as flags. Each flag is named as its key in ``RunOptions`` and the flags are read
/// through `RunOptions`' decoder — the one the API and stored runs use — so the command line cannot
/// read an option differently: the flags are encoded as the JSON object `{"normalise": "zscore", …}`
/// and decoded from it. A new option is a case of `RunOptions.Key` and a flag of the same name here.
struct RunOptionFlags: ParsableArguments, Encodable {
    @Option(
        help:
            "Periods of cross-section evaluations: a period, a list (2021,2022,2023) or all (a panel). Default: the latest with data."
    )
    var period: String?

    @Option(
        help:
            "Normalisation of cross-section evaluations: minmax, zscore[:sample|population], rank|borda|percentile[:average|min|max], fracmax, goalposts, target, dist2max, dist2ref:UNIT[:cap], dist2targ[:cap|nocap], scaled:LO,HI[:FACTOR][:trunc], minmax|zscore|scaled|goalposts:iMeta (each indicator's parameters), none."
    )
    var normalise: String?

    @Option(help: "Output range for minmax/goalposts/target/percentile as LO,HI; MEAN,SD for zscore.")
    var scale: String?

    @Option(
        help:
            "In a panel: period (bounds per period) or panel (one min/max over every unit-period, comparable across years)."
    )
    var normalisationScope: String?

    @Option(
        help:
            "Aggregation of every node: arithmetic, geometric, harmonic, power:P, max, min, copeland; non-compensatory mpi[:+|:-], ampi[:+|:-] (Mazziotta–Pareto), bod, bod:L,U, bod-nominal:L,U (benefit of the doubt); or topsis (every aggregate scored by TOPSIS over its indicators)."
    )
    var aggregate: String?

    @Option(help: "A node gets a score only when its children with data carry at least this share (0–1) of its weight.")
    var minCoverage: String?

    @Option(
        help:
            "Leave out units with less than this share (0–1) of indicators (and of non-zero values; units forced in or out): F[:nonzero=G][:include=A,B][:exclude=C][:before-imputation|after-imputation]."
    )
    var screen: String?

    @Option(help: "Tiers: jenks:K, sizes:6,11,10,4 or thresholds:60,30,10.")
    var tiers: String?

    @Option(
        help:
            "Missing values: none (weights renormalised), mean, median, group-mean:GROUP, group-median:GROUP, row-mean[:levelL][:raw], row-median[:levelL][:raw], em[:levelL], interpolate[:extrapolate|within], carry-forward[:N][:extrapolate|within]."
    )
    var impute: String?

    @Option(
        help:
            "Outliers: none, coinr (|skew|≥2 and kurtosis≥3.5: winsorise up to 5 points, else log), coinr:SKEW,KURT,POINTS, then :log-orig, :log-plus or :boxcox:LAMBDA instead of log and :combine to transform the winsorised values; winsorise-only[:SKEW,KURT,POINTS]; log."
    )
    var outliers: String?

    @Option(
        help:
            "Indicator weights within each group: derived (AHP and panel, default), equal, entropy, critic, cv, std, pca (loadings²) or pca-loadings (COINr's get_PCA: signed loadings)."
    )
    var weights: String?

    @Option(
        help:
            "With an objective --weights: the level it weights, 1 (default: the indicators within each group) or L (the level-L aggregates within each parent, from their scores; COINr's get_PCA Level = L)."
    )
    var weightsLevel: String?

    @Option(help: "With an objective --weights: the derived weights' share, α · derived + (1 − α) · objective.")
    var weightAlpha: String?

    @Option(help: "With --weight-alpha: linear (default) or multiplicative (∝ derived · objective).")
    var weightCombination: String?

    @Option(
        help:
            "Optimise one level's weights before scoring: balance or infomax (COINr's get_opt_weights: correlations with the index), importance (importance shares toward the target), then [:level=N][:target=equal|stated|W1,W2,…][:tolerance=T][:evaluations=M]."
    )
    var optimiseWeights: String?

    @Option(
        help:
            "Where the expert panel meets the AHP: global (α · AHP + (1 − α) · panel over all indicators) or within-parent (within each parent, the AHP's upper weights kept). Default: the framework's panel-mode."
    )
    var panelMode: String?

    @Flag(help: "Apply the Denominator column of a COINr iMeta (COINr's Denominate()).")
    var denominate = false

    @Option(help: "Ranks of tied scores: min (1224, default), max (1334) or first (1234, in the units' order).")
    var ties: String?

    /// The options these flags give, every value checked.
    ///
    /// - Throws: ``IndexError`` naming the option whose value is not understood or out of range.
    func options() throws -> RunOptions {
        try JSONDecoder().decode(RunOptions.self, from: try JSONEncoder().encode(self))
    }
}

// The flags encode as their values, so `RunOptionFlags` encodes as the options object.
extension Option: @retroactive Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

extension Flag: @retroactive Encodable where Value: Encodable {
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}
extension RobustnessRun.Method: ExpressibleByArgument {}
