import FastCGI
import Foundation
import SpindleStore
import SpindleSync

/// Starting, following, cancelling and resuming syncs.
struct SyncRoutes: Sendable {
    let service: SyncService
    let auth: Authenticator
    let publicStatus: Bool
    let directAvailable: Bool

    func start(_ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        let options = try StartOptions(request)
        try auth.authorizeChange(request, caller: caller, formToken: options.csrf)
        let session = try service.start(options.request, mode: options.mode, now: now)
        if request.isForm { return WebResponse.redirect(to: "/api/sync/\(session.id)/status") }
        return WebResponse.json(202, try service.report(session.id), headers: [("Location", "/api/sync/\(session.id)")])
    }

    func progress(_ id: Int64, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        try mayRead(caller)
        return WebResponse.json(200, encoded: try service.reportJSON(id, now: now))
    }

    func statusPage(_ id: Int64, caller: Caller) throws(APIError) -> FastCGIResponse {
        guard publicStatus || caller.isAuthenticated else {
            return WebResponse.html(401, HTMLPage.signIn(next: "/api/sync/\(id)/status"))
        }
        let report = try service.report(id)
        let csrf = caller.isAuthenticated ? (auth.csrfToken(for: caller) ?? "") : nil
        return WebResponse.html(200, HTMLPage.status(report, csrf: csrf))
    }

    func active(caller: Caller) throws(APIError) -> FastCGIResponse {
        try mayRead(caller)
        return WebResponse.json(200, ["sessions": try service.activeReports()])
    }

    func cancel(_ id: Int64, _ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        try change(id, request, caller: caller) { () throws(APIError) in _ = try service.cancel(id, now: now) }
    }

    func resume(_ id: Int64, _ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        try change(id, request, caller: caller) { () throws(APIError) in _ = try service.resume(id, now: now) }
    }

    func newSyncPage(_ request: WebRequest, caller: Caller) -> FastCGIResponse {
        guard caller.isAuthenticated, let csrf = auth.csrfToken(for: caller) ?? (caller.method == .bearer ? "" : nil)
        else {
            return WebResponse.html(200, HTMLPage.signIn(next: "/api/sync/new"))
        }
        return WebResponse.html(200, HTMLPage.syncForm(csrf: csrf, directAvailable: directAvailable))
    }

    private func change(
        _ id: Int64, _ request: WebRequest, caller: Caller, _ body: () throws(APIError) -> Void
    ) throws(APIError) -> FastCGIResponse {
        try auth.authorizeChange(request, caller: caller, formToken: request.form["csrf"]?.first)
        try body()
        if request.isForm { return WebResponse.redirect(to: "/api/sync/\(id)/status") }
        return WebResponse.json(200, try service.report(id))
    }

    private func mayRead(_ caller: Caller) throws(APIError) {
        guard publicStatus || caller.isAuthenticated else { throw APIError.unauthenticated }
    }
}

/// The fields of `POST /api/sync`, from JSON or a form.
struct StartOptions {
    var request: SyncRequest
    var mode: SessionMode
    var csrf: String?

    init(_ web: WebRequest) throws(APIError) {
        var kind = "all"
        var folders: [Int] = []
        var full = false
        var mode: String
        if web.isJSON || (!web.isForm && !web.body.isEmpty) {
            guard let object = web.jsonObject else { throw APIError.badRequest("the body is not a JSON object") }
            kind = try Self.field(object, "kind", as: String.self) ?? kind
            folders = try Self.field(object, "folders", as: [Int].self) ?? []
            full = try Self.field(object, "full", as: Bool.self) ?? false
            mode = try Self.field(object, "mode", as: String.self) ?? "proxy"
            csrf = try Self.field(object, "csrf", as: String.self)
        } else {
            let form = web.form
            kind = form["kind"]?.first ?? kind
            folders = try (form["folders"] ?? []).map { text throws(APIError) -> Int in
                guard let id = Int(text) else { throw APIError.badRequest("folders: \(text) is not a folder id") }
                return id
            }
            full = ["on", "true", "1"].contains(form["full"]?.first ?? "")
            mode = form["mode"]?.first ?? "direct"
            csrf = form["csrf"]?.first
        }
        let kinds: [SyncKind]
        switch kind {
        case "all": kinds = [.collection, .wantlist]
        case "collection": kinds = [.collection]
        case "wantlist": kinds = [.wantlist]
        case "inventory": kinds = [.inventory]
        case "everything": kinds = [.collection, .wantlist, .inventory]
        default:
            throw APIError.badRequest("kind must be collection, wantlist, inventory, all or everything, not \(kind)")
        }
        switch mode {
        case "proxy": self.mode = .proxy
        case "direct": self.mode = .direct
        default: throw APIError.badRequest("mode must be proxy or direct, not \(mode)")
        }
        if kinds == [.wantlist], !folders.isEmpty { throw APIError.badRequest("folders apply to the collection only") }
        request = SyncRequest(kinds: kinds, folders: folders, full: full)
    }

    private static func field<T>(_ object: [String: Any], _ name: String, as type: T.Type) throws(APIError) -> T? {
        guard let value = object[name], !(value is NSNull) else { return nil }
        guard let typed = value as? T else { throw APIError.badRequest("\(name) has the wrong type") }
        return typed
    }
}
