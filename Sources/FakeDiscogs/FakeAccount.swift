import Discogs
import Foundation

/// One copy of a release in the fake's collection.
public struct FakeItem: Sendable, Equatable {
    public var instanceID: Int
    public var releaseID: Int
    public var folderID: Int
    public var rating: Int
    public var dateAdded: String
    /// field id → value; Discogs leaves `notes` out of the item when this is empty.
    public var notes: [Int: String]
}

public struct FakeWant: Sendable, Equatable {
    public var releaseID: Int
    public var rating: Int
    public var dateAdded: String
    public var notes: String
}

public struct FakeFolder: Sendable, Equatable {
    public var id: Int
    public var name: String
}

/// The server-side truth of one Discogs account: what a complete, correct sync must end up with.
public struct FakeAccount: Sendable {
    public var username: String
    public var userID: Int
    public var token: String
    /// Folders other than 0 ("All"), which is computed.
    public var folders: [FakeFolder]
    public var items: [FakeItem]
    public var wants: [FakeWant]
    /// Releases whose data was edited on Discogs after the catalog generated them.
    public var editedReleases: [Int: FakeRelease] = [:]
    /// Releases that answer 404 (deleted from the database while still in a collection).
    public var deletedReleases: Set<Int> = []
    /// The marketplace inventory, every status included; a listing removed from it is gone.
    public var listings: [FakeListing] = []
    private var nextInstanceID: Int
    private var nextListingID = 3_400_000_000

    /// The notes fields as recorded: Media Condition (1), Sleeve Condition (2), Notes (3).
    public static let fieldsJSON = Fixtures.json("users_USERNAME_collection_fields.json")
    static let fieldNames = [1: "Media Condition", 2: "Sleeve Condition", 3: "Notes"]
    static let conditions = [
        "Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)", "Good Plus (G+)", "Good (G)",
    ]

    public func release(id: Int) -> FakeRelease { editedReleases[id] ?? FakeCatalog.release(id: id) }

    public func folderName(_ id: Int) -> String? {
        id == 0 ? "All" : folders.first { $0.id == id }?.name
    }

    /// A generated account. `duplicates` releases are owned twice; `overlap` wants are also owned;
    /// `listings` are for sale in its inventory (see `FakeListing.generated`). The listings come
    /// from a generator of their own, so adding them leaves the collection and wantlist unchanged.
    public static func generate(
        items itemCount: Int, folders folderCount: Int = 4, duplicates: Int = 0, wants wantCount: Int = 0,
        overlap: Int = 0, listings listingCount: Int = 0, username: String = "Username",
        token: String = "fake-token-0123456789"
    ) -> FakeAccount {
        var generator = SplitMix(seed: UInt64(itemCount * 31 + wantCount))
        let folders =
            [FakeFolder(id: 1, name: "Uncategorized")]
            + ["Jazz", "Electronic", "Singles & EPs", "Shelf B", "Boxes"].prefix(max(0, folderCount - 1)).enumerated()
            .map { FakeFolder(id: 3_100_000 + $0.offset, name: $0.element) }
        let duplicates = min(duplicates, itemCount / 2)
        let uniqueCount = itemCount - duplicates
        let releaseIDs = (0..<uniqueCount).map { 100_000 + $0 * 37 }
        var owned = releaseIDs
        owned += releaseIDs.prefix(duplicates)
        var account = FakeAccount(
            username: username, userID: 4_242, token: token, folders: folders, items: [], wants: [],
            nextInstanceID: 700_000_000)
        var when = 1_420_070_400  // 2015-01-01
        for releaseID in owned {
            when += 3_600 + generator.next(below: 86_400 * 2)
            account.items.append(
                FakeItem(
                    instanceID: account.takeInstanceID(), releaseID: releaseID,
                    folderID: folders[generator.next(below: folders.count)].id, rating: generator.next(below: 6),
                    dateAdded: pacific(when), notes: notes(&generator)))
        }
        let overlap = min(overlap, wantCount, releaseIDs.count)
        let wanted = releaseIDs.prefix(overlap) + (0..<(wantCount - overlap)).map { 900_000 + $0 * 41 }
        for releaseID in wanted {
            when += 3_600 + generator.next(below: 86_400)
            account.wants.append(
                FakeWant(
                    releaseID: releaseID, rating: generator.next(below: 3) == 0 ? generator.next(below: 6) : 0,
                    dateAdded: pacific(when),
                    notes: generator.next(below: 4) == 0 ? "Only the \"first\" press, ≤ €40" : ""))
        }
        account.listings = FakeListing.generated(
            count: listingCount, owned: releaseIDs, firstID: account.nextListingID,
            seed: UInt64(listingCount * 131 + itemCount))
        account.nextListingID = account.listings.last?.id ?? account.nextListingID
        return account
    }

    private static func notes(_ generator: inout SplitMix) -> [Int: String] {
        guard generator.next(below: 4) != 0 else { return [:] }
        var notes: [Int: String] = [:]
        if generator.next(below: 5) < 3 { notes[1] = conditions[generator.next(below: conditions.count)] }
        if generator.next(below: 2) == 0 {
            notes[2] = (["Generic", "No Cover"] + conditions)[generator.next(below: 8)]
        }
        if generator.next(below: 5) == 0 {
            notes[3] =
                ["Bought in Köln, \"signed\" sleeve", "Ring wear; plays fine\nsecond line", "Gift — from M. & J."][
                    generator.next(below: 3)]
        }
        return notes
    }

    /// Discogs timestamps carry the Pacific offset.
    static func pacific(_ epoch: Int) -> String {
        let date = Date(timeIntervalSince1970: TimeInterval(epoch - 8 * 3600))
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d-08:00", parts.year!, parts.month!, parts.day!, parts.hour!,
            parts.minute!, parts.second!)
    }

    /// Epoch seconds of a timestamp, for ordering.
    static func epoch(_ timestamp: String) -> Int? {
        DiscogsDate.parse(timestamp).map { Int($0.timeIntervalSince1970) }
    }

    mutating func takeInstanceID() -> Int {
        nextInstanceID += 1
        return nextInstanceID
    }

    mutating func takeListingID() -> Int {
        nextListingID += 1
        return nextListingID
    }
}

// MARK: - Changes made on Discogs between syncs

extension FakeAccount {
    /// Adds a copy of a release; returns its instance id.
    @discardableResult
    public mutating func addItem(releaseID: Int, folderID: Int = 1, rating: Int = 0, notes: [Int: String] = [:]) -> Int
    {
        let last = items.compactMap { FakeAccount.epoch($0.dateAdded) }.max() ?? 1_420_070_400
        let item = FakeItem(
            instanceID: takeInstanceID(), releaseID: releaseID, folderID: folderID, rating: rating,
            dateAdded: FakeAccount.pacific(last + 8 * 3600 + 3_600), notes: notes)
        items.append(item)
        return item.instanceID
    }

    public mutating func removeItem(instanceID: Int) { items.removeAll { $0.instanceID == instanceID } }

    public mutating func updateItem(instanceID: Int, _ change: (inout FakeItem) -> Void) {
        guard let index = items.firstIndex(where: { $0.instanceID == instanceID }) else { return }
        change(&items[index])
    }

    public mutating func addWant(releaseID: Int, notes: String = "") {
        wants.append(
            FakeWant(releaseID: releaseID, rating: 0, dateAdded: FakeAccount.pacific(1_700_000_000), notes: notes))
    }

    public mutating func removeWant(releaseID: Int) { wants.removeAll { $0.releaseID == releaseID } }

    public mutating func updateWant(releaseID: Int, _ change: (inout FakeWant) -> Void) {
        guard let index = wants.firstIndex(where: { $0.releaseID == releaseID }) else { return }
        change(&wants[index])
    }

    /// Edits a release in the database (its title): its summary on every page changes too.
    public mutating func retitleRelease(_ id: Int, to title: String) {
        var release = release(id: id)
        release.title = title
        editedReleases[id] = release
    }
}
