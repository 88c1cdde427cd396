import Foundation

/// Where a list's items come from.
public enum ListBase: Sendable, Equatable, Hashable, CustomStringConvertible {
    case collection
    case folder(Int)
    case wantlist
    case inventory

    /// `collection`, `folder:3`, `wantlist`, `inventory`: how a base is written and stored.
    public init?(_ text: String) {
        switch text.lowercased() {
        case "collection", "": self = .collection
        case "wantlist", "wants": self = .wantlist
        case "inventory": self = .inventory
        default:
            let parts = text.split(separator: ":")
            guard parts.count == 2, parts[0].lowercased() == "folder", let id = Int(parts[1]) else { return nil }
            self = .folder(id)
        }
    }

    public var description: String {
        switch self {
        case .collection: "collection"
        case .folder(let id): "folder:\(id)"
        case .wantlist: "wantlist"
        case .inventory: "inventory"
        }
    }

    /// Items of a collection base are copies (instance ids); of the wantlist, releases.
    public var isCollection: Bool {
        switch self {
        case .collection, .folder: true
        case .wantlist, .inventory: false
        }
    }
}

/// One sort key: a field and a direction; `random` orders by a stored seed, so a page shows the
/// same items from one sync to the next.
public struct ListSort: Sendable, Equatable, Codable {
    public var field: String
    public var descending: Bool

    public init(field: String, descending: Bool = false) {
        self.field = field
        self.descending = descending
    }
}

/// Everything that defines a smart list besides its name: the base it draws from, the rule, the
/// order and window, hand-picked pins and excludes (by instance id, or release id for the
/// wantlist), and an optional fan-out field ("one child list per distinct style").
public struct ListDefinition: Sendable, Equatable {
    public var base: ListBase
    public var rule: ListRule
    public var sort: [ListSort]
    public var limit: Int?
    public var offset: Int
    public var pins: [Int]
    public var excludes: [Int]
    public var fanOut: String?
    /// The seed of `random` sorting, fixed when the list is created.
    public var seed: Int

    public init(
        base: ListBase = .collection, rule: ListRule = .everything, sort: [ListSort] = [], limit: Int? = nil,
        offset: Int = 0, pins: [Int] = [], excludes: [Int] = [], fanOut: String? = nil, seed: Int = 0
    ) {
        self.base = base
        self.rule = rule
        self.sort = sort
        self.limit = limit
        self.offset = offset
        self.pins = pins
        self.excludes = excludes
        self.fanOut = fanOut
        self.seed = seed
    }
}

extension ListDefinition {
    public var sortsRandomly: Bool { sort.contains { $0.field.lowercased() == "random" } }

    /// The definition with the seed its random order keeps: the one given, else the stored
    /// list's (so an edit does not reshuffle the list), else a new one. Lists that do not sort
    /// randomly carry no seed.
    public func seeded(keeping old: ListDefinition?, new: () -> Int) -> ListDefinition {
        guard sortsRandomly, seed == 0 else { return self }
        var copy = self
        copy.seed = old.map(\.seed).flatMap { $0 == 0 ? nil : $0 } ?? new()
        return copy
    }
}
