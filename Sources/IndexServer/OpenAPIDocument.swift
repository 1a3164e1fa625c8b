/// The API's OpenAPI 3.1 description, served at `/api/openapi.yaml`.
enum OpenAPIDocument {
    static let yaml = """
        openapi: 3.1.0
        info:
          title: IIDEI API
          version: "1"
          description: >
            Composite-index results, datasets and runs. Reads are public unless the server runs with
            --private; writes need `Authorization: Bearer <token>`. Errors are JSON
            {"error": "...", "problems": ["..."]} with the command line's messages. Request bodies
            larger than the server's cap are refused with 413.
        components:
          securitySchemes:
            bearer: {type: http, scheme: bearer}
          requestBodies:
            Analysis:
              required: true
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/AnalysisRequest"}
          schemas:
            Error:
              type: object
              required: [error, problems]
              properties:
                error: {type: string}
                problems: {type: array, items: {type: string}}
            AnalysisRequest:
              description: "a recorded run, or a stored dataset with run options; unknown fields are errors"
              type: object
              additionalProperties: false
              properties:
                run: {type: [string, "null"], example: "1"}
                dataset: {type: [string, "null"], example: "provinces"}
                options: {type: [object, "null"]}
                unit: {type: [string, "null"], example: "320000"}
                evaluation: {type: [string, "null"], example: "regional"}
            DatasetVersion:
              type: object
              required: [name, version, reference, sha256, values, illustrative, createdAt]
              properties:
                name: {type: string}
                version: {type: integer}
                reference: {type: string}
                sha256: {type: string}
                values: {type: integer}
                illustrative: {type: boolean}
                createdAt: {type: string}
            Run:
              type: object
              required: [id, createdAt, dataset, framework, options, engineVersion, resultsSha256]
              properties:
                id: {type: integer}
                createdAt: {type: string}
                dataset: {type: string}
                framework: {type: string}
                options: {type: object, additionalProperties: {type: string}}
                engineVersion: {type: string}
                resultsSha256: {type: string}
            RunReference:
              type: string
              description: a run's number, or latest
              pattern: "^([0-9]{1,18}|latest)$"
            DatasetReference:
              type: string
              description: NAME or NAME@VERSION
              pattern: "^[^@]+(@[0-9]{1,18})?$"
            RunOptions:
              type: object
              additionalProperties: false
              description: >
                The run's choices, as the command line's options. Values the patterns allow can still be
                refused with 422 when they do not fit the data (tier sizes that do not add up to the number
                of units, a period with no data).
              properties:
                period: {type: string, pattern: "^[0-9]{4}([-]?(Q[1-4]|[01][0-9]))?$"}
                normalise: {type: string, enum: [minmax, min-max, zscore, z-score, rank, percentile, goalposts, target, none]}
                scale: {type: string, pattern: "^-?[0-9]{1,6}(\\\\.[0-9]{1,6})?,-?[0-9]{1,6}(\\\\.[0-9]{1,6})?$"}
                aggregate: {type: string, enum: [arithmetic, geometric, topsis]}
                tiers: {type: string, pattern: "^(jenks:[2-9]|sizes:[1-9][0-9]{0,3}(,[1-9][0-9]{0,3}){1,8}|thresholds:[0-9]{1,3}(\\\\.[0-9]{1,3})?(,[0-9]{1,3}(\\\\.[0-9]{1,3})?){0,8})$"}
                impute: {type: string, pattern: "^(none|mean|median|interpolate|linear|carry-forward|locf|group-mean:[a-z_]{1,32})$"}
                outliers: {type: string, pattern: "^(none|coinr|log|coinr:[0-9](\\\\.[0-9])?,[0-9]{1,2}(\\\\.[0-9])?,[0-9])$"}
                weights: {type: string}
                weightAlpha: {type: string, pattern: "^(0(\\\\.[0-9]{1,6})?|1(\\\\.0{1,6})?)$"}
                weightCombination: {type: string, enum: [linear, multiplicative]}
          responses:
            BadRequest: {description: "a malformed request (a Content-Length that is not a byte count)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            Unauthorized: {description: "no or wrong token (reads too with --private)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            Forbidden: {description: "writes are disabled (no --token-file)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            NotFound: {description: "no such run, dataset or unit", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            Conflict: {description: "the server has no store", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            TooLarge: {description: "the body is larger than the server's cap", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            Unprocessable: {description: "the request is understood but its data or options are refused", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
            ServerError: {description: "stored data damaged, or a bug (logged in full)", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        paths:
          /health:
            get: {summary: Liveness, responses: {"200": {description: "ok", content: {text/plain: {schema: {type: string}}}}}}
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
                "200": {description: "frameworks", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/datasets:
            get:
              summary: Every dataset version
              responses:
                "200": {description: "versions", content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/DatasetVersion"}}}}}
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
                "200": {description: "reviewed, nothing stored", content: {application/json: {schema: {type: object}}}}
                "201": {description: "imported and run", content: {application/json: {schema: {type: object}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs:
            get:
              summary: Every recorded run, newest first
              responses:
                "200": {description: "runs", content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Run"}}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "500": {$ref: "#/components/responses/ServerError"}
            post:
              summary: Run a stored dataset version with options and record it
              security: [{bearer: []}]
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      required: [dataset]
                      properties:
                        dataset: {$ref: "#/components/schemas/DatasetReference"}
                        options: {$ref: "#/components/schemas/RunOptions"}
              responses:
                "201": {description: "the run", content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
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
              parameters: [{name: id, in: path, required: true, schema: {$ref: "#/components/schemas/RunReference"}}]
              responses:
                "200": {description: "results", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/{id}/diff/{other}:
            get:
              summary: Scores, ranks and tiers that changed between two runs
              parameters:
                - {name: id, in: path, required: true, schema: {$ref: "#/components/schemas/RunReference"}}
                - {name: other, in: path, required: true, schema: {$ref: "#/components/schemas/RunReference"}}
              responses:
                "200": {description: "changes", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/runs/latest/national:
            get:
              summary: The latest national series
              responses:
                "200": {description: "results", content: {application/json: {schema: {type: ["object", "null"]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/runs/latest/regional:
            get:
              summary: "The latest regional scores, ranks and tiers"
              responses:
                "200": {description: "results", content: {application/json: {schema: {type: ["object", "null"]}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/runs/latest/units/{unit}:
            get:
              summary: One unit's latest results
              parameters: [{name: unit, in: path, required: true, schema: {type: string}, example: "320000"}]
              responses:
                "200": {description: "the unit", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
          /api/v1/weights:
            get:
              summary: Effective weights of every node
              responses:
                "200": {description: "weights", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
          /api/v1/weights/derivation:
            get:
              summary: "How the current framework's weights were derived: every AHP matrix's weights, λmax, CI and CR, the expert panel's statistics and the effective weights, per evaluation (the document of iidei weights --format json)"
              responses:
                "200": {description: "the derivation", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/levers:
            post:
              summary: "What would move a unit: each indicator's score gain per step of 1 % of its range and the value for the next tier (the document of iidei levers --format json)"
              security: [{bearer: []}]
              requestBody: {$ref: "#/components/requestBodies/Analysis"}
              # The analyses answer alike: the YAML anchor keeps one list.
              responses: &analysisResponses
                "200": {description: "the analysis document", content: {application/json: {schema: {type: object}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "409": {$ref: "#/components/responses/Conflict"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {$ref: "#/components/responses/Unprocessable"}
                "500": {$ref: "#/components/responses/ServerError"}
          /api/v1/audit:
            post:
              summary: "Statistical coherence audit of each cross-section: correlations, Cronbach's α, first principal component, flags and a verdict per group (the document of iidei audit --format json)"
              security: [{bearer: []}]
              requestBody: {$ref: "#/components/requestBodies/Analysis"}
              responses: *analysisResponses
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
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        ahp: {type: object, additionalProperties: {type: array, items: {type: array, items: {type: [number, string, "null"]}}}}
                        scores: {type: object, additionalProperties: {type: number}}
              responses:
                "201": {description: "stored: each matrix's CR, weights, completed entries and judgement to revisit", content: {application/json: {schema: {type: object}}}}
                "400": {$ref: "#/components/responses/BadRequest"}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "403": {$ref: "#/components/responses/Forbidden"}
                "404": {$ref: "#/components/responses/NotFound"}
                "413": {$ref: "#/components/responses/TooLarge"}
                "422": {description: "bad answers, or a closed round", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
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
                "200": {description: "the survey's status", content: {application/json: {schema: {type: object}}}}
                "401": {$ref: "#/components/responses/Unauthorized"}
                "404": {$ref: "#/components/responses/NotFound"}
                "422": {description: "no such survey, or a stopping rule that is not a number", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
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
