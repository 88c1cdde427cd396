import Foundation
import SpindleStore

/// The marketplace inventory: `/for-sale/` (newest listed first) and `/for-sale/price/`
/// (cheapest first), paginated like the collection, and `/for-sale/history/` (the newest
/// listings sold or withdrawn). No For sale pages without active listings, no history page
/// without removed ones.
struct ForSalePages {
    let catalog: SiteCatalog
    let settings: SiteSettings

    func planned(global: String) -> [PlannedPage] {
        let inventory = catalog.inventory
        var pages: [PlannedPage] = []
        if !inventory.active.isEmpty {
            let entries = inventory.active.map { entry($0) }
            for sort in ForSaleSort.allCases {
                pages += self.pages(sort.ordered(entries), sort: sort, global: global)
            }
        }
        if !inventory.removed.isEmpty { pages.append(history(global: global)) }
        return pages
    }

    // MARK: - Models

    /// A listing with what the pages need of it: its model (`listing` in docs/templates.md, without
    /// the card), its release's entry when the site has one, and its price for sorting.
    struct Entry: Sendable {
        let model: Model
        let release: CatalogRelease?
        let price: Double?

        /// Fingerprint part: the listing and the card it shows.
        var fingerprint: String { Fingerprint.canonical(model) + "|" + (release?.cardFingerprint ?? "") }
    }

    func entry(_ stored: StoredListing) -> Entry {
        let listing = stored.listing
        var model = common(stored)
        if let comments = listing.comments, !comments.isEmpty { model["comments"] = comments }
        if let quantity = listing.quantity, quantity > 1 { model["quantity"] = quantity }
        if let label = listing.label, !label.isEmpty { model["label"] = label }
        if let catno = listing.catno, !catno.isEmpty, catno.lowercased() != "none" { model["catno"] = catno }
        if let format = listing.format, !format.isEmpty { model["format"] = format }
        if let posted = listing.postedAt {
            model["posted"] = Names.day(posted)
            model["posted_iso"] = ISO8601DateFormatter.string(
                from: posted, timeZone: .gmt, formatOptions: .withInternetDateTime)
        }
        if let id = listing.releaseID { model["discogs_release_url"] = "https://www.discogs.com/release/\(id)" }
        return Entry(model: model, release: listing.releaseID.flatMap { catalog.releases[$0] }, price: listing.price)
    }

    /// What every listing's model has: `{id, url, status, status_class, title, artist?, price?,
    /// condition?, sleeve_condition?, grade?, release_url?}`.
    private func common(_ stored: StoredListing) -> Model {
        let listing = stored.listing
        let release = listing.releaseID.flatMap { catalog.releases[$0] }
        let title = listing.title.flatMap { $0.isEmpty ? nil : $0 } ?? release?.release.title
        var model: Model = [
            "id": listing.listingID, "url": InventoryCatalog.discogsURL(listing), "status": listing.status,
            "status_class": InventoryCatalog.statusClass(listing), "title": title ?? "Listing \(listing.listingID)",
        ]
        let artist =
            listing.artist.flatMap { $0.isEmpty ? nil : Names.display($0) }
            ?? release?.release.artists.first.map { Names.display($0.displayName) }
        if let artist { model["artist"] = artist }
        if let price = catalog.inventory.price(listing) { model["price"] = price }
        if let condition = listing.condition, !condition.isEmpty { model["condition"] = condition }
        if let sleeve = listing.sleeveCondition, !sleeve.isEmpty { model["sleeve_condition"] = sleeve }
        if let grade = InventoryCatalog.grade(listing) { model["grade"] = grade }
        if let url = release?.url { model["release_url"] = url }
        return model
    }

    /// The badges of a release's page, one per active listing: `[{text, url, status_class}]`
    /// (`For sale: €12.50 (VG+/VG+)`).
    static func badges(_ releaseID: Int, catalog: SiteCatalog) -> [Model] {
        (catalog.inventory.byRelease[releaseID] ?? []).map { stored in
            let listing = stored.listing
            let status = InventoryCatalog.isForSale(listing) ? "For sale" : listing.status
            var text = status
            if let price = catalog.inventory.price(listing) { text += ": \(price)" }
            if let grade = InventoryCatalog.grade(listing) { text += " (\(grade))" }
            return [
                "text": text, "url": InventoryCatalog.discogsURL(listing),
                "status_class": InventoryCatalog.statusClass(listing),
            ]
        }
    }

    // MARK: - Pages

    private func pages(_ entries: [Entry], sort: ForSaleSort, global: String) -> [PlannedPage] {
        let count = entries.count
        let countText = "\(count) \(Shapes.noun(count, "listing"))"
        let historyURL = catalog.inventory.removed.isEmpty ? nil : Routes.forSaleHistory
        return Shapes.pages(entries, base: sort.base, size: settings.itemsPerPage).map { page in
            let meta = PageMeta(
                title: page.title("For sale"), kind: "for-sale", url: page.url,
                description: "\(countText) on the Discogs marketplace")
            let parts =
                [global, "for-sale", sort.rawValue, page.position, "\(count)", historyURL ?? ""]
                + page.items.map(\.fingerprint)
            return PlannedPage.html(page.url, "for-sale", meta, parts) { cards in
                let sorts: [Model] = ForSaleSort.allCases.map {
                    ["label": $0.label, "url": $0.base, "current": $0 == sort]
                }
                var model: Model = [
                    "count": count, "count_text": countText, "sorts": sorts,
                    "listings": page.items.map { entry -> Model in
                        var model = entry.model
                        if let release = entry.release { model["card"] = cards.model(release) }
                        return model
                    },
                ]
                model["history_url"] = historyURL
                model["pagination"] = page.pagination
                return model
            }
        }
    }

    private func history(global: String) -> PlannedPage {
        let removed = catalog.inventory.removed
        let entries = removed.map { stored -> Model in
            var model = common(stored)
            if let removedAt = stored.removedAt {
                model["removed"] = Names.day(removedAt)
                model["removed_iso"] = ISO8601DateFormatter.string(
                    from: removedAt, timeZone: .gmt, formatOptions: .withInternetDateTime)
            }
            return model
        }
        let forSaleURL = catalog.inventory.active.isEmpty ? nil : Routes.forSale
        var model: Model = ["listings": entries, "count": entries.count]
        model["for_sale_url"] = forSaleURL
        let meta = PageMeta(
            title: "Sold or withdrawn", kind: "for-sale-history", url: Routes.forSaleHistory,
            description: "Listings no longer on the Discogs marketplace, most recent first")
        let page = model
        return PlannedPage.html(
            Routes.forSaleHistory, "for-sale-history", meta, [global, Fingerprint.canonical(page)]
        ) { _ in page }
    }
}

/// The orders of the For sale pages.
enum ForSaleSort: String, CaseIterable, Sendable {
    case added, price

    var label: String {
        switch self {
        case .added: "Newest listed"
        case .price: "Price"
        }
    }

    var base: String { self == .added ? Routes.forSale : "\(Routes.forSale)price/" }

    /// Listings come newest first; by price the cheapest come first, those without a price last,
    /// equal prices newest first.
    func ordered(_ entries: [ForSalePages.Entry]) -> [ForSalePages.Entry] {
        switch self {
        case .added:
            return entries
        case .price:
            return entries.enumerated().sorted { a, b in
                let (x, y) = (a.element.price ?? .infinity, b.element.price ?? .infinity)
                return x != y ? x < y : a.offset < b.offset
            }.map(\.element)
        }
    }
}
