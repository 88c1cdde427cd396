import Foundation
import SpindleStore

/// The CSV Discogs makes of a seller's whole inventory (`GET /inventory/export/{id}/download`):
/// CRLF lines, RFC 4180 quoting, and the 19 columns of the real file, read by name so that a
/// reordered or extended header still reads. Prices carry no currency: the seller's is given.
public enum InventoryExportCSV {
    public static let columns = [
        "listing_id", "artist", "title", "label", "catno", "format", "release_id", "status", "price", "listed",
        "comments", "media_condition", "sleeve_condition", "accept_offer", "external_id", "weight", "format_quantity",
        "location", "quantity",
    ]

    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let message: String
        public var description: String { "inventory export: \(message)" }
    }

    public static func listings(_ data: Data, currency: String?) throws(Problem) -> [InventoryListing] {
        let rows: [CSVReader.Row]
        do { rows = try CSVReader.rows(data) } catch { throw Problem(message: error.description) }
        guard let header = rows.first else { return [] }
        var index: [String: Int] = [:]
        for (position, name) in header.fields.enumerated() {
            index[name.trimmingCharacters(in: .whitespaces).lowercased()] = position
        }
        for required in ["listing_id", "status", "price", "release_id"] where index[required] == nil {
            throw Problem(message: "the header has no \(required) column: \(header.fields.joined(separator: ","))")
        }
        var listings: [InventoryListing] = []
        listings.reserveCapacity(rows.count - 1)
        for row in rows.dropFirst() {
            func field(_ name: String) -> String? {
                guard let position = index[name], position < row.fields.count else { return nil }
                let value = row.fields[position]
                return value.isEmpty ? nil : value
            }
            guard let id = field("listing_id").flatMap(Int.init) else {
                throw Problem(message: "line \(row.line): listing_id is not a number")
            }
            var listing = InventoryListing(listingID: id, status: field("status") ?? "")
            listing.releaseID = field("release_id").flatMap(Int.init)
            guard let price = field("price") else { throw Problem(message: "line \(row.line): no price") }
            guard let value = Double(price) else {
                throw Problem(message: "line \(row.line): price \(price) is not a number")
            }
            listing.price = value
            listing.currency = currency
            listing.posted = field("listed")
            listing.postedAt = field("listed").flatMap(Self.date)
            listing.comments = field("comments")
            listing.condition = field("media_condition")
            listing.sleeveCondition = field("sleeve_condition")
            listing.acceptOffer = field("accept_offer").map { $0.uppercased() == "Y" }
            listing.externalID = field("external_id")
            listing.weight = field("weight").flatMap(Int.init)
            listing.formatQuantity = field("format_quantity").flatMap(Int.init)
            listing.location = field("location")
            listing.quantity = field("quantity").flatMap(Int.init)
            listing.artist = field("artist")
            listing.title = field("title")
            listing.label = field("label")
            listing.catno = field("catno")
            listing.format = field("format")
            listings.append(listing)
        }
        return listings
    }

    /// `2026-08-25 07:04:22`. The export gives no offset; Discogs' own times without one are
    /// its servers' Pacific wall-clock time (the API gives the same moment as `…T07:04:22-07:00`).
    static func date(_ text: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == ":" || $0 == "T" }).compactMap {
            Int($0)
        }
        guard parts.count >= 6 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "America/Los_Angeles") ?? TimeZone(identifier: "UTC")!
        return calendar.date(
            from: DateComponents(
                year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5]))
    }
}
