import Discogs
import Foundation

/// The marketplace side of the fake: the seller's inventory pages and the inventory export flow
/// (POST → Location → poll the status → download the CSV), shaped after the recorded responses.
extension FakeDiscogs {
    /// `GET /users/{u}/inventory`. The owner sees every status and the owner-only fields
    /// (weight, format_quantity, external_id, location, quantity) and `in_cart`; anyone else sees
    /// For Sale listings only, and no page above 100 (error_403_inventory_pagination_cap.json).
    /// A status outside the documented list is a 422 with the documented body.
    func inventoryPage(_ route: Route, account: FakeAccount, owner: Bool, rate: (Int, Int)) -> HTTPResponse {
        let filter = route.query("status").flatMap { $0.isEmpty || $0 == "All" ? nil : $0 }
        if let filter, FakeListing.Status(rawValue: filter) == nil {
            return Self.json(422, Fixtures.data("error_422_invalid_inventory_status__docs.json"), rate: rate)
        }
        if (!owner || options.capsOwnInventoryPages), let page = route.query("page").flatMap(Int.init), page > 100 {
            return Self.json(403, Fixtures.data("error_403_inventory_pagination_cap.json"), rate: rate)
        }
        let visible = account.listings.filter { listing in
            (owner || listing.status == .forSale) && (filter == nil || listing.status.rawValue == filter)
        }
        var owned: [Int: Int] = [:]
        if owner { for item in account.items { owned[item.releaseID, default: 0] += 1 } }
        let wanted = owner ? Set(account.wants.map(\.releaseID)) : []
        return page(
            Self.sorted(visible, by: route, account: account, owner: owner), key: "listings", route: route, rate: rate
        ) { listing in
            listingJSON(
                listing, account: account, owner: owner,
                viewer: (
                    collection: owned[listing.releaseID] ?? 0, wantlist: wanted.contains(listing.releaseID) ? 1 : 0
                ))
        }
    }

    /// The documented sort keys (`listed` when none is given); `status` and `location` for the
    /// owner only. Ties go by listing id, so pages never overlap.
    static func sorted(_ listings: [FakeListing], by route: Route, account: FakeAccount, owner: Bool) -> [FakeListing] {
        let ascending = route.query("sort_order") != "desc"
        func by<Key: Comparable>(_ key: (FakeListing) -> Key) -> [FakeListing] {
            listings.map { ($0, key($0)) }.sorted { lhs, rhs in
                lhs.1 != rhs.1 ? (lhs.1 < rhs.1) == ascending : lhs.0.id < rhs.0.id
            }.map(\.0)
        }
        switch route.query("sort") {
        case "price": return by(\.price)
        case "item": return by { account.listingSummary($0).description }
        case "artist": return by { account.listingSummary($0).artist }
        case "label": return by { account.listingSummary($0).label }
        case "catno": return by { account.listingSummary($0).catalogNumber }
        case "status" where owner: return by(\.status.rawValue)
        case "location" where owner: return by(\.location)
        case "audio": return by { _ in 0 }  // no fake release has audio
        default: return by { FakeAccount.epoch($0.posted) ?? 0 }
        }
    }

    /// One listing, dressed from the 2025 recording (users_USERNAME_inventory__2025_anonymised.json).
    /// `viewer` is how many copies the viewer has in their collection and wantlist.
    func listingJSON(
        _ listing: FakeListing, account: FakeAccount, owner: Bool, viewer: (collection: Int, wantlist: Int)
    ) -> JSONValue {
        let summary = account.listingSummary(listing)
        let release = account.release(id: listing.releaseID)
        let template = Self.listingTemplate
        var json = template
        json["id"] = .int(listing.id)
        json["resource_url"] = .string("\(options.baseURL)/marketplace/listings/\(listing.id)")
        json["uri"] = .string("https://www.discogs.com/sell/item/\(listing.id)")
        json["status"] = .string(listing.status.rawValue)
        json["condition"] = .string(listing.condition)
        json["sleeve_condition"] = .string(listing.sleeveCondition)
        json["comments"] = .string(listing.comments)
        json["posted"] = .string(listing.posted)
        json["allow_offers"] = .bool(listing.allowOffers)
        json["price"] = ["value": .double(listing.price), "currency": .string(listing.currency)]
        json["original_price"] = Self.originalPrice(listing.price, currency: listing.currency)

        var seller = template["seller"] ?? [:]
        seller["id"] = .int(account.userID)
        seller["uid"] = .int(account.userID)
        seller["username"] = .string(account.username)
        seller["html_url"] = .string("https://www.discogs.com/user/\(account.username)")
        seller["url"] = .string("\(options.baseURL)/users/\(account.username)")
        seller["resource_url"] = .string("\(options.baseURL)/users/\(account.username)")
        json["seller"] = seller

        let parts = FakeCatalog.summaryParts[release.template % FakeCatalog.summaryParts.count]
        var summaryJSON = template["release"] ?? [:]
        summaryJSON["id"] = .int(release.id)
        summaryJSON["resource_url"] = .string("https://api.discogs.com/releases/\(release.id)")
        summaryJSON["description"] = .string(summary.description)
        summaryJSON["artist"] = .string(summary.artist)
        summaryJSON["title"] = .string(summary.title)
        summaryJSON["format"] = .string(summary.format)
        summaryJSON["label"] = .string(summary.label)
        summaryJSON["catalog_number"] = .string(summary.catalogNumber)
        summaryJSON["year"] = .int(summary.year ?? 0)
        summaryJSON["thumbnail"] = parts.thumb
        summaryJSON["images"] = FakeCatalog.templates[release.template % FakeCatalog.templates.count]["images"] ?? []
        summaryJSON["stats"] = [
            "community": template["release"]?["stats"]?["community"] ?? [:],
            "user": ["in_wantlist": .int(viewer.wantlist), "in_collection": .int(viewer.collection)],
        ]
        json["release"] = summaryJSON

        if owner {
            json["weight"] = .int(listing.weight)
            json["format_quantity"] = .int(listing.formatQuantity)
            json["external_id"] = .string(listing.externalID)
            json["location"] = .string(listing.location)
            json["quantity"] = .int(listing.quantity)
        } else {
            json["in_cart"] = nil  // only an authorised caller has a cart
        }
        return json
    }

    static let listingTemplate: JSONValue =
        Fixtures.json("users_USERNAME_inventory__2025_anonymised.json")["listings"]?.array?.first ?? [:]

    /// `original_price` in the seller's own currency (no conversion): `{"curr_abbr": "USD",
    /// "curr_id": 1, "formatted": "$14.99", "value": 14.99}`. USD 1 and EUR 3 are recorded; the
    /// other ids follow the documented `curr_abbr` order, which those two fit.
    static func originalPrice(_ value: Double, currency: String) -> JSONValue {
        let codes = ["USD", "GBP", "EUR", "CAD", "AUD", "JPY", "CHF", "MXN", "BRL", "NZD", "SEK", "ZAR"]
        let symbols = ["USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥"]
        let amount = String(format: "%.2f", value)
        return [
            "curr_abbr": .string(currency), "curr_id": .int((codes.firstIndex(of: currency) ?? -1) + 1),
            "formatted": .string(symbols[currency].map { $0 + amount } ?? "\(currency) \(amount)"),
            "value": .double((value * 100).rounded() / 100),
        ]
    }
}

// MARK: - The export flow

extension FakeDiscogs {
    /// `/inventory/export` and below; owner only (401 with the recorded body otherwise).
    /// - `POST /inventory/export`: 200, an empty body and `Location: {base}/inventory/export/{id}`;
    ///   the job holds the inventory as it is now. Each POST starts another job: the documented
    ///   409 has no known cause, so the fake never sends it.
    /// - `GET /inventory/export`: the jobs, newest first, paginated under `items`.
    /// - `GET /inventory/export/{id}`: the job (inventory_export_ID__docs_example.json), with
    ///   `finished_ts` and `download_url` null and status "pending" for the first
    ///   `Options.exportPendingPolls` polls; `Last-Modified`, and 304 to an `If-Modified-Since` that
    ///   is not older. Unknown ids are 404 with error_404_not_found.json.
    /// - `GET /inventory/export/{id}/download`: the CSV once the job succeeded; before that, or
    ///   after it failed, there is no file: 404 with the same body.
    func exportAnswer(
        _ route: Route, request: HTTPRequest, exports: inout InventoryExportJobs, account: FakeAccount,
        faults: FaultPlan, authenticated: Bool, now: Int, rate: (Int, Int)
    ) -> HTTPResponse {
        let notFound = Self.json(404, Fixtures.data("error_404_not_found.json"), rate: rate)
        let allowed = route.path == .inventoryExports ? ["GET", "POST"] : ["GET"]
        guard allowed.contains(request.method) else {
            return Self.json(405, Fixtures.data("error_405_method_not_allowed.json"), rate: rate)
        }
        guard authenticated else { return unauthorized(window: rate) }

        switch route.path {
        case .inventoryExports where request.method == "POST":
            let csv = InventoryCSV.render(account.listings, account: account)
            let job = exports.start(csv: csv, at: now, failing: faults.failingExports)
            var response = HTTPResponse(status: 200)
            response.headers.set("Location", exportURL(job.id))
            Self.addRateHeaders(&response, rate: rate)
            return response
        case .inventoryExports:
            return page(Array(exports.jobs.reversed()), key: "items", route: route, rate: rate) {
                exportJSON($0, username: account.username)
            }
        case .inventoryExport(let id):
            guard let job = exports.poll(id, at: now, pendingPolls: options.exportPendingPolls) else { return notFound }
            if let since = request.headers["If-Modified-Since"].flatMap(HTTPDate.parse), job.lastModified <= since {
                var response = HTTPResponse(status: 304, headers: ["Last-Modified": HTTPDate.format(job.lastModified)])
                Self.addRateHeaders(&response, rate: rate)
                return response
            }
            var response = Self.json(200, exportJSON(job, username: account.username).data, rate: rate)
            response.headers.set("Last-Modified", HTTPDate.format(job.lastModified))
            return response
        case .inventoryExportDownload(let id):
            guard let job = exports.job(id), job.ready else { return notFound }
            var response = HTTPResponse(
                status: 200,
                headers: [
                    "Content-Type": "text/csv; charset=utf-8",
                    "Content-Disposition": "attachment; filename=\(Self.filename(job, username: account.username))",
                ],
                body: job.csv)
            Self.addRateHeaders(&response, rate: rate)
            return response
        default:
            return notFound
        }
    }

    private func exportURL(_ id: Int) -> String { "\(options.baseURL)/inventory/export/\(id)" }

    /// A job as inventory_export_ID__docs_example.json shapes it; the timestamps are Pacific
    /// wall-clock time without an offset, as recorded.
    func exportJSON(_ job: InventoryExportJobs.Job, username: String) -> JSONValue {
        var json = Self.exportTemplate
        json["id"] = .int(job.id)
        json["status"] = .string(job.status)
        json["url"] = .string(exportURL(job.id))
        json["created_ts"] = .string(PacificTime.local(job.created))
        json["finished_ts"] = job.finished.map { .string(PacificTime.local($0)) } ?? .null
        json["download_url"] = job.ready ? .string(exportURL(job.id) + "/download") : .null
        json["filename"] = .string(Self.filename(job, username: username))
        return json
    }

    static let exportTemplate = Fixtures.json("inventory_export_ID__docs_example.json")

    /// `DamIDhagor-inventory-20260825-0704.csv`: the user and the minute the export was requested
    /// (the live recordings and the docs' list example have it equal to `created_ts`).
    static func filename(_ job: InventoryExportJobs.Job, username: String) -> String {
        let local = Array(PacificTime.local(job.created))  // 2026-08-25T07:04:23
        let date = String(local[0..<4] + local[5..<7] + local[8..<10])
        return "\(username)-inventory-\(date)-\(String(local[11..<13] + local[14..<16])).csv"
    }
}
