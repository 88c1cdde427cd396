import Discogs
import Foundation
import SpindleStore

/// Imports a Discogs collection CSV for users without a token (and for the demo): items, folders,
/// notes fields and release summaries, all in one transaction, recorded as a session with the
/// changes it made. A re-import of the same file changes nothing; copies missing from a newer
/// file are soft-deleted, like a sync would.
///
/// The CSV has no instance ids, so each row gets a stable synthetic one (negative, so it can never
/// collide with Discogs's): −(release id × 1000 + n) for the n-th copy of that release in the file.
public struct CollectionCSVImporter: Sendable {
    let store: Store

    public init(store: Store) { self.store = store }

    public struct Summary: Sendable, Equatable {
        public var sessionID: Int64
        public var rows: Int
        public var added: Int
        public var changed: Int
        public var unchanged: Int
        public var removed: Int
        public var skipped: [DiscogsCollectionCSV.Problem]
    }

    public func importFile(
        _ csv: DiscogsCollectionCSV, username: String, skipInvalid: Bool, now: Date
    ) throws(CSVImportError) -> Summary {
        if !csv.problems.isEmpty, !skipInvalid { throw .invalidRows(csv.problems) }
        do {
            var accountID: Int64 = 0
            var sessionID: Int64 = 0
            let summary = try store.write { tx in
                let account = try tx.upsertAccount(username: username, discogsUserID: nil, now: now)
                accountID = account.id
                let session = try tx.createSession(
                    kinds: [.collection], folders: [], full: false, mode: .csv, ownerPID: nil, ownerHost: nil, now: now)
                try tx.setSessionAccount(session.id, accountID: account.id)
                sessionID = session.id
                try tx.startSession(session.id, ownerPID: nil, ownerHost: nil, now: now)
                let fields = try ensureFields(csv.fieldNames, account: account, tx)
                let folders = try ensureFolders(csv.rows.map(\.folder), account: account, tx)

                var summary = Summary(
                    sessionID: session.id, rows: csv.rows.count, added: 0, changed: 0, unchanged: 0, removed: 0,
                    skipped: csv.problems)
                let changes = ChangeRecorder(tx: tx, sessionID: session.id, now: now)
                var copies: [Int: Int] = [:]
                var seen: Set<Int> = []
                for row in csv.rows {
                    copies[row.releaseID, default: 0] += 1
                    let instanceID = -(row.releaseID * 1000 + copies[row.releaseID]!)
                    seen.insert(instanceID)
                    let values = ItemValues(
                        instanceID: instanceID, releaseID: row.releaseID, folderID: folders[row.folder.lowercased()]!,
                        rating: row.rating, dateAdded: row.dateAdded,
                        notes: Dictionary(
                            row.notes.map { (fields[$0.field]!, $0.value) }, uniquingKeysWith: { _, last in last }))
                    let write = try tx.upsertItem(
                        accountID: account.id, values, source: .csv, sessionID: session.id, now: now)
                    try changes.item(write, values, accountID: account.id)
                    switch write {
                    case .added: summary.added += 1
                    case .changed, .restored: summary.changed += 1
                    case .unchanged: summary.unchanged += 1
                    }
                    let info = summaryInformation(row)
                    try tx.upsertReleaseSummary(info, basicHash: ContentHash.of(info), source: .csv, now: now)
                }
                for instanceID in try tx.activeItemIDs(accountID: account.id, source: .csv)
                where !seen.contains(instanceID) {
                    guard let item = try tx.item(accountID: account.id, instanceID: instanceID) else { continue }
                    try tx.softDeleteItem(
                        accountID: account.id, instanceID: instanceID, sessionID: session.id, now: now)
                    try tx.recordChange(
                        SyncChange(
                            sessionID: session.id, target: .collection, kind: .removed, instanceID: instanceID,
                            releaseID: item.values.releaseID),
                        accountID: account.id, now: now)
                    summary.removed += 1
                }
                try tx.updateStats(session.id) { stats in
                    stats[.itemsAdded] = summary.added
                    stats[.itemsUnchanged] = summary.unchanged
                    stats[.itemsRemoved] = summary.removed
                    stats.notes += csv.problems.map { "skipped \($0.description)" }
                }
                try tx.finishSession(
                    session.id, status: csv.problems.isEmpty ? .completed : .completedWithErrors,
                    error: csv.problems.isEmpty ? nil : "\(csv.problems.count) row(s) skipped", now: now)
                return summary
            }
            SmartListRouter(store: store).rebuild(
                accountID: accountID, kinds: [.collection], sessionID: sessionID, now: now)
            return summary
        } catch {
            throw .store(error)
        }
    }

    /// Maps the file's field names to field ids: the account's own where the names match, the
    /// Discogs defaults otherwise, new ids for the rest.
    private func ensureFields(_ names: [String], account: Account, _ tx: StoreTransaction) throws -> [String: Int] {
        try tx.ensureDefaultCustomFields(accountID: account.id)
        var known = try tx.customFields(accountID: account.id)
        var ids: [String: Int] = [:]
        for name in names {
            if let field = known.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) {
                ids[name] = field.id
            } else {
                let field = CustomField(
                    id: (known.map(\.id).max() ?? 0) + 1, name: name, type: "textarea",
                    position: (known.map(\.position).max() ?? 0) + 1, isPublic: false)
                known.append(field)
                ids[name] = field.id
            }
        }
        try tx.replaceCustomFields(accountID: account.id, with: known)
        return ids
    }

    /// Maps folder names to ids: Uncategorized is 1, folders the account has keep their ids, new
    /// names get a stable negative id derived from the name.
    private func ensureFolders(_ names: [String], account: Account, _ tx: StoreTransaction) throws -> [String: Int] {
        let existing = try tx.folders(accountID: account.id, includeInactive: true)
        var ids: [String: Int] = [:]
        for raw in Set(names) {
            let name = raw.isEmpty ? "Uncategorized" : raw
            let id =
                existing.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.id
                ?? (name.caseInsensitiveCompare("Uncategorized") == .orderedSame
                    ? Folder.uncategorizedFolderID : Self.syntheticFolderID(name))
            try tx.ensureFolder(accountID: account.id, folder: Folder(id: id, name: name))
            ids[raw.lowercased()] = id
        }
        try tx.ensureFolder(accountID: account.id, folder: Folder(id: Folder.allFolderID, name: "All"))
        return ids
    }

    static func syntheticFolderID(_ name: String) -> Int {
        var hash: UInt32 = 2_166_136_261  // FNV-1a: stable across runs, unlike Hasher
        for byte in name.lowercased().utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return -Int(hash % 1_000_000) - 1
    }

    /// What the CSV says about a release, as a summary: enough to show it until it is fetched.
    private func summaryInformation(_ row: DiscogsCollectionCSV.Row) -> BasicInformation {
        let labels = row.label.components(separatedBy: ", ")
        let catnos = row.catalogNumber.components(separatedBy: ", ")
        let pairs = labels.count == catnos.count ? Array(zip(labels, catnos)) : [(row.label, row.catalogNumber)]
        let formatParts = row.format.components(separatedBy: ", ").filter { !$0.isEmpty }
        return BasicInformation(
            id: row.releaseID, title: row.title, year: Int(row.released.prefix(4)).flatMap { $0 == 0 ? nil : $0 },
            formats: formatParts.first.map { [Self.format($0, descriptions: Array(formatParts.dropFirst()))] } ?? [],
            labels: pairs.filter { !$0.0.isEmpty }.map {
                EntityCredit(id: nil, name: $0.0, catno: $0.1.isEmpty ? nil : $0.1)
            },
            artists: row.artist.isEmpty ? [] : [ArtistCredit(id: nil, name: row.artist)])
    }

    /// "2xLP" → Format(name: "LP", qty: "2").
    private static func format(_ text: String, descriptions: [String]) -> Format {
        if let x = text.firstIndex(of: "x"), let quantity = Int(text[..<x]) {
            return Format(
                name: String(text[text.index(after: x)...]), qty: String(quantity), descriptions: descriptions)
        }
        return Format(name: text, qty: "1", descriptions: descriptions)
    }
}

public enum CSVImportError: Error, Sendable, CustomStringConvertible {
    case invalidRows([DiscogsCollectionCSV.Problem])
    case store(StoreError)

    public var description: String {
        switch self {
        case .invalidRows(let problems):
            let shown = problems.prefix(10).map(\.description).joined(separator: "\n  ")
            let more = problems.count > 10 ? "\n  … and \(problems.count - 10) more" : ""
            return "the file has \(problems.count) unreadable row(s); nothing was imported:\n  \(shown)\(more)\n"
                + "Fix them, or run again with --skip-invalid to import the rest."
        case .store(let error): return "\(error)"
        }
    }
}
