import ArgumentParser
import Foundation
import SpindleStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show recent sync sessions: what they did, how long they took, what went wrong.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Option(help: "How many sessions to show.") var limit = 10

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
    }

    func run() throws {
        let config = try global.loadConfig()
        let store = try global.openStore(config)
        let (sessions, counts) = try store.read { tx in
            let sessions = try tx.recentSessions(limit: limit)
            return (sessions, try sessions.map { try tx.requestCounts(sessionID: $0.id) })
        }
        let reports = zip(sessions, counts).map(SessionReport.init)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
            return
        }
        guard !reports.isEmpty else {
            print("no syncs yet; run `spindle sync` or `spindle import discogs-csv FILE`")
            return
        }
        print(reports.map(\.line).joined(separator: "\n"))
    }
}

/// One session as `spindle status` shows it.
struct SessionReport: Encodable {
    let id: Int64
    let kinds: [String]
    let mode: String
    let status: String
    let phase: String?
    let startedAt: Date?
    let finishedAt: Date?
    let durationSeconds: Double?
    let requests: Requests
    let counts: [String: Int]
    let notes: [String]
    let error: String?

    struct Requests: Encodable {
        let total: Int
        let completed: Int
        let failed: Int
    }

    enum CodingKeys: String, CodingKey {
        case id, kinds, mode, status, phase, requests, counts, notes, error
        case startedAt = "started_at"
        case finishedAt = "finished_at"
        case durationSeconds = "duration_seconds"
    }

    init(session: SyncSession, counts: RequestCounts) {
        id = session.id
        kinds = session.kinds.map(\.rawValue)
        mode = session.mode.rawValue
        status = session.status.rawValue
        phase = session.phase
        startedAt = session.startedAt
        finishedAt = session.finishedAt
        durationSeconds = session.duration
        requests = Requests(total: counts.total, completed: counts.completed, failed: counts.failed)
        self.counts = session.stats.counters
        notes = session.stats.notes
        error = session.error
    }

    var line: String {
        let started = startedAt.map { $0.formatted(date: .abbreviated, time: .shortened) } ?? "not started"
        var text = "#\(id)  \(started)  \(kinds.joined(separator: "+")) (\(mode))  \(status)"
        if let durationSeconds { text += " in \(DurationText.format(durationSeconds))" }
        if mode != SessionMode.csv.rawValue {
            text += "  \(requests.completed)/\(requests.total) requests"
            if requests.failed > 0 { text += ", \(requests.failed) failed" }
        }
        let added = counts["items_added", default: 0] + counts["wants_added", default: 0]
        let removed = counts["items_removed", default: 0] + counts["wants_removed", default: 0]
        text += "  +\(added) −\(removed)"
        if let error { text += "\n    \(error)" }
        return text
    }
}
