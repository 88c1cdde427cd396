import Foundation

/// The file `GET /inventory/export/{id}/download` serves, written exactly as the recorded one
/// (inventory_export_ID_download.csv): UTF-8 without a BOM, CRLF after every row, the 19 columns
/// below, a field quoted only when it holds a comma, a quote (doubled inside) or a line break,
/// prices as Python prints floats (`100.0`, `14.99`), `listed` in Pacific time without an offset,
/// and `accept_offer` as `Y`/`N`. An empty inventory is the header line alone.
enum InventoryCSV {
    static let header = [
        "listing_id", "artist", "title", "label", "catno", "format", "release_id", "status", "price", "listed",
        "comments", "media_condition", "sleeve_condition", "accept_offer", "external_id", "weight", "format_quantity",
        "location", "quantity",
    ]

    /// The listings in id order, with the release fields as the account's catalogue has them now.
    static func render(_ listings: [FakeListing], account: FakeAccount) -> Data {
        var text = row(header)
        for listing in listings.sorted(by: { $0.id < $1.id }) {
            let release = account.listingSummary(listing)
            text += row([
                "\(listing.id)", release.artist, release.title, release.label, release.catalogNumber, release.format,
                "\(listing.releaseID)", listing.status.rawValue, price(listing.price), listed(listing.posted),
                listing.comments, listing.condition, listing.sleeveCondition, listing.allowOffers ? "Y" : "N",
                listing.externalID, "\(listing.weight)", "\(listing.formatQuantity)", listing.location,
                "\(listing.quantity)",
            ])
        }
        return Data(text.utf8)
    }

    static func row(_ fields: [String]) -> String { fields.map(quoted).joined(separator: ",") + "\r\n" }

    /// As Python's csv module quotes with QUOTE_MINIMAL, which is what the recorded file shows.
    static func quoted(_ field: String) -> String {
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        guard field.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Swift prints a Double the way Python's repr does for prices: shortest round-trip digits,
    /// always with a fractional part (`100.0`, `89.34117647058824`).
    static func price(_ value: Double) -> String { "\(value)" }

    /// `2026-08-25T07:04:22-07:00` → `2026-08-25 07:04:22`: the same Pacific wall clock.
    static func listed(_ posted: String) -> String {
        String(posted.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}
