import Foundation
import Synchronization

/// The encoded progress of recent sessions, so that many clients polling a status page cost one
/// database read per session every quarter second rather than one per poll. A finished session
/// whose pages are live (or will not be rebuilt) no longer changes and is kept until evicted.
final class ProgressCache: Sendable {
    struct Entry {
        let body: [UInt8]
        let madeAt: Date
        let final: Bool
    }

    static let maxAge = 0.25
    private static let capacity = 256
    private let entries = Mutex<[Int64: Entry]>([:])

    func body(for id: Int64, now: Date) -> [UInt8]? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.final || now.timeIntervalSince(entry.madeAt) < Self.maxAge else {
                return nil
            }
            return entry.body
        }
    }

    func store(_ body: [UInt8], for id: Int64, final: Bool, now: Date) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = Entry(body: body, madeAt: now, final: final)
        }
    }

    /// After a change the caller made itself (cancel, resume, a delivered answer): the next read
    /// is fresh.
    func forget(_ id: Int64) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
