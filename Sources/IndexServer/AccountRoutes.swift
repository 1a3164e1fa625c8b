import Foundation
import Hummingbird
import IndexCore
import IndexStore
import IndexWorkflows

/// Accounts and tokens through the JSON API, for an admin's scripts: the same workflows as
/// `iidei user …` and the admin page, audited as the admin who sends them.
struct AccountRoutes: Sendable {
    let api: API
    let state: DashboardState

    func register(on router: Router<BasicRequestContext>) {
        let api = api
        let group = router.group("/api/v1")
        group.get("accounts") { _, _ in
            try api.authorise(.admin)
            return try await change(status: .ok) { workflows in
                AccountsDocument(accounts: try workflows.accounts(), tokens: try workflows.tokens(account: nil))
            }
        }
        // Body routes (``BodyRoute``): an admin is admitted before the body is read.
        group.post("accounts") { request, _ in
            let body = try await api.body(request)
            return try await change(status: .created) { workflows in
                let wanted = try AccountRequest.parse(body)
                return try workflows.addAccount(name: wanted.name, role: wanted.role, password: wanted.password)
            }
        }
        group.post("accounts/:name/role") { request, context in
            let name = context.pathParameter("name")
            let body = try await api.body(request)
            return try await change(status: .ok) { workflows in
                try workflows.setRole(try RoleRequest.parse(body).role, account: name)
            }
        }
        group.post("accounts/:name/tokens") { request, context in
            let name = context.pathParameter("name")
            let body = try await api.body(request)
            return try await change(status: .created) { workflows in
                let wanted = try TokenRequest.parse(body)
                return try workflows.issueToken(account: name, role: wanted.role, label: wanted.label)
            }
        }
        group.delete("accounts/:name") { _, context in
            try api.authorise(.admin)
            let name = context.pathParameter("name")
            return try await change(status: .ok) { workflows in
                try workflows.removeAccount(name)
                return AccountsDocument(accounts: try workflows.accounts(), tokens: try workflows.tokens(account: nil))
            }
        }
        group.post("tokens/:id/revoke") { _, context in
            try api.authorise(.admin)
            let text = context.pathParameter("id")
            guard let id = Int64(text.hasPrefix("#") ? String(text.dropFirst()) : text), id > 0 else {
                throw APIError(.badRequest, "a token's number is a whole number above 0, not '\(text)'")
            }
            return try await change(status: .ok) { workflows in try workflows.revokeToken(id) }
        }
    }

    /// A workflow as the sender (for the audit log), off the event loops, answered with its document.
    func change(
        status: HTTPResponse.Status,
        _ make: @escaping @Sendable (Workflows) throws -> some Encodable & Sendable
    ) async throws -> Response {
        let (store, actor) = (state.store, api.actor())
        return try await offloaded {
            try api.respondDocument(status: status) {
                guard store != nil else {
                    throw APIError(.conflict, "the server has no store (start it with --db FILE)")
                }
                return try make(Workflows(store: store, actor: actor))
            }
        }
    }
}
