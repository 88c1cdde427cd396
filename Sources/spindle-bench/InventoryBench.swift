import FakeDiscogs
import Foundation
import SpindleStore
import SpindleSync

/// An inventory of `listings` listings in the export CSV's real format, applied as a sync
/// applies it: parse, then one snapshot transaction. The unchanged re-sync must write nothing.
struct InventoryBench {
    struct Row {
        var run: String
        var seconds: Double
        var changes: InventoryChanges
    }

    let listings: Int

    func run() throws -> [Row] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-inventory-bench-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("spindle.sqlite").path)
        let account = try store.write { try $0.upsertAccount(username: "seller", discogsUserID: nil, now: Date()) }
        var csv = Self.csv(listings: listings, changed: 0)
        var rows: [Row] = []
        for run in ["first sync (every listing new)", "re-sync, nothing changed", "re-sync, 20 prices changed"] {
            if run.hasSuffix("changed"), !run.contains("nothing") { csv = Self.csv(listings: listings, changed: 20) }
            let started = ContinuousClock.now
            let parsed = try InventoryExportCSV.listings(csv, currency: "EUR")
            let changes = try store.write {
                try $0.applyInventorySnapshot(accountID: account.id, parsed, sessionID: nil, now: Date())
            }
            rows.append(Row(run: run, seconds: (ContinuousClock.now - started) / .seconds(1), changes: changes))
        }
        return rows
    }

    /// The export's header and CRLF lines; `changed` listings get another price.
    static func csv(listings: Int, changed: Int) -> Data {
        var generator = SplitMix(seed: 7)
        let conditions = ["Mint (M)", "Near Mint (NM or M-)", "Very Good Plus (VG+)", "Very Good (VG)"]
        var text = InventoryExportCSV.columns.joined(separator: ",") + "\r\n"
        for index in 0..<listings {
            let price = Double(5 + generator.next(below: 200)) + (index < changed ? 0.5 : 0)
            let condition = generator.pick(conditions)
            text +=
                "\(4_000_000_000 + index),Artist \(index % 700),\"Title, Part \(index)\",Label \(index % 90),"
                + "CAT \(index),\"LP, Album\",\(1_000_000 + index),For Sale,\(price),2026-08-25 07:04:22,"
                + "\"Sleeve has a \"\"hype\"\" sticker\",\(condition),\(condition),Y,,230,1,Shelf \(index % 40),1\r\n"
        }
        return Data(text.utf8)
    }
}
