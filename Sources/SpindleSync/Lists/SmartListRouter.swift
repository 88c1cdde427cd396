import Foundation
import SpindleStore

/// Distributes a base's items into its smart lists at the end of every sync that changed the
/// base: one transaction per base (wipe and replace every list, events, an audit row). A failed
/// rebuild rolls back, leaving the lists as they were, and is recorded as failed.
public struct SmartListRouter: Sendable {
    public struct Outcome: Sendable {
        public var base: ListBase
        public var rebuild: ListRebuild?
        public var error: String?
    }

    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    /// Rebuilds the lists of the bases a sync of `kinds` touched (nil: every base).
    @discardableResult
    public func rebuild(
        accountID: Int64, kinds: [SyncKind]?, sessionID: Int64?, now: Date, only: ListBase? = nil
    ) -> [Outcome] {
        let bases: [ListBase]
        do { bases = try store.read { try $0.smartListBases(accountID: accountID) } } catch {
            return [Outcome(base: .collection, rebuild: nil, error: "\(error)")]
        }
        return bases.filter { base in
            (kinds.map { Self.touches($0, base) } ?? true) && (only.map { $0 == base } ?? true)
        }
        .map { base in
            do {
                let rebuild = try store.write { tx in
                    try tx.rebuildSmartLists(accountID: accountID, base: base, sessionID: sessionID, now: now)
                }
                return Outcome(base: base, rebuild: rebuild, error: nil)
            } catch {
                let message = "\((error as? StoreError)?.underlying ?? error)"
                try? store.write { tx in
                    try tx.recordFailedListRebuild(
                        accountID: accountID, base: base, sessionID: sessionID, error: message, startedAt: now,
                        now: Date())
                }
                return Outcome(base: base, rebuild: nil, error: message)
            }
        }
    }

    /// Whether a sync of `kinds` changes the items of `base`.
    static func touches(_ kinds: [SyncKind], _ base: ListBase) -> Bool {
        switch base {
        case .collection, .folder: kinds.contains(.collection)
        case .wantlist: kinds.contains(.wantlist)
        case .inventory: false
        }
    }
}
