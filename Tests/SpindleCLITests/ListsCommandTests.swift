import Foundation
import Testing

/// `spindle lists` and `spindle export list` over the demo collection, as a user types them.
@Suite struct ListsCommandTests {
    final class World {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "spindle-lists-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try """
            [database]
            path = "spindle.sqlite"

            [[lists]]
            name = "Seventies"
            query = "year:1970..1979 sort:year+"
            """.write(to: directory.appendingPathComponent("spindle.toml"), atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(at: directory) }

        func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
            let child = try ChildProcess(
                try Binaries.path("spindle"), arguments, directory: directory, environment: [:])
            let status = try await child.wait()
            return (status, child.stdout, child.stderr)
        }
    }

    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../content/sample").standardized

    @Test("add, ls, preview, show, export list, rm; bad queries point at the token; config lists appear")
    func listsAsAUserTypesThem() async throws {
        let world = try World()
        let imported = try await world.run([
            "import", "discogs-csv", Self.sample.appendingPathComponent("collection.csv").path, "--username", "demo",
        ])
        #expect(imported.status == 0, "\(imported.stderr)")

        let add = try await world.run(["lists", "add", "Four stars", "--query", "rating:4.. sort:added-"])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.contains("Four stars:"))

        let ls = try await world.run(["lists", "ls"])
        #expect(ls.stdout.contains("Four stars [collection]"))
        #expect(ls.stdout.contains("Seventies [collection]"), "the [[lists]] of spindle.toml are there: \(ls.stdout)")

        let preview = try await world.run(["lists", "preview", "Four stars", "--query", "rating:5"])
        #expect(preview.status == 0)
        #expect(preview.stdout.contains("leaving"))

        let export = try await world.run(["export", "list", "Four stars", "--format", "json"])
        #expect(export.status == 0, "\(export.stderr)")
        let items = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]]
        #expect(items?.isEmpty == false)
        #expect(items?.allSatisfy { ($0["rating"] as? Int ?? 0) >= 4 } == true)

        let bad = try await world.run(["lists", "add", "Broken", "--query", "rating:4.. gnre:Jazz"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("gnre"), "\(bad.stderr)")
        #expect(bad.stderr.contains("column 12"), "\(bad.stderr)")

        let editConfig = try await world.run(["lists", "edit", "Seventies", "--query", "year:1970..1975"])
        #expect(editConfig.status == 1)
        #expect(editConfig.stderr.contains("spindle.toml"))

        #expect(try await world.run(["lists", "rm", "Four stars"]).status == 0)
        #expect(try await world.run(["lists", "show", "Four stars"]).status == 1)
    }
}

/// `spindle import inventory-csv`, `export inventory` and `inventory purge` on the real export CSV.
@Suite struct InventoryCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Sources/FakeDiscogs/Fixtures/inventory_export_ID_download.csv").standardized

    @Test("the real export imports; the same file again writes nothing; an empty one removes, purge deletes")
    func importExportPurge() async throws {
        let world = try ListsCommandTests.World()
        _ = try await world.run([
            "import", "discogs-csv", ListsCommandTests.sample.appendingPathComponent("collection.csv").path,
            "--username", "demo",
        ])
        let noCurrency = try await world.run(["import", "inventory-csv", Self.fixture.path])
        #expect(noCurrency.status == 1)
        #expect(noCurrency.stderr.contains("--currency"))

        let first = try await world.run(["import", "inventory-csv", Self.fixture.path, "--currency", "usd"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("+1 new"))
        let again = try await world.run(["import", "inventory-csv", Self.fixture.path])
        #expect(again.stdout.contains("1 unchanged"), "the currency is remembered; nothing is written: \(again.stdout)")

        let export = try await world.run(["export", "inventory", "--format", "json"])
        let items = try JSONSerialization.jsonObject(with: Data(export.stdout.utf8)) as? [[String: Any]]
        #expect(items?.first?["listing_id"] as? Int == 4_332_778_344)
        #expect((items?.first?["price"] as? [String: Any])?["currency"] as? String == "USD")

        let empty = Self.fixture.path.replacingOccurrences(of: ".csv", with: "__empty_inventory.csv")
        let removed = try await world.run(["import", "inventory-csv", empty])
        #expect(removed.stdout.contains("1 removed"))
        let kept = try await world.run(["export", "inventory", "--include-removed"])
        #expect(kept.stdout.contains("removed_at"))
        #expect(!(kept.stdout.contains("\"removed_at\" : null")))
        let purge = try await world.run(["inventory", "purge", "--older-than", "0"])
        #expect(purge.stdout.contains("deleted 1 listing"))
    }
}
