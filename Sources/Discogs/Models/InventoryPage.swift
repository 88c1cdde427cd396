/// A page of `GET /users/{username}/inventory` as its owner sees it.
public struct InventoryPage: Decodable, Sendable, Equatable {
    public var pagination: Pagination
    public var listings: [Listing]

    public struct Listing: Decodable, Sendable, Equatable {
        public var id: Int
        public var status: String
        public var condition: String?
        public var sleeveCondition: String?
        public var comments: String?
        public var posted: String?
        public var allowOffers: Bool?
        public var price: Price?
        public var location: String?
        public var quantity: Int?
        public var weight: Int?
        public var formatQuantity: Int?
        public var externalID: String?
        public var release: ListingRelease?

        enum CodingKeys: String, CodingKey {
            case id, status, condition, comments, posted, price, location, quantity, weight, release
            case sleeveCondition = "sleeve_condition"
            case allowOffers = "allow_offers"
            case formatQuantity = "format_quantity"
            case externalID = "external_id"
        }
    }

    public struct Price: Decodable, Sendable, Equatable {
        public var value: Double?
        public var currency: String?
    }

    public struct ListingRelease: Decodable, Sendable, Equatable {
        public var id: Int?
        public var artist: String?
        public var title: String?
        public var label: String?
        public var catalogNumber: String?
        public var format: String?

        enum CodingKeys: String, CodingKey {
            case id, artist, title, label, format
            case catalogNumber = "catalog_number"
        }
    }
}
