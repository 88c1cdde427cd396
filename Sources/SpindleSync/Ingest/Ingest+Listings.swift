import Discogs
import Foundation
import SpindleStore

extension Ingest {
    /// A page of a folder: every item stored at once (before any release is fetched), its release
    /// queued when unknown, stale or changed, and the rest of the folder's pages planned.
    /// An item that arrives exactly as the last sync stored it (same bytes, same listing) is
    /// unchanged: it is counted and its release checked, without decoding or writing it.
    func storeCollectionPage(_ page: ListingPage, scope: SyncScope, _ context: Context) throws {
        let account = try context.account()
        let known = try context.tx.listingFingerprints(accountID: account.id, instanceIDs: page.items.map(\.instanceID))
        let releases = try ReleaseFacts(releaseIDs: page.items.map(\.releaseID), in: context.tx)
        for item in page.items {
            let fingerprint = item.fingerprint(scope: scope.text)
            if let last = known[item.instanceID], last.isActive, last.listing == fingerprint, let summary = last.summary
            {
                context.count(.itemsUnchanged)
                try considerRelease(
                    id: item.releaseID, summaryHash: summary, summary: { try decode(item).basicInformation }, context,
                    known: releases)
                continue
            }
            try storeItem(
                try decode(item), listedIn: scope, account: account, context, listing: fingerprint, known: releases)
        }
        try context.tx.markSeen(sessionID: context.session.id, scope: scope.text, keys: page.items.map(\.instanceID))
        try finishPage(page.pagination, of: scope, account: account, context)
    }

    private func decode(_ item: ListingPage.Item) throws -> CollectionItem {
        do { return try item.decoded() } catch {
            throw IngestError.unreadable("item \(item.instanceID): \(Payload.describe(error))")
        }
    }

    /// A page of the wantlist, with the same rules as a collection page.
    func storeWantsPage(_ page: WantsPage, _ context: Context) throws {
        let account = try context.account()
        for want in page.wants {
            let values = WantValues(
                releaseID: want.releaseID, rating: want.rating, dateAdded: want.dateAdded, notes: want.notes)
            let write = try context.tx.upsertWant(
                accountID: account.id, values, sessionID: context.session.id, now: context.now)
            try context.changes.want(write, releaseID: want.releaseID, accountID: account.id)
            try considerRelease(want.basicInformation, context)
        }
        try context.tx.markSeen(
            sessionID: context.session.id, scope: SyncScope.wantlist.text, keys: page.wants.map(\.releaseID))
        try finishPage(page.pagination, of: .wantlist, account: account, context)
    }

    /// Every copy of one release, asked for when copies went missing from a listing: copies still
    /// listed are stored (a move is recorded as one), copies not listed are removed.
    func storeReleaseInstances(_ page: CollectionPage, of releaseID: Int, scope: SyncScope, _ context: Context) throws {
        let account = try context.account()
        let copies = page.releases.filter { $0.releaseID == releaseID }
        for item in copies {
            try storeItem(item, listedIn: scope, account: account, context)
        }
        let listed = Set(copies.map(\.instanceID))
        for item in try context.tx.activeItems(accountID: account.id, releaseID: releaseID)
        where !listed.contains(item.instanceID) {
            try context.changes.removeItem(item, accountID: account.id)
        }
    }

    /// `listing` is the item's fingerprint in a page (nil for a single release's copies).
    private func storeItem(
        _ item: CollectionItem, listedIn scope: SyncScope, account: Account, _ context: Context,
        listing: String? = nil, known: ReleaseFacts? = nil
    ) throws {
        let folderID = try item.folderID ?? folder(of: item, listedIn: scope, account: account, context)
        let values = ItemValues(
            instanceID: item.instanceID, releaseID: item.releaseID, folderID: folderID, rating: item.rating,
            dateAdded: item.dateAdded,
            notes: Dictionary(item.notes.map { ($0.fieldID, $0.value) }, uniquingKeysWith: { _, last in last }))
        let summary = Self.summaryHash(item.basicInformation)
        let write = try context.tx.upsertItem(
            accountID: account.id, values, source: .api, sessionID: context.session.id, now: context.now,
            fingerprint: listing.map { ListingFingerprint(listing: $0, summary: summary) })
        try context.changes.item(write, values, accountID: account.id)
        try considerRelease(
            id: item.basicInformation.id, summaryHash: summary, summary: { item.basicInformation }, context,
            known: known)
    }

    /// Items listed without `folder_id` (not the owner's view): the folder being walked, else the
    /// folder already stored, else Uncategorized.
    private func folder(
        of item: CollectionItem, listedIn scope: SyncScope, account: Account, _ context: Context
    ) throws
        -> Int
    {
        if case .folder(let id) = scope, id != Folder.allFolderID { return id }
        return try context.tx.item(accountID: account.id, instanceID: item.instanceID)?.values.folderID
            ?? Folder.uncategorizedFolderID
    }

    private func finishPage(_ pagination: Pagination, of scope: SyncScope, account: Account, _ context: Context) throws
    {
        let known = try context.tx.scope(sessionID: context.session.id, scope: scope.text)?.pages
        try context.tx.recordScopePage(
            sessionID: context.session.id, scope: scope.text, pages: pagination.pages, items: pagination.items)
        try planner.planRemainingPages(
            of: scope, reportedPages: pagination.pages, knownPages: known, session: context.session, account: account,
            in: context.tx, now: context.now)
    }
}
