import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The encoded progress of recent sessions, so that many clients polling a status page cost one
/// database read per session every quarter second rather than one per poll. A finished session
/// whose pages are live (or will not be rebuilt) no longer changes and is kept until evicted.
///
/// Every status request reads it, from as many threads as nginx has connections open: a
/// readers-writer lock lets the reads run side by side (a plain mutex made them queue, and under
/// wrk spinning on it was a quarter of the server's CPU).
final class ProgressCache: @unchecked Sendable {
    // @unchecked Sendable: `entries` is only touched under `lock`.
    struct Entry {
        let body: [UInt8]
        let madeAt: Date
        let final: Bool
    }

    static let maxAge = 0.25
    private static let capacity = 256
    private var entries: [Int64: Entry] = [:]
    private let lock = UnsafeMutablePointer<pthread_rwlock_t>.allocate(capacity: 1)

    init() { pthread_rwlock_init(lock, nil) }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func body(for id: Int64, now: Date) -> [UInt8]? {
        pthread_rwlock_rdlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        guard let entry = entries[id], entry.final || now.timeIntervalSince(entry.madeAt) < Self.maxAge else {
            return nil
        }
        return entry.body
    }

    func store(_ body: [UInt8], for id: Int64, final: Bool, now: Date) {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
        entries[id] = Entry(body: body, madeAt: now, final: final)
    }

    /// After a change the caller made itself (cancel, resume, a delivered answer): the next read
    /// is fresh.
    func forget(_ id: Int64) {
        pthread_rwlock_wrlock(lock)
        defer { pthread_rwlock_unlock(lock) }
        entries.removeValue(forKey: id)
    }
}
