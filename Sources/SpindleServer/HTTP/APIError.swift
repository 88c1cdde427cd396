import Foundation

/// An error as the API reports it: `{"error": {"code", "message"}}` with the matching status.
struct APIError: Error, Encodable, Sendable {
    let status: Int
    let code: String
    let message: String
    /// The running session, for `sync_running`.
    var sessionID: Int64?
    /// How a finished session ended, for `session_finished`.
    var sessionStatus: String?
    var headers: [(name: String, value: String)] = []

    init(_ status: Int, _ code: String, _ message: String, sessionID: Int64? = nil, sessionStatus: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.sessionID = sessionID
        self.sessionStatus = sessionStatus
    }

    enum CodingKeys: String, CodingKey {
        case code, message
        case sessionID = "sessionId"
        case sessionStatus = "status"
    }

    static func badRequest(_ message: String) -> APIError { APIError(400, "bad_request", message) }
    static func notFound(_ message: String = "no such resource") -> APIError { APIError(404, "not_found", message) }
    static let unauthenticated = APIError(
        401, "unauthenticated", "sign in at /api/login, or send Authorization: Bearer <site secret>")
    static func methodNotAllowed(_ allowed: String) -> APIError {
        var error = APIError(405, "method_not_allowed", "use \(allowed)")
        error.headers = [("Allow", allowed)]
        return error
    }
}
