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
          schemas:
            Error:
              type: object
              required: [error, problems]
              properties:
                error: {type: string}
                problems: {type: array, items: {type: string}}
            DatasetVersion:
              type: object
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
              properties:
                id: {type: integer}
                createdAt: {type: string}
                dataset: {type: string}
                framework: {type: string}
                options: {type: object, additionalProperties: {type: string}}
                engineVersion: {type: string}
                resultsSha256: {type: string}
        paths:
          /health:
            get: {summary: Liveness, responses: {"200": {description: ok, content: {text/plain: {schema: {type: string}}}}}}
          /metrics:
            get: {summary: Prometheus metrics, responses: {"200": {description: metrics, content: {text/plain: {schema: {type: string}}}}}}
          /api/v1/frameworks:
            get: {summary: The current and the stored frameworks, responses: {"200": {description: frameworks, content: {application/json: {schema: {type: object}}}}}}
          /api/v1/datasets:
            get:
              summary: Every dataset version
              responses: {"200": {description: versions, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/DatasetVersion"}}}}}}
            post:
              summary: Validate a CSV, XLSX or JSON body, store it as a new version and run it
              security: [{bearer: []}]
              parameters:
                - {name: name, in: query, required: true, schema: {type: string}}
                - {name: file, in: query, required: false, schema: {type: string}, description: "file name; its extension gives the format"}
                - {name: review, in: query, required: false, schema: {type: boolean}, description: "validate and summarise only (200), store nothing"}
              requestBody: {required: true, content: {text/csv: {schema: {type: string}}, application/octet-stream: {schema: {type: string, format: binary}}}}
              responses:
                "201": {description: imported and run, content: {application/json: {schema: {type: object}}}}
                "401": {description: no or wrong token, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "403": {description: writes disabled, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "413": {description: body too large, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "422": {description: validation problems, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/runs:
            get:
              summary: Every recorded run, newest first
              responses: {"200": {description: runs, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Run"}}}}}}
            post:
              summary: Run a stored dataset version with options and record it
              security: [{bearer: []}]
              requestBody: {required: true, content: {application/json: {schema: {type: object, required: [dataset], properties: {dataset: {type: string}, options: {type: object}}}}}}
              responses:
                "201": {description: the run, content: {application/json: {schema: {$ref: "#/components/schemas/Run"}}}}
                "422": {description: problems, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/runs/{id}:
            get:
              summary: A run's results document
              parameters: [{name: id, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: results, content: {application/json: {schema: {type: object}}}}
                "404": {description: no such run, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/runs/{id}/diff/{other}:
            get:
              summary: Scores, ranks and tiers that changed between two runs
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
                - {name: other, in: path, required: true, schema: {type: string}}
              responses: {"200": {description: changes, content: {application/json: {schema: {type: object}}}}}
          /api/v1/runs/latest/national:
            get: {summary: The latest national series, responses: {"200": {description: results, content: {application/json: {schema: {type: object}}}}}}
          /api/v1/runs/latest/regional:
            get: {summary: "The latest regional scores, ranks and tiers", responses: {"200": {description: results, content: {application/json: {schema: {type: object}}}}}}
          /api/v1/runs/latest/units/{unit}:
            get:
              summary: One unit's latest results
              parameters: [{name: unit, in: path, required: true, schema: {type: string}}]
              responses:
                "200": {description: the unit, content: {application/json: {schema: {type: object}}}}
                "404": {description: no such unit, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /api/v1/weights:
            get: {summary: Effective weights of every node, responses: {"200": {description: weights, content: {application/json: {schema: {type: object}}}}}}
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
                "401": {description: no or unknown token, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "403": {description: the token is for another survey, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "404": {description: no such survey, content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
                "422": {description: "bad answers, or a closed round", content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
          /survey/{token}:
            get:
              summary: "The expert's survey form: one node at a time, the CR as the expert answers, then the scores"
              parameters:
                - {name: token, in: path, required: true, schema: {type: string}}
                - {name: page, in: query, required: false, schema: {type: string}, description: "a node key, or scores"}
              responses:
                "200": {description: the form, content: {text/html: {schema: {type: string}}}}
                "404": {description: no such form, content: {text/html: {schema: {type: string}}}}
        """
}
