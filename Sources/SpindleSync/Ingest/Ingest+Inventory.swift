import Discogs
import Foundation
import SpindleStore

extension Ingest {
    /// The export is running: poll it (its id from Location, or, where a browser cannot read
    /// that header, from the list of recent exports).
    func exportStarted(location: String?, _ context: Context) throws {
        if let location, let id = URL(string: location).flatMap({ Int($0.lastPathComponent) }) {
            try enqueue(
                NewRequest(purpose: .inventoryExportStatus, url: url(.inventoryExport(id: id)), subjectID: id), context)
        } else {
            try enqueue(NewRequest(purpose: .inventoryExports, url: url(.inventoryExports)), context)
        }
    }

    /// The newest export is the one this session started.
    func exportListed(_ list: InventoryExportList, _ context: Context) throws {
        guard let job = list.items.max(by: { $0.id < $1.id }) else {
            throw IngestError.fatal("Discogs lists no inventory export after starting one")
        }
        try enqueue(
            NewRequest(purpose: .inventoryExportStatus, url: url(.inventoryExport(id: job.id)), subjectID: job.id),
            context)
    }

    /// Not finished: ask again later, waiting longer each time (1 s, 2 s, 4 s … up to a minute).
    /// Finished: download it. Failed: the sync fails with Discogs' word for it.
    func exportPolled(_ job: InventoryExportJob, request: APIRequest, _ context: Context) throws {
        if job.succeeded {
            try enqueue(
                NewRequest(
                    purpose: .inventoryDownload, url: url(.inventoryExportDownload(id: job.id)), subjectID: job.id),
                context)
        } else if job.isFinished {
            context.changes.note(
                "the inventory export \(job.id) ended with status \(job.status ?? "unknown"); the inventory was read page by page"
            )
            try planInventoryPages(session: context.session, in: context.tx, now: context.now)
        } else {
            let polls = context.session.stats[.inventoryPolls]
            context.count(.inventoryPolls)
            let delay = min(pow(2, Double(polls)), 60)
            try context.tx.pollAgain(request.id, notBefore: context.now.addingTimeInterval(delay))
        }
    }

    func planInventoryPages(session: SyncSession, in tx: StoreTransaction, now: Date) throws {
        try Planner(settings: settings).planInventoryPages(session: session, in: tx, now: now)
    }

    /// A page of listings: kept until the last one is in, then applied like the export's CSV.
    func storeInventoryPage(_ page: InventoryPage, request: APIRequest, _ context: Context) throws {
        let account = try context.account()
        var currency = try context.tx.accountCurrency(account.id)
        if currency == nil, let first = page.listings.lazy.compactMap({ $0.price?.currency }).first {
            currency = first
            try context.tx.setAccountCurrency(account.id, first)
        }
        let number = page.pagination.page
        if number == 1, page.pagination.pages > 1 {
            for next in 2...page.pagination.pages {
                try enqueue(
                    NewRequest(
                        purpose: .inventoryPage,
                        url: url(.inventory(username: account.username, page: next, perPage: settings.perPage)),
                        page: next),
                    context)
            }
        }
        let listings = page.listings.map { InventoryListing(page: $0, currency: currency) }
        guard
            let all = try context.tx.stageInventoryPage(
                sessionID: context.session.id, page: number, pages: max(page.pagination.pages, 1), listings)
        else { return }
        try apply(all, context)
    }

    /// The whole inventory at once: applied as a complete snapshot (unchanged listings are not
    /// written, missing ones soft-deleted, returning ones restored).
    func storeInventory(_ data: Data, _ context: Context) throws {
        let account = try context.account()
        let currency = try context.tx.accountCurrency(account.id)
        let listings: [InventoryListing]
        do { listings = try InventoryExportCSV.listings(data, currency: currency) } catch {
            throw IngestError.unreadable(error.description)
        }
        try apply(listings, context)
    }

    private func apply(_ listings: [InventoryListing], _ context: Context) throws {
        let account = try context.account()
        let changes = try context.tx.applyInventorySnapshot(
            accountID: account.id, listings, sessionID: context.session.id, now: context.now)
        // Display fields stay as Discogs gave them; catalogue links come from what is known.
        try context.tx.linkListings(accountID: account.id)
        context.count(.listingsAdded, changes.added)
        context.count(.listingsUpdated, changes.updated)
        context.count(.listingsUnchanged, changes.unchanged)
        context.count(.listingsRemoved, changes.removed)
        context.count(.listingsRestored, changes.restored)
    }

    private func enqueue(_ request: NewRequest, _ context: Context) throws {
        _ = try context.tx.enqueue(request, sessionID: context.session.id, now: context.now)
    }

    private func url(_ endpoint: Endpoint) -> String {
        endpoint.url(base: settings.baseURL).absoluteString
    }
}

extension RequestPurpose {
    /// The steps of the export flow, any of which failing sends the sync to the pages instead.
    var isInventoryExport: Bool {
        [.inventoryExportStart, .inventoryExports, .inventoryExportStatus, .inventoryDownload].contains(self)
    }
}

extension InventoryListing {
    /// A listing as the owner's inventory page gives it.
    init(page listing: InventoryPage.Listing, currency: String?) {
        self.init(listingID: listing.id, status: listing.status)
        releaseID = listing.release?.id
        price = listing.price?.value
        self.currency = listing.price?.currency ?? currency
        condition = listing.condition
        sleeveCondition = listing.sleeveCondition
        comments = listing.comments.flatMap { $0.isEmpty ? nil : $0 }
        location = listing.location.flatMap { $0.isEmpty ? nil : $0 }
        quantity = listing.quantity
        weight = listing.weight
        formatQuantity = listing.formatQuantity
        externalID = listing.externalID.flatMap { $0.isEmpty ? nil : $0 }
        acceptOffer = listing.allowOffers
        posted = listing.posted
        postedAt = listing.posted.flatMap(DiscogsDate.parse)
        artist = listing.release?.artist
        title = listing.release?.title
        label = listing.release?.label
        catno = listing.release?.catalogNumber
        format = listing.release?.format
    }
}
