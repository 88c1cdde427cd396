import Foundation

/// Decides who a request comes from, and whether a state change may go ahead: the right
/// credential, a CSRF token where the browser sends the credential on its own, and never from
/// another site.
struct Authenticator: Sendable {
    static let cookieName = "spindle_session"
    static let sessionLifetime: Double = 30 * 24 * 3600

    let secret: SiteSecret?
    let trustRemoteUser: Bool
    /// Signs CSRF tokens: the site secret, else a key that lives as long as the process.
    let signing: SiteSecret
    /// Origins (scheme://host[:port]) besides the request's own host that may post.
    let allowedOrigins: Set<String>

    init(secret: SiteSecret?, trustRemoteUser: Bool, allowedOrigins: Set<String>) {
        self.secret = secret
        self.trustRemoteUser = trustRemoteUser
        self.signing = secret ?? SiteSecret.ephemeral()
        self.allowedOrigins = allowedOrigins
    }

    func identify(_ request: WebRequest, now: Date) -> Caller {
        if let secret, let authorization = request.header("Authorization"),
            authorization.lowercased().hasPrefix("bearer ")
        {
            let token = String(authorization.dropFirst("bearer ".count))
            return secret.matches(token) ? Caller(method: .bearer, user: nil, csrfSubject: nil) : .anonymous
        }
        if trustRemoteUser, let user = request.param("REMOTE_USER") {
            return Caller(method: .remoteUser, user: user, csrfSubject: "user|" + user)
        }
        if let secret, let cookie = request.cookies[Self.cookieName],
            let nonce = SignedToken.verifySession(cookie, now: now, key: secret.key)
        {
            return Caller(method: .cookie, user: nil, csrfSubject: "session|" + nonce)
        }
        return .anonymous
    }

    func csrfToken(for caller: Caller) -> String? {
        caller.csrfSubject.map { SignedToken.csrf(for: $0, key: signing.key) }
    }

    /// Refuses a state change that is not signed in, comes from another site, or lacks the CSRF
    /// token its credential needs.
    func authorizeChange(_ request: WebRequest, caller: Caller, formToken: String?) throws(APIError) {
        try refuseCrossSite(request)
        guard caller.isAuthenticated else { throw APIError.unauthenticated }
        guard caller.needsCSRF else { return }
        let sent = request.header("X-CSRF-Token") ?? formToken
        guard let sent, let expected = csrfToken(for: caller), SignedToken.equal(sent, expected) else {
            throw APIError(403, "csrf", "missing or wrong CSRF token (reload the page and try again)")
        }
    }

    /// A POST that says it comes from another site is refused whatever it carries.
    func refuseCrossSite(_ request: WebRequest) throws(APIError) {
        if request.header("Sec-Fetch-Site")?.lowercased() == "cross-site" {
            throw APIError(403, "cross_origin", "requests from other sites are refused")
        }
        guard let origin = request.header("Origin") else { return }
        if allowedOrigins.contains(origin) { return }
        // nginx's Debian fastcgi_params send $host, without the port: compare host names.
        let own = (request.header("Host") ?? request.param("SERVER_NAME") ?? "").split(separator: ":").first
        guard let url = URL(string: origin), let host = url.host, let own, host.lowercased() == own.lowercased()
        else {
            throw APIError(403, "cross_origin", "requests from \(origin) are refused")
        }
    }

    func sessionCookie(now: Date) -> String? {
        guard let secret else { return nil }
        let value = SignedToken.session(expires: now.addingTimeInterval(Self.sessionLifetime), key: secret.key)
        return "\(Self.cookieName)=\(value); Path=/api; HttpOnly; SameSite=Strict; Max-Age=\(Int(Self.sessionLifetime))"
    }

    static let clearedCookie = "\(cookieName)=; Path=/api; HttpOnly; SameSite=Strict; Max-Age=0"
}
