import Discogs
import FakeDiscogs
import Foundation
import Testing

@Suite("The fake's marketplace inventory: generated listings and their pages")
struct FakeInventoryTests {
    static let ownerKeys: Set<String> = ["weight", "format_quantity", "external_id", "location", "quantity"]

    @Test("generate is deterministic, and listings leave the collection and wantlist as they were")
    func determinism() {
        let one = FakeAccount.generate(items: 60, duplicates: 3, wants: 20, overlap: 2, listings: 150)
        let two = FakeAccount.generate(items: 60, duplicates: 3, wants: 20, overlap: 2, listings: 150)
        let none = FakeAccount.generate(items: 60, duplicates: 3, wants: 20, overlap: 2)
        #expect(one.listings == two.listings)
        #expect(one.listings.count == 150)
        #expect(none.listings.isEmpty)
        #expect(one.items == none.items)
        #expect(one.wants == none.wants)
        #expect(Set(one.listings.map(\.id)).count == 150)
        #expect(one.listings.map(\.id) == one.listings.map(\.id).sorted())
        #expect(Set(one.listings.map(\.status)).isSuperset(of: [.forSale, .draft, .expired, .sold]))
        #expect(one.listings.contains { $0.comments.contains(",") && $0.comments.contains("\"") })
        #expect(one.expectedInventory().map(\.listingID) == one.listings.map(\.id).sorted())
    }

    @Test("addListing takes a fresh id and the release's weight; updateListing and removeListing change the truth")
    func mutations() throws {
        var account = FakeAccount.generate(items: 10, listings: 5)
        let id = account.addListing(releaseID: 100_037, price: 19.99, comments: "Sealed")
        #expect(id > account.listings.dropLast().map(\.id).max()!)
        let added = try #require(account.listings.last)
        #expect(added.weight > 0)
        #expect(FakeAccount.generate(items: 10, listings: 5).listings.count == 5)

        account.updateListing(id: id) { $0.status = .sold }
        account.removeListing(id: account.listings[0].id)
        let truth = account.expectedInventory()
        #expect(truth.count == 5)
        #expect(truth.last?.status == "Sold")
        #expect(truth.last?.price == .init(value: 19.99, currency: "USD"))
        #expect(truth.last?.posted?.hasSuffix(":00") == true)
    }

    @Test("the owner's pages list every listing once, in the recorded shape with the owner's fields")
    func ownerPages() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 30, wants: 5, listings: 250))
        let recorded = Fixtures.json("users_USERNAME_inventory__2025_anonymised.json")
        let recordedKeys = Set(recorded["listings"]?.array?.first?.objectKeys ?? [])
        var seen: [Int] = []
        var page = 1
        while true {
            let response = try await client.send("GET", "/users/Username/inventory?per_page=100&page=\(page)")
            #expect(response.status == 200)
            let body = try JSONValue.parse(response.body)
            #expect(Set(body["pagination"]?.objectKeys ?? []) == Set(recorded["pagination"]?.objectKeys ?? []))
            #expect(body["pagination"]?["items"] == 250)
            #expect(body["pagination"]?["pages"] == 3)
            for listing in body["listings"]?.array ?? [] {
                #expect(Set(listing.objectKeys) == recordedKeys.union(Self.ownerKeys))
                #expect(listing["seller"]?["username"] == "Username")
                seen.append(listing["id"]?.int ?? 0)
            }
            guard let next = body["pagination"]?["urls"]?["next"]?.string else { break }
            #expect(response.headers["Link"]?.contains("rel=\"next\"") == true)
            #expect(next.contains("page=\(page + 1)"))
            page += 1
        }
        #expect(page == 3)
        #expect(seen.sorted() == client.fake.account.listings.map(\.id).sorted())
        #expect(client.fake.stats.byEndpoint["inventory_page"] == 3)
    }

    @Test("a listing's release fields come from the catalogue, as a listing and the CSV name them")
    func listingRelease() async throws {
        let account = FakeAccount.generate(items: 10, listings: 8)
        let client = InventoryClient(account: account)
        let body = try await client.json("GET", "/users/Username/inventory?sort=listed&sort_order=asc")
        let first = try #require(body["listings"]?.array?.first)
        let listing = account.listings[0]
        let summary = account.listingSummary(listing)
        #expect(first["id"] == .int(listing.id))
        #expect(first["release"]?["id"] == .int(listing.releaseID))
        #expect(first["release"]?["description"] == .string("\(summary.artist) - \(summary.title) (\(summary.format))"))
        #expect(first["release"]?["catalog_number"] == .string(summary.catalogNumber))
        #expect(first["price"]?["value"]?.number == listing.price)
        #expect(first["posted"] == .string(listing.posted))
        #expect(first["original_price"]?["curr_id"] == 1)
    }

    @Test("pages above 100 of another seller's view answer 403 with the recorded body; the owner is not capped")
    func paginationCap() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 120))
        let capped = try await client.send("GET", "/users/Username/inventory?per_page=1&page=101", authenticated: false)
        #expect(capped.status == 403)
        #expect(capped.body == Fixtures.data("error_403_inventory_pagination_cap.json"))
        #expect(capped.headers["X-Discogs-Ratelimit"] == "25")
        let page100 = try await client.send(
            "GET", "/users/Username/inventory?per_page=1&page=100", authenticated: false)
        #expect(page100.status == 200)

        let own = try await client.json("GET", "/users/Username/inventory?per_page=1&page=101")
        #expect(own["listings"]?.array?.count == 1)

        let strict = InventoryClient(
            account: FakeAccount.generate(items: 5, listings: 120),
            options: .init(rateLimit: 1_000, capsOwnInventoryPages: true))
        #expect(try await strict.send("GET", "/users/Username/inventory?per_page=1&page=101").status == 403)
    }

    @Test("an invalid status answers 422 with the recorded body; a valid one filters")
    func statusFilter() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 80))
        let invalid = try await client.send("GET", "/users/Username/inventory?status=Lost")
        #expect(invalid.status == 422)
        #expect(invalid.body == Fixtures.data("error_422_invalid_inventory_status__docs.json"))

        let drafts = try await client.json("GET", "/users/Username/inventory?status=Draft&per_page=100")
        let expected = client.fake.account.listings.filter { $0.status == .draft }
        #expect(drafts["listings"]?.array?.count == expected.count)
        #expect(drafts["listings"]?.array?.allSatisfy { $0["status"] == "Draft" } == true)
        let all = try await client.json("GET", "/users/Username/inventory?status=All&per_page=100")
        #expect(all["pagination"]?["items"] == 80)
    }

    @Test("anyone else sees For Sale listings only, without the owner's fields or a cart")
    func publicView() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 60))
        let body = try await client.json("GET", "/users/Username/inventory?per_page=100", authenticated: false)
        let listings = body["listings"]?.array ?? []
        #expect(listings.count == client.fake.account.listings.filter { $0.status == .forSale }.count)
        for listing in listings {
            #expect(listing["status"] == "For Sale")
            #expect(Set(listing.objectKeys).isDisjoint(with: Self.ownerKeys.union(["in_cart"])))
        }
        #expect(try await client.send("GET", "/users/someone-else/inventory").status == 404)
    }

    @Test("sorting by price, both ways, ties by listing id")
    func sorting() async throws {
        let client = InventoryClient(account: FakeAccount.generate(items: 5, listings: 40))
        for order in ["asc", "desc"] {
            let body = try await client.json(
                "GET", "/users/Username/inventory?sort=price&sort_order=\(order)&per_page=100")
            let prices = (body["listings"]?.array ?? []).compactMap { $0["price"]?["value"]?.number }
            #expect(prices.count == 40)
            #expect(prices == (order == "asc" ? prices.sorted() : prices.sorted(by: >)))
        }
    }
}

extension JSONValue {
    /// A JSON number either way it decoded: `17.0` may come back as an integer.
    var number: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
