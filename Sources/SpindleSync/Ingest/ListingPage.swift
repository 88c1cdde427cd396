import Discogs
import Foundation
import SpindleStore

/// A page of the collection cut into its items without decoding them: most items of a re-sync
/// are byte for byte what the last sync stored, and those need neither decoding nor hashing nor
/// writing. `ListingPage.Item.decoded()` gives the model when one is needed.
struct ListingPage: Sendable {
    struct Item: Sendable {
        let instanceID: Int
        let releaseID: Int
        /// The item's JSON as Discogs sent it.
        let bytes: Data

        func decoded() throws -> CollectionItem { try FastJSONDecoder().decode(CollectionItem.self, from: bytes) }

        /// What the last sync must have seen for this item to be unchanged: its bytes, and the
        /// listing they came from (a listing without folder ids says the folder by where it is).
        func fingerprint(scope: String) -> String {
            ContentHash.of(parts: [Data(scope.utf8), Data([0]), bytes])
        }
    }

    let pagination: Pagination
    let items: [Item]

    /// Reads the shape CollectionPage decodes: a `releases` array of objects (required),
    /// `pagination` (optional, as Discogs leaves it out of single-release listings).
    static func read(_ body: Data) throws -> ListingPage {
        try body.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let members = try JSONParser.members(of: bytes, in: 0..<bytes.count)
            guard let list = members.first(where: { $0.key == "releases" })?.value else {
                throw DecodingError.keyNotFound(
                    JSONKey(stringValue: "releases"),
                    .init(codingPath: [], debugDescription: "no \"releases\" in the response"))
            }
            var items: [Item] = []
            for element in try JSONParser.objectElements(of: bytes, in: list) {
                items.append(try item(bytes, element.range, element.members))
            }
            let stated = try members.first { $0.key == "pagination" }.map {
                try JSONParser.parse(UnsafeBufferPointer(rebasing: bytes[$0.value]))
            }
            let pagination: Pagination
            if let stated, stated != .null {
                pagination = try FastJSONDecoder().decode(Pagination.self, from: stated)
            } else {
                pagination = Pagination(page: 1, pages: 1, perPage: items.count, items: items.count)
            }
            return ListingPage(pagination: pagination, items: items)
        }
    }

    /// The ids of one item from its members; an item whose ids are not plain numbers is decoded
    /// in full (which also says what is wrong with it).
    private static func item(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ members: [(key: String, value: Range<Int>)]
    ) throws -> Item {
        let data = Data(UnsafeBufferPointer(rebasing: bytes[range]))
        func number(_ key: String) -> Int? {
            members.first { $0.key == key }.flatMap { JSONParser.integer(of: bytes, in: $0.value) }
        }
        if let instanceID = number("instance_id"), let releaseID = number("id"),
            members.contains(where: { $0.key == "basic_information" })
        {
            return Item(instanceID: instanceID, releaseID: releaseID, bytes: data)
        }
        let decoded = try FastJSONDecoder().decode(CollectionItem.self, from: data)
        return Item(instanceID: decoded.instanceID, releaseID: decoded.releaseID, bytes: data)
    }
}
