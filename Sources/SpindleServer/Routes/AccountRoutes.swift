import FastCGI
import Foundation

/// Signing in and out, who is signed in, and liveness.
struct AccountRoutes: Sendable {
    let auth: Authenticator
    let version: String
    let databaseReadable: @Sendable () -> Bool

    func health() -> FastCGIResponse {
        let ok = databaseReadable()
        return WebResponse.json(
            ok ? 200 : 503,
            ["status": ok ? "ok" : "degraded", "version": version, "database": ok ? "ok" : "unreadable"])
    }

    struct SessionBody: Encodable {
        let authenticated: Bool
        let method: String?
        let user: String?
        let csrf: String?
        let loginUrl: String
    }

    func session(_ request: WebRequest, caller: Caller) -> FastCGIResponse {
        WebResponse.json(
            200,
            SessionBody(
                authenticated: caller.isAuthenticated, method: caller.method?.rawValue, user: caller.user,
                csrf: auth.csrfToken(for: caller), loginUrl: "/api/login"))
    }

    func login(_ request: WebRequest, now: Date) throws(APIError) -> FastCGIResponse {
        try auth.refuseCrossSite(request)
        let fields =
            request.isForm
            ? request.form : (request.jsonObject ?? [:]).compactMapValues { ($0 as? String).map { [$0] } }
        let next = Self.localPath(fields["next"]?.first) ?? "/sync/"
        guard let secret = auth.secret else {
            throw APIError(403, "no_secret", "sign-in is off: the server has no site secret (server.secret_file)")
        }
        guard let given = fields["secret"]?.first, secret.matches(given), var cookie = auth.sessionCookie(now: now)
        else {
            if request.isForm {
                return WebResponse.html(401, HTMLPage.signIn(next: next, message: "That is not the site secret."))
            }
            throw APIError(401, "wrong_secret", "that is not the site secret")
        }
        if request.param("REQUEST_SCHEME") == "https" || request.param("HTTPS") == "on" { cookie += "; Secure" }
        return WebResponse.redirect(to: next, headers: [("Set-Cookie", cookie)])
    }

    func logout(_ request: WebRequest, caller: Caller) throws(APIError) -> FastCGIResponse {
        try auth.authorizeChange(request, caller: caller, formToken: request.form["csrf"]?.first)
        let next = Self.localPath(request.form["next"]?.first) ?? "/"
        return WebResponse.redirect(to: next, headers: [("Set-Cookie", Authenticator.clearedCookie)])
    }

    /// Only a path on this site may be a redirect target (no `//evil.example`, no scheme).
    static func localPath(_ text: String?) -> String? {
        guard let text, text.hasPrefix("/"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.contains("\r"), !text.contains("\n")
        else { return nil }
        return text
    }
}
