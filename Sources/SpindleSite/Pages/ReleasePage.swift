import Discogs
import Foundation
import SpindleStore

/// The page of one release (`release.mustache`): everything Discogs knows about it, and your copies.
///
/// Artists credited on tracks or for a role link to Discogs, not to a page here: a page of this
/// site for them may come and go with any sync, and linking to it would make every release that
/// credits them change with it. Main artists, labels, genres, styles, formats and the year link
/// inside the site; they are part of the page's fingerprint.
enum ReleasePage {
    /// What the page is made of, for its fingerprint (no rendering needed).
    static func inputs(_ entry: CatalogRelease, catalog: SiteCatalog, settings: SiteSettings) -> [String] {
        let release = entry.release
        var parts = [entry.url, entry.stored.contentHash, entry.stored.source.rawValue, String(entry.want != nil)]
        parts += copies(entry, catalog: catalog, settings: settings).map(Fingerprint.canonical)
        parts += release.artists.map { catalog.links.artist($0) ?? "" }
        parts += release.labels.map { catalog.links.label($0) ?? "" }
        parts += release.genres.map { catalog.links.genre($0) ?? "" }
        parts += release.styles.map { catalog.links.style($0) ?? "" }
        parts += release.formats.map { catalog.links.format($0.name) ?? "" }
        parts.append(release.year.flatMap(catalog.links.year) ?? "")
        if let master = MasterPage.link(release, catalog: catalog) { parts.append(Fingerprint.canonical(master)) }
        let lists = ListPages.memberships(release.id, catalog: catalog)
        if !lists.isEmpty { parts.append(Fingerprint.canonical(lists)) }
        let listings = ForSalePages.badges(release.id, catalog: catalog)
        if !listings.isEmpty { parts.append(Fingerprint.canonical(listings)) }
        return parts
    }

    static func model(
        _ full: StoredRelease, entry: CatalogRelease, catalog: SiteCatalog, settings: SiteSettings
    ) -> Model {
        let release = full.release
        let links = catalog.links
        var model: Model = [
            "id": release.id, "title": release.title, "url": entry.url, "discogs_url": Routes.discogsRelease(release),
            "artists": Shapes.artists(release.artists, links: links),
            "labels": Shapes.labels(release.labels, links: links),
            "series": release.series.map { series -> Model in
                var model: Model = ["name": Names.display(series.name)]
                if let catno = series.catno { model["catno"] = catno }
                return model
            },
            "companies": release.companies.map {
                ["role": $0.entityTypeName ?? "Company", "name": Names.display($0.name)] as Model
            },
            "formats": release.formats.map(format),
            "genres": release.genres.map { Shapes.named($0, url: links.genre($0)) },
            "styles": release.styles.map { Shapes.named($0, url: links.style($0)) },
            "tracklist": release.tracklist.map(track),
            "credits": credits(release.extraArtists),
            "identifiers": release.identifiers.map { identifier -> Model in
                var model: Model = ["type": identifier.type, "value": identifier.value]
                if let description = identifier.description { model["description"] = description }
                return model
            },
            "videos": release.videos.map { video -> Model in
                var model: Model = ["title": video.title ?? video.uri, "url": video.uri]
                if let seconds = video.duration, seconds > 0 {
                    model["duration"] = String(format: "%d:%02d", seconds / 60, seconds % 60)
                }
                return model
            },
        ]
        if let year = release.year { model["year"] = year }
        if let country = release.country { model["country"] = country }
        if let released = release.releasedFormatted ?? release.released { model["released"] = released }
        if let notes = release.notes { model["notes"] = notes }
        if let quality = release.dataQuality { model["data_quality"] = quality }
        // The summary's master: the one the fingerprint was made from.
        if let master = MasterPage.link(entry.release, catalog: catalog) { model["master"] = master }
        let primary = release.primaryImage
        if let cover = Shapes.image(
            primary?.uri, width: primary?.width, height: primary?.height, alt: "Cover of \(release.title)")
        {
            model["cover"] = cover
        } else if let thumb = Shapes.image(release.thumb, width: 150, height: 150, alt: "Cover of \(release.title)") {
            model["cover"] = thumb
        }
        model["images"] = release.images.filter { $0 != primary }.compactMap { image -> Model? in
            let (width, height) = fitted(image, within: 150)
            var thumbnail = Shapes.image(
                image.uri150 ?? image.uri, width: width, height: height, alt: "Image of \(release.title)")
            thumbnail?["full"] = image.uri ?? image.uri150  // the gallery links the thumbnail to it
            return thumbnail
        }
        if let community = release.community, community.have != nil || community.ratingCount != nil {
            var summary: Model = ["have": community.have ?? 0, "want": community.want ?? 0]
            if let average = community.ratingAverage, let votes = community.ratingCount, votes > 0 {
                summary["rating"] = String(format: "%.2f", average)
                summary["votes"] = votes
            }
            model["community"] = summary
        }
        return [
            "release": model, "copies": copies(entry, catalog: catalog, settings: settings),
            "wanted": entry.want != nil,
            "complete": full.source.isComplete,
            "lists": ListPages.memberships(release.id, catalog: catalog),
            "listings": ForSalePages.badges(release.id, catalog: catalog),
        ]
    }

    /// Your copies: folder, date added, rating (only with `show_ratings`), and the notes fields you publish.
    static func copies(_ entry: CatalogRelease, catalog: SiteCatalog, settings: SiteSettings) -> [Model] {
        let published = catalog.fields.filter { field in
            settings.publishFields.contains { $0.caseInsensitiveCompare(field.name) == .orderedSame }
        }
        return entry.copies.map { item in
            let folderName = catalog.folders[item.folderID]?.name ?? "Folder \(item.folderID)"
            var folder: Model = ["name": folderName]
            if let url = catalog.links.folder(item.folderID) { folder["url"] = url }
            var copy: Model = [
                "folder": folder, "date_added": Names.date(item.dateAdded) ?? "",
                "notes": published.compactMap { field -> Model? in
                    guard let value = item.notes[field.id], !value.isEmpty else { return nil }
                    return ["name": field.name, "value": value]
                },
            ]
            if settings.showRatings, item.rating > 0 { copy["rating"] = item.rating }
            return copy
        }
    }

    private static func format(_ format: Format) -> Model {
        var model: Model = ["name": format.name]
        if let qty = format.qty, qty != "1" { model["qty"] = qty }
        if !format.descriptions.isEmpty { model["descriptions"] = format.descriptions.joined(separator: ", ") }
        if let text = format.text { model["text"] = text }
        return model
    }

    private static func track(_ track: Track) -> Model {
        var model: Model = [
            "title": track.title, "heading": track.type == "heading",
            "artists": externalArtists(track.artists), "credits": credits(track.extraArtists),
            "sub_tracks": track.subTracks.map(self.track),
        ]
        if let position = track.position { model["position"] = position }
        if let duration = track.duration { model["duration"] = duration }
        return model
    }

    /// Extra artists grouped by role, in the order Discogs lists them: `Producer: A, B`.
    private static func credits(_ artists: [ArtistCredit]) -> [Model] {
        var order: [String] = []
        var byRole: [String: [ArtistCredit]] = [:]
        for artist in artists {
            var role = artist.role ?? "Credit"
            if let tracks = artist.tracks, !tracks.isEmpty { role += " (\(tracks))" }
            if byRole[role] == nil { order.append(role) }
            byRole[role, default: []].append(ArtistCredit(id: artist.id, name: artist.name, anv: artist.anv))
        }
        return order.map { ["role": $0, "artists": externalArtists(byRole[$0]!)] }
    }

    /// Artist links to Discogs (see the type's comment).
    private static func externalArtists(_ credits: [ArtistCredit]) -> [Model] {
        Shapes.artists(credits) { credit in credit.id.map { "https://www.discogs.com/artist/\($0)" } }
    }

    /// The size of Discogs' 150-pixel thumbnail of an image (it fits the image into 150×150).
    private static func fitted(_ image: Image, within box: Int) -> (Int?, Int?) {
        guard let width = image.width, let height = image.height, width > 0, height > 0 else { return (nil, nil) }
        let scale = Double(box) / Double(max(width, height))
        return (Int((Double(width) * scale).rounded()), Int((Double(height) * scale).rounded()))
    }
}
