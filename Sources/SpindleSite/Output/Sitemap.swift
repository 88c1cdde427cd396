import Foundation

/// `/sitemap.xml`: every HTML page. Sitemaps need absolute URLs, so there is none without
/// `site.base_url`.
struct Sitemap {
    let settings: SiteSettings

    func planned(urls: [String]) -> PlannedPage? {
        let base = settings.siteRoot
        guard !base.isEmpty else { return nil }
        var xml =
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for url in urls.sorted() { xml += "  <url><loc>\(XMLText.escape(base + url))</loc></url>\n" }
        xml += "</urlset>\n"
        let text = xml
        return PlannedPage(
            url: Routes.sitemap, file: Routes.file(Routes.sitemap), fingerprint: Fingerprint.of([text]),
            body: .bytes({ Data(text.utf8) }))
    }
}
