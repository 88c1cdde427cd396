import Foundation

/// Atom feeds: new additions to the collection, and the sync history. Entries carry the dates of
/// the data, never of the build, so a feed changes only when there is something new in it.
struct Feeds {
    let catalog: SiteCatalog
    let settings: SiteSettings

    func planned(global: String) -> [PlannedPage] {
        let additions = additionEntries()
        let syncs = syncEntries()
        return [
            page(Routes.additionsFeed, title: "\(settings.title): new additions", entries: additions, global: global),
            page(Routes.syncsFeed, title: "\(settings.title): sync history", entries: syncs, global: global),
        ]
    }

    struct Entry {
        var id: String
        var title: String
        var url: String
        var updated: Date
        var summary: String
    }

    private func additionEntries() -> [Entry] {
        let copies = catalog.owned.compactMap { catalog.releases[$0] }.flatMap { entry in
            entry.copies.compactMap { copy in copy.addedAt.map { (entry, copy, $0) } }
        }
        return copies.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.1.instanceID > $1.1.instanceID }.prefix(50).map {
            entry, copy, added in
            let release = entry.release
            let artists = Names.artists(release.artists)
            let facts = [
                release.year.map(String.init), Shapes.formatSummary(release.formats), release.labels.first?.name,
            ]
            .compactMap { $0 }.joined(separator: " · ")
            return Entry(
                id: "tag:spindle,2026:copy/\(copy.instanceID)",
                title: artists.isEmpty ? release.title : "\(artists) – \(release.title)",
                url: entry.url, updated: added, summary: facts)
        }
    }

    private func syncEntries() -> [Entry] {
        catalog.syncs.prefix(50).compactMap { sync in
            let row = SyncRow(sync)
            guard let updated = sync.session.finishedAt ?? sync.session.startedAt else { return nil }
            return Entry(
                id: "tag:spindle,2026:sync/\(sync.session.id)", title: "\(row.title): \(row.status)",
                url: Routes.sync(sync.session.id), updated: updated,
                summary: "+\(row.added) added, \(row.removed) removed, \(row.changed) changed")
        }
    }

    private func page(_ url: String, title: String, entries: [Entry], global: String) -> PlannedPage {
        let text = Self.atom(title: title, selfURL: url, base: settings.siteRoot, entries: entries)
        return PlannedPage(
            url: url, file: Routes.file(url), fingerprint: Fingerprint.of([global, text]),
            body: .bytes({ Data(text.utf8) }))
    }

    /// The feed as Atom text; `home` is the page the feed is about (the site's home by default).
    static func atom(title: String, selfURL: String, home: String = "/", base: String, entries: [Entry]) -> String {
        let updated = entries.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        func time(_ date: Date) -> String {
            ISO8601DateFormatter.string(from: date, timeZone: .gmt, formatOptions: .withInternetDateTime)
        }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
        if !base.isEmpty { xml += " xml:base=\"\(XMLText.escape(base))/\"" }
        xml += ">\n  <title>\(XMLText.escape(title))</title>\n  <id>tag:spindle,2026:\(XMLText.escape(selfURL))</id>\n"
        xml +=
            "  <link rel=\"self\" href=\"\(XMLText.escape(base + selfURL))\"/>\n  <link href=\"\(XMLText.escape(base + home))\"/>\n"
        xml += "  <updated>\(time(updated))</updated>\n  <generator>Spindle</generator>\n"
        for entry in entries {
            xml +=
                "  <entry>\n    <id>\(XMLText.escape(entry.id))</id>\n    <title>\(XMLText.escape(entry.title))</title>\n"
            xml +=
                "    <link href=\"\(XMLText.escape(base + entry.url))\"/>\n    <updated>\(time(entry.updated))</updated>\n"
            xml +=
                "    <author><name>Spindle</name></author>\n    <summary>\(XMLText.escape(entry.summary))</summary>\n  </entry>\n"
        }
        return xml + "</feed>\n"
    }
}
