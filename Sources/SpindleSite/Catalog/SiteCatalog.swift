import Discogs
import Foundation
import SpindleStore

/// A release as the site knows it: its summary, your copies of it, whether you want it.
///
/// A class, because every list page holds dozens of them: as a struct each page copied them.
/// @unchecked Sendable: `cardFingerprint` is assigned once, in `SiteCatalog.load`, before the
/// catalog is shared; everything else is immutable.
final class CatalogRelease: @unchecked Sendable {
    let stored: StoredRelease
    let copies: [SiteItem]
    let want: SiteWant?
    let url: String
    /// Changes when anything a card shows changes.
    fileprivate(set) var cardFingerprint = ""
    /// Folded once: sorting compares them thousands of times.
    let artistKey: String
    let titleKey: String
    /// When the newest copy was added: "recently added" order.
    let lastAdded: Date?
    /// A listing of it is for sale on the marketplace: its card says so.
    let forSale: Bool

    init(stored: StoredRelease, copies: [SiteItem], want: SiteWant?, forSale: Bool = false) {
        self.stored = stored
        self.copies = copies
        self.want = want
        self.forSale = forSale
        url = Routes.release(stored.release)
        artistKey = Order.sortKey(stored.release.artists.first.map { Names.display($0.name) } ?? "")
        titleKey = Order.sortKey(stored.release.title)
        lastAdded = copies.compactMap(\.addedAt).max()
    }

    var release: Release { stored.release }
    var isOwned: Bool { !copies.isEmpty }
}

/// Something releases are grouped by: an artist, a label, a genre, a decade, a folder…
struct CatalogGroup: Sendable {
    let kind: GroupKind
    /// What it was filed under: an artist or label id (`#123`), else a name, a year, a folder id.
    let identity: String
    let name: String
    let url: String
    let discogsURL: String?
    /// Owned releases in the order the group's page lists them.
    var releases: [Int]
}

enum GroupKind: String, Sendable, CaseIterable {
    case artist, label, genre, style, decade, year, format, folder

    var title: String {
        switch self {
        case .artist: "Artist"
        case .label: "Label"
        case .genre: "Genre"
        case .style: "Style"
        case .decade: "Decade"
        case .year: "Year"
        case .format: "Format"
        case .folder: "Folder"
        }
    }
}

/// Everything the pages are made of, read from the database in a few queries and indexed in
/// memory. Immutable once built, so pages render in parallel.
struct SiteCatalog: Sendable {
    let account: Account
    let folders: [Int: Folder]
    let fields: [CustomField]
    let releases: [Int: CatalogRelease]
    /// Owned releases, most recently added first.
    let owned: [Int]
    /// Wanted releases, most recently added first.
    let wanted: [Int]
    /// Groups by kind, each keyed by URL.
    let groups: [GroupKind: [String: CatalogGroup]]
    /// Which group page an artist, label, genre… of a release links to.
    let links: GroupLinks
    let syncs: [SiteSync]
    /// Releases that changes refer to but that are no longer in the collection or wantlist.
    let history: [Int: StoredRelease]
    let itemCount: Int
    /// What the dumps say about masters, artists and labels (empty without dumps).
    let facts: DiscogsFacts
    /// Masters with a version in the collection, by id: each has a page.
    let masters: [Int: MasterEntry]
    /// The page of an artist or label named in markup by its exact Discogs name (`[a=Name]`):
    /// `a` or `l`, the unit separator, the name.
    let pagesByName: [String: String]
    /// Smart lists (empty when there are none: then the site has no list pages).
    let lists: ListCatalog
    /// Marketplace listings (empty when there are none: then the site has no For sale pages).
    let inventory: InventoryCatalog

    static func load(from store: Store, account: Account) throws -> SiteCatalog {
        let (items, wants, folders, fields, syncs, stored, history, facts, lists, inventory) = try store.read { tx in
            let items = try tx.siteItems(accountID: account.id)
            let wants = try tx.siteWants(accountID: account.id)
            let syncs = try tx.siteSyncs(accountID: account.id)
            let lists = try tx.smartLists(accountID: account.id)
            let listItems = lists.isEmpty ? [:] : try tx.siteListItems(accountID: account.id)
            let listEvents =
                lists.isEmpty ? [:] : try tx.siteListEvents(accountID: account.id, perKind: ListCatalog.eventsPerKind)
            let inScope = Set(items.map(\.releaseID)).union(wants.map(\.releaseID))
            // Releases that changes and list histories name but that are no longer here.
            let referenced = Set(syncs.flatMap { $0.changes.map(\.releaseID) })
                .union(listEvents.values.joined().map(\.releaseID)).subtracting(inScope)
            let stored = try tx.releases(ids: Array(inScope), detail: .summary)
            return (
                items, wants, try tx.folders(accountID: account.id, includeInactive: true),
                try tx.customFields(accountID: account.id), syncs, stored,
                try tx.releases(ids: Array(referenced), detail: .summary),
                try DiscogsFacts.read(tx, releases: stored, owned: Set(items.map(\.releaseID))),
                (lists: lists, items: listItems, events: listEvents),
                try tx.siteInventory(accountID: account.id, removedLimit: InventoryCatalog.removedShown)
            )
        }
        let copies = Dictionary(grouping: items, by: \.releaseID)
        let wantsByRelease = Dictionary(wants.map { ($0.releaseID, $0) }, uniquingKeysWith: { first, _ in first })
        let inventoryCatalog = InventoryCatalog(inventory)
        let forSale = inventoryCatalog.releasesForSale
        let entries = Parallel.map(Array(stored.values)) { release in
            CatalogRelease(
                stored: release, copies: copies[release.release.id] ?? [], want: wantsByRelease[release.release.id],
                forSale: forSale.contains(release.release.id))
        }
        let releases = Dictionary(entries.map { ($0.release.id, $0) }, uniquingKeysWith: { first, _ in first })

        let folderMap = Dictionary(folders.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let owned = releases.values.filter(\.isOwned).sorted(by: Order.recentlyAdded).map(\.release.id)
        let wanted = wants.reversed().map(\.releaseID).filter { releases[$0] != nil }
        let groups = Grouping.build(owned: owned, releases: releases, folders: folderMap)
        let links = GroupLinks(groups: groups)
        Parallel.forEach(entries) { entry in entry.cardFingerprint = CardModel.fingerprint(entry, links: links) }
        var pagesByName: [String: String] = [:]
        for id in owned {
            guard let release = releases[id]?.release else { continue }
            for artist in release.artists { pagesByName["a\u{1F}\(artist.name)"] = links.artist(artist) }
            for label in release.labels { pagesByName["l\u{1F}\(label.name)"] = links.label(label) }
        }
        return SiteCatalog(
            account: account, folders: folderMap, fields: fields, releases: releases, owned: owned, wanted: wanted,
            groups: groups, links: links, syncs: syncs, history: history, itemCount: items.count, facts: facts,
            masters: MasterEntry.build(facts: facts, releases: releases), pagesByName: pagesByName,
            lists: ListCatalog.build(lists: lists.lists, items: lists.items, events: lists.events, folders: folderMap),
            inventory: inventoryCatalog)
    }

    func group(_ kind: GroupKind) -> [CatalogGroup] { Array(groups[kind, default: [:]].values) }
}

/// Orders releases are listed in.
enum Order {
    static func recentlyAdded(_ a: CatalogRelease, _ b: CatalogRelease) -> Bool {
        let (x, y) = (a.lastAdded ?? .distantPast, b.lastAdded ?? .distantPast)
        return x != y ? x > y : a.release.id > b.release.id
    }

    static func byArtist(_ a: CatalogRelease, _ b: CatalogRelease) -> Bool {
        a.artistKey != b.artistKey ? a.artistKey < b.artistKey : byYear(a, b)
    }

    static func byTitle(_ a: CatalogRelease, _ b: CatalogRelease) -> Bool {
        a.titleKey != b.titleKey ? a.titleKey < b.titleKey : byArtist(a, b)
    }

    /// Oldest first; releases with no year last.
    static func byYear(_ a: CatalogRelease, _ b: CatalogRelease) -> Bool {
        let (x, y) = (a.release.year ?? Int.max, b.release.year ?? Int.max)
        if x != y { return x < y }
        return a.titleKey != b.titleKey ? a.titleKey < b.titleKey : a.release.id < b.release.id
    }

    /// Case and accents folded, a leading "The " ignored, as record shops file them.
    static func sortKey(_ text: String) -> String {
        // Plain ASCII (most names) needs only lowercasing, which is many times cheaper than folding.
        var key =
            text.utf8.allSatisfy { $0 < 0x80 }
            ? text.lowercased() : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        if key.hasPrefix("the ") { key.removeFirst(4) }
        return key
    }

    /// Text that sorts with numbers compared as numbers (`ECM 900` before `ECM 1064`), case ignored
    /// and spaces and punctuation too (`SK9`, `SK 10` and `SK-11` in that order), by plain
    /// comparison: every run of digits is left-padded with zeros to 20 places, and every other
    /// ASCII character that is not a letter left out.
    static func naturalKey(_ text: String) -> String {
        var key: [UInt8] = []
        var digits: [UInt8] = []
        func flush() {
            let significant = digits.drop { $0 == 0x30 }
            key += [UInt8](repeating: 0x30, count: max(0, 20 - significant.count)) + significant
            digits.removeAll(keepingCapacity: true)
        }
        for byte in sortKey(text).utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                digits.append(byte)
            } else {
                if !digits.isEmpty { flush() }
                if byte >= 0x80 || (byte >= 0x61 && byte <= 0x7A) { key.append(byte) }
            }
        }
        if !digits.isEmpty { flush() }
        return String(decoding: key, as: UTF8.self)
    }

    /// A catalogue number's place on its label's page: natural order, and releases without a
    /// number (none given, or Discogs' `none`) after all those with one.
    static func catalogueKey(_ catno: String?) -> String {
        let catno = (catno ?? "").trimmingCharacters(in: .whitespaces)
        return catno.isEmpty || catno.lowercased() == "none" ? "1" : "0" + naturalKey(catno)
    }
}
