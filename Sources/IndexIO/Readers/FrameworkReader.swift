public import IndexCore
import Yams

/// Reads a framework file (YAML) into a ``Framework``.
///
/// The format is documented in the README: an upper `tree` shared by several `evaluations`, each
/// adding its own indicators (by `parent`), AHP matrices (`ahp`), expert panel (`panel`),
/// normalisation and aggregation. Leaves of the tree may be indicators themselves (for a framework
/// with one evaluation).
public enum FrameworkReader {
    /// Reads a framework from a file.
    ///
    /// - Throws: ``IndexError`` or ``IndexErrors`` naming the file, line and column.
    public static func read(path: String) throws -> Framework {
        try parse(try TextFile.read(path), file: path)
    }

    /// Parses framework YAML text.
    public static func parse(_ text: String, file: String) throws -> Framework {
        guard let root = try YAMLLimits.compose(text, file: file) else {
            throw IndexError("framework file is empty", file: file)
        }
        let document = YAMLValue(node: root, file: file)
        try document.requireKnownKeys(
            ["id", "name", "description", "cover", "weighting", "tree", "evaluations"],
            in: "the framework"
        )
        let id = try document.requireString("id")
        let name = try document["name"]?.localised() ?? LocalisedText(zh: id, en: id)
        let defaults = try document["weighting"].map(weightingOptions) ?? WeightingOptions()
        guard let treeValue = document["tree"] else { throw document.error("missing 'tree'") }
        let tree = try node(treeValue)
        guard let evaluationValues = document["evaluations"] else { throw document.error("missing 'evaluations'") }
        var evaluations: [Evaluation] = []
        var seen: Set<String> = []
        for value in try evaluationValues.requireSequence("evaluations") {
            let evaluation = try self.evaluation(value, tree: tree, defaults: defaults)
            guard seen.insert(evaluation.id).inserted else {
                throw value.error("evaluation '\(evaluation.id)' is declared twice")
            }
            evaluations.append(evaluation)
        }
        guard !evaluations.isEmpty else { throw evaluationValues.error("at least one evaluation is needed") }
        var framework = Framework(id: id, name: name, evaluations: evaluations)
        if let cover = document["cover"] {
            guard cover.isMapping else { throw cover.error("'cover' must be {organisation: …, date: …}") }
            try cover.requireKnownKeys(["organisation", "date"], in: "the cover")
            framework.cover = Framework.Cover(
                organisation: try cover["organisation"]?.localised("the cover's organisation"),
                date: try cover["date"]?.localised("the cover's date")
            )
        }
        try framework.checkDepth(file: file)
        return framework
    }

    /// A tree node as written, with its judgement matrices.
    struct TreeNode {
        var node: FrameworkNode
        var judgements: [String: [JudgementMatrix]]
        /// Each node's `formula:` as written, checked once an evaluation has attached its
        /// indicators (a formula names the node's children).
        var formulas: [String: YAMLValue] = [:]
    }

    /// A method named under a key (`impute: row-mean:level2`), its error located at the value.
    static func method<M: MethodName>(_ key: String, in value: YAMLValue, _ parse: (String) throws -> M) throws -> M? {
        guard let text = try value.optionalString(key) else { return nil }
        do { return try parse(text) } catch let error as IndexError {
            throw (value[key] ?? value).error(error.message)
        }
    }

    /// The keys an indicator may have, wherever it is declared.
    static let indicatorKeys = [
        "id", "name", "unit", "direction", "source", "definition", "goalposts", "bounds", "denominator", "per",
        "target",
        "transform", "additive", "outliers", "normalisation",
    ]

    static func node(_ value: YAMLValue) throws -> TreeNode {
        try value.requireKnownKeys(
            indicatorKeys + [
                "weight", "aggregation", "children", "ahp", "min-coverage", "formula", "round", "floor", "cap",
            ],
            in: "a tree node"
        )
        let id = try value.requireString("id")
        let name = try value["name"]?.localised() ?? LocalisedText(zh: id, en: id)
        let weight = try value.optionalNumber("weight") ?? 1
        let aggregation = try value["aggregation"].map(aggregationMethod)
        let minCoverage = try value["min-coverage"].map(share)
        let output = try nodeOutput(value)
        var judgements: [String: [JudgementMatrix]] = [:]
        var formulas: [String: YAMLValue] = [:]
        if let formula = value["formula"] {
            guard value["aggregation"] == nil else {
                throw formula.error(
                    "node '\(id)' has both a formula and an aggregation: the formula states how it is scored"
                )
            }
            formulas[id] = formula
        }
        var children: [FrameworkNode] = []
        if let childValues = value["children"] {
            for child in try childValues.requireSequence("children") {
                let parsed = try node(child)
                children.append(parsed.node)
                judgements.merge(parsed.judgements) { first, _ in first }
                formulas.merge(parsed.formulas) { first, _ in first }
            }
        }
        if let ahp = value["ahp"] { judgements[id] = try matrices(ahp) }
        let isIndicator = children.isEmpty && (value["unit"] != nil || value["direction"] != nil)
        let indicator = isIndicator ? try self.indicator(value) : nil
        return TreeNode(
            node: FrameworkNode(
                id: id,
                name: name,
                weight: weight,
                aggregation: aggregation,
                children: children,
                indicator: indicator,
                minCoverage: minCoverage,
                output: output
            ),
            judgements: judgements,
            formulas: formulas
        )
    }

    /// A node's `floor:`, `cap:` and `round:` (the decimals, a whole number from −10 to 15).
    static func nodeOutput(_ value: YAMLValue) throws -> NodeOutput {
        let floor = try value.optionalNumber("floor")
        let cap = try value.optionalNumber("cap")
        if let floor, let cap, floor > cap {
            throw value.error("floor \(floor) is above cap \(cap)")
        }
        return NodeOutput(floor: floor, cap: cap, decimals: try decimals(value))
    }

    /// `round:` — the decimals a score is rounded to, a whole number from −10 to 15.
    static func decimals(_ value: YAMLValue) throws -> Int? {
        guard let digits = try value.optionalNumber("round") else { return nil }
        guard digits == digits.rounded(), (-10...15).contains(digits) else {
            throw (value["round"] ?? value).error(
                "round must be a whole number of decimals from −10 to 15, not \(digits)"
            )
        }
        return Int(digits)
    }

    /// A node's formula, checked against its children (once an evaluation has attached its
    /// indicators), located at the `formula:` key.
    static func formula(_ value: YAMLValue, node: FrameworkNode) throws -> NodeFormula {
        guard let text = value.node.string else { throw value.error("formula must be text") }
        guard !node.children.isEmpty else {
            throw value.error("node '\(node.id)' has a formula but no children to compute it from")
        }
        do {
            return try NodeFormula(text, node: node.id, children: node.children.map(\.id))
        } catch let error as IndexError {
            throw value.error(error.message)
        }
    }

    static func indicator(_ value: YAMLValue) throws -> Indicator {
        let id = try value.requireString("id")
        let direction: Direction
        switch try value.optionalString("direction")?.lowercased() ?? "higher" {
        case "higher", "+", "1", "+1", "positive", "benefit": direction = .higherIsBetter
        case "lower", "-", "-1", "negative", "cost": direction = .lowerIsBetter
        case let other:
            throw value["direction"]?.error("direction must be higher or lower, not '\(other)'")
                ?? value.error("bad direction")
        }
        var goalposts: ClosedRange<Double>?
        if let posts = value["goalposts"] {
            let bounds = try posts.requireSequence("goalposts").map { try $0.requireNumber() }
            guard bounds.count == 2, bounds[0] < bounds[1] else {
                throw posts.error("goalposts must be [lower, upper] with lower < upper")
            }
            goalposts = bounds[0]...bounds[1]
        }
        var bounds: ClosedRange<Double>?
        if let range = value["bounds"] {
            let limits = try range.requireSequence("bounds").map { try $0.requireNumber() }
            guard limits.count == 2, limits[0] <= limits[1] else {
                throw range.error("bounds must be [lower, upper] with lower ≤ upper")
            }
            bounds = limits[0]...limits[1]
        }
        var denomination: Denomination?
        if let series = try value.optionalString("denominator") {
            let scale = try value.optionalNumber("per") ?? 1
            guard scale > 0 else { throw value.error("per must be positive") }
            denomination = Denomination(series: series, scale: scale)
        }
        var transform: Transform?
        if let text = try value.optionalString("transform") {
            guard let parsed = Transform(rawValue: text) else {
                throw value.error("unknown transform '\(text)' (known: log)")
            }
            transform = parsed
        }
        var additive = false
        if let flag = try value.optionalString("additive") {
            guard let parsed = Bool(flag) else {
                throw value["additive"]?.error("additive must be true or false, not '\(flag)'")
                    ?? value.error("bad additive")
            }
            additive = parsed
        }
        var indicator = Indicator(
            id: id,
            name: try value["name"]?.localised() ?? LocalisedText(zh: id, en: id),
            unit: try value.optionalString("unit") ?? "",
            direction: direction,
            source: try value.optionalString("source") ?? "",
            definition: try value["definition"]?.localised("a definition") ?? LocalisedText(zh: "", en: ""),
            goalposts: goalposts,
            target: try value.optionalNumber("target"),
            transform: transform,
            bounds: bounds,
            denomination: denomination
        )
        indicator.isAdditive = additive
        indicator.outliers = try method("outliers", in: value, OutlierMethod.init(name:))
        // The indicator's own normalisation replaces the evaluation's and the run's (COINr's indiv_specs).
        if let scope = value["normalisation"]?["scope"] {
            throw scope.error("scope belongs to the evaluation's normalisation, not an indicator's")
        }
        indicator.normalisation = try value["normalisation"].map(normalisation)
        return indicator
    }

    /// A share from 0 to 1.
    static func share(_ value: YAMLValue) throws -> Double {
        let number = try value.requireNumber()
        guard number.isFinite, (0...1).contains(number) else {
            throw value.error("a share must be from 0 to 1, not \(number)")
        }
        return number
    }

    /// One matrix, or a list of matrices (one per expert).
    static func matrices(_ value: YAMLValue) throws -> [JudgementMatrix] {
        let items = try value.requireSequence("ahp")
        let isSingle = items.first?.sequence?.first?.sequence == nil
        let raw = isSingle ? [try value.matrix()] : try items.map { try $0.matrix() }
        return try raw.map { matrix in
            do { return try JudgementMatrix(matrix) } catch let error as IndexError {
                throw value.error(error.message)
            }
        }
    }

    static func aggregationMethod(_ value: YAMLValue) throws -> AggregationMethod {
        guard let text = value.string else {
            throw value.error("aggregation must be one of \(AggregationMethod.accepted)")
        }
        do { return try AggregationMethod(name: text) } catch let error as IndexError {
            throw value.error(error.message)
        }
    }

    struct WeightingOptions {
        var riTable = RandomIndexTable.saaty1980
        var method = PriorityMethod.eigenvector
        var group = GroupAggregation.aij
        var alpha = 0.5
        /// `panel-mode`: `global` (default) or `within-parent` (``PanelMode``).
        var panelMode = PanelMode.global
        var allowInconsistent = false
        /// Weights of the experts whose matrices are listed per node (`expert-weights`), as a survey writes them.
        var expertWeights: [Double]?
    }

    static func weightingOptions(_ value: YAMLValue) throws -> WeightingOptions {
        var options = WeightingOptions()
        try update(&options, from: value)
        return options
    }

    static func update(_ options: inout WeightingOptions, from value: YAMLValue) throws {
        try value.requireKnownKeys(
            ["ri-table", "method", "group", "alpha", "panel-mode", "allow-inconsistent", "expert-weights"],
            in: "weighting"
        )
        if let name = try value.optionalString("ri-table") {
            do { options.riTable = try RandomIndexTable.named(name) } catch let error as IndexError {
                throw value.error(error.message)
            }
        }
        if let name = try value.optionalString("method") {
            guard let method = PriorityMethod(rawValue: name) else { throw value.error("unknown AHP method '\(name)'") }
            options.method = method
        }
        if let name = try value.optionalString("group") {
            guard let group = GroupAggregation(rawValue: name) else {
                throw value.error("unknown group aggregation '\(name)'")
            }
            options.group = group
        }
        if let alpha = try value.optionalNumber("alpha") {
            guard (0...1).contains(alpha) else { throw value.error("alpha must be between 0 and 1") }
            options.alpha = alpha
        }
        if let name = try value.optionalString("panel-mode") {
            do {
                options.panelMode = try PanelMode(name: name)
            } catch let error as IndexError {
                throw value.error(error.message)
            }
        }
        if let allow = try value.optionalString("allow-inconsistent") { options.allowInconsistent = allow == "true" }
        if let weights = value["expert-weights"] {
            let list = try weights.requireSequence("expert-weights").map { try $0.requireNumber() }
            guard !list.isEmpty, list.allSatisfy({ $0 >= 0 && $0.isFinite }), list.contains(where: { $0 > 0 }) else {
                throw weights.error("expert-weights must be non-negative numbers, not all zero")
            }
            options.expertWeights = list
        }
    }

    /// `normalisation:` — a name as the command line takes it (`zscore:sample`), or a mapping with
    /// `method` and its `range` (`[lo, hi]`), `mean` and `sd`, `ddof` (0 population, 1 sample),
    /// `ties` (average | min | max) or `base`, read by the one parser of normalisation names.
    static func normalisation(_ value: YAMLValue) throws -> NormalisationMethod {
        try value.requireKnownKeys(
            ["method", "range", "base", "mean", "sd", "ddof", "ties", "scope"],
            in: "normalisation"
        )
        do {
            if let name = value.node.string { return try NormalisationMethod(name: name) }
            let method = try value.requireString("method")
            if method == "base-period" { return .basePeriod(base: try value.optionalString("base")) }
            var scale = try value["range"].map { range -> ScaleRange in
                let bounds = try range.requireSequence("range").map { try $0.requireNumber() }
                guard bounds.count == 2 else { throw range.error("range must be [lower, upper]") }
                return ScaleRange(lower: bounds[0], upper: bounds[1])
            }
            let mean = try value.optionalNumber("mean")
            let sd = try value.optionalNumber("sd")
            if mean != nil || sd != nil { scale = ScaleRange(lower: mean ?? 0, upper: sd ?? 1) }
            var variant = try value.optionalString("ties")
            if let ddof = try value.optionalNumber("ddof") {
                // The SD's divisor is n − ddof: population (0) or sample (1); any other value is no SD.
                guard ddof == 0 || ddof == 1 else {
                    throw value.error("ddof must be 0 (population SD) or 1 (sample SD), not \(ddof)")
                }
                variant = ddof == 1 ? "sample" : "population"
            }
            return try NormalisationMethod.method(method, scale: scale, variant: variant)
        } catch let error as IndexError where error.file == nil {
            throw value.error(error.message.replacing("--scale ", with: "range "))
        }
    }

    static func evaluation(_ value: YAMLValue, tree: TreeNode, defaults: WeightingOptions) throws -> Evaluation {
        try value.requireKnownKeys(
            [
                "id", "name", "kind", "normalisation", "aggregation", "weighting", "indicators", "node-aggregation",
                "ahp",
                "panel", "tiers", "unit", "screen", "periods", "round", "impute", "outliers",
            ],
            in: "an evaluation"
        )
        let id = try value.requireString("id")
        let name = try value["name"]?.localised() ?? LocalisedText(zh: id, en: id)
        let kind: EvaluationKind
        let kindText = try value.optionalString("kind") ?? "cross-section"
        guard let parsedKind = EvaluationKind(rawValue: kindText) else {
            throw value.error("kind must be base-period or cross-section, not '\(kindText)'")
        }
        kind = parsedKind
        let normalisation =
            try value["normalisation"].map(normalisation)
            ?? (kind == .basePeriod ? .basePeriod(base: nil) : .minMax100)
        if kind == .basePeriod, case .basePeriod = normalisation {
        } else if kind == .basePeriod {
            throw value.error("a base-period evaluation normalises by base period")
        }
        let aggregation = try value["aggregation"].map(aggregationMethod) ?? .arithmetic
        var options = defaults
        if let weighting = value["weighting"] { try update(&options, from: weighting) }

        // Attach this evaluation's indicators to the shared tree.
        var attachments: [String: [FrameworkNode]] = [:]
        var declared: Set<String> = Set(tree.node.preorder.map(\.id))
        if let list = value["indicators"] {
            for item in try list.requireSequence("indicators") {
                try item.requireKnownKeys(indicatorKeys + ["parent", "weight"], in: "an indicator")
                let indicator = try self.indicator(item)
                let parent = try item.requireString("parent")
                guard tree.node.node(withID: parent) != nil else {
                    throw item.error("indicator '\(indicator.id)' names an unknown parent '\(parent)'")
                }
                guard declared.insert(indicator.id).inserted else {
                    throw item.error("indicator id '\(indicator.id)' is used twice")
                }
                attachments[parent, default: []].append(
                    FrameworkNode(indicator: indicator, weight: try item.optionalNumber("weight") ?? 1)
                )
            }
        }
        var overrides: [String: AggregationMethod] = [:]
        if let map = value["node-aggregation"] {
            for key in map.keys { overrides[key] = try map[key].map(aggregationMethod) }
        }
        func attach(_ node: FrameworkNode) throws -> FrameworkNode {
            var copy = node
            copy.children = try node.children.map(attach) + (attachments[node.id] ?? [])
            if let method = overrides[node.id] {
                guard tree.formulas[node.id] == nil else {
                    throw value.error(
                        "node-aggregation for '\(node.id)': the node has a formula, which states how it is scored"
                    )
                }
                copy.aggregation = method
            }
            if copy.children.isEmpty && copy.indicator == nil {
                throw value.error("node '\(node.id)' has no indicators in evaluation '\(id)'")
            }
            if let formulaValue = tree.formulas[node.id] { copy.formula = try formula(formulaValue, node: copy) }
            return copy
        }
        let root = try attach(tree.node)

        var judgements = tree.judgements
        if let ahp = value["ahp"] {
            for key in ahp.keys {
                guard let matrixValue = ahp[key] else { continue }
                guard root.node(withID: key) != nil else {
                    throw matrixValue.error("ahp names an unknown node '\(key)'")
                }
                judgements[key] = try matrices(matrixValue)
            }
        }
        var panel: ExpertPanel?
        var summary = PanelSummary.mean
        var fullScore: Double?
        if let panelValue = value["panel"] {
            try panelValue.requireKnownKeys(["indicators", "scores", "experts", "summary", "full-score"], in: "panel")
            let leafIDs = root.indicators.map(\.id)
            let indicators =
                try panelValue["indicators"]?.requireSequence("indicators").map {
                    guard let text = $0.string else { throw $0.error("indicator ids must be text") }
                    return text
                } ?? leafIDs
            guard let scoreValues = panelValue["scores"] else { throw panelValue.error("panel needs 'scores'") }
            let scores = try scoreValues.matrix()
            let experts =
                try panelValue["experts"]?.requireSequence("experts").map { try $0.name("an expert name") }
                ?? scores.indices.map { "E\($0 + 1)" }
            do {
                panel = try ExpertPanel(experts: experts, indicators: indicators, scores: scores)
            } catch let error as IndexError {
                throw scoreValues.error(error.description)
            }
            if let text = try panelValue.optionalString("summary") {
                switch text {
                case "mean": summary = .mean
                case "median": summary = .median
                default:
                    guard text.hasPrefix("trimmed-mean"),
                        let share = NumberParser.decimal(text.split(separator: ":").last ?? "")
                    else {
                        throw panelValue.error("summary must be mean, median or trimmed-mean:SHARE")
                    }
                    summary = .trimmedMean(share)
                }
            }
            fullScore = try panelValue.optionalNumber("full-score")
        }
        let tierNames =
            try value["tiers"]?.requireSequence("tiers").map { try $0.localised() } ?? Evaluation.defaultTierNames
        let hasWeighting = !judgements.isEmpty || panel != nil
        var screen: ScreeningRule?
        if let screenValue = value["screen"] {
            try screenValue.requireKnownKeys(
                ["min-coverage", "min-nonzero", "include", "exclude", "when"],
                in: "screen"
            )
            let shareValue = screenValue["min-coverage"]
            let nonZeroValue = screenValue["min-nonzero"]
            func units(_ key: String) throws -> [String] {
                try screenValue[key]?.requireSequence(key).map { item -> String in
                    guard let code = item.string, !code.isEmpty else { throw item.error("\(key) lists unit codes") }
                    return code
                } ?? []
            }
            let included = try units("include")
            let excluded = try units("exclude")
            guard shareValue != nil || nonZeroValue != nil || !included.isEmpty || !excluded.isEmpty else {
                throw screenValue.error("screen needs min-coverage, min-nonzero, include or exclude")
            }
            var moment = ScreeningRule.Moment.beforeImputation
            if let text = try screenValue.optionalString("when") {
                guard let parsed = ScreeningRule.Moment(rawValue: text) else {
                    throw screenValue.error("when must be before-imputation or after-imputation, not '\(text)'")
                }
                moment = parsed
            }
            screen = try ScreeningRule(
                minCoverage: try shareValue.map(share) ?? 0,
                when: moment,
                minNonZero: try nonZeroValue.map(share),
                included: included,
                excluded: excluded
            )
        }
        var periods: PeriodSelection?
        if let periodsValue = value["periods"] {
            let text =
                try periodsValue.string
                ?? periodsValue.requireSequence("periods").map { item -> String in
                    guard let period = item.string else { throw item.error("a period must be text") }
                    return period
                }.joined(separator: ",")
            do { periods = try PeriodSelection(name: text) } catch let error as IndexError {
                throw periodsValue.error(error.message)
            }
        }
        var scope = NormalisationScope.period
        if let normalisationValue = value["normalisation"], normalisationValue.isMapping,
            let text = try normalisationValue.optionalString("scope")
        {
            guard let parsed = NormalisationScope(rawValue: text) else {
                throw normalisationValue.error("scope must be period or panel, not '\(text)'")
            }
            scope = parsed
        }
        var evaluation = Evaluation(
            id: id,
            name: name,
            kind: kind,
            normalisation: normalisation,
            aggregation: aggregation,
            root: root,
            weighting: hasWeighting
                ? WeightingSpecification(
                    judgements: judgements,
                    expertWeights: options.expertWeights,
                    groupAggregation: options.group,
                    priorityMethod: options.method,
                    riTable: options.riTable,
                    allowInconsistent: options.allowInconsistent,
                    panel: panel,
                    panelSummary: summary,
                    panelFullScore: fullScore,
                    alpha: options.alpha,
                    panelMode: options.panelMode
                ) : nil,
            seriesUnit: try value.optionalString("unit"),
            tierNames: tierNames
        )
        evaluation.screen = screen
        evaluation.imputation = try method("impute", in: value, ImputationMethod.init(name:))
        evaluation.outliers = try method("outliers", in: value, OutlierMethod.init(name:))
        evaluation.periods = periods
        evaluation.normalisationScope = scope
        evaluation.decimals = try decimals(value)
        return evaluation
    }
}
