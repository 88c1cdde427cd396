/// Failures the fake injects, as the real API and its edge produce them.
public enum Fault: String, Sendable, Codable, CaseIterable {
    /// 429 with the JSON message and no Retry-After.
    case tooManyRequests = "429"
    /// 429 with an empty body ("\n"), as seen in 2026.
    case tooManyRequestsEmpty = "429-empty"
    /// 502 with an HTML page from the edge, no rate headers.
    case badGatewayHTML = "502-html"
    /// 500 with the JSON message Discogs sends.
    case serverError = "500"
    /// 200 with an empty body.
    case emptyBody = "empty"
    /// 200 with the JSON cut off half-way.
    case truncatedJSON = "truncated"
    /// 200 with a maintenance HTML page.
    case htmlPage = "html"
    /// The answer comes after `FaultPlan.slowSeconds`.
    case slow
    /// The connection closes without an answer.
    case dropConnection = "drop"
}

/// Which requests fail, by their number in arrival order (1-based), so a test knows exactly how
/// many retries the faults should cost.
public struct FaultPlan: Sendable, Equatable {
    public var byRequestNumber: [Int: Fault]
    /// Faults that hit every request for a resource, keyed by path and page:
    /// `/users/Username/collection/folders/0/releases?page=3`, `/releases/100037?page=1`; a request
    /// other than GET by its method too: `POST /inventory/export?page=1` fails every export request.
    public var always: [String: Fault]
    public var slowSeconds: Double
    /// Inventory exports, by their number in the order they were requested (1-based), that end
    /// with status "failure" and no file: the export answers fine, but the client must fall back.
    public var failingExports: Set<Int>

    public init(
        _ byRequestNumber: [Int: Fault] = [:], always: [String: Fault] = [:], slowSeconds: Double = 45,
        failingExports: Set<Int> = []
    ) {
        self.byRequestNumber = byRequestNumber
        self.always = always
        self.slowSeconds = slowSeconds
        self.failingExports = failingExports
    }

    /// Every `interval`-th request from `start` on, cycling through `faults`, up to `count` faults.
    public static func every(
        _ interval: Int, startingAt start: Int = 5, cycling faults: [Fault] = Fault.allCases, count: Int,
        slowSeconds: Double = 45
    ) -> FaultPlan {
        var plan: [Int: Fault] = [:]
        for index in 0..<count { plan[start + index * interval] = faults[index % faults.count] }
        return FaultPlan(plan, slowSeconds: slowSeconds)
    }

    /// Parses `N:fault,N:fault` (the `discogs-fake --faults` option).
    public init?(spec: String) {
        var plan: [Int: Fault] = [:]
        for part in spec.split(separator: ",") where !part.isEmpty {
            let pieces = part.split(separator: ":", maxSplits: 1)
            guard pieces.count == 2, let number = Int(pieces[0]), let fault = Fault(rawValue: String(pieces[1])) else {
                return nil
            }
            plan[number] = fault
        }
        self.init(plan)
    }
}

/// What the fake saw: the numbers tests assert on.
public struct FakeStats: Sendable, Equatable, Codable {
    /// Every request that reached the fake.
    public var requests = 0
    /// Requests by endpoint kind ("identity", "folders", "fields", "collection_page", "instances",
    /// "wants_page", "release", "master", "inventory_page", "inventory_export_start",
    /// "inventory_export_status", "inventory_export_download", "inventory_exports", "other").
    public var byEndpoint: [String: Int] = [:]
    /// 429s the fake's own moving window gave (pacing failures), not injected ones.
    public var rateLimited = 0
    /// Faults injected, by kind.
    public var injected: [String: Int] = [:]
    /// Successful answers to a URL that had already been answered successfully.
    public var repeatedSuccesses = 0
    /// The most requests ever counted in one window.
    public var maxUsed = 0
    public var unauthorized = 0
    public var missingUserAgent = 0

    public var injectedTotal: Int { injected.values.reduce(0, +) }
}
