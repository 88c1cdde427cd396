import Discogs
import FakeDiscogs
import Foundation
import SpindleStore

/// `spindle build` for a generated collection, against Hugo building the same releases as
/// Markdown pages with the same taxonomies, in the same run on the same machine.
struct SiteBench {
    let binaries: String
    let releases: Int

    struct Row {
        let generator: String
        let run: String
        /// HTML pages the site has.
        let pages: Int
        /// Files this run wrote (`.gz` siblings included).
        let written: Int
        /// Bytes the whole site takes.
        let bytes: Int
        let measured: Measured
    }

    func run() throws -> [Row] {
        let scratch =
            FileManager.default.fileExists(atPath: "/dev/shm")
            ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        let root = scratch.appendingPathComponent("spindle-site-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["SPINDLE_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: root)
            }
        }
        let log = root.appendingPathComponent("bench.log").path
        let instances = try populate(root.appendingPathComponent("spindle.sqlite").path)
        try """
        [site]
        title = "Bench records"
        base_url = "https://records.example.org"
        show_ratings = true
        out = "site"
        """.write(to: root.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
        let config = ["--config", root.appendingPathComponent("spindle.toml").path]
        let environment = ["HOME": root.path, "PATH": "/usr/bin:/bin"]
        var rows: [Row] = []
        func build(_ run: String, _ extra: [String] = []) throws {
            let site = root.appendingPathComponent("site")
            let before = Self.inodes(site.resolvingSymlinksInPath())
            let measured = try Spawn.run(
                binaries + "/spindle", ["build"] + config + extra, environment: environment, log: log)
            guard measured.status == 0 else { throw BenchError("spindle build failed: \(tail(log))") }
            let (pages, _, bytes) = Self.count(site.resolvingSymlinksInPath())
            let after = Self.inodes(site.resolvingSymlinksInPath())
            let written = after.filter { before[$0.key] != $0.value }.count
            rows.append(
                Row(generator: "spindle", run: run, pages: pages, written: written, bytes: bytes, measured: measured))
        }
        try build("full build", ["--full"])
        try build("no-change rebuild")
        let store = try Store(path: root.appendingPathComponent("spindle.sqlite").path)
        func changeRating(of instanceID: Int) throws {
            try store.write { tx in
                let accountID = try tx.accounts().first!.id
                guard let item = try tx.item(accountID: accountID, instanceID: instanceID) else { return }
                var values = item.values
                values.rating = values.rating == 5 ? 1 : values.rating + 1
                _ = try tx.upsertItem(accountID: accountID, values, source: .api, sessionID: nil, now: Date())
            }
        }
        try changeRating(of: instances[instances.count / 2])
        try build("one rating changed")
        try changeRating(of: instances[instances.count / 3])
        try build("another rating changed")

        if let hugo = Self.which("hugo") {
            let hugoRoot = root.appendingPathComponent("hugo")
            try HugoSite.write(releases: releases, into: hugoRoot)
            let measured = try Spawn.run(
                hugo,
                [
                    "--quiet", "--source", hugoRoot.path, "--destination",
                    hugoRoot.appendingPathComponent("public").path,
                ],
                environment: environment, log: log)
            guard measured.status == 0 else { throw BenchError("hugo failed: \(tail(log))") }
            let (pages, files, bytes) = Self.count(hugoRoot.appendingPathComponent("public"))
            rows.append(
                Row(
                    generator: "hugo", run: "full build", pages: pages, written: files, bytes: bytes, measured: measured
                ))
        }
        return rows
    }

    /// A collection of `releases` releases from the fake's catalog (recorded shapes), one copy
    /// each in four folders; returns the instance ids.
    private func populate(_ path: String) throws -> [Int] {
        let store = try Store(path: path)
        let decoder = JSONDecoder()
        let folders = [
            Folder(id: 1, name: "Uncategorized"), Folder(id: 2, name: "Jazz"), Folder(id: 3, name: "Electronic"),
            Folder(id: 4, name: "Shelf B"),
        ]
        var instances: [Int] = []
        try store.write { tx in
            let account = try tx.upsertAccount(username: "bench", discogsUserID: 1, now: Date())
            try tx.replaceFolders(accountID: account.id, with: [Folder(id: 0, name: "All")] + folders)
            try tx.replaceCustomFields(accountID: account.id, with: CustomField.defaults)
            for index in 0..<releases {
                let id = 100_000 + index * 37
                let release = try decoder.decode(Release.self, from: FakeCatalog.releaseJSON(id: id))
                try tx.upsertRelease(release, source: .api, basicHash: nil, now: Date())
                let instance = 500_000_000 + index
                let added = String(
                    format: "20%02d-%02d-%02dT12:00:00-08:00", 10 + index % 15, 1 + index % 12, 1 + index % 28)
                _ = try tx.upsertItem(
                    accountID: account.id,
                    ItemValues(
                        instanceID: instance, releaseID: id, folderID: folders[index % 4].id, rating: index % 6,
                        dateAdded: added, notes: index % 3 == 0 ? [1: "Very Good Plus (VG+)"] : [:]),
                    source: .api, sessionID: nil, now: Date())
                instances.append(instance)
            }
        }
        return instances
    }

    private func tail(_ log: String) -> String {
        String(((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").suffix(2000))
    }

    /// HTML pages, all files (`.gz` siblings included) and their bytes under `directory`.
    static func count(_ directory: URL) -> (pages: Int, files: Int, bytes: Int) {
        var (pages, files, bytes) = (0, 0, 0)
        let walker = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.fileSizeKey, .isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard let values = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
                values.isRegularFile == true
            else { continue }
            files += 1
            bytes += values.fileSize ?? 0
            if url.pathExtension == "html" { pages += 1 }
        }
        return (pages, files, bytes)
    }

    /// Inode of every file under `directory`: a file a build rewrote has a new one.
    static func inodes(_ directory: URL) -> [String: UInt64] {
        var inodes: [String: UInt64] = [:]
        let root = directory.path + "/"
        let walker = FileManager.default.enumerator(atPath: directory.path)
        while let relative = walker?.nextObject() as? String {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: root + relative),
                attributes[.type] as? FileAttributeType == .typeRegular
            {
                inodes[relative] = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value
            }
        }
        return inodes
    }

    static func which(_ name: String) -> String? {
        ["/usr/bin/", "/usr/local/bin/", "/bin/"].map { $0 + name }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}

/// The same collection as a Hugo site: one Markdown page per release, taxonomies for artists,
/// labels, genres, styles, decades, years, formats and folders, paginated lists of 48, and
/// templates that show what Spindle's release pages and cards show (cover, facts, your copy,
/// tracklist, credits, notes, companies, identifiers, videos, images).
enum HugoSite {
    static func write(releases: Int, into root: URL) throws {
        let content = root.appendingPathComponent("content/release")
        let layouts = root.appendingPathComponent("layouts/_default")
        try FileManager.default.createDirectory(at: content, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: layouts, withIntermediateDirectories: true)
        try config.write(to: root.appendingPathComponent("hugo.toml"), atomically: true, encoding: .utf8)
        for (name, text) in templates {
            try text.write(to: layouts.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let decoder = JSONDecoder()
        let folders = ["Uncategorized", "Jazz", "Electronic", "Shelf B"]
        for index in 0..<releases {
            let id = 100_000 + index * 37
            let release = try decoder.decode(Release.self, from: FakeCatalog.releaseJSON(id: id))
            func list(_ values: [String]) -> String {
                "[" + values.map { "\"\(escape($0))\"" }.joined(separator: ", ") + "]"
            }
            var page = "+++\n"
            page += "title = \"\(escape(release.title))\"\n"
            page += "artists = \(list(release.artists.map(\.name)))\n"
            page += "labels = \(list(release.labels.map(\.name)))\n"
            page += "catno = \"\(escape(release.labels.first?.catno ?? ""))\"\n"
            page += "genres = \(list(release.genres))\nstyles = \(list(release.styles))\n"
            page += "formats = \(list(release.formats.map(\.name)))\n"
            page += "folders = \(list([folders[index % 4]]))\n"
            if let year = release.year { page += "years = [\"\(year)\"]\ndecades = [\"\(year / 10 * 10)s\"]\n" }
            page += "cover = \"\(escape(release.images.first?.uri ?? ""))\"\n"
            page += "country = \"\(escape(release.country ?? ""))\"\nreleased = \"\(escape(release.released ?? ""))\"\n"
            let formatText = release.formats.map { ([$0.name] + $0.descriptions + [$0.text].compactMap { $0 }) }
            page +=
                "format_text = \"\(escape(formatText.map { $0.joined(separator: ", ") }.joined(separator: " + ")))\"\n"
            page += "added = \"20\(10 + index % 15)-\(1 + index % 12)-\(1 + index % 28)\"\n"
            if index % 3 == 0 { page += "condition = \"Very Good Plus (VG+)\"\n" }
            if let community = release.community {
                page += "have = \(community.have ?? 0)\nwant = \(community.want ?? 0)\n"
            }
            page += "+++\n\n## Tracklist\n\n"
            for track in release.tracklist {
                page += "- \(track.position ?? "") \(track.title) \(track.duration ?? "")\n"
            }
            page += "\n## Credits\n\n"
            for credit in release.extraArtists { page += "- \(credit.role ?? ""): \(credit.name)\n" }
            page += "\n\(release.notes ?? "")\n"
            // The rest of what Spindle's release page shows, as a Hugo user would write it.
            if !release.companies.isEmpty {
                page += "\n## Companies\n\n"
                for company in release.companies { page += "- \(company.entityTypeName ?? ""): \(company.name)\n" }
            }
            if !release.identifiers.isEmpty {
                page += "\n## Identifiers\n\n| Type | Value | Description |\n|---|---|---|\n"
                for identifier in release.identifiers {
                    page += "| \(identifier.type) | \(identifier.value) | \(identifier.description ?? "") |\n"
                }
            }
            if !release.videos.isEmpty {
                page += "\n## Videos\n\n"
                for video in release.videos { page += "- [\(video.title ?? video.uri)](\(video.uri))\n" }
            }
            if release.images.count > 1 {
                page += "\n## Images\n\n"
                for image in release.images.dropFirst() {
                    page += "[![Image of \(release.title)](\(image.uri150 ?? image.uri ?? ""))](\(image.uri ?? "")) "
                }
                page += "\n"
            }
            try page.write(to: content.appendingPathComponent("\(id).md"), atomically: false, encoding: .utf8)
        }
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
    }

    static let config = """
        baseURL = "https://records.example.org/"
        title = "Bench records"
        paginate = 48
        disableKinds = ["RSS"]
        [taxonomies]
        artist = "artists"
        label = "labels"
        genre = "genres"
        style = "styles"
        decade = "decades"
        year = "years"
        format = "formats"
        folder = "folders"
        """

    static let templates: [(String, String)] = [
        (
            "baseof.html",
            """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
            <link rel="stylesheet" href="/spindle.css"></head><body><header><a href="/">{{ .Site.Title }}</a>
            <nav><a href="/release/">Collection</a> <a href="/artists/">Artists</a> <a href="/labels/">Labels</a>
            <a href="/genres/">Genres</a> <a href="/decades/">Decades</a> <a href="/formats/">Formats</a></nav></header>
            <main>{{ block "main" . }}{{ end }}</main><footer>Built with Hugo</footer></body></html>
            """
        ),
        (
            "single.html",
            """
            {{ define "main" }}<article><h1>{{ .Title }}</h1>
            {{ with .Params.cover }}<img src="{{ . }}" alt="Cover" loading="lazy">{{ end }}
            <dl>{{ range $taxonomy, $_ := .Site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<dt>{{ $taxonomy }}</dt>
            <dd>{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</dd>{{ end }}{{ end }}
            <dt>Catalogue number</dt><dd>{{ .Params.catno }}</dd><dt>Format</dt><dd>{{ .Params.format_text }}</dd>
            {{ with .Params.country }}<dt>Country</dt><dd>{{ . }}</dd>{{ end }}
            {{ with .Params.released }}<dt>Released</dt><dd>{{ . }}</dd>{{ end }}</dl>
            <section><h2>In your collection</h2><dl><dt>Added</dt><dd>{{ .Params.added }}</dd>
            {{ with .Params.condition }}<dt>Media Condition</dt><dd>{{ . }}</dd>{{ end }}</dl>
            <p>Discogs community: {{ .Params.have }} have · {{ .Params.want }} want</p></section>
            {{ .Content }}</article>{{ end }}
            """
        ),
        (
            "list.html",
            """
            {{ define "main" }}<h1>{{ .Title }}</h1><ul class="grid">{{ range .Paginator.Pages }}
            <li><a href="{{ .RelPermalink }}">{{ with .Params.cover }}<img src="{{ . }}" alt="" loading="lazy">{{ end }}
            {{ .Title }}</a> {{ delimit .Params.artists ", " }} · {{ with .Params.years }}{{ index . 0 }} · {{ end }}
            {{ delimit .Params.labels ", " }} {{ .Params.catno }} · {{ .Params.format_text }}</li>{{ end }}</ul>
            {{ template "_internal/pagination.html" . }}{{ end }}
            """
        ),
        (
            "terms.html",
            """
            {{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
            <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
            """
        ),
    ]
}
