import Discogs
import Foundation
import Synchronization

/// A faithful fake of api.discogs.com for one account (../shared/reference/discogs-api.md §12):
/// User-Agent required, token auth with the recorded 401, a moving window per client with all
/// three rate headers on every answer and 429s without Retry-After, paginated listings with
/// conditional `urls` and a `Link` header, the recorded 404 bodies, and injected faults. The
/// marketplace side (the inventory pages and the export flow) is in FakeDiscogs+Inventory.swift.
public final class FakeDiscogs: Sendable {
    public struct Options: Sendable {
        public var rateLimit: Int
        public var rateWindow: Double
        public var anonymousRateLimit: Int
        public var baseURL: String
        /// Status polls an inventory export answers with `finished_ts: null` before it is ready.
        public var exportPendingPolls: Int
        /// Discogs refuses pages above 100 of other sellers' inventories only
        /// (error_403_inventory_pagination_cap.json); this applies the cap to the owner too, for
        /// testing how a client copes with it.
        public var capsOwnInventoryPages: Bool

        public init(
            rateLimit: Int = 60, rateWindow: Double = 60, anonymousRateLimit: Int = 25,
            baseURL: String = "https://api.discogs.com", exportPendingPolls: Int = 2,
            capsOwnInventoryPages: Bool = false
        ) {
            self.rateLimit = rateLimit
            self.rateWindow = rateWindow
            self.anonymousRateLimit = anonymousRateLimit
            self.baseURL = baseURL
            self.exportPendingPolls = exportPendingPolls
            self.capsOwnInventoryPages = capsOwnInventoryPages
        }
    }

    /// One answer, and how the wire should deliver it.
    public struct Reply: Sendable {
        public var response: HTTPResponse
        /// Seconds before the answer is sent.
        public var delay: Double = 0
        /// Close the connection instead of answering.
        public var dropConnection = false
    }

    private struct State {
        var account: FakeAccount
        var faults: FaultPlan
        var windows: [String: [Date]] = [:]
        var answered: Set<String> = []
        var stats = FakeStats()
        var exports = InventoryExportJobs()
    }

    public let options: Options
    private let state: Mutex<State>

    public init(account: FakeAccount, options: Options = Options(), faults: FaultPlan = FaultPlan()) {
        self.options = options
        state = Mutex(State(account: account, faults: faults))
    }

    public var account: FakeAccount { state.withLock { $0.account } }
    public var stats: FakeStats { state.withLock { $0.stats } }

    /// Changes the account on "Discogs" (between or during syncs).
    public func change(_ edit: (inout FakeAccount) -> Void) {
        state.withLock { edit(&$0.account) }
    }

    public func setFaults(_ plan: FaultPlan) { state.withLock { $0.faults = plan } }
    public func resetStats() {
        state.withLock {
            $0.stats = FakeStats(); $0.answered = []
        }
    }

    public func respond(to request: HTTPRequest, at now: Date) -> Reply {
        state.withLock { state in respond(to: request, at: now, state: &state) }
    }

    private func respond(to request: HTTPRequest, at now: Date, state: inout State) -> Reply {
        state.stats.requests += 1
        let number = state.stats.requests
        let route = Route(request.url, method: request.method)
        state.stats.byEndpoint[route.kind, default: 0] += 1

        guard let agent = request.headers["User-Agent"], !agent.trimmingCharacters(in: .whitespaces).isEmpty else {
            state.stats.missingUserAgent += 1
            return Reply(response: Self.html(403, title: "Attention Required! | Cloudflare"))
        }
        let token = Self.token(in: request, route: route)
        if let token, token != state.account.token {
            state.stats.unauthorized += 1
            return Reply(response: unauthorized(window: nil))
        }

        // The moving window: requests answered 429 by it do not count in it.
        let client = token ?? "anonymous"
        let limit = token == nil ? options.anonymousRateLimit : options.rateLimit
        var window = state.windows[client, default: []].filter { $0 > now.addingTimeInterval(-options.rateWindow) }
        if window.count >= limit {
            state.stats.rateLimited += 1
            state.windows[client] = window
            return Reply(
                response: Self.json(
                    429, Fixtures.data("error_429_too_many_requests.json"),
                    rate: (limit, window.count)))
        }
        window.append(now)
        state.windows[client] = window
        state.stats.maxUsed = max(state.stats.maxUsed, window.count)
        let rate = (limit, window.count)

        var delay = 0.0
        var truncated = false
        if let fault = state.faults.byRequestNumber[number] ?? state.faults.always[route.identity] {
            state.stats.injected[fault.rawValue, default: 0] += 1
            if fault == .slow { delay = state.faults.slowSeconds }
            if fault == .truncatedJSON { truncated = true }
            if let reply = injected(fault, rate: rate) { return reply }
        }
        var response: HTTPResponse
        switch route.path {
        case .inventoryExports, .inventoryExport, .inventoryExportDownload:
            response = exportAnswer(
                route, request: request, exports: &state.exports, account: state.account, faults: state.faults,
                authenticated: token != nil, now: Int(now.timeIntervalSince1970), rate: rate)
        default:
            guard request.method == "GET" else {
                return Reply(response: Self.json(405, Fixtures.data("error_405_method_not_allowed.json"), rate: rate))
            }
            response = answer(route, account: state.account, authenticated: token != nil, rate: rate)
        }
        if truncated {
            // The work was done (an export was started); only the answer is cut off on the way.
            response.body = response.body.prefix(max(1, response.body.count / 2))
            return Reply(response: response)
        }
        if response.status == 200, delay == 0, route.countsRepeats {
            let key = route.identity
            if state.answered.contains(key) { state.stats.repeatedSuccesses += 1 } else { state.answered.insert(key) }
        }
        return Reply(response: response, delay: delay)
    }

    /// The answer a fault puts in place of the real one; nil for faults that only delay or damage
    /// the real answer.
    private func injected(_ fault: Fault, rate: (Int, Int)) -> Reply? {
        switch fault {
        case .tooManyRequests:
            return Reply(response: Self.json(429, Fixtures.data("error_429_too_many_requests.json"), rate: rate))
        case .tooManyRequestsEmpty:
            return Reply(response: Self.json(429, Data("\n".utf8), rate: rate))
        case .badGatewayHTML:
            return Reply(response: Self.html(502, title: "502 Bad Gateway"))
        case .serverError:
            return Reply(
                response: Self.json(
                    500, Data(#"{"message": "An internal server error occurred. (Malformed query?)"}"#.utf8), rate: rate
                ))
        case .emptyBody:
            return Reply(response: Self.json(200, Data(), rate: rate))
        case .htmlPage:
            var response = Self.html(200, title: "Discogs is down for maintenance")
            Self.addRateHeaders(&response, rate: rate)
            return Reply(response: response)
        case .truncatedJSON, .slow:
            return nil  // answered normally below, cut off or late
        case .dropConnection:
            return Reply(response: HTTPResponse(status: 0), dropConnection: true)
        }
    }

    /// Routes a GET and builds the body, as the owner (`authenticated`) sees it.
    private func answer(_ route: Route, account: FakeAccount, authenticated: Bool, rate: (Int, Int)) -> HTTPResponse {
        func ok(_ body: JSONValue, link: String? = nil) -> HTTPResponse {
            var response = Self.json(200, body.data, rate: rate)
            if let link { response.headers.set("Link", link) }
            return response
        }
        func error(_ status: Int, _ fixture: String) -> HTTPResponse {
            Self.json(status, Fixtures.data(fixture), rate: rate)
        }
        func ownerOnly(_ user: String) -> HTTPResponse? {
            guard user.caseInsensitiveCompare(account.username) == .orderedSame else {
                return error(404, "error_404_user.json")
            }
            return authenticated ? nil : unauthorized(window: rate)
        }

        switch route.path {
        case .identity:
            guard authenticated else { return unauthorized(window: rate) }
            return ok([
                "id": .int(account.userID), "username": .string(account.username),
                "resource_url": .string("\(options.baseURL)/users/\(account.username)"),
                "consumer_name": .string(account.username),
            ])
        case .folders(let user):
            if let refusal = ownerOnly(user) { return refusal }
            var folders: [JSONValue] = [folderJSON(0, "All", count: account.items.count, user: account.username)]
            for folder in account.folders {
                folders.append(
                    folderJSON(
                        folder.id, folder.name, count: account.items.filter { $0.folderID == folder.id }.count,
                        user: account.username))
            }
            return ok(["folders": .array(folders)])
        case .fields(let user):
            if let refusal = ownerOnly(user) { return refusal }
            return ok(FakeAccount.fieldsJSON)
        case .folderReleases(let user, let folder):
            if let refusal = ownerOnly(user) { return refusal }
            guard folder == 0 || account.folders.contains(where: { $0.id == folder }) else {
                return error(404, "error_404_folder.json")
            }
            let items = Self.sorted(account.items.filter { folder == 0 || $0.folderID == folder }, by: route)
            return page(items, key: "releases", route: route, rate: rate) { itemJSON($0, account: account) }
        case .releaseInstances(let user, let releaseID):
            if let refusal = ownerOnly(user) { return refusal }
            let items = account.items.filter { $0.releaseID == releaseID }.sorted { $0.instanceID < $1.instanceID }
            return page(items, key: "releases", route: route, rate: rate) { itemJSON($0, account: account) }
        case .wants(let user):
            if let refusal = ownerOnly(user) { return refusal }
            let wants = account.wants.map { (want: $0, added: FakeAccount.epoch($0.dateAdded) ?? 0) }
                .sorted { ($0.added, $0.want.releaseID) < ($1.added, $1.want.releaseID) }.map(\.want)
            return page(wants, key: "wants", route: route, rate: rate) { wantJSON($0, account: account) }
        case .release(let id):
            if account.deletedReleases.contains(id) { return error(404, "error_404_release_modern.json") }
            return ok(account.release(id: id).fullJSON())
        case .master(let id):
            guard let json = FakeCatalog.masterJSON(id: id) else { return error(404, "error_404_master_modern.json") }
            return ok(json)
        case .inventory(let user):
            guard user.caseInsensitiveCompare(account.username) == .orderedSame else {
                return error(404, "error_404_user.json")
            }
            return inventoryPage(route, account: account, owner: authenticated, rate: rate)
        case .inventoryExports, .inventoryExport, .inventoryExportDownload, .unknown:
            // The export endpoints keep state and are answered by `exportAnswer` before this.
            return error(404, "error_404_not_found.json")
        }
    }

    private func folderJSON(_ id: Int, _ name: String, count: Int, user: String) -> JSONValue {
        [
            "id": .int(id), "name": .string(name), "count": .int(count),
            "resource_url": .string("\(options.baseURL)/users/\(user)/collection/folders/\(id)"),
        ]
    }

    private func itemJSON(_ item: FakeItem, account: FakeAccount) -> JSONValue {
        var json: JSONValue = [
            "id": .int(item.releaseID), "instance_id": .int(item.instanceID), "date_added": .string(item.dateAdded),
            "rating": .int(item.rating), "basic_information": account.release(id: item.releaseID).basicInformation(),
            "folder_id": .int(item.folderID),
        ]
        if !item.notes.isEmpty {
            json["notes"] = .array(
                item.notes.sorted { $0.key < $1.key }.map { ["field_id": .int($0.key), "value": .string($0.value)] })
        }
        return json
    }

    private func wantJSON(_ want: FakeWant, account: FakeAccount) -> JSONValue {
        [
            "id": .int(want.releaseID),
            "resource_url": .string("\(options.baseURL)/users/\(account.username)/wants/\(want.releaseID)"),
            "rating": .int(want.rating), "date_added": .string(want.dateAdded),
            "basic_information": account.release(id: want.releaseID).basicInformation(), "notes": .string(want.notes),
        ]
    }

    /// One page of a listing: `per_page` defaults to 50 and is capped at 100; `urls` holds only
    /// the links that apply; a page past the end is an empty list. Only the page's entries are
    /// rendered as JSON.
    func page<Entry>(
        _ all: [Entry], key: String, route: Route, rate: (Int, Int), render: (Entry) -> JSONValue
    ) -> HTTPResponse {
        let perPage = min(100, max(1, route.query("per_page").flatMap(Int.init) ?? 50))
        let pageNumber = max(1, route.query("page").flatMap(Int.init) ?? 1)
        let pages = max(1, (all.count + perPage - 1) / perPage)
        let start = min(all.count, (pageNumber - 1) * perPage)
        let slice = all[start..<min(all.count, start + perPage)].map(render)
        var urls: [String: JSONValue] = [:]
        var links: [String] = []
        func link(_ rel: String, _ page: Int) {
            let url = route.pageURL(base: options.baseURL, page: page)
            urls[rel] = .string(url)
            links.append("<\(url)>; rel=\"\(rel)\"")
        }
        if pageNumber > 1 {
            link("first", 1)
            link("prev", pageNumber - 1)
        }
        if pageNumber < pages {
            link("next", pageNumber + 1)
            link("last", pages)
        }
        let body: JSONValue = [
            "pagination": [
                "page": .int(pageNumber), "pages": .int(pages), "per_page": .int(perPage), "items": .int(all.count),
                "urls": .object(urls),
            ],
            key: .array(slice),
        ]
        var response = Self.json(200, body.data, rate: rate)
        if !links.isEmpty { response.headers.set("Link", links.joined(separator: ", ")) }
        return response
    }

    static func sorted(_ items: [FakeItem], by route: Route) -> [FakeItem] {
        let ascending = route.query("sort_order") != "desc"
        let keyed = items.map { item -> (FakeItem, Int) in
            switch route.query("sort") {
            case "rating": (item, item.rating)
            case "year": (item, FakeCatalog.release(id: item.releaseID).year ?? 0)
            default: (item, FakeAccount.epoch(item.dateAdded) ?? 0)
            }
        }
        return keyed.sorted { lhs, rhs in
            lhs.1 != rhs.1 ? (lhs.1 < rhs.1) == ascending : lhs.0.instanceID < rhs.0.instanceID
        }.map(\.0)
    }

    func unauthorized(window rate: (Int, Int)?) -> HTTPResponse {
        var response = Self.json(401, Fixtures.data("error_401_unauthenticated.json"), rate: rate)
        response.headers.set("WWW-Authenticate", "OAuth realm=\"https://api.discogs.com\"")
        return response
    }

    static func token(in request: HTTPRequest, route: Route) -> String? {
        if let header = request.headers["Authorization"], header.hasPrefix("Discogs token=") {
            return String(header.dropFirst("Discogs token=".count))
        }
        return route.query("token")
    }

    static func json(_ status: Int, _ body: Data, rate: (limit: Int, used: Int)?) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: body)
        if let rate { addRateHeaders(&response, rate: rate) }
        return response
    }

    static func addRateHeaders(_ response: inout HTTPResponse, rate: (limit: Int, used: Int)) {
        response.headers.set("X-Discogs-Ratelimit", "\(rate.limit)")
        response.headers.set("X-Discogs-Ratelimit-Used", "\(rate.used)")
        response.headers.set("X-Discogs-Ratelimit-Remaining", "\(max(0, rate.limit - rate.used))")
    }

    static func html(_ status: Int, title: String) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "text/html; charset=UTF-8"],
            body: Data(
                "<!DOCTYPE html>\n<html><head><title>\(title)</title></head><body><h1>\(title)</h1></body></html>\n"
                    .utf8))
    }
}
