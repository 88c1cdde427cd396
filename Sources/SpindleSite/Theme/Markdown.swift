import CCmark
import Foundation

/// Markdown to HTML with libcmark: smart punctuation, and raw HTML omitted (a content page can
/// never inject markup the theme did not write).
enum Markdown {
    static func html(_ markdown: String) -> String {
        var text = markdown
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                guard
                    let rendered = cmark_markdown_to_html(
                        chars.baseAddress, chars.count, CMARK_OPT_DEFAULT | CMARK_OPT_SMART)
                else { return "" }
                defer { free(rendered) }
                return String(cString: rendered)
            }
        }
    }
}

/// A Markdown page: front matter between `---` lines (`key: value`), then the body.
struct ContentPage: Sendable, Equatable {
    var slug: String
    var title: String
    var description: String?
    /// Position in the site menu; pages without one are not in the menu.
    var menu: Int?
    var draft: Bool
    var body: String

    init(fileName: String, text: String) {
        slug = Slug.make((fileName as NSString).deletingPathExtension)
        var body = text
        var fields: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" })
        {
            for line in lines[1..<end] {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let key = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                var value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
                    value = String(value.dropFirst().dropLast())
                }
                fields[key] = value
            }
            body = lines[(end + 1)...].joined(separator: "\n")
        }
        title = fields["title"] ?? ((fileName as NSString).deletingPathExtension).capitalized
        description = fields["description"]
        menu = fields["menu"].flatMap { Int($0) }
        draft = ["true", "yes", "1"].contains(fields["draft"]?.lowercased() ?? "")
        self.body = body
    }

    var url: String { "/\(slug)/" }

    /// `content/*.md` of the site, in file-name order; `_index.md` is the home page's intro.
    static func load(from directory: URL?) throws(SiteError) -> (pages: [ContentPage], intro: ContentPage?) {
        guard let directory, FileManager.default.fileExists(atPath: directory.path) else { return ([], nil) }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".md") }.sorted()
        var pages: [ContentPage] = []
        var intro: ContentPage?
        for name in names {
            let url = directory.appendingPathComponent(name)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw .unreadable(url.path) }
            let page = ContentPage(fileName: name, text: text)
            if name == "_index.md" { intro = page } else if !page.slug.isEmpty { pages.append(page) }
        }
        return (pages, intro)
    }
}
