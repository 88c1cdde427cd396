import Discogs
import FakeDiscogs
import Foundation

/// Talks to a fake over the in-process transport as a Discogs client would, with the account's
/// token unless told otherwise, so the inventory tests read as requests and answers.
struct InventoryClient {
    let fake: FakeDiscogs
    let clock = VirtualClock()
    let base = "https://api.discogs.com"

    init(_ fake: FakeDiscogs) { self.fake = fake }

    init(
        account: FakeAccount, options: FakeDiscogs.Options = .init(rateLimit: 100_000), faults: FaultPlan = FaultPlan()
    ) {
        fake = FakeDiscogs(account: account, options: options, faults: faults)
    }

    /// `path` is either a path under the base or a full URL taken from an answer.
    func send(
        _ method: String = "GET", _ path: String, authenticated: Bool = true, headers extra: HTTPHeaders = [:]
    ) async throws -> HTTPResponse {
        var headers: HTTPHeaders = ["User-Agent": "SpindleTests/1.0 +https://example.org"]
        if authenticated { headers.set("Authorization", "Discogs token=\(fake.account.token)") }
        for (name, value) in extra { headers.set(name, value) }
        let url = URL(string: path.hasPrefix("http") ? path : base + path)!
        return try await InProcessTransport(fake: fake, clock: clock).send(
            HTTPRequest(method: method, url: url, headers: headers))
    }

    func json(_ method: String = "GET", _ path: String, authenticated: Bool = true) async throws -> JSONValue {
        try JSONValue.parse(try await send(method, path, authenticated: authenticated).body)
    }

    /// POSTs an export and polls its status until `finished_ts` is set, as the live client does;
    /// returns the Location and the finished job.
    func runExport(maxPolls: Int = 20) async throws -> (location: String, job: JSONValue, polls: Int) {
        let started = try await send("POST", "/inventory/export")
        guard started.status == 200, let location = started.headers["Location"] else {
            throw InventoryClientError.unexpected("POST /inventory/export answered \(started.status)")
        }
        for poll in 1...maxPolls {
            clock.advance(by: 0.5)
            let job = try JSONValue.parse(try await send("GET", location).body)
            if job["finished_ts"] != .null { return (location, job, poll) }
        }
        throw InventoryClientError.unexpected("export never finished")
    }
}

enum InventoryClientError: Error { case unexpected(String) }

/// An RFC 4180 reader strict about what the recorded export shows: rows end in CRLF, and a bare
/// line feed is allowed only inside a quoted field.
enum StrictCSV {
    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    static func rows(_ data: Data) throws -> [[String]] {
        let scalars = Array(String(decoding: data, as: UTF8.self).unicodeScalars)
        var rows: [[String]] = []
        var row: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                row.append(String(field))
                field = String.UnicodeScalarView()
            case "\r":
                guard index < scalars.count, scalars[index] == "\n" else {
                    throw Malformed(description: "a CR without LF in row \(rows.count + 1)")
                }
                index += 1
                row.append(String(field))
                rows.append(row)
                row = []
                field = String.UnicodeScalarView()
            case "\n": throw Malformed(description: "a bare LF ends row \(rows.count + 1)")
            case "\"": throw Malformed(description: "a quote inside an unquoted field in row \(rows.count + 1)")
            default: field.append(scalar)
            }
        }
        guard !quoted, row.isEmpty, field.isEmpty else { throw Malformed(description: "the last row has no CRLF") }
        return rows
    }
}
