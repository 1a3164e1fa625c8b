import Foundation
import Hummingbird
import IndexReport

/// The dashboard's routes beyond the first pages: the comparison, the quick jump and every page
/// table's CSV and XLSX download.
func addDashboardRoutes(to router: Router<BasicRequestContext>, api: API, state: DashboardState) {
    router.get("/compare") { request, _ in
        try api.page(request) { Pages.compare(state.snapshot, query: Pages.Query(request.uri.query), $0) }
    }
    router.get("/jump") { request, _ in
        try api.authoriseRead(request)
        let language = api.language(request)
        let query = Pages.Query(request.uri.query)
        guard let id = Pages.unit(matching: query["q"] ?? "", in: state.snapshot) else {
            throw APIError(.notFound, "no region matches '\(query["q"] ?? "")'")
        }
        return Response(
            status: .seeOther,
            headers: [.location: Pages.link("/regions/" + Pages.pathComponent(id), language)]
        )
    }
    router.get("/tables/:file") { request, context in
        try api.authoriseRead(request)
        let file = context.parameters.get("file") ?? ""
        let parts = file.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["csv", "xlsx"].contains(parts[1]),
            let table = Pages.table(
                named: parts[0],
                state.snapshot,
                query: Pages.Query(request.uri.query),
                api.language(request)
            )
        else { throw APIError(.notFound, "no table '\(file)'") }
        let disposition = "attachment; filename=\"\(ReportBuilder.fileSlug(parts[0])).\(parts[1])\""
        if parts[1] == "csv" {
            return Response(
                status: .ok,
                headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: disposition],
                body: .init(byteBuffer: ByteBuffer(string: table.csv))
            )
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: disposition,
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: try table.xlsx()))
        )
    }
}
