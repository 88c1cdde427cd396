import FastCGI
import Foundation

/// Maps method and path to a route. Paths are few and fixed, so a switch over the path's parts
/// says it all in one place.
struct Router: Sendable {
    let sync: SyncRoutes
    let proxy: ProxyRoutes
    let account: AccountRoutes
    let lists: ListRoutes

    func route(_ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.first == "api" else { throw APIError.notFound("not an API path: \(request.path)") }
        let method = request.method
        let path = Array(parts.dropFirst())
        let id = path.count >= 2 && path[0] == "sync" ? Int64(path[1]) : nil
        switch (path.first ?? "", path.count) {
        case ("health", 1):
            try expect(method, "GET")
            return account.health()
        case ("session", 1):
            try expect(method, "GET")
            return account.session(request, caller: caller)
        case ("login", 1):
            try expect(method, "POST")
            return try account.login(request, now: now)
        case ("logout", 1):
            try expect(method, "POST")
            return try account.logout(request, caller: caller)
        case ("sync", 1):
            try expect(method, "POST")
            return try sync.start(request, caller: caller, now: now)
        case ("sync", 2) where path[1] == "new":
            try expect(method, "GET")
            return sync.newSyncPage(request, caller: caller)
        case ("sync", 2) where path[1] == "active":
            try expect(method, "GET")
            return try sync.active(caller: caller)
        case ("sync", 2):
            try expect(method, "GET")
            return try sync.progress(try sessionID(id, path[1]), caller: caller, now: now)
        case ("sync", 3) where path[2] == "status":
            try expect(method, "GET")
            return try sync.statusPage(try sessionID(id, path[1]), caller: caller)
        case ("sync", 3) where path[2] == "cancel":
            try expect(method, "POST")
            return try sync.cancel(try sessionID(id, path[1]), request, caller: caller, now: now)
        case ("sync", 3) where path[2] == "resume":
            try expect(method, "POST")
            return try sync.resume(try sessionID(id, path[1]), request, caller: caller, now: now)
        case ("proxy", 2) where path[1] == "next":
            try expect(method, "GET")
            return try proxy.next(request, caller: caller, now: now)
        case ("proxy", 2) where path[1] == "response":
            try expect(method, "POST")
            return try proxy.deliver(request, caller: caller, now: now)
        case ("lists", 1):
            try expect(method, "GET")
            return try lists.all(caller: caller)
        case ("lists", 2):
            let name = path[1].removingPercentEncoding ?? path[1]
            switch method {
            case "GET", "HEAD": return try lists.one(name, caller: caller)
            case "PUT": return try lists.save(name, request, caller: caller, now: now)
            case "DELETE": return try lists.delete(name, request, caller: caller)
            default: throw APIError.methodNotAllowed("GET, PUT, DELETE")
            }
        default:
            throw APIError.notFound("no such endpoint: \(request.path) (see docs/api.md)")
        }
    }

    private func expect(_ method: String, _ allowed: String) throws(APIError) {
        guard method == allowed || (allowed == "GET" && method == "HEAD") else {
            throw APIError.methodNotAllowed(allowed)
        }
    }

    private func sessionID(_ id: Int64?, _ text: String) throws(APIError) -> Int64 {
        guard let id, id > 0 else { throw APIError.notFound("no sync \(text)") }
        return id
    }
}
