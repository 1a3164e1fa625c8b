import ArgumentParser
import Foundation
import IndexCatalog
import IndexCore
import IndexIO
import IndexStore
import IndexTestSupport
import IndexWorkflows
import Testing

/// The OpenAPI document's schemas are generated from the documents' Swift types (issue 16): each
/// schema is checked here against documents the real workflows encode on the built-in data, with
/// Python's `jsonschema` (the validator openapi-spec-validator uses). Objects are closed, so a
/// property added to a Swift type and not to its schema fails; a property in a schema that no
/// document ever carries fails too (unless listed, with its reason, in ``unexercised``).
@Suite("Document schemas: the OpenAPI schemas fit the documents the workflows encode", .serialized)
struct DocumentSchemaTests {
    /// One document to validate against one named schema.
    struct Sample {
        var label: String
        var schema: String
        /// The encoded document.
        var document: Data
        /// A document made wrong on purpose: the schema must refuse it.
        var isInvalid = false
        /// The same value encoded by Foundation's `JSONEncoder` (`nil` for a document given as text),
        /// which ``WorkflowJSON``'s own encoder must match byte for byte (`DocumentEncoderTests`).
        var foundation: Data?

        struct Label: Encodable {
            var label: String
            var schema: String
            var isInvalid: Bool
        }

        /// `{"label": …, "schema": …, "isInvalid": …, "document": DOCUMENT}`, the document as encoded.
        var json: String {
            get throws {
                let label = try WorkflowJSON.encode(Label(label: label, schema: schema, isInvalid: isInvalid))
                return String(decoding: label.dropLast(), as: UTF8.self) + #", "document": "#
                    + String(decoding: document, as: UTF8.self) + "}"
            }
        }
    }

    /// Optional properties no sample below carries, each with why.
    static let unexercised: Set<String> = Set([
        // A unit's Sobol indices come without bootstrap intervals; it shares the run's index type,
        // whose intervals the sobol sample carries.
        "Robustness/units[]/sensitivity[].firstOrderCI", "Robustness/units[]/sensitivity[].totalCI",
        // A group of several experts' matrices: the built-in framework holds one matrix per node.
        "WeightDerivation/additionalProperties/ahp/additionalProperties.aggregation",
        "WeightDerivation/additionalProperties/ahp/additionalProperties.experts",
    ]).union(
        ["weights", "riTable", "consistent", "lambdaMax", "ci", "cr", "ri"].map {
            "WeightDerivation/additionalProperties/ahp/additionalProperties/experts[].\($0)"
        }
    )

    static func sample(_ label: String, _ type: any DocumentSchema.Type, _ value: some Encodable) throws -> Sample {
        Sample(
            label: label,
            schema: type.schemaName,
            document: try WorkflowJSON.encode(value),
            foundation: try DocumentEncoderTests.foundation(value)
        )
    }

    static func sample(
        _ label: String,
        _ type: any DocumentSchema.Type,
        json: String,
        isInvalid: Bool = false
    ) -> Sample {
        Sample(label: label, schema: type.schemaName, document: Data(json.utf8), isInvalid: isInvalid)
    }

    /// The run option sets the samples record runs with: every option, typed.
    static let optionSets: [[String: String]] = [
        [:],
        ["impute": "median", "outliers": "coinr", "tiers": "sizes:6,11,10,4"],
        ["normalise": "zscore", "scale": "10,2", "aggregate": "geometric", "denominate": "true", "ties": "max"],
        ["aggregate": "power:2", "ties": "first"],
        ["weights": "entropy", "weightAlpha": "0.5", "weightCombination": "multiplicative"],
        ["period": "all", "normalisationScope": "panel", "minCoverage": "0.5", "screen": "0.5:after-imputation"],
        ["aggregate": "topsis"],
        ["aggregate": "bod:0.02,0.6", "normalise": "minmax", "scale": "1,100"],
        ["optimiseWeights": "importance:target=stated"],
        ["panelMode": "within-parent"],
    ]

    /// Every spelling of the methods a run option names, each recorded alone (the method language of
    /// COINr's functions): the run-options schema must admit what the options encode.
    static let methodNames: [[String: String]] =
        [
            "zscore:sample", "zscore:population", "rank:min", "borda", "borda:average", "percentile:0,1:max",
            "fracmax", "dist2max", "dist2ref:320000", "dist2ref:320000:cap", "dist2targ", "dist2targ:cap",
            "dist2targ:nocap", "scaled:0,100", "scaled:0,100:10:trunc", "minmax:iMeta", "zscore:iMeta",
            "scaled:iMeta", "goalposts:iMeta",
        ].map { ["normalise": $0] } + [
            ["impute": "group-median:region"], ["impute": "row-mean:level2:raw"], ["impute": "em"],
            ["impute": "carry-forward:2:extrapolate"], ["impute": "interpolate:within"],
            ["outliers": "winsorise-only"], ["outliers": "coinr:2,3.5,1:boxcox:0.5"],
            ["outliers": "coinr:2,3.5,1:combine"],
            ["screen": "0.9:nonzero=0.95:include=A,B:exclude=C"], ["aggregate": "max"], ["aggregate": "min"],
            ["weights": "pca-loadings"], ["weights": "pca-loadings", "weightsLevel": "2"], ["aggregate": "mpi"],
            ["aggregate": "mpi:+"], ["aggregate": "ampi:-"],
            ["aggregate": "bod"], ["aggregate": "bod:0.05,0.5"], ["aggregate": "bod-nominal:0.5,2"],
            ["optimiseWeights": "balance"], ["optimiseWeights": "infomax:level=2:tolerance=1e-10:evaluations=5000"],
            ["optimiseWeights": "importance:level=2:target=2,1,1"], ["optimiseWeights": "balance:target=stated"],
        ]

    /// ``samples()``, made once for the process: this suite validates them and `DocumentEncoderTests`
    /// compares their bytes with Foundation's, and making them runs every workflow (about 25 s).
    static let shared = Result { try samples() }

    /// Documents of every workflow the API serves, on the built-in data and a temporary store.
    static func samples() throws -> [Sample] {
        var samples: [Sample] = []
        let directory = try TestSupport.temporaryDirectory()
        let store = try Store(path: directory.appendingPathComponent("store.sqlite").path)
        let workflows = Workflows(store: store)

        // Results: the built-in data under each option set (series, cross-sections, panels).
        let imported = try workflows.importData(ImportRequest(files: [try Catalog.dataPath], dataset: "provinces"))
        samples.append(
            try sample("dataset version", DatasetVersionDocument.self, DatasetVersionDocument(imported.version))
        )
        for options in methodNames {
            let parsed = try RunOptions.parse(options)
            #expect(try JSONDecoder().decode(RunOptions.self, from: try JSONEncoder().encode(parsed)) == parsed)
            samples.append(try sample("options \(options)", RunOptions.self, parsed))
        }
        for (index, options) in optionSets.enumerated() {
            let parsed = try RunOptions.parse(options)
            samples.append(try sample("options \(index)", RunOptions.self, parsed))
            samples.append(
                try sample("run request \(index)", RunRequest.self, RunRequest(dataset: "provinces@1", options: parsed))
            )
            let outcome = try workflows.run(RunInputs(dataset: "provinces@1"), options: parsed)
            let document = outcome.document
            samples.append(try sample("results \(index)", ResultsDocument.self, document))
            samples.append(
                try sample("weights \(index)", EffectiveWeightsSchema.self, ResultsDocument.weights(outcome.results))
            )
            samples.append(try sample("framework name \(index)", LocalisedNameSchema.self, document.framework.name))
            for (id, evaluation) in document.evaluations {
                samples.append(try sample("evaluation \(id) \(index)", EvaluationDocument.self, evaluation))
                switch evaluation {
                case .series(let series): samples.append(try sample("series \(id)", SeriesDocument.self, series))
                case .crossSection(let section):
                    samples.append(try sample("cross-section \(id) \(index)", CrossSectionDocument.self, section))
                }
            }
            for kind in [EvaluationKind.basePeriod, .crossSection] {
                let latest = LatestEvaluationDocument(
                    document,
                    results: outcome.results,
                    run: outcome.record?.id,
                    kind: kind
                )
                samples.append(try sample("latest \(kind) \(index)", LatestEvaluationDocument.self, latest))
            }
            for case .crossSection(let section) in outcome.results.evaluations {
                let first = try #require(section.units.first)
                let unit = try #require(UnitScoresDocument(outcome.results, unit: first.id))
                samples.append(try sample("unit \(index)", UnitScoresDocument.self, unit))
            }
        }
        let latest = try workflows.load(RunInputs())
        samples.append(
            try sample(
                "frameworks",
                FrameworksDocument.self,
                FrameworksDocument(current: latest.framework, stored: try store.frameworks())
            )
        )
        for run in try store.runs() {
            samples.append(try sample("run record \(run.id)", RunRecordDocument.self, RunRecordDocument(run)))
        }

        // An upload with one value changed: review, import and run, then the diffs, rerun and robustness.
        let csv = try String(contentsOfFile: try Catalog.dataPath, encoding: .utf8)
        var lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // A value changed, a note changed (provenance only) and a value removed.
        let rows = lines.indices.filter { index in
            !lines[index].hasPrefix("#") && !lines[index].hasPrefix("unit,") && !lines[index].isEmpty
                && lines[index].split(separator: ",", omittingEmptySubsequences: false).count == 7
        }
        try #require(rows.count > 3)
        var value = lines[rows[0]].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        value[3] = String((Double(value[3]) ?? 0) + 1)
        lines[rows[0]] = value.joined(separator: ",")
        var note = lines[rows[1]].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        note[5] = "revised"
        lines[rows[1]] = note.joined(separator: ",")
        lines.remove(at: rows[rows.count - 1])  // a regional value: its unit is screened out below
        let changed = Data(lines.joined(separator: "\n").utf8)
        samples.append(
            try sample(
                "upload review",
                UploadReviewDocument.self,
                try workflows.reviewUpload(fileName: "data.csv", data: changed).document
            )
        )
        let upload = try workflows.importUploadAndRun(name: "provinces", fileName: "data.csv", data: changed)
        samples.append(
            try sample(
                "imported run",
                ImportedRunDocument.self,
                ImportedRunDocument(dataset: DatasetVersionDocument(upload.version), run: RunRecordDocument(upload.run))
            )
        )
        let datasetDiff = try workflows.diffDatasets("provinces@1", "provinces@2")
        #expect(!datasetDiff.changes.isEmpty)
        samples.append(try sample("dataset diff", DatasetDiffDocument.self, datasetDiff))
        for (first, second) in [("1", "latest"), ("1", "2"), ("1", "6"), ("5", "1")] {
            samples.append(
                try sample("run diff \(first) \(second)", RunDiffDocument.self, try workflows.diffRuns(first, second))
            )
        }
        let screened = try workflows.run(
            RunInputs(dataset: "provinces@2"),
            options: try RunOptions.parse(["screen": "1:before-imputation", "period": "all"])
        )
        samples.append(try sample("results screened", ResultsDocument.self, screened.document))
        samples.append(try sample("rerun", RerunDocument.self, try workflows.rerun("1").document))
        let requests = [
            RobustnessAPIRequest(run: "1", analysis: RobustnessRequest(replications: 20, seed: 7)),
            RobustnessAPIRequest(
                dataset: "provinces@2",
                options: try RunOptions.parse(["normalise": "rank"]),
                analysis: RobustnessRequest(
                    method: .sobol,
                    replications: 8,
                    varyWeights: "uniform:0.2",
                    varyAggregation: "arithmetic;geometric",
                    top: 5,
                    bootstrap: 10,
                    varyInclusion: "pillars"
                )
            ),
            RobustnessAPIRequest(
                run: "latest",
                analysis: RobustnessRequest(
                    method: .ua,
                    replications: 10,
                    seed: 3,
                    threads: 2,
                    varyNormalisation: "minmax:1,100;rank",
                    varyTiers: "jenks:4;jenks:3",
                    varyTreatment: "none;mean",
                    evaluation: screened.results.evaluations.compactMap { evaluation -> String? in
                        if case .crossSection(let section) = evaluation { return section.evaluation }
                        return nil
                    }.first
                )
            ),
        ]
        for (index, request) in requests.enumerated() {
            samples.append(try sample("robustness request \(index)", RobustnessAPIRequest.self, request))
            samples.append(try sample("robustness analysis \(index)", RobustnessRequest.self, request.analysis))
            samples.append(
                try sample("robustness \(index)", RobustnessDocument.self, try workflows.robustness(request).document)
            )
            samples.append(
                try sample(
                    "robustness draws \(index)",
                    RobustnessDrawsDocument.self,
                    try workflows.robustnessDraws(request)
                )
            )
        }
        samples.append(
            try sample("problem", ProblemDocument.self, ProblemDocument(error: "no run '9'", problems: ["no run '9'"]))
        )
        samples.append(
            try sample(
                "readiness",
                ReadinessDocument.self,
                ReadinessDocument(status: "ready", store: try store.readiness(within: 3))
            )
        )
        // A request for review, then publications (one taken back, one standing) and the audit log they leave.
        let analyst = Workflows(store: store, actor: Actor(name: "ana", address: "192.0.2.2"))
        samples.append(
            try sample("review request", ReviewRequest.self, try analyst.requestReview("latest", note: "2023 data"))
        )
        let reviewer = Workflows(store: store, actor: Actor(name: "rev", address: "192.0.2.1"))
        _ = try reviewer.publish("latest")
        _ = try reviewer.withdrawPublication()
        let publications = try reviewer.publish("latest")
        samples.append(try sample("publications", PublicationsDocument.self, publications))
        for (index, publication) in publications.publications.enumerated() {
            samples.append(try sample("publication \(index)", PublicationDocument.self, publication))
        }
        let log = try reviewer.auditLog(limit: 20)
        samples.append(try sample("audit log", AuditLogDocument.self, log))
        for (index, event) in log.events.prefix(3).enumerated() {
            samples.append(try sample("audit event \(index)", AuditEvent.self, event))
        }

        // Accounts: one with a password and one without, an API token, a revoked one and a session.
        let admin = Workflows(store: store, actor: Actor(name: "ada", address: "192.0.2.2"))
        let added = try admin.addAccount(name: "lee", role: .reviewer, password: "a long enough password")
        samples.append(try sample("account", Account.self, added))
        let issued = try admin.issueToken(account: "lee", role: .reader, label: "ci")
        samples.append(try sample("issued token", IssuedTokenDocument.self, issued))
        samples.append(try sample("revoked token", AccountToken.self, try admin.revokeToken(issued.issued.id)))
        _ = try store.issueToken(account: "lee", role: nil, label: SessionRules.sessionLabel, lifetime: 60)
        _ = try admin.addAccount(name: "kim", role: .analyst, password: nil)
        let accounts = AccountsDocument(accounts: try admin.accounts(), tokens: try admin.tokens(account: nil))
        samples.append(try sample("accounts", AccountsDocument.self, accounts))
        for (index, token) in accounts.tokens.enumerated() {
            samples.append(try sample("token \(index)", AccountToken.self, token))
        }
        // The account routes' bodies, as their strict readers take them.
        let accountBody = #"{"name": "rui", "role": "reader", "password": "another long password"}"#
        _ = try AccountRequest.parse(Data(accountBody.utf8))
        samples.append(sample("account request", AccountRequest.self, json: accountBody))
        _ = try RoleRequest.parse(Data(#"{"role": "admin"}"#.utf8))
        samples.append(sample("role request", RoleRequest.self, json: #"{"role": "admin"}"#))
        let tokenBody = #"{"role": "analyst", "label": "nightly import"}"#
        _ = try TokenRequest.parse(Data(tokenBody.utf8))
        samples.append(sample("token request", TokenRequest.self, json: tokenBody))
        samples.append(
            sample("token request, a role no one has", TokenRequest.self, json: #"{"role": "owner"}"#, isInvalid: true)
        )

        // A survey: two experts answer (one pair left for Harker's completion), the round closes.
        let surveys = SurveyWorkflows(store: store)
        _ = try surveys.create(
            SurveyCreation(
                name: "panel",
                framework: try Catalog.frameworkSource(),
                scale: try ScoreScale(),
                experts: ["Wang", "Li"]
            )
        )
        let design = try store.survey("panel").design()
        for (offset, expert) in ["Wang", "Li"].enumerated() {
            let scores = design.indicators.enumerated().map { index, indicator in
                "\"\(indicator.id)\": \(60 + (index * (offset + 3)) % 41)"
            }
            // Wang leaves a pair for Harker's completion; Li's matrix is inconsistent (a judgement to revisit).
            let matrix =
                offset == 0
                ? #"[[1, 3, null], ["1/3", 1, 2], [null, "1/2", 1]]"#
                : #"[[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]"#
            let answers =
                #"{"survey": "panel", "expert": ""#
                + expert + #"", "ahp": {"innovation": "# + matrix + #"}, "scores": {"#
                + scores.joined(separator: ", ") + "}}"
            samples.append(sample("survey answers \(expert)", SurveyAnswersDocument.self, json: answers))
            let receipt = try surveys.respond(
                survey: "panel",
                expert: expert,
                answers: .json(Data(answers.utf8), origin: "test")
            ).receipt
            samples.append(try sample("survey receipt \(expert)", SurveyResponseReceipt.self, receipt))
            for (node, matrix) in receipt.matrices {
                samples.append(try sample("survey matrix \(expert) \(node)", SurveyMatrixDocument.self, matrix))
            }
        }
        samples.append(
            try sample("survey status", SurveyStatusDocument.self, try surveys.status(survey: "panel").document)
        )
        _ = try surveys.closeRound(survey: "panel", rule: DelphiStoppingRule())
        samples.append(
            try sample(
                "survey status after a round",
                SurveyStatusDocument.self,
                try surveys.status(survey: "panel").document
            )
        )

        // Drift on purpose: an unknown key, and a missing one.
        samples.append(
            sample(
                "problem with an extra key",
                ProblemDocument.self,
                json: #"{"error": "x", "problems": [], "hint": "y"}"#,
                isInvalid: true
            )
        )
        samples.append(
            sample("problem without problems", ProblemDocument.self, json: #"{"error": "x"}"#, isInvalid: true)
        )
        samples.append(
            sample(
                "run request with an unknown option",
                RunRequest.self,
                json: #"{"dataset": "p", "options": {"normalize": "rank"}}"#,
                isInvalid: true
            )
        )
        samples.append(
            sample(
                "robustness of a run with options",
                RobustnessAPIRequest.self,
                json: #"{"run": "1", "options": {}}"#,
                isInvalid: true
            )
        )
        // The analyses: levers and audit of a stored run and of a dataset under objective weights, the
        // weight derivation of the built-in framework, and their request bodies.
        let objective = try RunOptions.parse(["weights": "entropy", "weightAlpha": "0.5"])
        for request in [
            AnalysisAPIRequest(run: "1", unit: "江苏"),
            AnalysisAPIRequest(dataset: "provinces@1", options: objective, unit: "510000", evaluation: "regional"),
            // Hainan: one indicator alone lifts it into the next tier (a lever with its value for the tier).
            AnalysisAPIRequest(run: "1", unit: "460000"),
        ] {
            samples.append(try sample("analysis request", AnalysisAPIRequest.self, request))
            samples.append(try sample("levers", LeversDocument.self, try workflows.levers(request).document))
            var audit = request
            audit.unit = nil
            samples.append(try sample("audit", AuditDocument.self, try workflows.audit(audit).document))
            samples.append(try sample("regions", RegionsDocument.self, try workflows.regions(audit).document))
            samples.append(
                try sample("importance", ImportanceDocument.self, try workflows.importance(audit).document)
            )
            samples.append(
                try sample("leave-one-out", LeaveOneOutDocument.self, try workflows.leaveOneOut(audit).document)
            )
        }
        samples.append(
            try sample(
                "weight derivation",
                DerivedWeightsDocument.self,
                try workflows.weightDerivation(try workflows.load(RunInputs()).framework).document
            )
        )
        samples.append(
            sample(
                "analysis with an unknown field",
                AnalysisAPIRequest.self,
                json: #"{"run": "1", "units": "x"}"#,
                isInvalid: true
            )
        )
        return samples
    }

    /// Validates every sample against its schema and records which schema properties the samples carry.
    static let validator = #"""
        import json, sys
        from jsonschema import Draft202012Validator, validators
        components = json.load(open(sys.argv[1]))
        samples = json.load(open(sys.argv[2]))
        seen = set()
        def properties(validator, props, instance, schema):
            if isinstance(instance, dict):
                for key in props:
                    if key in instance:
                        seen.add((id(props), key))
            yield from Draft202012Validator.VALIDATORS["properties"](validator, props, instance, schema)
        Recording = validators.extend(Draft202012Validator, {"properties": properties})
        Draft202012Validator.check_schema(components)
        problems = []
        for sample in samples:
            schema = {"components": components["components"], "$ref": "#/components/schemas/" + sample["schema"]}
            errors = list(Recording(schema).iter_errors(sample["document"]))
            if sample["isInvalid"] and not errors:
                problems.append(sample["label"] + ": accepted, but it is not a " + sample["schema"])
            if not sample["isInvalid"]:
                for error in errors[:3]:
                    where = "/".join(map(str, error.absolute_path))
                    problems.append(sample["label"] + ": " + where + ": " + error.message[:200])
        declared = []
        def walk(node, path):
            if isinstance(node, dict):
                props = node.get("properties")
                if isinstance(props, dict):
                    for key in props:
                        declared.append((id(props), key, path + "." + key))
                for key, value in node.items():
                    walk(value, path + "/" + key)
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, path + "/" + str(index))
        for name, schema in components["components"]["schemas"].items():
            walk(schema, name)
        unseen = sorted(path.replace("/properties", "").replace("/items", "[]") for props, key, path in declared if (props, key) not in seen)
        print(json.dumps({"problems": problems, "unseen": unseen}))
        """#

    struct Verdict: Decodable {
        var problems: [String]
        var unseen: [String]
    }

    @Test func everySchemaFitsTheDocumentsTheWorkflowsEncode() throws {
        let samples = try Self.shared.get()
        let names = Set(APISchemas.all.map { $0.schemaName })
        #expect(names.count == APISchemas.all.count, "two document types share a schema name")
        #expect(names.subtracting(samples.map(\.schema)).isEmpty, "schemas without a sample")
        var schemas: [String: JSONSchema] = [:]
        for type in APISchemas.all { schemas[type.schemaName] = type.schema }
        let directory = try TestSupport.temporaryDirectory()
        let components = try TestSupport.write(
            try WorkflowJSON.text(["components": ["schemas": schemas]]),
            named: "components.json",
            in: directory
        )
        let documents = try TestSupport.write(
            "[" + (try samples.map { try $0.json }).joined(separator: ",\n") + "]",
            named: "samples.json",
            in: directory
        )
        let output = try TestSupport.python(Self.validator, [components, documents])
        let verdict = try JSONDecoder().decode(Verdict.self, from: Data(output.utf8))
        #expect(verdict.problems.isEmpty, "\(verdict.problems.joined(separator: "\n"))")
        #expect(Set(verdict.unseen).subtracting(Self.unexercised).isEmpty, "never carried: \(verdict.unseen)")
        // The exceptions are exact: one that a sample now carries, or that names no property of any
        // schema (renamed, removed, mistyped), would otherwise hide drift without a trace.
        #expect(
            Self.unexercised.subtracting(verdict.unseen).isEmpty,
            "listed as never carried, but carried or not in any schema: \(Self.unexercised.subtracting(verdict.unseen).sorted())"
        )
    }
}
