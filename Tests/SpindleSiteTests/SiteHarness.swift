import Discogs
import FakeDiscogs
import Foundation
import SpindleSite
import SpindleStore
import SpindleSync

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A database synced from the fake (real response shapes), plus releases with odd data, and a
/// site built from it with the project's own theme.
final class SiteHarness: Sendable {
    let directory: URL
    let store: Store
    let account: Account
    let settings: SiteSettings

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    init(items: Int = 60, wants: Int = 8, configure: (inout SiteSettings) -> Void = { _ in }) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try Store(path: directory.appendingPathComponent("spindle.sqlite").path)
        let fakeAccount = FakeAccount.generate(items: items, folders: 3, duplicates: 3, wants: wants, overlap: 2)
        let clock = VirtualClock()
        let fake = FakeDiscogs(account: fakeAccount)
        let settings = SyncSettings(baseURL: URL(string: "https://api.discogs.com")!)
        let opened = try SessionOpener(store: store, settings: settings).open(
            SyncRequest(), mode: .direct, now: clock.now)
        _ = try await DirectExecutor(
            store: store, settings: settings, transport: InProcessTransport(fake: fake, clock: clock),
            token: DiscogsToken(fakeAccount.token)!, clock: clock
        ).run(sessionID: opened.session.id)
        account = try store.read { try $0.accounts().first! }
        var site = SiteSettings(output: directory.appendingPathComponent("site"))
        site.themeDirectory = Self.repository
        site.contentDirectory = directory.appendingPathComponent("content")
        configure(&site)
        self.settings = site
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var output: URL { settings.output }

    func build(_ change: (inout SiteSettings) -> Void = { _ in }) async throws -> SiteBuilder.Report {
        var settings = settings
        change(&settings)
        return try await SiteBuilder(store: store, settings: settings).build(account: account)
    }

    /// Gives a copy in the collection a new rating, as a sync would store it.
    func rate(_ item: SiteItem, _ rating: Int) throws {
        let accountID = account.id
        _ = try store.write { tx in
            try tx.upsertItem(
                accountID: accountID,
                ItemValues(
                    instanceID: item.instanceID, releaseID: item.releaseID, folderID: item.folderID, rating: rating,
                    dateAdded: item.dateAdded, notes: item.notes),
                source: .api, sessionID: nil, now: Date())
        }
    }

    /// Adds a release with the given data as an owned item (a copy in folder 1).
    func own(_ release: Release, instanceID: Int, rating: Int = 0, notes: [Int: String] = [:]) throws {
        let accountID = account.id
        try store.write { tx in
            try tx.upsertRelease(release, source: .api, basicHash: nil, now: Date())
            _ = try tx.upsertItem(
                accountID: accountID,
                ItemValues(
                    instanceID: instanceID, releaseID: release.id, folderID: 1, rating: rating,
                    dateAdded: "2024-05-01T10:00:00-07:00", notes: notes),
                source: .api, sessionID: nil, now: Date())
        }
    }

    /// Every file of the published site, by site path.
    func files() -> [String] {
        let root = output.resolvingSymlinksInPath().path + "/"
        let walker = FileManager.default.enumerator(atPath: root)!
        return walker.compactMap { $0 as? String }.filter {
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root + $0, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }
    }

    /// Inode of every published file: hard-linked (unchanged) files keep theirs across builds.
    func inodes() throws -> [String: UInt64] {
        let root = output.resolvingSymlinksInPath()
        var inodes: [String: UInt64] = [:]
        for file in files() {
            let attributes = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent(file).path)
            inodes[file] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
        }
        return inodes
    }

    /// The HTML of a release's page, whatever its slug.
    func releasePage(_ id: Int) throws -> String {
        guard
            let file = files().first(where: {
                ($0.hasPrefix("release/\(id)-") || $0.hasPrefix("release/\(id)/")) && $0.hasSuffix(".html")
            })
        else { throw PageCheck.Problem(description: "no page for release \(id)") }
        return try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
    }

    func page(_ url: String) throws -> String {
        let file = url.hasSuffix("/") ? String(url.dropFirst()) + "index.html" : String(url.dropFirst())
        return try String(contentsOf: output.appendingPathComponent(file), encoding: .utf8)
    }
}

/// Parses a page strictly as XML and lists the URLs it points at.
enum PageCheck {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static func links(in data: Data, file: String) throws -> [String] {
        let document: XMLDocument
        do { document = try XMLDocument(data: data, options: []) } catch {
            throw Problem(description: "\(file) is not well-formed: \(error)")
        }
        let attributes = try document.nodes(forXPath: "//@href | //@src")
        return attributes.compactMap(\.stringValue)
    }
}
