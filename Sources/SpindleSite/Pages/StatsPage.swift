import Foundation

/// `/stats/`: counts, charts by decade, genre, format and additions over time, and top lists.
struct StatsPage {
    let catalog: SiteCatalog

    func planned(global: String) -> PlannedPage {
        let model = model()
        let meta = PageMeta(
            title: "Statistics", kind: "stats", url: Routes.stats, description: "The collection in numbers")
        return PlannedPage(
            url: Routes.stats, file: Routes.file(Routes.stats),
            fingerprint: Fingerprint.of([global, "stats", Fingerprint.canonical(model)]),
            body: .html(template: "stats", meta: meta, model: { _ in model }))
    }

    func model() -> Model {
        let owned = catalog.owned.compactMap { catalog.releases[$0] }
        func bars(_ kind: GroupKind, limit: Int, sortByName: Bool = false) -> [BarChart.Bar] {
            let groups = catalog.group(kind).sorted { a, b in
                sortByName ? a.name < b.name : (a.releases.count, b.name) > (b.releases.count, a.name)
            }
            return groups.prefix(limit).map { BarChart.Bar(label: $0.name, value: $0.releases.count, url: $0.url) }
        }
        var charts: [Model] = []
        let decades = bars(.decade, limit: 20, sortByName: true)
        if !decades.isEmpty {
            charts.append([
                "id": "decades", "title": "Releases by decade",
                "svg": BarChart(id: "chart-decades", title: "Releases by decade", bars: decades).columns(),
            ])
        }
        let genres = bars(.genre, limit: 12)
        if !genres.isEmpty {
            charts.append([
                "id": "genres", "title": "Genres",
                "svg": BarChart(id: "chart-genres", title: "Releases by genre", bars: genres).rows(),
            ])
        }
        let formats = bars(.format, limit: 10)
        if !formats.isEmpty {
            charts.append([
                "id": "formats", "title": "Formats",
                "svg": BarChart(id: "chart-formats", title: "Releases by format", bars: formats).rows(),
            ])
        }
        let additions = additionsOverTime(owned)
        if !additions.isEmpty {
            charts.append([
                "id": "additions", "title": "Additions over time",
                "svg": BarChart(id: "chart-additions", title: "Copies added over time", bars: additions).columns(),
            ])
        }
        func top(_ title: String, _ kind: GroupKind) -> Model {
            [
                "title": title,
                "entries": bars(kind, limit: 10).map {
                    ["name": $0.label, "url": $0.url ?? "", "count": $0.value] as Model
                },
            ]
        }
        return [
            "counts": SitePlanCounts.model(catalog), "charts": charts,
            "top": [top("Top artists", .artist), top("Top labels", .label), top("Top styles", .style)],
        ]
    }

    /// Copies added per year, or per month when the collection spans less than three years.
    private func additionsOverTime(_ owned: [CatalogRelease]) -> [BarChart.Bar] {
        let dates = owned.flatMap(\.copies).compactMap(\.addedAt)
        guard let first = dates.min(), let last = dates.max() else { return [] }
        let calendar = Calendar.utc
        let byMonth = last.timeIntervalSince(first) < 3 * 365 * 86_400
        var counts: [String: Int] = [:]
        for date in dates {
            let parts = calendar.dateComponents([.year, .month], from: date)
            counts[
                byMonth ? String(format: "%04d-%02d", parts.year!, parts.month!) : String(parts.year!), default: 0] += 1
        }
        // Every period in the span, empty ones included, so gaps show as gaps.
        var keys: [String] = []
        var cursor = calendar.dateComponents([.year, .month], from: first)
        let end = calendar.dateComponents([.year, .month], from: last)
        while (cursor.year!, byMonth ? cursor.month! : 0) <= (end.year!, byMonth ? end.month! : 0) {
            keys.append(byMonth ? String(format: "%04d-%02d", cursor.year!, cursor.month!) : String(cursor.year!))
            if byMonth {
                cursor.month! += 1
                if cursor.month! > 12 { (cursor.year!, cursor.month!) = (cursor.year! + 1, 1) }
            } else {
                cursor.year! += 1
            }
        }
        return keys.map { BarChart.Bar(label: $0, value: counts[$0, default: 0], url: nil) }
    }
}

/// The counts shown on the home and stats pages.
enum SitePlanCounts {
    static func model(_ catalog: SiteCatalog) -> Model {
        let (releases, artists, labels) = (
            catalog.owned.count, catalog.group(.artist).count, catalog.group(.label).count
        )
        return [
            "releases": releases, "items": catalog.itemCount, "artists": artists, "labels": labels,
            "wants": catalog.wanted.count,
            "words": [
                "releases": Shapes.noun(releases, "release"), "items": Shapes.noun(catalog.itemCount, "item"),
                "artists": Shapes.noun(artists, "artist"), "labels": Shapes.noun(labels, "label"),
            ] as Model,
        ]
    }
}
