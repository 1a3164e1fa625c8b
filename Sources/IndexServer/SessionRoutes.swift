import Foundation
import HTTPTypes
import Hummingbird
import IndexCore
import IndexReport
import IndexStore
import IndexWorkflows

/// The sign-in session's cookie and the forms' anti-forgery tokens (``SessionRules`` says how a
/// session lives in the store).
enum Session {
    /// The cookie holding a session's token: `HttpOnly` (no script reads it), `SameSite=Lax`,
    /// `Secure` behind TLS.
    static let cookieName = "iidei_session"
    /// The sign-in form's own anti-forgery cookie, before there is a session to derive one from:
    /// the form carries the same random value, which a page on another site can neither read nor set.
    static let signInCookieName = "iidei_signin"
    /// How long a sign-in form's anti-forgery cookie lasts: an hour to fill the form in.
    static let signInFormLifetime = 3600

    /// The anti-forgery token of a session (the request's by default), or `nil` without one.
    static func csrfToken(identity: RequestIdentity = .current) -> String? {
        identity.session.map(SessionRules.csrfToken(session:))
    }

    /// Whether an anti-forgery token presented (a header's, a form field's) is the session's,
    /// compared in constant time — the one check ``CrossSiteGuard`` and the forms make. A request
    /// without a session needs none: a browser never adds a bearer token by itself.
    static func isGenuine(_ presented: String?, identity: RequestIdentity = .current) -> Bool {
        guard let expected = csrfToken(identity: identity) else { return true }
        return PasswordHash.constantTimeEqual(presented ?? "", expected)
    }

    static func cookie(_ name: String, value: String, maxAge: Int, sameSite: Cookie.SameSite) -> Cookie {
        Cookie(
            name: name,
            value: value,
            maxAge: maxAge,
            path: "/",
            secure: RequestIdentity.current.isSecure,
            httpOnly: true,
            sameSite: sameSite
        )
    }

    /// Where to go after signing in: a path of this site only (`/…`, never `//host` or a scheme),
    /// canonical, or the overview.
    static func destination(_ requested: String?) -> String {
        guard let requested, requested.hasPrefix("/"), !requested.hasPrefix("//"),
            requested.count <= 512, !requested.contains("\\"),
            requested.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }),
            CanonicalPath.problem(in: String(requested.prefix { $0 != "?" })) == nil
        else { return "/" }
        return requested
    }

    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}

/// The forms of the session pages, as their bodies decode.
struct SignInForm: Decodable {
    var name: String
    var password: String
    var csrf: String?
    var next: String?
    var lang: String?
}

struct SignOutForm: Decodable {
    var csrf: String?
    var lang: String?
}

/// An admin's change to the accounts: `add` (name, role, optional password), `role` (name,
/// role), `remove` (name) or `revoke` (token number).
struct AdminForm: Decodable {
    var action: String
    var name: String?
    var role: String?
    var password: String?
    var token: String?
    var csrf: String?
    var lang: String?
}

/// Signing in and out, and the admin page: the server's pages for people rather than scripts
/// (scripts present a bearer token, ``API/identify(_:peer:)``).
struct SessionRoutes: Sendable {
    let api: API
    let state: DashboardState

    func register(on router: Router<BasicRequestContext>) {
        let (api, state) = (api, state)
        router.get("/signin") { request, _ in
            let language = api.language(request)
            let next = Session.destination(request.uri.queryParameters.get("next").map { String($0) })
            return signInPage(language, next: next, message: nil, status: .ok)
        }
        router.post("/signin") { request, _ in
            let form = try await decode(SignInForm.self, request)
            let language = API.language(named: form.lang)
            let next = Session.destination(form.next)
            // The double-submit check: the field must be the cookie this server set on the form.
            let cookie = request.cookies[Session.signInCookieName]?.value ?? ""
            guard !cookie.isEmpty,
                PasswordHash.constantTimeEqual(cookie, form.csrf ?? "")
            else {
                return signInPage(language, next: next, message: language.text(.signInFormStale), status: .forbidden)
            }
            guard state.store != nil else {
                return signInPage(language, next: next, message: language.text(.signInNoStore), status: .conflict)
            }
            let store = state.store
            let actor = api.actor()
            let outcome = try await offloaded {
                try Workflows(store: store, actor: actor).signIn(name: form.name, password: form.password)
            }
            switch outcome {
            case .signedIn(let token, _):
                var response = Session.redirect(to: next)
                response.setCookie(
                    Session.cookie(Session.cookieName, value: token, maxAge: SessionRules.lifetime, sameSite: .lax)
                )
                response.setCookie(Session.cookie(Session.signInCookieName, value: "", maxAge: 0, sameSite: .strict))
                return response
            case .refused:
                return signInPage(language, next: next, message: language.text(.signInRefused), status: .unauthorized)
            case .tooManyAttempts(let seconds):
                var response = signInPage(
                    language,
                    next: next,
                    message: language.text(.signInLocked(minutes: (seconds + 59) / 60)),
                    status: .tooManyRequests
                )
                response.headers[.retryAfter] = String(seconds)
                return response
            }
        }
        router.post("/signout") { request, _ in
            let form = try await decode(SignOutForm.self, request)
            let language = API.language(named: form.lang)
            guard Session.isGenuine(form.csrf) else {
                return signInPage(language, next: "/", message: language.text(.formStale), status: .forbidden)
            }
            if RequestIdentity.current.session != nil, let id = RequestIdentity.current.principal?.tokenID {
                let (store, actor) = (state.store, api.actor())
                try await offloaded { try Workflows(store: store, actor: actor).signOut(session: id) }
            }
            var response = Session.redirect(to: Pages.link("/", language))
            response.setCookie(Session.cookie(Session.cookieName, value: "", maxAge: 0, sameSite: .lax))
            return response
        }
        router.get("/admin") { request, _ in
            let language = api.language(request)
            if let refusal = adminRefusal(language) { return refusal }
            return try await adminPage(language, message: nil, status: .ok)
        }
        router.post("/admin") { request, _ in
            let form = try await decode(AdminForm.self, request)
            let language = API.language(named: form.lang)
            guard Session.isGenuine(form.csrf) else {
                return try await adminPage(language, message: .failed(language.text(.formStale)), status: .forbidden)
            }
            let (store, actor) = (state.store, api.actor())
            do {
                let done = try await offloaded { try Self.change(form, Workflows(store: store, actor: actor)) }
                return try await adminPage(language, message: .done(done), status: .ok)
            } catch {
                let status = (error as? IndexError).map { ErrorDocument.status(for: $0.kind) } ?? .unprocessableContent
                return try await adminPage(language, message: .failed(Self.message(error)), status: status)
            }
        }
    }

    /// A form body, admitted already (an HTML form within ``BodyRoute/formLimit``), decoded; a
    /// malformed one is a 400.
    func decode<Form: Decodable>(_ type: Form.Type, _ request: Request) async throws -> Form {
        let body = try await api.body(request)
        do {
            return try URLEncodedFormDecoder().decode(Form.self, from: String(decoding: body, as: UTF8.self))
        } catch {
            throw APIError(.badRequest, "the form could not be read: a field is missing or malformed")
        }
    }

    /// The sign-in page with a fresh anti-forgery cookie and the same value in its form.
    func signInPage(
        _ language: ReportLanguage,
        next: String,
        message: String?,
        status: HTTPResponse.Status
    ) -> Response {
        let formToken = "signin_" + UUID().uuidString + UUID().uuidString
        let html = Pages.signIn(
            signedIn: RequestIdentity.current.session == nil ? nil : RequestIdentity.current.principal,
            formToken: formToken,
            next: next,
            message: message,
            language
        )
        var response = API.html(html, status: status)
        response.setCookie(
            Session.cookie(
                Session.signInCookieName,
                value: formToken,
                maxAge: Session.signInFormLifetime,
                sameSite: .strict
            )
        )
        return response
    }

    /// The admin page's refusal for a reader who is not an admin: anonymous readers are sent to sign
    /// in, others told why, in the page's language.
    func adminRefusal(_ language: ReportLanguage) -> Response? {
        guard let principal = RequestIdentity.current.principal else {
            return Session.redirect(to: Pages.link("/signin", language, ["next": "/admin"]))
        }
        guard principal.role >= .admin else {
            return API.html(
                Pages.notFound(language.text(.adminOnly(role: principal.role)), snapshot: nil, language),
                status: .forbidden
            )
        }
        return nil
    }

    func adminPage(
        _ language: ReportLanguage,
        message: Pages.AdminMessage?,
        status: HTTPResponse.Status
    ) async throws
        -> Response
    {
        let store = state.store
        let listing = try await offloaded { () -> Pages.AdminListing in
            guard store != nil else { return Pages.AdminListing(accounts: [], tokens: [], events: []) }
            let workflows = Workflows(store: store)
            return Pages.AdminListing(
                accounts: try workflows.accounts(),
                tokens: try workflows.tokens(account: nil),
                events: try workflows.auditLog(limit: AuditLogDocument.defaultLimit).events
            )
        }
        return API.html(Pages.admin(listing, message: message, csrf: Session.csrfToken(), language), status: status)
    }

    /// Makes an admin form's change through the workflows (so it is audited as the admin) and says
    /// what was done.
    static func change(_ form: AdminForm, _ workflows: Workflows) throws -> String {
        func required(_ value: String?, _ field: String) throws -> String {
            guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                throw IndexError("the form needs a \(field)")
            }
            return value
        }
        switch form.action {
        case "add":
            let password = form.password.flatMap { $0.isEmpty ? nil : $0 }
            let account = try workflows.addAccount(
                name: try required(form.name, "name"),
                role: try Role(name: try required(form.role, "role")),
                password: password
            )
            return "\(account.name) (\(account.role.rawValue))"
        case "role":
            let account = try workflows.setRole(
                try Role(name: try required(form.role, "role")),
                account: try required(form.name, "name")
            )
            return "\(account.name) → \(account.role.rawValue)"
        case "remove":
            let name = try required(form.name, "name")
            try workflows.removeAccount(name)
            return name
        case "revoke":
            guard let id = Int64(try required(form.token, "token number")) else {
                throw IndexError("a token number is a whole number, not '\(form.token ?? "")'")
            }
            let token = try workflows.revokeToken(id)
            return "#\(token.id) (\(token.account))"
        default:
            throw IndexError("no such change '\(form.action)': add, role, remove or revoke")
        }
    }

    static func message(_ error: any Error) -> String {
        switch error {
        case let error as IndexError: ErrorDocument.withoutPaths(error).message
        default: "internal error"
        }
    }
}
