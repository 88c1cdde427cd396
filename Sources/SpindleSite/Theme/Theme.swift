import Foundation
import SpindleStore

/// The templates and static assets a build uses: the built-in theme, with the user's own
/// `templates/` and `public/` files replacing theirs file by file (as Hugo themes work).
struct Theme: Sendable {
    let library: TemplateLibrary
    /// A file copied into the site as it is, with a hash of its bytes.
    struct PublicFile: Sendable {
        let url: URL
        let version: String
    }

    /// Files copied into the site as they are, by site path (`assets/spindle.css`).
    let publicFiles: [String: PublicFile]
    /// Changes when any template or asset changes.
    let fingerprint: String
    /// `/assets/spindle.css?v=…`, `/assets/search.js?v=…`, `/assets/sync.js?v=…`: new URLs when
    /// the files change.
    let assets: Assets

    static let templateNames = [
        "layout", "home", "collection", "release", "master", "list", "browse", "wantlist", "stats", "syncs", "sync",
        "content", "not-found", "card", "pagination", "sync-now", "smart-lists", "smart-list", "smart-list-wall",
        "for-sale", "for-sale-history",
    ]

    static func load(_ settings: SiteSettings) throws(SiteError) -> Theme {
        guard let builtIn = settings.themeDirectory ?? locateBuiltIn() else { throw .themeNotFound }
        var templateFiles = files(in: builtIn.appendingPathComponent("templates"), extension: "mustache")
        if let own = settings.templatesDirectory {
            templateFiles.merge(files(in: own, extension: "mustache")) { _, own in own }
        }
        var publicURLs = files(in: builtIn.appendingPathComponent("public"), extension: nil)
        if let own = settings.publicDirectory { publicURLs.merge(files(in: own, extension: nil)) { _, own in own } }

        var library = TemplateLibrary()
        var fingerprint = Fingerprint()
        for (name, url) in templateFiles.sorted(by: { $0.key < $1.key }) {
            let templateName = String(name.dropLast(".mustache".count))
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw .unreadable(url.path) }
            do {
                try library.register(text, named: templateName)
            } catch {
                throw .template(url.path, error.description)
            }
            fingerprint.add(name)
            fingerprint.add(text)
        }
        if let missing = templateNames.first(where: { !library.contains($0) }) {
            throw .missingTemplate(missing, builtIn.appendingPathComponent("templates").path)
        }
        var publicFiles: [String: PublicFile] = [:]
        for (path, url) in publicURLs.sorted(by: { $0.key < $1.key }) {
            guard let data = try? Data(contentsOf: url) else { throw .unreadable(url.path) }
            let version = ContentHash.of(data: data)
            publicFiles[path] = PublicFile(url: url, version: version)
            fingerprint.add(path)
            fingerprint.add(version)
        }
        func asset(_ path: String) -> String {
            "/\(path)" + (publicFiles[path].map { "?v=\($0.version.prefix(10))" } ?? "")
        }
        return Theme(
            library: library, publicFiles: publicFiles, fingerprint: fingerprint.finish(),
            assets: Assets(
                css: asset("assets/spindle.css"), js: asset("assets/search.js"), sync: asset("assets/sync.js")))
    }

    /// The built-in theme: `templates/` and `public/` in a source checkout above the binary, or in
    /// `share/spindle` of an installation.
    static func locateBuiltIn() -> URL? {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            for candidate in [directory, directory.appendingPathComponent("share/spindle")] {
                if FileManager.default.fileExists(
                    atPath: candidate.appendingPathComponent("templates/layout.mustache").path)
                {
                    return candidate
                }
            }
            directory.deleteLastPathComponent()
        }
        return nil
    }

    /// Files below `directory` by relative path (hidden files skipped).
    static func files(in directory: URL, extension wanted: String?) -> [String: URL] {
        guard
            let walker = FileManager.default.enumerator(
                at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [:] }
        var files: [String: URL] = [:]
        let root = directory.standardizedFileURL.path + "/"
        for case let url as URL in walker {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            if let wanted, url.pathExtension != wanted { continue }
            let path = url.standardizedFileURL.path
            guard path.hasPrefix(root) else { continue }
            files[String(path.dropFirst(root.count))] = url
        }
        return files
    }
}

/// The URLs of the theme's stylesheet and scripts, as templates link them.
struct Assets: Sendable {
    let css: String
    /// The search box, on every page.
    let js: String
    /// The browser sync worker, on the Sync page.
    let sync: String
}
