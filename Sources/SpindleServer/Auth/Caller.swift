import Foundation

/// Who sent a request, as far as the server can tell.
struct Caller: Sendable {
    enum Method: String, Sendable {
        case bearer
        case cookie
        case remoteUser = "remote_user"
    }

    /// nil for an anonymous visitor.
    let method: Method?
    let user: String?
    /// What the CSRF token is bound to; nil when the credential is not ambient (bearer).
    let csrfSubject: String?

    static let anonymous = Caller(method: nil, user: nil, csrfSubject: nil)

    var isAuthenticated: Bool { method != nil }
    /// Browsers add cookies and basic-auth credentials on their own, so those requests must also
    /// prove they come from our own pages.
    var needsCSRF: Bool { method == .cookie || method == .remoteUser }
}
