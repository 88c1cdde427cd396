import Discogs
import Foundation
import SpindleStore

/// A smart list as the site shows it: where its pages are, its rule in words, its releases in
/// the order its last rebuild left them, and its newest joins and departures.
struct CatalogList: Sendable {
    let list: SmartList
    /// `/lists/<slug>/`.
    let url: String
    /// The rule in words (for a fan-out child, with the value it stands for).
    let rule: String
    /// Why a release is in the list: the rule, or for a list of everything (a fan-out parent,
    /// often) `everything in your collection`.
    var why: String { rule == RuleDescription.everything ? "\(rule) in \(base)" : rule }
    /// Where the items come from, in words (`your collection`).
    let base: String
    let order: String?
    let window: String?
    /// Releases in list order (a release with several copies in the list appears once, where
    /// its first copy is).
    let releases: [Int]
    /// Releases in the list only because you pinned them (none of their items got there by the rule).
    let pinnedOnly: Set<Int>
    /// The newest events, newest first (`ListCatalog.eventsPerKind` of each kind at most).
    let events: [SmartListEvent]
    /// The parent of a fan-out child.
    let parentID: Int64?
    /// Fan-out children, in index order.
    var children: [Int64] = []

    var wallURL: String { url + "wall/" }
    var feedURL: String { url + "feed.xml" }
}

/// Every smart list of the account, and which lists each release is in.
struct ListCatalog: Sendable {
    /// Lists by id.
    let lists: [Int64: CatalogList]
    /// Top-level lists by name; fan-out children are listed by their parent.
    let topLevel: [Int64]
    /// Every list in index order: each top-level list followed by its children.
    let ordered: [Int64]
    /// The lists each release is in, in index order.
    let memberships: [Int: [Int64]]

    static let empty = ListCatalog(lists: [:], topLevel: [], ordered: [], memberships: [:])

    /// Events read per list and kind: the history shows the newest `historyShown` events of
    /// either kind, the feed the newest joins.
    static let eventsPerKind = 50
    static let historyShown = 50

    var isEmpty: Bool { lists.isEmpty }

    static func build(
        lists: [SmartList], items: [Int64: [SmartListItem]], events: [Int64: [SmartListEvent]],
        folders: [Int: Folder]
    ) -> ListCatalog {
        guard !lists.isEmpty else { return .empty }
        let describe = RuleDescription(folders: folders.mapValues(\.name))
        let byID = Dictionary(lists.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let urls = Self.urls(lists)
        var catalog: [Int64: CatalogList] = [:]
        for list in lists {
            var releases: [Int] = []
            var seen: Set<Int> = []
            var byRule: Set<Int> = []
            for item in items[list.id] ?? [] {
                if seen.insert(item.releaseID).inserted { releases.append(item.releaseID) }
                if !item.pinned { byRule.insert(item.releaseID) }
            }
            let parent = list.parentID.flatMap { byID[$0] }
            catalog[list.id] = CatalogList(
                list: list, url: urls[list.id]!, rule: Self.rule(list, parent: parent, describe: describe),
                base: describe.base(list.definition.base), order: describe.order(list.definition),
                window: describe.window(list.definition), releases: releases, pinnedOnly: seen.subtracting(byRule),
                events: events[list.id] ?? [], parentID: parent?.id)
        }
        func byName(_ a: Int64, _ b: Int64) -> Bool {
            let (x, y) = (Order.sortKey(byID[a]!.name), Order.sortKey(byID[b]!.name))
            return x != y ? x < y : a < b
        }
        let topLevel = catalog.values.filter { $0.parentID == nil }.map(\.list.id).sorted(by: byName)
        var ordered: [Int64] = []
        for id in topLevel {
            let children = catalog.values.filter { $0.parentID == id }.map(\.list.id).sorted(by: byName)
            catalog[id]!.children = children
            ordered += [id] + children
        }
        var memberships: [Int: [Int64]] = [:]
        for id in ordered {
            for release in catalog[id]!.releases { memberships[release, default: []].append(id) }
        }
        return ListCatalog(lists: catalog, topLevel: topLevel, ordered: ordered, memberships: memberships)
    }

    /// `/lists/<slug>/` from the stored slug (or the name), made URL-safe here whatever it holds;
    /// a slug two lists share goes to the older one, the other gets `-2`.
    private static func urls(_ lists: [SmartList]) -> [Int64: String] {
        var urls: [Int64: String] = [:]
        var taken: Set<String> = []
        for list in lists.sorted(by: { $0.id < $1.id }) {
            var slug = Slug.make(list.slug)
            if slug.isEmpty { slug = Slug.make(list.name) }
            if slug.isEmpty { slug = "list-\(list.id)" }
            var candidate = slug
            var suffix = 2
            while taken.contains(candidate) {
                candidate = "\(slug)-\(suffix)"
                suffix += 1
            }
            taken.insert(candidate)
            urls[list.id] = "\(Routes.lists)\(candidate)/"
        }
        return urls
    }

    /// The rule in words; a fan-out child's adds the value it stands for, unless its own rule
    /// already says so.
    private static func rule(_ list: SmartList, parent: SmartList?, describe: RuleDescription) -> String {
        guard let value = list.fanValue, let field = parent?.definition.fanOut ?? list.definition.fanOut else {
            return describe.sentence(list.definition.rule)
        }
        let names = Set([field.lowercased(), ListField.named(field)?.name].compactMap { $0 })
        let stated = list.definition.rule.conditions.contains { condition in
            names.contains(condition.field.lowercased())
                && condition.value?.values.contains { $0.text?.caseInsensitiveCompare(value) == .orderedSame } == true
        }
        if stated { return describe.sentence(list.definition.rule) }
        let kind = ListField.named(field)?.kind
        let fan = ListRule.condition(
            ListCondition(field: field, op: kind == .multi ? .hasAny : .isEqual, value: .text(value)))
        if case .group(.all, let rules) = list.definition.rule, rules.isEmpty { return describe.sentence(fan) }
        return describe.sentence(.group(.all, [list.definition.rule, fan]))
    }
}
