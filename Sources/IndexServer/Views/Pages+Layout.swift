import Foundation
import IndexCore
import IndexReport
import IndexStore

extension Pages {
    static func layout(
        title: String,
        language l: ReportLanguage,
        path: String,
        query: Query = Query(nil),
        snapshot: DashboardSnapshot?,
        illustrative: Bool,
        body: HTML
    ) -> String {
        let other: ReportLanguage = l == .zh ? .en : .zh
        let links: [(String, DashboardMessage)] = [
            ("/", .overview), ("/regions", .regions), ("/compare", .compare), ("/framework", .frameworkNav),
            ("/data", .data), ("/runs", .runs), ("/upload", .upload),
        ]
        let nav = links.map { href, label -> HTML in
            let current: HTML = href == path ? " aria-current=\"page\"" : HTML()
            return "<a href=\"\(link(href, l))\"\(current)>\(l.text(label))</a>"
        }.joined(separator: " ")
        var jump = HTML()
        if let snapshot, let section = snapshot.latestRegional {
            let options = section.units.map { unit -> HTML in "<option value=\"\(l.pick(unit.name))\"></option>" }
                .joined()
            jump = """
                <form class="jump" action="/jump" method="get" role="search"><input type="hidden" name="lang" value="\(l.rawValue)">\
                <label for="jump-to">\(l.text(.goToRegion))</label> \
                <input id="jump-to" name="q" list="unit-names" autocomplete="off" placeholder="\(l.text(.jumpPlaceholder))">\
                <datalist id="unit-names">\(options)</datalist> <button type="submit">\(l.text(.go))</button></form>
                """
        }
        let note: HTML =
            illustrative ? "<p class=\"illustrative\" role=\"note\">\(l.illustrativeNote)</p>" : HTML()
        let switchLanguage = path + query.with(["lang": other.rawValue])
        let page: HTML = """
            <!DOCTYPE html>
            <html lang="\(l == .zh ? "zh-CN" : "en")">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) · IIDEI</title>\(csrfMeta())
            <style>
            \(Asset.dashboardCSS.markup)</style></head>
            <body data-scroll-hint="\(l.text(.scrollForMoreColumns))">
            <a class="skip" href="#main">\(l.text(.skipToContent))</a>
            <header class="site"><nav aria-label="\(l.text(.mainNavigation))">\(nav)</nav>\(jump)<a class="lang" href="\(switchLanguage)" lang="\(other == .zh ? "zh-CN" : "en")">\(l == .zh ? "English" : "中文")</a>\(sessionArea(path: path, l))</header>
            \(note)
            <main id="main"><h1>\(title)</h1>
            \(body)
            </main>
            <div id="tip" role="tooltip" hidden></div>
            <script>
            \(Asset.dashboardJS.markup)</script>
            </body></html>
            """
        return page.rendered
    }

    /// Who is signed in, with the admin page's link for an admin and a sign-out button; or a sign-in
    /// link that comes back to this page. Read from the request being answered
    /// (``RequestIdentity/current``): a page is rendered for one reader, never cached.
    static func sessionArea(path: String, _ l: ReportLanguage) -> HTML {
        let identity = RequestIdentity.current
        guard identity.session != nil, let principal = identity.principal else {
            guard path != "/signin" else { return HTML() }
            let next = path.isEmpty ? [:] : ["next": path]
            return "<a class=\"session\" href=\"\(link("/signin", l, next))\">\(l.text(.signIn))</a>"
        }
        let admin: HTML =
            principal.role >= .admin
            ? "<a href=\"\(link("/admin", l))\"\(path == "/admin" ? " aria-current=\"page\"" : "")>\(l.text(.adminNav))</a> "
            : HTML()
        return
            "<span class=\"session\">\(admin)<span>\(principal.name) · \(roleName(principal.role, l))</span> \(signOutForm(l))</span>"
    }

    /// The session's anti-forgery token for the page's scripts (``CrossSiteGuard``), when signed in.
    static func csrfMeta() -> HTML {
        guard let token = Session.csrfToken() else { return HTML() }
        return "<meta name=\"csrf-token\" content=\"\(token)\">"
    }

    /// A page that could not be found (an unknown region, period or name), in the page's language,
    /// with the site's navigation and quick jump so the reader can go on.
    static func notFound(_ message: String, snapshot: DashboardSnapshot?, _ l: ReportLanguage) -> String {
        errorPage(title: l.text(.pageNotFound), lead: message, detail: nil, snapshot: snapshot, l)
    }

    /// A refused request as a page: what its status means in the page's language, then the error's
    /// own message (English, as the API gives it) folded away as the technical detail.
    static func problem(
        title: String,
        status: Int,
        message: String,
        snapshot: DashboardSnapshot?,
        _ l: ReportLanguage
    ) -> String {
        errorPage(
            title: title,
            lead: l.text(.refusal(status: status)),
            detail: "<code>HTTP \(status)</code> \(message)",
            snapshot: snapshot,
            l
        )
    }

    private static func errorPage(
        title: String,
        lead: String,
        detail: HTML?,
        snapshot: DashboardSnapshot?,
        _ l: ReportLanguage
    ) -> String {
        var body: HTML = "<p role=\"alert\">\(lead)</p>"
        if let detail { body += "<details><summary>\(l.text(.technicalDetail))</summary><p>\(detail)</p></details>" }
        body += "<p><a href=\"\(link("/", l))\">\(l.text(.backToOverview))</a></p>"
        return layout(title: title, language: l, path: "", snapshot: snapshot, illustrative: false, body: body)
    }
}
