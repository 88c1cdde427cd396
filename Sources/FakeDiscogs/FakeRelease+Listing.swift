import Foundation

extension FakeRelease {
    /// How the marketplace names a release: the `release` object of a listing and the display
    /// columns of the inventory CSV. One flat string per field, as Discogs flattens them there.
    public struct ListingSummary: Sendable, Equatable {
        /// Artist names joined as the credits join them: `"Keith Jarrett & Can"`.
        public var artist: String
        public var title: String
        public var label: String
        public var catalogNumber: String
        /// The short format text: `"CD, Album, RE"`, `"LP, Album, RE"`, `12"`, `2x12"`.
        public var format: String
        public var year: Int?

        /// `"Artist - Title (Format)"`, a listing's `release.description`.
        public var description: String { "\(artist) - \(title) (\(format))" }
    }

    public var listingSummary: ListingSummary {
        ListingSummary(
            artist: artists.map(\.name).joined(separator: " & "), title: title, label: label.name,
            catalogNumber: label.catno,
            format: FakeCatalog.listingParts[template % FakeCatalog.listingParts.count].format,
            year: year)
    }

    /// What the recorded release body this one is dressed from weighs (grams) and counts as for
    /// shipping: a new listing's default `weight` and `format_quantity`.
    var estimatedWeight: Int { FakeCatalog.listingParts[template % FakeCatalog.listingParts.count].weight }
    var formatQuantity: Int { FakeCatalog.listingParts[template % FakeCatalog.listingParts.count].formatQuantity }
}

extension FakeCatalog {
    /// What a listing takes from each release template, worked out once.
    static let listingParts: [(format: String, weight: Int, formatQuantity: Int)] = templates.map { full in
        (formatText(full["formats"]), full["estimated_weight"]?.int ?? 230, full["format_quantity"]?.int ?? 1)
    }

    /// The marketplace's short format text, as recorded listings and the CSV show it
    /// (`CD, Album, Promo`, `LP, Promo`, `12"`, `7", Whi`, `Box, Ltd + 4xLP, Album, Sil`): the
    /// format name is left out for vinyl that has a size or LP description, speeds are left out,
    /// common descriptions are abbreviated, and a quantity above one prefixes the first part.
    static func formatText(_ formats: JSONValue?) -> String {
        let abbreviations = ["Reissue": "RE", "Remastered": "RM", "Limited Edition": "Ltd"]
        return (formats?.array ?? []).map { format -> String in
            let name = format["name"]?.string ?? ""
            var parts = (format["descriptions"]?.array ?? []).compactMap(\.string).filter { !$0.hasSuffix("RPM") }
                .map { abbreviations[$0] ?? $0 }
            if name != "Vinyl" || parts.isEmpty { parts.insert(name, at: 0) }
            if let quantity = Int(format["qty"]?.string ?? "1"), quantity > 1 { parts[0] = "\(quantity)x" + parts[0] }
            return parts.joined(separator: ", ")
        }.joined(separator: " + ")
    }
}
