import Discogs
import Foundation
import SpindleStore

/// What the Discogs database (filled by the monthly dumps) says about the collection's masters,
/// artists and labels, read with the rest of the catalog in one query per table. Empty without
/// dumps, and then the site shows exactly what it showed before.
struct DiscogsFacts: Sendable {
    /// Masters of the collection's and the wantlist's releases.
    var masters: [Int: SiteMaster] = [:]
    /// Releases a dump marked as their master's main release.
    var mainReleases: Set<Int> = []
    /// Main artists and labels of owned releases: those with a page.
    var artists: [Int: SiteArtist] = [:]
    var labels: [Int: SiteLabel] = [:]
    /// Masters per artist with a page.
    var tallies: [Int: SiteMasterTally] = [:]
    /// Notes and profiles, parsed once.
    var masterNotes: [Int: [DiscogsMarkup.Piece]] = [:]
    var artistProfiles: [Int: [DiscogsMarkup.Piece]] = [:]
    var labelProfiles: [Int: [DiscogsMarkup.Piece]] = [:]
    /// Names of what markup refers to by id, and titles of masters' main releases.
    var names = SiteLinkNames()

    static func read(_ tx: StoreTransaction, releases: [Int: StoredRelease], owned: Set<Int>) throws -> DiscogsFacts {
        var facts = DiscogsFacts()
        let masterIDs = Set(releases.values.compactMap(\.release.masterID).filter { $0 > 0 })
        facts.masters = try tx.siteMasters(ids: masterIDs.sorted())
        let versions = releases.values.filter { $0.release.masterID.map { facts.masters[$0] != nil } ?? false }
        facts.mainReleases = try tx.siteMainReleases(ids: versions.map(\.release.id).sorted())

        let ownedReleases = owned.sorted().compactMap { releases[$0]?.release }
        let artistIDs = Set(ownedReleases.flatMap { $0.artists.compactMap(\.id) }).sorted()
        let labelIDs = Set(ownedReleases.flatMap { $0.labels.compactMap(\.id) }).sorted()
        facts.artists = try tx.siteArtists(ids: artistIDs)
        facts.labels = try tx.siteLabels(ids: labelIDs)
        let ownedMasters = Set(ownedReleases.compactMap(\.masterID).filter { $0 > 0 }).sorted()
        facts.tallies = try tx.siteMasterTallies(artistIDs: artistIDs, ownedMasters: ownedMasters)

        var references: [DiscogsMarkup.Kind: Set<Int>] = [:]
        func parse(_ text: String?) -> [DiscogsMarkup.Piece]? {
            guard let text, !text.isEmpty else { return nil }
            let pieces = DiscogsMarkup.parse(text)
            references.merge(DiscogsMarkup.references(pieces)) { $0.union($1) }
            return pieces.isEmpty ? nil : pieces
        }
        facts.masterNotes = facts.masters.compactMapValues { parse($0.notes) }
        facts.artistProfiles = facts.artists.compactMapValues { parse($0.profile) }
        facts.labelProfiles = facts.labels.compactMapValues { parse($0.profile) }
        references[.release, default: []].formUnion(
            facts.masters.values.compactMap(\.mainReleaseID).filter { releases[$0] == nil })
        references[.label, default: []].formUnion(facts.labels.values.compactMap(\.parentID))
        facts.names = try tx.siteLinkNames(
            artists: references[.artist, default: []].sorted(), labels: references[.label, default: []].sorted(),
            masters: references[.master, default: []].sorted(), releases: references[.release, default: []].sorted())
        return facts
    }

    /// Whether `release` is its master's main release: as the master says, else as the release's
    /// own dump row says.
    func isMainRelease(_ release: Release) -> Bool {
        guard let id = release.masterID, let master = masters[id] else { return false }
        return master.mainReleaseID.map { $0 == release.id } ?? mainReleases.contains(release.id)
    }
}

/// A master with at least one version in the collection: it has a page.
struct MasterEntry: Sendable {
    let master: SiteMaster
    let url: String
    /// Owned versions, oldest first.
    let owned: [Int]
    /// Versions on the wantlist and not in the collection, oldest first.
    let wanted: [Int]

    /// The masters of `releases` that have an owned version and a stored master, by id.
    static func build(facts: DiscogsFacts, releases: [Int: CatalogRelease]) -> [Int: MasterEntry] {
        guard !facts.masters.isEmpty else { return [:] }
        let versions = Dictionary(grouping: releases.values.filter { $0.release.masterID != nil }) {
            $0.release.masterID!
        }
        var entries: [Int: MasterEntry] = [:]
        for (id, members) in versions {
            guard let master = facts.masters[id], members.contains(where: \.isOwned) else { continue }
            let sorted = members.sorted(by: Order.byYear)
            entries[id] = MasterEntry(
                master: master, url: Routes.master(master), owned: sorted.filter(\.isOwned).map(\.release.id),
                wanted: sorted.filter { !$0.isOwned && $0.want != nil }.map(\.release.id))
        }
        return entries
    }
}
