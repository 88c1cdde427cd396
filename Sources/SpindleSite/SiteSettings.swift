import Foundation

/// What `spindle build` makes and how (the `[site]` section of spindle.toml).
public struct SiteSettings: Sendable, Equatable {
    public var title = "My records"
    public var description = ""
    /// Absolute URL the site is served at, e.g. `https://records.example.org`; empty when unknown
    /// (then no canonical links and no sitemap, which needs absolute URLs).
    public var baseURL = ""
    /// Where the site is published: a symlink that is switched to each new build.
    public var output: URL
    public var itemsPerPage = 48
    /// Notes fields shown on release pages; free-text Notes stay private unless listed.
    public var publishFields = ["Media Condition", "Sleeve Condition"]
    public var showRatings = false
    /// The built-in theme (`templates/`, `public/`); nil means: find it next to the binary.
    public var themeDirectory: URL?
    /// The user's own templates and assets, overriding the theme file by file.
    public var templatesDirectory: URL?
    public var publicDirectory: URL?
    public var contentDirectory: URL?
    /// Build content pages marked `draft: true`.
    public var drafts = false
    /// Render every page, whatever changed.
    public var full = false

    public init(output: URL) { self.output = output }

    /// `baseURL` without a trailing slash, ready to prefix a site path (`/release/…`).
    var siteRoot: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

    /// The parts of the settings that change what pages look like, for page fingerprints.
    var fingerprint: String {
        [
            title, description, baseURL, String(itemsPerPage), publishFields.joined(separator: "\u{1F}"),
            String(showRatings),
        ]
        .joined(separator: "\u{1E}")
    }
}
