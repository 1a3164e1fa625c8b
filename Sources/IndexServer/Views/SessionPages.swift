import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    /// The sign-in page (`/signin`): a name and a password, or, when signed in already, who the
    /// reader is and a sign-out button. `formToken` is the anti-forgery value the page's cookie
    /// also holds.
    static func signIn(
        signedIn: Principal?,
        formToken: String,
        next: String,
        message: String?,
        _ l: ReportLanguage
    ) -> String {
        var body = HTML()
        if let message { body += "<p class=\"alert\" role=\"alert\">\(message)</p>" }
        if let signedIn {
            body += "<p>\(l.text(.signedInAs(name: signedIn.name, role: roleName(signedIn.role, l))))</p>"
            body += signOutForm(l)
        } else {
            body += """
                <p>\(l.text(.signInIntroduction(hours: SessionRules.lifetime / 3600)))</p>
                <form class="stacked" method="post" action="/signin">
                <input type="hidden" name="csrf" value="\(formToken)">
                <input type="hidden" name="next" value="\(next)">
                <input type="hidden" name="lang" value="\(l.rawValue)">
                <p><label>\(l.text(.accountName)) <input name="name" autocomplete="username" required maxlength="64"></label></p>
                <p><label>\(l.text(.password)) <input name="password" type="password" autocomplete="current-password" required></label></p>
                <p><button type="submit">\(l.text(.signIn))</button></p>
                </form>
                <p><small>\(l.text(.signInScripts))</small></p>
                """
        }
        return layout(
            title: l.text(.signIn),
            language: l,
            path: "/signin",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    /// The sign-out button: a form that carries the session's anti-forgery token.
    static func signOutForm(_ l: ReportLanguage) -> HTML {
        """
        <form class="inline" method="post" action="/signout"><input type="hidden" name="csrf" value="\(Session.csrfToken() ?? "")">\
        <input type="hidden" name="lang" value="\(l.rawValue)"><button type="submit" class="secondary">\(l.text(.signOut))</button></form>
        """
    }

    /// A form's token field, for a writer who is not signed in (or a link to sign in instead);
    /// none when signed in: the session's cookie and the page's anti-forgery token go instead.
    static func tokenField(_ l: ReportLanguage, path: String) -> HTML {
        guard RequestIdentity.current.session == nil else { return HTML() }
        return """
            <p><label>\(l.text(.token)) <input name="token" type="password" autocomplete="off" required></label> \
            <small><a href="\(link("/signin", l, ["next": path]))">\(l.text(.orSignIn))</a></small></p>
            """
    }

    /// A role as the page's language names it.
    static func roleName(_ role: Role, _ l: ReportLanguage) -> String {
        l.text(.roleName(role))
    }

    /// What the admin page lists.
    struct AdminListing: Sendable {
        var accounts: [Account]
        var tokens: [AccountToken]
        var events: [AuditEvent]
    }

    /// What became of an admin's change, said above the lists.
    enum AdminMessage: Sendable {
        case done(String)
        case failed(String)
    }

    /// The admin page (`/admin`): accounts with their roles, the tokens and sessions issued (live
    /// ones first), the newest audit events, and forms to add an account, change a role, remove
    /// an account or revoke a token — each an HTML form that carries the session's anti-forgery token.
    static func admin(_ listing: AdminListing, message: AdminMessage?, csrf: String?, _ l: ReportLanguage) -> String {
        var body = HTML()
        switch message {
        case .done(let what): body += "<p class=\"done\" role=\"status\">✓ \(l.text(.adminDone(what)))</p>"
        case .failed(let why): body += "<p class=\"alert\" role=\"alert\">✗ \(why)</p>"
        case nil: break
        }
        let hidden: HTML =
            "<input type=\"hidden\" name=\"csrf\" value=\"\(csrf ?? "")\"><input type=\"hidden\" name=\"lang\" value=\"\(l.rawValue)\">"
        let roleOptions = Role.allCases.map { role -> HTML in
            "<option value=\"\(role.rawValue)\">\(roleName(role, l))</option>"
        }.joined()
        let live = Dictionary(grouping: listing.tokens.filter { $0.revokedAt == nil }, by: \.account)

        body += "<h2>\(l.text(.accountsHeading))</h2>"
        body += adminTable(
            "accounts",
            l.text(.accountsHeading),
            [l.text(.accountName), l.text(.roleLabel), l.text(.password), l.text(.liveTokens), l.text(.created)],
            listing.accounts.map { account in
                let tokens = live[account.name]?.count ?? 0
                return [
                    .init(account.name), .init(roleName(account.role, l)), .init(account.hasPassword ? "✓" : "–"),
                    .init("\(tokens)", number: Double(tokens)), .init(minute(account.createdAt)),
                ]
            },
            hasRowHeaders: true
        )
        if listing.accounts.isEmpty { body += "<p>\(l.text(.noAccounts))</p>" }

        body += """
            <h3>\(l.text(.addAccount))</h3>
            <form class="stacked" method="post" action="/admin">\(hidden)<input type="hidden" name="action" value="add">
            <p><label>\(l.text(.accountName)) <input name="name" required maxlength="64"></label>
            <label>\(l.text(.roleLabel)) <select name="role">\(roleOptions)</select></label></p>
            <p><label>\(l.text(.passwordOptional)) <input name="password" type="password" autocomplete="new-password" minlength="12"></label></p>
            <p><button type="submit">\(l.text(.addAccount))</button></p></form>
            <h3>\(l.text(.changeRole))</h3>
            <form class="stacked" method="post" action="/admin">\(hidden)<input type="hidden" name="action" value="role">
            <p><label>\(l.text(.accountName)) <select name="name">\(accountOptions(listing.accounts))</select></label>
            <label>\(l.text(.roleLabel)) <select name="role">\(roleOptions)</select></label>
            <button type="submit">\(l.text(.changeRole))</button></p></form>
            <h3>\(l.text(.removeAccount))</h3>
            <form class="stacked" method="post" action="/admin">\(hidden)<input type="hidden" name="action" value="remove">
            <p><label>\(l.text(.accountName)) <select name="name">\(accountOptions(listing.accounts))</select></label>
            <button type="submit" class="danger">\(l.text(.removeAccount))</button></p></form>
            """

        body += "<h2>\(l.text(.tokensHeading))</h2>"
        let ordered =
            listing.tokens.filter { $0.revokedAt == nil }.reversed()
            + listing.tokens.filter { $0.revokedAt != nil }.reversed()
        let tokenRows = ordered.prefix(200).map { token -> [PageTable.Item] in
            let state: String =
                if let revoked = token.revokedAt {
                    l.text(.tokenRevoked(at: minute(revoked)))
                } else if let expires = token.expiresAt {
                    l.text(.tokenExpires(at: minute(expires)))
                } else {
                    l.text(.tokenLive)
                }
            return [
                .init("\(token.id)", number: Double(token.id)), .init(token.account), .init(roleName(token.role, l)),
                .init(tokenLabel(token, l)), .init(minute(token.createdAt)), .init(state),
            ]
        }
        body += adminTable(
            "tokens",
            l.text(.tokensHeading),
            [
                "#", l.text(.accountName), l.text(.roleLabel), l.text(.tokenLabel), l.text(.created),
                l.text(.tokenState),
            ],
            tokenRows
        )
        let revocable = listing.tokens.filter { $0.revokedAt == nil }.reversed().map { token -> HTML in
            "<option value=\"\(token.id)\">#\(token.id) · \(token.account) · \(tokenLabel(token, l))</option>"
        }.joined()
        if !listing.tokens.contains(where: { $0.revokedAt == nil }) {
            body += "<p>\(l.text(.noLiveTokens))</p>"
        } else {
            body += """
                <form class="stacked" method="post" action="/admin">\(hidden)<input type="hidden" name="action" value="revoke">
                <p><label>\(l.text(.tokenLabel)) <select name="token">\(revocable)</select></label>
                <button type="submit" class="danger">\(l.text(.revokeToken))</button></p></form>
                <p><small>\(l.text(.issueTokensHint))</small></p>
                """
        }

        body += "<h2>\(l.text(.auditHeading(count: listing.events.count)))</h2>"
        body += adminTable(
            "audit",
            l.text(.auditHeading(count: listing.events.count)),
            [
                l.text(.eventTime), l.text(.eventActor), l.text(.eventAction), l.text(.eventSubject),
                l.text(.eventAddress),
            ],
            listing.events.map { event in
                [
                    .init(minute(event.at)), .init(event.actor),
                    .init(event.action, markup: "<code>\(event.action)</code>"),
                    .init(event.subject), .init(event.address),
                ]
            }
        )
        return layout(
            title: l.text(.adminTitle),
            language: l,
            path: "/admin",
            snapshot: nil,
            illustrative: false,
            body: body
        )
    }

    /// One of the admin page's tables: the dashboard's table markup (a region that scrolls sideways,
    /// numbers aligned), under a heading that names it, so its caption is for screen readers.
    private static func adminTable(
        _ name: String,
        _ caption: String,
        _ header: [String],
        _ rows: [[PageTable.Item]],
        hasRowHeaders: Bool = false
    ) -> HTML {
        var table = PageTable(name: name, caption: caption, header: header, rows: rows)
        table.hasRowHeaders = hasRowHeaders
        table.isCaptionShown = false
        return table.html()
    }

    /// A token's label as the page's language says it: a session's in words, others as given.
    static func tokenLabel(_ token: AccountToken, _ l: ReportLanguage) -> String {
        token.label == SessionRules.sessionLabel && token.expiresAt != nil ? l.text(.sessionLabel) : token.label
    }

    static func accountOptions(_ accounts: [Account]) -> HTML {
        accounts.map { account -> HTML in "<option value=\"\(account.name)\">\(account.name)</option>" }.joined()
    }
}
