import Foundation
import GRDB

public enum ChangeTarget: String, Sendable, Codable {
    case collection, wantlist
}

public enum ChangeKind: String, Sendable, Codable, CaseIterable {
    case added, removed, moved, rating, notes, restored
}

/// One thing a sync changed: the source of the sync-history pages.
public struct SyncChange: Sendable, Equatable {
    public var sessionID: Int64
    public var target: ChangeTarget
    public var kind: ChangeKind
    public var instanceID: Int?
    public var releaseID: Int
    public var oldValue: String?
    public var newValue: String?

    public init(
        sessionID: Int64, target: ChangeTarget, kind: ChangeKind, instanceID: Int?, releaseID: Int,
        oldValue: String? = nil, newValue: String? = nil
    ) {
        self.sessionID = sessionID
        self.target = target
        self.kind = kind
        self.instanceID = instanceID
        self.releaseID = releaseID
        self.oldValue = oldValue
        self.newValue = newValue
    }
}

extension SyncChange {
    init(row: Row) {
        self.init(
            sessionID: row["session_id"], target: ChangeTarget(rawValue: row["target"]) ?? .collection,
            kind: ChangeKind(rawValue: row["change"]) ?? .added, instanceID: row["instance_id"],
            releaseID: row["release_id"], oldValue: row["old_value"], newValue: row["new_value"])
    }
}

extension StoreTransaction {
    public func recordChange(_ change: SyncChange, accountID: Int64, now: Date) throws {
        try execute(
            """
            INSERT INTO sync_changes (session_id, account_id, target, change, instance_id, release_id, old_value,
                new_value, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                change.sessionID, accountID, change.target.rawValue, change.kind.rawValue, change.instanceID,
                change.releaseID, change.oldValue, change.newValue, now,
            ])
    }

    public func changes(sessionID: Int64) throws -> [SyncChange] {
        try rows("SELECT * FROM sync_changes WHERE session_id = ? ORDER BY id", [sessionID]).map(SyncChange.init(row:))
    }
}
