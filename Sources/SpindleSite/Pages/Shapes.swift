import Discogs
import Foundation
import Synchronization

/// The shapes several templates share (docs/templates.md "Shared shapes"). Models are plain
/// dictionaries: swift-mustache reads them without reflection.
/// A page model: written like a dictionary (`["title": release.title]`), stored as template values
/// right away, so rendering needs no second pass over it.
struct Model: Sendable, ExpressibleByDictionaryLiteral, TemplateValueConvertible {
    private(set) var members: [String: TemplateValue]

    init(dictionaryLiteral elements: (String, any TemplateValueConvertible)...) {
        members = Dictionary(minimumCapacity: elements.count + 2)
        for (key, value) in elements { members[key] = value.templateValue }
    }

    subscript(key: String) -> (any TemplateValueConvertible)? {
        get { members[key] }
        set { members[key] = newValue?.templateValue }
    }

    /// This model with `other`'s keys added (theirs win).
    func adding(_ other: Model) -> Model {
        var merged = self
        merged.members.merge(other.members) { _, theirs in theirs }
        return merged
    }

    var templateValue: TemplateValue { .object(members) }
}

enum Shapes {
    /// `{name, url?, join?}` per credited artist, with the name as printed on the release.
    static func artists(_ credits: [ArtistCredit], links: GroupLinks) -> [Model] {
        artists(credits) { links.artist($0) }
    }

    /// `{name, url?, join?}` with `join` spaced for display (", ", " & ", " feat. "), none after the last.
    static func artists(_ credits: [ArtistCredit], url: (ArtistCredit) -> String?) -> [Model] {
        credits.enumerated().map { index, credit in
            var model: Model = ["name": credit.anv ?? Names.display(credit.name)]
            if let url = url(credit) { model["url"] = url }
            if index < credits.count - 1 { model["join"] = joinText(credit.join) }
            return model
        }
    }

    /// Discogs joins are bare (`,`, `&`, `Feat.`, `Vs`); an empty one between two names reads as a comma.
    static func joinText(_ join: String?) -> String {
        let trimmed = (join ?? "").trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == "," ? ", " : " \(trimmed) "
    }

    static func labels(_ labels: [EntityCredit], links: GroupLinks) -> [Model] {
        labels.map { label in
            var model: Model = ["name": Names.display(label.name)]
            if let url = links.label(label) { model["url"] = url }
            if let catno = label.catno, catno.lowercased() != "none" { model["catno"] = catno }
            return model
        }
    }

    /// `{name, url?}`: a genre or style, linked to its page when it has one.
    static func named(_ name: String, url: String?) -> Model {
        var model: Model = ["name": name]
        if let url { model["url"] = url }
        return model
    }

    /// `address` when it is an http or https URL without spaces or control characters, else nil:
    /// free text from Discogs links only where a browser would go to a web page.
    static func webURL(_ address: String) -> String? {
        let lower = address.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), address.count > 8,
            !address.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
            })
        else { return nil }
        return address
    }

    static func image(_ src: String?, width: Int?, height: Int?, alt: String) -> Model? {
        guard let src, !src.isEmpty else { return nil }
        var model: Model = ["src": src, "alt": alt]
        if let width, let height, width > 0, height > 0 {
            model["width"] = width
            model["height"] = height
        }
        return model
    }

    /// `release` for one, `releases` for any other count.
    static func noun(_ count: Int, _ singular: String) -> String { count == 1 ? singular : singular + "s" }

    /// `1 release`, `12 releases`.
    static func releaseCount(_ count: Int) -> String { "\(count) \(noun(count, "release"))" }

    /// `2×Vinyl, LP, Album + CD, Single`.
    static func formatSummary(_ formats: [Format]) -> String? {
        let parts = formats.map { format -> String in
            let quantity = format.qty.flatMap(Int.init).map { $0 > 1 ? "\($0)×" : "" } ?? ""
            return ([quantity + format.name] + format.descriptions).joined(separator: ", ")
        }
        return parts.isEmpty ? nil : parts.joined(separator: " + ")
    }

    /// `{current, total, prev?, next?, pages: [{number, url, current, gap}]}`, or nil for one page.
    static func pagination(base: String, current: Int, total: Int) -> Model? {
        guard total > 1 else { return nil }
        var numbers = Set([1, total])
        for n in (current - 2)...(current + 2) where n >= 1 && n <= total { numbers.insert(n) }
        var pages: [Model] = []
        var previous = 0
        for n in numbers.sorted() {
            if n > previous + 1 { pages.append(["gap": true, "current": false]) }
            pages.append(["number": n, "url": Routes.paged(base, page: n), "current": n == current, "gap": false])
            previous = n
        }
        var model: Model = ["current": current, "total": total, "pages": pages]
        if current > 1 { model["prev"] = Routes.paged(base, page: current - 1) }
        if current < total { model["next"] = Routes.paged(base, page: current + 1) }
        return model
    }

    /// `items` as the pages of a list whose first page is at `base`, `size` to a page (at least
    /// one page, possibly empty).
    static func pages<T>(_ items: [T], base: String, size: Int) -> [ListPage<T>] {
        let starts = items.isEmpty ? [0] : Array(stride(from: 0, to: items.count, by: size))
        return starts.enumerated().map { index, start in
            ListPage(
                number: index + 1, total: starts.count, base: base,
                items: Array(items[start..<min(start + size, items.count)]))
        }
    }
}

/// One page of a paginated list.
struct ListPage<Item: Sendable>: Sendable {
    let number: Int
    let total: Int
    /// The URL of the list's first page.
    let base: String
    let items: [Item]

    var url: String { Routes.paged(base, page: number) }
    /// `name` on the first page, `name, page 2` after.
    func title(_ name: String) -> String { number == 1 ? name : "\(name), page \(number)" }
    /// Fingerprint part: where this page sits in the list.
    var position: String { "\(number)/\(total)" }
    var pagination: Model? { Shapes.pagination(base: base, current: number, total: total) }
}

/// Cards rendered once per build: a release appears on a dozen list pages (collection orders,
/// artist, label, genre, style, decade, year, format, folder), and rendering its card each time
/// was the largest part of a build. Each card model carries its HTML as `html`.
final class CardCache: Sendable {
    private let rendered = Mutex<[Int: TemplateValue]>([:])
    private let library: TemplateLibrary
    private let links: GroupLinks

    init(library: TemplateLibrary, links: GroupLinks) {
        self.library = library
        self.links = links
    }

    func model(_ entry: CatalogRelease) -> TemplateValue {
        if let card = rendered.withLock({ $0[entry.release.id] }) { return card }
        var model = CardModel.model(entry, links: links)
        model["html"] =
            library.render(model.templateValue, template: "card").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let card = model.templateValue
        rendered.withLock { $0[entry.release.id] = card }
        return card
    }
}

/// One release in a list (`card.mustache`), and the fingerprint of what it shows.
enum CardModel {
    static func model(_ entry: CatalogRelease, links: GroupLinks) -> Model {
        let release = entry.release
        var model: Model = [
            "url": entry.url, "title": release.title, "artists": Shapes.artists(release.artists, links: links),
            "labels": Shapes.labels(release.labels, links: links), "wanted": entry.want != nil,
        ]
        if let year = release.year { model["year"] = year }
        if let format = Shapes.formatSummary(release.formats) { model["format"] = format }
        if entry.copies.count > 1 { model["copies"] = entry.copies.count }
        if entry.forSale { model["for_sale"] = true }
        let thumb = release.thumb ?? release.images.first?.uri150
        if let cover = Shapes.image(thumb, width: 150, height: 150, alt: "Cover of \(release.title)") {
            model["cover"] = cover
        }
        return model
    }

    static func fingerprint(_ entry: CatalogRelease, links: GroupLinks) -> String {
        let release = entry.release
        var parts = [entry.url, release.title, release.year.map(String.init) ?? "", release.thumb ?? ""]
        parts += release.artists.map { "\($0.displayName)|\($0.join ?? "")|\(links.artist($0) ?? "")" }
        parts += release.labels.map { "\($0.name)|\($0.catno ?? "")|\(links.label($0) ?? "")" }
        parts += [Shapes.formatSummary(release.formats) ?? "", String(entry.copies.count), String(entry.want != nil)]
        if entry.forSale { parts.append("for sale") }
        return Fingerprint.of(parts)
    }
}
