import Foundation

/// `make bench`: prints the tables the issues ask for. Benchmarks are measurements, not tests:
/// nothing here passes or fails on a number.
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let sizes = CommandLine.arguments.dropFirst().compactMap(Int.init)

print("## Sync against a fake Discogs on loopback (rate limit lifted; spindle's own cost)\n")
print("| items | wants | run | requests | release requests | wall time | peak RSS | at 60 req/min |")
print("|---:|---:|---|---:|---:|---:|---:|---:|")
for items in sizes.isEmpty ? [1_000, 5_000] : sizes {
    let wants = items / 10
    do {
        for row in try await SyncBench(binaries: binaries, items: items, wants: wants).run() {
            let paced = Double(row.requests) / 57.0
            print(
                "| \(items) | \(wants) | \(row.run) | \(row.requests) | \(row.releaseRequests) | "
                    + String(
                        format: "%.1f s | %.1f MB | %.0f min |", row.measured.seconds, row.measured.peakRSSMegabytes,
                        paced))
        }
    } catch {
        print("| \(items) | \(wants) | failed: \(error) | | | | | |")
    }
}
print("\nRequests per full sync = 3 (identity, folders, fields) + pages of 100 + one per distinct release;")
print(
    "a no-change re-sync asks for the pages only. 'at 60 req/min' is the time Discogs' limit imposes (57 per window).")
