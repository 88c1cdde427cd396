import Foundation
import SpindleStore

/// Turns what the upserts of one transaction did into `sync_changes` rows and session counters.
/// Counters are gathered in memory and written once, by `flush`, at the end of the transaction.
final class ChangeRecorder {
    private let tx: StoreTransaction
    private let sessionID: Int64
    private let now: Date
    private var counts: [SessionCounter: Int] = [:]
    private var notes: [String] = []

    init(tx: StoreTransaction, sessionID: Int64, now: Date) {
        self.tx = tx
        self.sessionID = sessionID
        self.now = now
    }

    func count(_ counter: SessionCounter, _ amount: Int = 1) { counts[counter, default: 0] += amount }
    func note(_ text: String) { notes.append(text) }

    /// Records an item upsert: added, restored, moved, rating, notes (or just "unchanged").
    func item(_ write: RowWrite<ItemDiff>, _ values: ItemValues, accountID: Int64) throws {
        func change(_ kind: ChangeKind, _ old: String? = nil, _ new: String? = nil) throws {
            try record(
                .collection, kind, instanceID: values.instanceID, releaseID: values.releaseID, old, new, accountID)
        }
        let diff: ItemDiff
        switch write {
        case .unchanged:
            return count(.itemsUnchanged)
        case .added:
            count(.itemsAdded)
            return try change(.added, nil, String(values.folderID))
        case .restored(let restored):
            count(.itemsRestored)
            try change(.restored, nil, String(values.folderID))
            diff = restored
        case .changed(let changed):
            diff = changed
        }
        if let folder = diff.folder {
            count(.itemsMoved)
            try change(.moved, String(folder.old), String(folder.new))
        }
        if let rating = diff.rating {
            count(.itemsRatingChanged)
            try change(.rating, String(rating.old), String(rating.new))
        }
        if let notes = diff.notes {
            count(.itemsNotesChanged)
            try change(.notes, NotesText.encode(notes.old), NotesText.encode(notes.new))
        }
    }

    /// Records a want upsert: added, restored, rating, notes (or just "unchanged").
    func want(_ write: RowWrite<WantDiff>, releaseID: Int, accountID: Int64) throws {
        func change(_ kind: ChangeKind, _ old: String? = nil, _ new: String? = nil) throws {
            try record(.wantlist, kind, instanceID: nil, releaseID: releaseID, old, new, accountID)
        }
        let diff: WantDiff
        switch write {
        case .unchanged:
            return count(.wantsUnchanged)
        case .added:
            count(.wantsAdded)
            return try change(.added)
        case .restored(let restored):
            count(.wantsRestored)
            try change(.restored)
            diff = restored
        case .changed(let changed):
            count(.wantsChanged)
            diff = changed
        }
        if let rating = diff.rating { try change(.rating, String(rating.old), String(rating.new)) }
        if let notes = diff.notes { try change(.notes, notes.old, notes.new) }
    }

    /// Soft-deletes an item and records its removal.
    func removeItem(_ item: ItemRef, accountID: Int64) throws {
        try tx.softDeleteItem(accountID: accountID, instanceID: item.instanceID, sessionID: sessionID, now: now)
        count(.itemsRemoved)
        try record(
            .collection, .removed, instanceID: item.instanceID, releaseID: item.releaseID, String(item.folderID), nil,
            accountID)
    }

    /// Soft-deletes a want and records its removal.
    func removeWant(releaseID: Int, accountID: Int64) throws {
        try tx.softDeleteWant(accountID: accountID, releaseID: releaseID, sessionID: sessionID, now: now)
        count(.wantsRemoved)
        try record(.wantlist, .removed, instanceID: nil, releaseID: releaseID, nil, nil, accountID)
    }

    /// Writes the gathered counters and notes into the session, once.
    func flush() throws {
        guard !counts.isEmpty || !notes.isEmpty else { return }
        let (counts, notes) = (self.counts, self.notes)
        try tx.updateStats(sessionID) { stats in
            for (counter, amount) in counts { stats[counter] += amount }
            stats.notes += notes
        }
        self.counts = [:]
        self.notes = []
    }

    private func record(
        _ target: ChangeTarget, _ kind: ChangeKind, instanceID: Int?, releaseID: Int, _ old: String?, _ new: String?,
        _ accountID: Int64
    ) throws {
        try tx.recordChange(
            SyncChange(
                sessionID: sessionID, target: target, kind: kind, instanceID: instanceID, releaseID: releaseID,
                oldValue: old, newValue: new),
            accountID: accountID, now: now)
    }
}

/// Notes as they are written into `sync_changes`: `{"1": "Mint (M)"}`, keys sorted.
enum NotesText {
    static func encode(_ notes: [Int: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let keyed = Dictionary(uniqueKeysWithValues: notes.map { (String($0.key), $0.value) })
        return (try? encoder.encode(keyed)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
