import Foundation

/// How `spindle serve` behaves (from `[server]` in spindle.toml).
public struct ServerSettings: Sendable {
    /// nil: only `REMOTE_USER` (when trusted) can change anything.
    public var secret: SiteSecret?
    /// Trust the user nginx authenticated (`auth_basic`) and passed as REMOTE_USER.
    public var trustRemoteUser = false
    /// Progress may be read without signing in.
    public var publicStatus = true
    /// How long a proxy client has to answer a leased request.
    public var leaseSeconds = 60.0
    /// Origins besides the request's own host whose pages may post (e.g. the site's base_url).
    public var allowedOrigins: Set<String> = []
    /// How often sessions are checked for idle clients and timeouts.
    public var supervisionSeconds = 15.0

    public init(secret: SiteSecret?) {
        self.secret = secret
    }
}
