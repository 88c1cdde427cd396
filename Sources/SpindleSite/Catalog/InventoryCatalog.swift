import Foundation
import SpindleStore

/// The marketplace inventory as the site shows it: active listings (the For sale pages and the
/// badges on release pages) and the newest removed ones (sold or withdrawn).
struct InventoryCatalog: Sendable {
    /// Active listings, newest posted first.
    let active: [StoredListing]
    /// Removed listings, most recently removed first (at most `removedShown`).
    let removed: [StoredListing]
    /// The account's currency, for listings stored without one (the export CSV gives none).
    let currency: String?
    /// Active listings by release, in `active` order.
    let byRelease: [Int: [StoredListing]]

    /// Sold or withdrawn listings the history shows.
    static let removedShown = 100

    init(_ inventory: SiteInventory = SiteInventory()) {
        active = inventory.active
        removed = inventory.removed
        currency = inventory.currency
        var byRelease: [Int: [StoredListing]] = [:]
        for stored in inventory.active {
            guard let id = stored.listing.releaseID else { continue }
            byRelease[id, default: []].append(stored)
        }
        self.byRelease = byRelease
    }

    /// Releases with a listing that is for sale right now (not a draft or an expired one): their
    /// cards say so.
    var releasesForSale: Set<Int> {
        Set(byRelease.filter { $0.value.contains { Self.isForSale($0.listing) } }.keys)
    }

    static func isForSale(_ listing: InventoryListing) -> Bool {
        listing.status.caseInsensitiveCompare("For Sale") == .orderedSame
    }

    /// `https://www.discogs.com/sell/item/{id}`.
    static func discogsURL(_ listing: InventoryListing) -> String {
        "https://www.discogs.com/sell/item/\(listing.listingID)"
    }

    /// The price as one locale-free string: `€12.50`, `£8.00`, `$15.00` (US dollars), `¥1200`,
    /// else the amount and the ISO code (`24.00 CHF`, `19.50 CAD`); the bare amount when the
    /// currency is not known.
    func price(_ listing: InventoryListing) -> String? {
        guard let amount = listing.price else { return nil }
        let code = (listing.currency ?? currency ?? "").uppercased()
        let noDecimals: Set<String> = ["JPY", "KRW"]
        let number = String(format: noDecimals.contains(code) ? "%.0f" : "%.2f", amount)
        switch code {
        case "EUR": return "€" + number
        case "GBP": return "£" + number
        case "USD": return "$" + number
        case "JPY": return "¥" + number
        case "": return number
        default: return "\(number) \(code)"
        }
    }

    /// `VG+/VG+` from `Very Good Plus (VG+)` and `Very Good Plus (VG+)`; a sleeve grade without an
    /// abbreviation (`Generic`, `No Cover`) as it is; just the media grade when there is no sleeve's.
    static func grade(_ listing: InventoryListing) -> String? {
        let media = listing.condition.map(abbreviation).flatMap { $0.isEmpty ? nil : $0 }
        let sleeve = listing.sleeveCondition.map(abbreviation).flatMap { $0.isEmpty ? nil : $0 }
        switch (media, sleeve) {
        case (let media?, let sleeve?): return "\(media)/\(sleeve)"
        case (let media?, nil): return media
        case (nil, let sleeve?): return "sleeve \(sleeve)"
        case (nil, nil): return nil
        }
    }

    /// What a grade is abbreviated to in parentheses (`Near Mint (NM or M-)` → `NM or M-`).
    private static func abbreviation(_ grade: String) -> String {
        let trimmed = grade.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") else { return trimmed }
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        return inner.isEmpty ? trimmed : String(inner)
    }

    /// `ok` for a listing for sale, `warn` for a draft or an expired one, `error` for the rest
    /// (suspended, violation): the classes of the sync history's statuses.
    static func statusClass(_ listing: InventoryListing) -> String {
        if isForSale(listing) { return "ok" }
        switch listing.status.lowercased() {
        case "draft", "expired": return "warn"
        default: return "error"
        }
    }
}
