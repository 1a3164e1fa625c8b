import IndexIO
import IndexStore
import IndexWorkflows

/// The API's OpenAPI 3.1 description, served at `/api/openapi.yaml`.
///
/// The schemas are generated from the documents' Swift types (``IndexWorkflows/DocumentSchema``, checked
/// against real encoded documents in `DocumentSchemaTests`); the paths are written here, and every
/// JSON body among them refers to one of those schemas, so the description cannot drift from the types.
enum OpenAPIDocument {
    /// `{$ref: "#/components/schemas/NAME"}` for a document type.
    static func ref(_ type: any DocumentSchema.Type) -> String {
        ##"{$ref: "#/components/schemas/\##(type.schemaName)"}"##
    }

    /// A JSON body of a document type.
    static func json(_ type: any DocumentSchema.Type) -> String {
        "{application/json: {schema: \(ref(type))}}"
    }

    /// A POST route that computes an analysis document from the `Analysis` request body, with the
    /// error responses every analysis has: one line per route in ``yaml``, so no route lists them twice.
    static func analysis(_ path: String, summary: String, result: String, _ type: any DocumentSchema.Type) -> String {
        computation(
            path,
            summary: summary,
            body: ##"{$ref: "#/components/requestBodies/Analysis"}"##,
            result: result,
            type
        )
    }

    /// A POST that computes a document from a body (a writer's body route): its answers, every refusal
    /// included (403 when the server takes no writes).
    static func computation(
        _ path: String,
        summary: String,
        body: String,
        result: String,
        _ type: any DocumentSchema.Type
    ) -> String {
        """
          \(path):
            post:
              summary: "\(summary)"
              security: [{bearer: []}]
              requestBody: \(body)
              responses:
                "200": {description: "\(result)", content: \(json(type))}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
        """
    }

    /// The path parameter of the account routes.
    static let accountName = "[{name: name, in: path, required: true, schema: {type: string}}]"

    /// An admin's operation (the audit log, accounts, tokens): its answer and every refusal, written
    /// once — 401 without a credential, 403 below admin, 409 without a store, 500; with a body also
    /// 400, 413, 415 and 422; `also` adds a route's own (404 for a name or number in the path).
    static func admin(
        _ method: String,
        summary: String,
        parameters: String? = nil,
        body: (any DocumentSchema.Type)? = nil,
        status: Int = 200,
        answer: String,
        _ type: any DocumentSchema.Type,
        conflict: String? = nil,
        also: [Int] = []
    ) -> String {
        let refusals: [Int: String] = [
            400: ##"{$ref: "#/components/responses/BadRequest"}"##,
            401: ##"{$ref: "#/components/responses/Unauthorized"}"##,
            403:
                "{description: \"the token's role is below admin, or the server takes no credentials\", content: \(problem)}",
            404: ##"{$ref: "#/components/responses/NotFound"}"##,
            409: conflict.map { "{description: \"\($0)\", content: \(problem)}" }
                ?? ##"{$ref: "#/components/responses/Conflict"}"##,
            413: ##"{$ref: "#/components/responses/TooLarge"}"##,
            415: ##"{$ref: "#/components/responses/UnsupportedMedia"}"##,
            422: ##"{$ref: "#/components/responses/Unprocessable"}"##,
            500: ##"{$ref: "#/components/responses/ServerError"}"##,
        ]
        let codes = Set([401, 403, 409, 500] + (body == nil ? [] : [400, 413, 415, 422]) + also).sorted()
        var lines = [
            "    \(method):",
            "      summary: \"\(summary)\"",
            "      security: [{bearer: []}]",
        ]
        if let parameters { lines.append("      parameters: \(parameters)") }
        if let body { lines.append("      requestBody: {required: true, content: \(json(body))}") }
        lines.append("      responses:")
        lines.append("        \"\(status)\": {description: \"\(answer)\", content: \(json(type))}")
        lines += codes.compactMap { code in refusals[code].map { "        \"\(code)\": \($0)" } }
        return lines.joined(separator: "\n")
    }

    /// A JSON body that is a list of documents.
    static func list(_ type: any DocumentSchema.Type) -> String {
        "{application/json: {schema: {type: array, items: \(ref(type))}}}"
    }

    /// A schema as YAML flow text (its JSON encoding, which YAML reads as is).
    static func flow(_ schema: JSONSchema) -> String {
        (try? schema.json) ?? "{}"
    }

    /// `components/schemas`: one line per document type.
    static var schemas: String {
        APISchemas.all.map { "    \($0.schemaName): \(flow($0.schema))" }.joined(separator: "\n")
    }

    static let run = flow(APISchemas.runReference)
    static let problem = json(ProblemDocument.self)

    static let yaml = """
        openapi: 3.1.0
        info:
          title: IIDEI API
          version: "1"
          description: >
            Composite-index results, datasets and runs. Reads are public unless the server runs with
            --private; writes need `Authorization: Bearer <token>`: the server's own token (--token-file, an
            admin) or an account's API token (iidei user token), whose role decides what it may do (reader <
            analyst: imports, runs, analyses < reviewer: publish < admin: the audit log). Errors are JSON
            {"error": "...", "problems": ["..."]} with the command line's messages. Request bodies
            larger than the server's cap are refused with 413. The schemas are generated from the
            server's document types.
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          requestBodies:
            Analysis:
              required: true
              content: \(json(AnalysisAPIRequest.self))
          schemas:
        \(schemas)
          responses:
            BadRequest: {description: "a malformed request (a Content-Length that is not a byte count)", content: \(problem)}
            Unauthorized: {description: "no or wrong token (reads too with --private)", content: \(problem)}
            Forbidden: {description: "the token's role is too low, or the server takes no credentials (no --token-file, no store)", content: \(problem)}
            NotFound: {description: "no such run, dataset or unit", content: \(problem)}
            Conflict: {description: "the server has no store", content: \(problem)}
            TooLarge: {description: "the body is larger than the server's cap", content: \(problem)}
            UnsupportedMedia: {description: "the body is declared as something other than JSON", content: \(problem)}
            Unprocessable: {description: "the request is understood but its data or options are refused", content: \(problem)}
            ServerError: {description: "stored data damaged, or a bug (logged in full)", content: \(problem)}
        paths:
          /health:
            get: {summary: Liveness, responses: {"200": {description: "ok", content: {text/plain: {schema: {type: string}}}}}}
          /ready:
            get:
              summary: Readiness (the store answers within \(API.readinessDeadline) s with its schema current); open under --private
              responses:
                "200": {description: "ready", content: \(json(ReadinessDocument.self))}
                "503": {description: "not ready: the store does not answer, or its schema is not this program's", content: \(problem)}
          /metrics:
            get:
              summary: Prometheus metrics
              responses:
                "200": {description: "metrics", content: {text/plain: {schema: {type: string}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/frameworks:
            get:
              summary: The current and the stored frameworks
              responses:
                "200": {description: "frameworks", content: \(json(FrameworksDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/datasets:
            get:
              summary: Every dataset version
              responses:
                "200": {description: "versions", content: \(list(DatasetVersionDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "500": {$ref: "#/components/responses/ServerError"}
            post:
              summary: Validate a CSV, XLSX or JSON body, store it as a new version and run it
              description: >
                Whether the body is valid data is decided by the importer (the same messages as
                `iidei validate`), so a body of the right media type may still be refused with 422.
              security: [{bearer: []}]
              parameters:
                - {name: name, in: query, required: true, schema: {type: string, pattern: "^[^@]+$"}}
                - {name: file, in: query, required: false, schema: {type: string}, description: "file name; its extension gives the format"}
                - {name: review, in: query, required: false, schema: {type: boolean}, description: "validate and summarise only (200), store nothing"}
              requestBody: {required: true, content: {text/csv: {schema: {type: string}}, application/octet-stream: {schema: {type: string, format: binary}}}}
              responses:
                "200": {description: "reviewed, nothing stored", content: \(json(UploadReviewDocument.self))}
                "201": {description: "imported and run", content: \(json(ImportedRunDocument.self))}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/datasets/{first}/diff/{second}:
            get:
              summary: The values added, removed and changed between two dataset versions, with provenance
              parameters:
                - {name: first, in: path, required: true, schema: \(flow(APISchemas.datasetReference)), example: "provinces@1"}
                - {name: second, in: path, required: true, schema: \(flow(APISchemas.datasetReference)), example: "provinces"}
              responses:
                "200": {description: "changes", content: \(json(DatasetDiffDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs:
            get:
              summary: Every recorded run, newest first
              responses:
                "200": {description: "runs", content: \(list(RunRecordDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "500": {$ref: "#/components/responses/ServerError"}
            post:
              summary: Run a stored dataset version with options and record it
              security: [{bearer: []}]
              requestBody: {required: true, content: \(json(RunRequest.self))}
              responses:
                "201": {description: "the run", content: \(json(RunRecordDocument.self))}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}:
            get:
              summary: A run's results document
              parameters: [{name: id, in: path, required: true, schema: \(run)}]
              responses:
                "200": {description: "results", content: \(json(ResultsDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/diff/{other}:
            get:
              summary: Scores, ranks and tiers that changed between two runs
              parameters:
                - {name: id, in: path, required: true, schema: \(run)}
                - {name: other, in: path, required: true, schema: \(run)}
              responses:
                "200": {description: "changes", content: \(json(RunDiffDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/rerun:
            post:
              summary: Recompute a recorded run from its stored framework, data and options, and compare every score
              parameters: [{name: id, in: path, required: true, schema: \(run)}]
              responses:
                "200": {description: "the comparison", content: \(json(RerunDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/export:
            get:
              summary: "A recorded run recomputed: its results document (json) or workbook (xlsx), as iidei export writes them"
              parameters:
                - {name: id, in: path, required: true, schema: \(run)}
                - {name: format, in: query, required: false, schema: {type: string, enum: [json, xlsx]}}
              responses:
                "200":
                  description: "the results"
                  content:
                    application/json: {schema: \(ref(ResultsDocument.self))}
                    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: {schema: {type: string, format: binary}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
        \(computation("/api/v1/robustness", summary: "How robust each rank is, for a recorded run or a stored dataset with options (iidei robustness)", body: "{required: true, content: \(json(RobustnessAPIRequest.self))}", result: "ranks' intervals, tier probabilities and sensitivity", RobustnessDocument.self))
        \(computation("/api/v1/robustness/draws", summary: "Every replication's drawn parameters with each unit's rank and score, for the analysis the body describes (iidei robustness --draws FILE; at most \(RobustnessDrawsDocument.requestRowLimit) runs)", body: "{required: true, content: \(json(RobustnessAPIRequest.self))}", result: "the draws, one row per run, each enough to run it again", RobustnessDrawsDocument.self))
          /api/v1/runs/latest/national:
            get:
              summary: "The national series of the run the dashboard shows (the published one; while none is, the newest), null when there is none"
              responses:
                "200": {description: "results", content: {application/json: {schema: {anyOf: [\(ref(LatestEvaluationDocument.self)), {type: "null"}]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/runs/latest/regional:
            get:
              summary: "The regional scores, ranks and tiers of the run the dashboard shows (the published one; while none is, the newest), null when there are none"
              responses:
                "200": {description: "results", content: {application/json: {schema: {anyOf: [\(ref(LatestEvaluationDocument.self)), {type: "null"}]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/published/national:
            get:
              summary: "The published run's national series: only what a reviewer published (404 while no run is published)"
              responses:
                "200": {description: "results", content: {application/json: {schema: {anyOf: [\(ref(LatestEvaluationDocument.self)), {type: "null"}]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/published/regional:
            get:
              summary: "The published run's regional scores, ranks and tiers (404 while no run is published)"
              responses:
                "200": {description: "results", content: {application/json: {schema: {anyOf: [\(ref(LatestEvaluationDocument.self)), {type: "null"}]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/publications:
            get:
              summary: "Every publication, newest first: which run, on which dataset version, published by whom and when, taken back by whom and when, and which run readers see"
              responses:
                "200": {description: "publications", content: \(json(PublicationsDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "409": {$ref: "#/components/responses/Conflict"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/publish:
            post:
              summary: "Publish a recorded run (a reviewer or admin): readers see it from now on"
              security: [{bearer: []}]
              parameters: [{name: id, in: path, required: true, schema: \(run)}]
              responses:
                "200": {description: "the publications after this one", content: \(json(PublicationsDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {description: "the token's role is below reviewer, or the server takes no credentials", content: \(problem)}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {description: "the run is the published run already, or the server has no store", content: \(problem)}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/review-request:
            post:
              summary: "Ask a reviewer to look at a recorded run (an analyst or above), with a note of at most \(ReviewRequest.noteLimit) characters; asking again replaces the note"
              security: [{bearer: []}]
              parameters:
                - {name: id, in: path, required: true, schema: \(run)}
                - {name: note, in: query, required: false, schema: {type: string}}
              responses:
                "200": {description: "the request as stored", content: \(json(ReviewRequest.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {description: "the token's role is below analyst, or the server takes no credentials", content: \(problem)}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {description: "the run is the published run already, or the server has no store", content: \(problem)}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/publications/withdraw:
            post:
              summary: "Take the current publication back (a reviewer or admin): the run published before it, if any, is shown again"
              security: [{bearer: []}]
              responses:
                "200": {description: "the publications after this", content: \(json(PublicationsDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {description: "the token's role is below reviewer, or the server takes no credentials", content: \(problem)}
                "409": {description: "no run is published, or the server has no store", content: \(problem)}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/audit-log:
        \(admin("get", summary: "The newest writes to the store (an admin): who, what, on what, when and from which address", parameters: "[{name: limit, in: query, required: false, schema: {type: integer, minimum: 1, maximum: \(AuditLogDocument.requestLimit)}, description: \"default \(AuditLogDocument.defaultLimit)\"}]", answer: "events, newest first", AuditLogDocument.self, also: [400]))
          /api/v1/accounts:
        \(admin("get", summary: "Every account and every token and sign-in session (an admin); no password hash or token is shown", answer: "accounts and tokens", AccountsDocument.self))
        \(admin("post", summary: "Add an account (an admin), with a password of at least 12 characters or none", body: AccountRequest.self, status: 201, answer: "the account", Account.self, conflict: "the account exists already, or the server has no store"))
          /api/v1/accounts/{name}:
        \(admin("delete", summary: "Remove an account and its tokens (an admin)", parameters: accountName, answer: "the accounts and tokens left", AccountsDocument.self, also: [404, 422]))
          /api/v1/accounts/{name}/role:
        \(admin("post", summary: "Change an account's role (an admin); its tokens act with at most the new role at once", parameters: accountName, body: RoleRequest.self, answer: "the account", Account.self, also: [404]))
          /api/v1/accounts/{name}/tokens:
        \(admin("post", summary: "Issue an API token for an account (an admin): the token is in this answer only", parameters: accountName, body: TokenRequest.self, status: 201, answer: "the token and its record", IssuedTokenDocument.self, also: [404]))
          /api/v1/tokens/{id}/revoke:
        \(admin("post", summary: "Revoke a token or sign-in session by number (an admin): refused at once on every server", parameters: "[{name: id, in: path, required: true, schema: {type: string, pattern: \"^#?[1-9][0-9]{0,17}$\"}}]", answer: "the token, revoked", AccountToken.self, also: [400, 404]))
          /api/v1/runs/latest/units/{unit}:
            get:
              summary: One unit's latest results
              parameters: [{name: unit, in: path, required: true, schema: {type: string}, example: "320000"}]
              responses:
                "200": {description: "the unit", content: \(json(UnitScoresDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/weights:
            get:
              summary: Effective weights of every node, in percent, per evaluation
              responses:
                "200": {description: "weights", content: \(json(EffectiveWeightsSchema.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/weights/derivation:
            get:
              summary: "How the current framework's weights were derived: every AHP matrix's weights, λmax, CI and CR, the expert panel's statistics and the effective weights, per evaluation (the document of iidei weights --format json)"
              responses:
                "200": {description: "the derivation", content: \(json(DerivedWeightsDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
        \(analysis("/api/v1/levers", summary: "What would move a unit: each indicator's score gain per step of 1 % of its range and the value for the next tier (the document of iidei levers --format json)", result: "the unit's levers", LeversDocument.self))
        \(analysis("/api/v1/audit", summary: "Statistical audit of each cross-section: statistics of every indicator and aggregate, Pearson, Spearman and Kendall matrices with p-values, PCA and Cronbach's α per group, flags and a verdict per group (the document of iidei audit --format json)", result: "the audit of each cross-section", AuditDocument.self))
        \(analysis("/api/v1/regions", summary: "The regional chapter's analyses of each cross-section: every tier's share of the national totals, the spread inside each tier, summaries by the unit list's groups, and the findings in Chinese and English (the document of iidei regions --format json)", result: "the regional analyses of each cross-section", RegionsDocument.self))
        \(analysis("/api/v1/importance", summary: "Weights versus importance: each node's first-order importance on the index (correlation ratio) beside its nominal and effective weight (the document of iidei importance --format json)", result: "each node's weights and importance", ImportanceDocument.self))
        \(analysis("/api/v1/leave-one-out", summary: "Inclusion: the index recomputed without each indicator and each aggregate in turn (weight 0 within its parent), every unit's rank and rank shift (the document of iidei robustness --leave-one-out --format json)", result: "each node's removal and the ranks without it", LeaveOneOutDocument.self))
          /api/v1/surveys/{name}/responses:
            post:
              summary: "An expert's answers to a weighting survey: judgement matrices (numbers, fractions such as 1/5 in quotes, null for a pair left out) and scores"
              description: >
                The bearer is the expert's own survey token. Answers are added to the expert's earlier answers in the
                open round (saving progress node by node) unless replace=true; everything is checked first (Saaty's scale,
                reciprocity, nodes and indicators of the survey, the panel's score scale) and nothing is stored on a problem.
              security: [{bearer: []}]
              parameters:
                - {name: name, in: path, required: true, schema: {type: string}}
                - {name: replace, in: query, required: false, schema: {type: boolean}}
              requestBody: {required: true, content: \(json(SurveyAnswersDocument.self))}
              responses:
                "201": {description: "stored: each matrix's CR, weights, completed entries and judgement to revisit", content: \(json(SurveyResponseReceipt.self))}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {description: "bad answers, or a closed round", content: \(problem)}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/surveys/{name}:
            get:
              summary: "A weighting survey's status: per expert the matrices and scores answered and each matrix's CR; per Delphi round the panel's statistics (the document of iidei survey status --format json)"
              parameters:
                - {name: name, in: path, required: true, schema: {type: string}}
                - {name: maxCv, in: query, required: false, schema: {type: number}, description: "stop when every indicator's CV is below this"}
                - {name: alpha, in: query, required: false, schema: {type: number}, description: "stop when Kendall's W is significant at this level"}
                - {name: maxRounds, in: query, required: false, schema: {type: integer}, description: "stop after this many rounds"}
              responses:
                "200": {description: "the survey's status", content: \(json(SurveyStatusDocument.self))}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {description: "a stopping rule that is not a number", content: \(problem)}
          /survey/{token}:
            get:
              summary: "The expert's survey form: one node at a time, the CR as the expert answers, then the scores"
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
                - {name: page, in: query, required: false, schema: {type: string}, description: "a node key, or scores"}
              responses:
                "200": {description: the form, content: {text/html: {schema: {type: string}}}}
                "404": {description: "no such form (a page for the expert to read)", content: {text/html: {schema: {type: string}}}}
                "500": {$ref: "#/components/responses/ServerError"}
        """
}
