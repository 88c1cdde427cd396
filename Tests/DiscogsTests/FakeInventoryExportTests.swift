import Discogs
import Foundation
import Testing

@testable import FakeDiscogs

@Suite("The fake's inventory export: POST, poll, download the CSV")
struct FakeInventoryExportTests {
    /// A listing whose comment a CSV writer must quote three ways.
    static func accountWithTrickyComment() -> (FakeAccount, Int) {
        var account = FakeAccount.generate(items: 40, listings: 30)
        let id = account.addListing(
            releaseID: 100_037, status: .draft, price: 100, comments: "Mint, \"sealed\"\nsecond line",
            location: "Box 3, left", externalID: "EXT-1", allowOffers: true)
        return (account, id)
    }

    @Test("POST answers 200 with a Location; the job stays unfinished for two polls, then points at its CSV")
    func exportFlow() async throws {
        let client = InventoryClient(account: Self.accountWithTrickyComment().0)
        let started = try await client.send("POST", "/inventory/export")
        #expect(started.status == 200)
        #expect(started.body.isEmpty)
        #expect(started.headers["X-Discogs-Ratelimit-Used"] == "1")
        let location = try #require(started.headers["Location"])
        #expect(location.hasPrefix("https://api.discogs.com/inventory/export/"))
        let id = try #require(Int(location.split(separator: "/").last!))

        let recordedKeys = Set(Fixtures.json("inventory_export_ID__docs_example.json").objectKeys)
        for _ in 1...2 {
            let pending = try await client.json("GET", location)
            #expect(Set(pending.objectKeys) == recordedKeys)
            #expect(pending["status"] == "pending")
            #expect(pending["finished_ts"] == .null)
            #expect(pending["download_url"] == .null)
        }
        let done = try await client.json("GET", location)
        #expect(done["id"] == .int(id))
        #expect(done["status"] == "success")
        #expect(done["url"] == .string(location))
        #expect(done["download_url"] == .string(location + "/download"))
        let created = try #require(done["created_ts"]?.string)
        let finished = try #require(done["finished_ts"]?.string)
        #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/) != nil, "no offset, as recorded")
        #expect(finished >= created)
        let filename = try #require(done["filename"]?.string)
        #expect(filename.wholeMatch(of: /Username-inventory-\d{8}-\d{4}\.csv/) != nil)
        #expect(filename.contains(created.prefix(10).replacingOccurrences(of: "-", with: "")))

        let download = try await client.send("GET", location + "/download")
        #expect(download.status == 200)
        #expect(download.headers["Content-Type"] == "text/csv; charset=utf-8")
        #expect(download.headers["Content-Disposition"] == "attachment; filename=\(filename)")
        #expect(download.headers["X-Discogs-Ratelimit"] != nil)

        let kinds = client.fake.stats.byEndpoint
        #expect(kinds["inventory_export_start"] == 1)
        #expect(kinds["inventory_export_status"] == 3)
        #expect(kinds["inventory_export_download"] == 1)
        #expect(client.fake.stats.repeatedSuccesses == 0, "polling is the protocol, not a wasted request")
    }

    @Test("the CSV has the recorded header, CRLF rows, and parses back to the account's listings")
    func csvParsesBack() async throws {
        let (account, _) = Self.accountWithTrickyComment()
        let client = InventoryClient(account: account)
        let (location, _, _) = try await client.runExport()
        let rows = try StrictCSV.rows(try await client.send("GET", location + "/download").body)

        let recordedHeader = try StrictCSV.rows(Fixtures.data("inventory_export_ID_download.csv"))[0]
        #expect(rows.first == recordedHeader)
        #expect(rows.count == account.listings.count + 1)
        for (row, listing) in zip(rows.dropFirst(), account.listings.sorted { $0.id < $1.id }) {
            let release = account.listingSummary(listing)
            let fields = Dictionary(uniqueKeysWithValues: zip(recordedHeader, row))
            #expect(fields["listing_id"] == "\(listing.id)")
            #expect(fields["release_id"] == "\(listing.releaseID)")
            #expect(fields["artist"] == release.artist)
            #expect(fields["title"] == release.title)
            #expect(fields["label"] == release.label)
            #expect(fields["catno"] == release.catalogNumber)
            #expect(fields["format"] == release.format)
            #expect(fields["status"] == listing.status.rawValue)
            #expect(fields["price"].flatMap(Double.init) == listing.price)
            #expect(
                fields["listed"].map { $0.replacingOccurrences(of: " ", with: "T") }
                    == String(listing.posted.prefix(19)))
            #expect(fields["comments"] == listing.comments)
            #expect(fields["media_condition"] == listing.condition)
            #expect(fields["sleeve_condition"] == listing.sleeveCondition)
            #expect(fields["accept_offer"] == (listing.allowOffers ? "Y" : "N"))
            #expect(fields["external_id"] == listing.externalID)
            #expect(fields["weight"] == "\(listing.weight)")
            #expect(fields["format_quantity"] == "\(listing.formatQuantity)")
            #expect(fields["location"] == listing.location)
            #expect(fields["quantity"] == "\(listing.quantity)")
        }
    }

    @Test("a comment with a comma, a quote and a line break is quoted once, its quote doubled")
    func quoting() async throws {
        let (account, id) = Self.accountWithTrickyComment()
        let client = InventoryClient(account: account)
        let (location, _, _) = try await client.runExport()
        let text = String(decoding: try await client.send("GET", location + "/download").body, as: UTF8.self)
        let line = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("\(id),") })
        #expect(line.contains(",100.0,"))
        #expect(line.contains(",Draft,"))
        #expect(line.contains(",\"Mint, \"\"sealed\"\"\nsecond line\","))
        #expect(line.contains(",Y,EXT-1,"))
        #expect(line.hasSuffix(",\"Box 3, left\",1"))
    }

    @Test("the writer reproduces the recorded file's rows byte for byte")
    func recordedRows() throws {
        let recorded = Fixtures.data("inventory_export_ID_download.csv")
        let rows = try StrictCSV.rows(recorded)
        #expect(rows.count == 2)
        #expect(Data(rows.map(InventoryCSV.row).joined().utf8) == recorded)
        #expect(InventoryCSV.price(100) == "100.0")
        #expect(InventoryCSV.price(89.34117647058824) == "89.34117647058824")
        #expect(InventoryCSV.listed("2026-08-25T07:04:22-07:00") == "2026-08-25 07:04:22")
    }

    @Test("Pacific time: -07:00 from the second Sunday in March, -08:00 from the first Sunday in November")
    func pacificTime() {
        #expect(PacificTime.timestamp(1_710_064_799) == "2024-03-10T01:59:59-08:00")
        #expect(PacificTime.timestamp(1_710_064_800) == "2024-03-10T03:00:00-07:00")
        #expect(PacificTime.timestamp(1_730_624_399) == "2024-11-03T01:59:59-07:00")
        #expect(PacificTime.timestamp(1_730_624_400) == "2024-11-03T01:00:00-08:00")
        #expect(PacificTime.local(1_730_624_400) == "2024-11-03T01:00:00")
        #expect(HTTPDate.format(1_730_624_400) == "Sun, 03 Nov 2024 09:00:00 GMT")
        #expect(HTTPDate.parse("Sun, 03 Nov 2024 09:00:00 GMT") == 1_730_624_400)
        #expect(HTTPDate.parse("yesterday") == nil)
    }

    @Test("an empty inventory exports the header line alone, as recorded")
    func emptyInventory() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5))
        let (location, _, _) = try await client.runExport()
        let download = try await client.send("GET", location + "/download")
        #expect(download.body == Fixtures.data("inventory_export_ID_download__empty_inventory.csv"))
    }

    @Test("an export holds the inventory as it was when requested; changes show in the next one")
    func snapshotsAndChanges() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 20, listings: 12))
        let before = client.fake.account
        let first = try await client.send("POST", "/inventory/export").headers["Location"]!

        let sold = before.listings[0].id
        let removed = before.listings[1].id
        var added = 0
        client.fake.change { account in
            account.updateListing(id: sold) {
                $0.status = .sold
                $0.price = 12.5
            }
            account.removeListing(id: removed)
            added = account.addListing(releaseID: 100_074, price: 7, comments: "new, \"just in\"")
        }

        for _ in 0..<3 { _ = try await client.send("GET", first) }
        let old = try StrictCSV.rows(try await client.send("GET", first + "/download").body)
        #expect(old.dropFirst().map { $0[0] } == before.listings.map { "\($0.id)" })

        let (second, _, _) = try await client.runExport()
        let new = try StrictCSV.rows(try await client.send("GET", second + "/download").body).dropFirst()
        let byID = Dictionary(uniqueKeysWithValues: new.map { ($0[0], $0) })
        #expect(byID["\(removed)"] == nil)
        #expect(byID["\(sold)"]?[7] == "Sold")
        #expect(byID["\(sold)"]?[8] == "12.5")
        #expect(byID["\(added)"]?[10] == "new, \"just in\"")
        #expect(Set(byID.keys) == Set(client.fake.account.expectedInventory().map { "\($0.listingID)" }))
    }

    @Test("unknown exports are 404 with the recorded body; no file before the job finishes; no token is 401")
    func refusals() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 3))
        let notFound = Fixtures.data("error_404_not_found.json")
        #expect(try await client.send("GET", "/inventory/export/1").body == notFound)
        #expect(try await client.send("GET", "/inventory/export/1/download").status == 404)

        let location = try await client.send("POST", "/inventory/export").headers["Location"]!
        let early = try await client.send("GET", location + "/download")
        #expect(early.status == 404)
        #expect(early.body == notFound)

        let anonymous = try await client.send("POST", "/inventory/export", authenticated: false)
        #expect(anonymous.status == 401)
        #expect(anonymous.body == Fixtures.data("error_401_unauthenticated.json"))
        #expect(try await client.send("GET", location, authenticated: false).status == 401)
        #expect(try await client.send("DELETE", location).status == 405)
        #expect(client.fake.stats.byEndpoint["inventory_export_start"] == 2)
    }

    @Test("If-Modified-Since: 304 while the job is unchanged, 200 with the job once it finished")
    func conditionalPolls() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 3))
        let location = try await client.send("POST", "/inventory/export").headers["Location"]!
        let first = try await client.send("GET", location)
        let stamp = try #require(first.headers["Last-Modified"])
        #expect(stamp.hasSuffix(" GMT"))

        let unchanged = try await client.send("GET", location, headers: ["If-Modified-Since": stamp])
        #expect(unchanged.status == 304)
        #expect(unchanged.body.isEmpty)

        let finished = try await client.send("GET", location, headers: ["If-Modified-Since": stamp])
        #expect(finished.status == 200)
        #expect(try JSONValue.parse(finished.body)["status"] == "success")
        #expect(finished.headers["Last-Modified"] != stamp)
    }

    @Test("a failing export ends with status failure and no file; the next one succeeds")
    func failingExport() async throws {
        let client = InventoryClient(
            account: FakeAccount.generate(items: 5, listings: 3), faults: FaultPlan(failingExports: [1]))
        let (location, job, _) = try await client.runExport()
        #expect(job["status"] == "failure")
        #expect(job["download_url"] == .null)
        #expect(try await client.send("GET", location + "/download").status == 404)

        let (_, retry, _) = try await client.runExport()
        #expect(retry["status"] == "success")
    }

    @Test("a fault on starting exports answers 500 every time and starts nothing")
    func startFault() async throws {
        let client = InventoryClient(
            account: FakeAccount.generate(items: 5, listings: 3),
            faults: FaultPlan(always: ["POST /inventory/export?page=1": .serverError]))
        let answer = try await client.send("POST", "/inventory/export")
        #expect(answer.status == 500)
        #expect(answer.headers["Location"] == nil)
        #expect(try await client.json("GET", "/inventory/export")["items"] == [])
        #expect(client.fake.stats.injected["500"] == 1)
    }

    @Test("the pending polls are configurable, down to none")
    func pendingPolls() async throws {
        let client = InventoryClient(
            account: FakeAccount.generate(items: 5, listings: 3),
            options: .init(rateLimit: 1_000, exportPendingPolls: 0))
        #expect(try await client.runExport().polls == 1)
    }
}

extension JSONValue {
    var objectKeys: [String] { if case .object(let members) = self { Array(members.keys) } else { [] } }
}
