import Foundation

/// `make bench`: prints the tables the issues ask for. Benchmarks are measurements, not tests:
/// nothing here passes or fails on a number.
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let sizes = CommandLine.arguments.dropFirst().compactMap(Int.init)

print("## Sync against a fake Discogs on loopback (rate limit lifted)\n")
print("| items | wants | run | requests | release requests | wall time | spindle CPU | peak RSS | at 60 req/min |")
print("|---:|---:|---|---:|---:|---:|---:|---:|---:|")
for items in sizes.isEmpty ? [1_000, 5_000] : sizes {
    let wants = items / 10
    do {
        for row in try await SyncBench(binaries: binaries, items: items, wants: wants).run() {
            let measured = row.measured
            let numbers = String(
                format: "%.1f s | %.1f s | %.1f MB | %.0f min", measured.seconds, measured.cpuSeconds,
                measured.peakRSSMegabytes, Double(row.requests) / 57.0)
            print("| \(items) | \(wants) | \(row.run) | \(row.requests) | \(row.releaseRequests) | \(numbers) |")
        }
    } catch {
        print("| \(items) | \(wants) | failed: \(error) | | | | | | |")
    }
}
print(
    """

    Requests per full sync = 3 (identity, folders, fields) + pages of 100 + one per distinct release; a no-change
    re-sync asks for the pages only. Wall time includes the fake's own work; 'spindle CPU' is spindle's alone.
    'at 60 req/min' is the time Discogs' limit would impose on the same requests (57 per window).
    """)
