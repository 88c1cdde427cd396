import Discogs
import Foundation
import SpindleStore

/// Decides which requests a session needs, and writes them into the request queue. The plan
/// unfolds as answers arrive: identity → folders → notes fields → page 1 of each listing → the
/// remaining pages → releases from the queue, a batch at a time.
struct Planner: Sendable {
    let settings: SyncSettings

    /// The first request of a new session.
    func planStart(session: SyncSession, in tx: StoreTransaction, now: Date) throws {
        try tx.enqueue(NewRequest(purpose: .identity, url: url(.identity)), sessionID: session.id, now: now)
    }

    /// Once the account is known: its folders (for the collection) and its wantlist's first page.
    func planAfterIdentity(session: SyncSession, account: Account, in tx: StoreTransaction, now: Date) throws {
        if session.kinds.contains(.collection) {
            try tx.enqueue(
                NewRequest(purpose: .folders, url: url(.folders(username: account.username))),
                sessionID: session.id, now: now)
        }
        if session.kinds.contains(.wantlist) {
            try beginListing(.wantlist, session: session, account: account, in: tx, now: now)
        }
        if session.kinds.contains(.inventory) {
            if settings.inventoryMethod == .pages {
                try planInventoryPages(session: session, in: tx, now: now)
            } else {
                // The CSV's prices carry no currency: learn the seller's once, from one listing.
                if try tx.accountCurrency(account.id) == nil {
                    try tx.enqueue(
                        NewRequest(
                            purpose: .inventoryCurrency,
                            url: url(.inventory(username: account.username, page: 1, perPage: 1))),
                        sessionID: session.id, now: now)
                }
                // One CSV of the whole inventory, however large: a handful of requests.
                try tx.enqueue(
                    NewRequest(purpose: .inventoryExportStart, url: url(.inventoryExportStart)),
                    sessionID: session.id, now: now)
            }
        }
    }

    /// Once the folders are known: the notes fields, and page 1 of every chosen folder.
    func planAfterFolders(session: SyncSession, account: Account, in tx: StoreTransaction, now: Date) throws {
        try tx.enqueue(
            NewRequest(purpose: .customFields, url: url(.customFields(username: account.username))),
            sessionID: session.id, now: now)
        let folders = session.folders.isEmpty ? [Folder.allFolderID] : session.folders
        for folder in folders {
            try beginListing(.folder(folder), session: session, account: account, in: tx, now: now)
        }
    }

    /// After a page: every page the listing reported that is not queued yet.
    func planRemainingPages(
        of scope: SyncScope, reportedPages: Int, knownPages: Int?, session: SyncSession, account: Account,
        in tx: StoreTransaction, now: Date
    ) throws {
        let first = max(knownPages ?? 1, 1) + 1
        guard reportedPages >= first else { return }
        for page in first...reportedPages {
            try tx.enqueue(pageRequest(scope, page: page, account: account), sessionID: session.id, now: now)
        }
    }

    /// Turns the next batch of queued releases into requests. Returns how many were added.
    /// Releases a dump import holds are taken off the queue first (zero requests for them).
    func planReleaseBatch(session: SyncSession, in tx: StoreTransaction, now: Date) throws -> Int {
        let fromDump = try tx.resolveQueuedReleasesFromDumps()
        if fromDump > 0 { try tx.updateStats(session.id) { $0[.releasesFromDump] += fromDump } }
        var added = 0
        for id in try tx.takeQueuedReleases(limit: settings.releaseBatchSize) {
            let request = NewRequest(purpose: .release, url: url(.release(id: id)), subjectID: id)
            if try tx.enqueue(request, sessionID: session.id, now: now) { added += 1 }
        }
        return added
    }

    /// Once the releases are in: the masters that lists need (`master_year`) and no table has.
    /// Each comes from the metadata cache when it holds a fresh answer (no request), else from
    /// the API; an unreadable cache entry is treated as missing. Returns the requests added.
    func planEnrichment(session: SyncSession, in tx: StoreTransaction, now: Date) throws -> Int {
        // Once per session: the counters say it has been done (its requests may still be running).
        // Checked first: this is asked again each time a session runs out of other work.
        guard session.stats[.cacheHits] + session.stats[.cacheMisses] == 0 else { return 0 }
        guard let accountID = session.accountID, try tx.listsNeedMasters(accountID: accountID) else { return 0 }
        var hits = 0
        var added = 0
        for (id, stored) in try tx.mastersNeeded(accountID: accountID) {
            if case .fresh(let body) = try tx.cachedMetadata(.master, id: id, policy: settings.metadataCache, now: now),
                let master = Ingest.cachedMaster(body)
            {
                if !stored { try Ingest.writeMaster(master, in: tx, now: now) }
                hits += 1
                continue
            }
            let request = NewRequest(purpose: .master, url: url(.master(id: id)), subjectID: id)
            if try tx.enqueue(request, sessionID: session.id, now: now) { added += 1 }
        }
        if hits > 0 || added > 0 {
            try tx.updateStats(session.id) { stats in
                stats[.cacheHits] += hits
                stats[.cacheMisses] += added
            }
        }
        return added
    }

    /// Page 1 of the inventory (the others follow once it says how many there are): the
    /// fallback when the export fails, or the method chosen in [inventory].
    func planInventoryPages(session: SyncSession, in tx: StoreTransaction, now: Date) throws {
        guard let accountID = session.accountID, let account = try tx.account(id: accountID) else { return }
        _ = try tx.enqueue(
            NewRequest(
                purpose: .inventoryPage,
                url: url(.inventory(username: account.username, page: 1, perPage: settings.perPage)), page: 1),
            sessionID: session.id, now: now)
    }

    /// Asks where the copies of a release went, to tell a removal from a move.
    func planInstanceCheck(
        releaseID: Int, scope: SyncScope, session: SyncSession, account: Account, in tx: StoreTransaction, now: Date
    ) throws {
        try tx.enqueue(
            NewRequest(
                purpose: .releaseInstances,
                url: url(.releaseInstances(username: account.username, releaseID: releaseID)), scope: scope.text,
                subjectID: releaseID),
            sessionID: session.id, now: now)
    }

    private func beginListing(
        _ scope: SyncScope, session: SyncSession, account: Account, in tx: StoreTransaction, now: Date
    ) throws {
        try tx.beginScope(sessionID: session.id, scope: scope.text)
        try tx.enqueue(pageRequest(scope, page: 1, account: account), sessionID: session.id, now: now)
    }

    private func pageRequest(_ scope: SyncScope, page: Int, account: Account) -> NewRequest {
        switch scope {
        case .folder(let folder):
            NewRequest(
                purpose: .collectionPage,
                url: url(
                    .folderReleases(username: account.username, folderID: folder, page: page, perPage: settings.perPage)
                ),
                scope: scope.text, page: page)
        case .wantlist:
            NewRequest(
                purpose: .wantsPage,
                url: url(.wants(username: account.username, page: page, perPage: settings.perPage)),
                scope: scope.text, page: page)
        }
    }

    private func url(_ endpoint: Endpoint) -> String { endpoint.url(base: settings.baseURL).absoluteString }
}
