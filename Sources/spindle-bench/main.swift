import Foundation

/// `make bench`: prints the tables the issues ask for. Benchmarks are measurements, not tests:
/// nothing here passes or fails on a number. `spindle-bench [sync|site|ingest|fastcgi|lists|inventory|dumps] [size…]`.
let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let arguments = Array(CommandLine.arguments.dropFirst())
let only = arguments.first { Int($0) == nil }
let sizes = arguments.compactMap(Int.init)

if only == nil || only == "sync" {
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
}

if only == nil || only == "site" {
    let releases = only == "site" ? sizes.first ?? 10_000 : 10_000
    print("## Site build: \(releases) releases (spindle build vs Hugo, same machine, same run, output on tmpfs)\n")
    print("| generator | run | HTML pages | files written | MB | wall time | pages/s | CPU | peak RSS |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    func number(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }
    do {
        for row in try SiteBench(binaries: binaries, releases: releases).run() {
            let m = row.measured
            let perSecond = row.run == "full build" ? number(Double(row.pages) / max(m.seconds, 0.001), 0) : "–"
            let cells = [
                row.generator, row.run, String(row.pages), String(row.written),
                number(Double(row.bytes) / 1_048_576, 0),
                number(m.seconds, 2) + " s", perSecond, number(m.cpuSeconds, 1) + " s",
                number(m.peakRSSMegabytes, 0) + " MB",
            ]
            print("| " + cells.joined(separator: " | ") + " |")
        }
    } catch {
        print("| failed: \(error) | | | | | | | | |")
    }
    print(
        """

        pages/s is for full builds (HTML pages / wall time). Hugo (Debian's) builds the same releases as Markdown
        pages with the same taxonomies and 48 per list page, its templates showing what Spindle's release pages
        and cards show; it has no stats, sync, feed or search pages and one collection order where Spindle has
        four. "files written" counts what the run wrote: Spindle writes a .gz sibling per text file (for nginx
        gzip_static), Hugo none; a rebuild writes only pages whose inputs changed (the first one after a full
        build also fills the second build folder with hard links; the next one shows the steady state).
        Output goes to /dev/shm (tmpfs): on this machine's ext4, creating the same files takes 2.7 s or 25 s
        depending on how many files were deleted shortly before, which would decide the result.
        """)
}

if only == nil || only == "ingest" {
    let items = only == "ingest" ? sizes.first ?? 30_000 : 30_000
    print("\n## Posted proxy answers: 100-item collection pages through the /api/ responder (goal ≥ 500/s)\n")
    print("| run | pages | items | wall time | responses/s | ms per page | CPU |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    do {
        for (name, result) in try await IngestBench(items: items).run() {
            print(
                "| \(name) | "
                    + String(
                        format: "%d | %d | %.2f s | %.0f | %.2f | %.2f s |", result.pages, result.pages * 100,
                        result.seconds, Double(result.pages) / result.seconds,
                        result.seconds * 1000 / Double(result.pages), result.cpuSeconds))
        }
    } catch {
        print("| failed: \(error) | | | | | | |")
    }
    print(
        """

        Each answer is a client's POST /api/proxy/response as nginx passes it (JSON with the page as a string),
        handled in-process: parsed, checked against its lease, ingested (100 items stored, their releases
        queued) in a real SQLite file (WAL), and answered with the session's progress. Not timed: leasing,
        and fetching the pages from the fake.
        """)
}

if only == nil || only == "fastcgi" {
    print("\n## FastCGI through nginx: spindle serve vs a minimal C libfcgi responder (goal ≥ 70%, p99 < 10 ms)\n")
    do {
        try FastCGIBench(binaries: binaries).run()
    } catch {
        print("failed: \(error)")
    }
    print(
        """
        Both behind the same nginx config (upstream keepalive, fastcgi_keep_conn), loaded by wrk over loopback
        on this 2-core machine (wrk, nginx and the responder share the cores). The C responder answers fixed
        bytes; spindle answers GET /api/sync/1 from the database. Each figure is the median of 3 interleaved runs.
        """)
}

if only == nil || only == "lists" {
    let items = only == "lists" ? sizes.first ?? 10_000 : 10_000
    print("\n## Smart lists: 20 lists routed over a \(items)-copy collection (goal: under 1 s)\n")
    print("| run | lists (with fan-out children) | memberships | joined | left | seconds |")
    print("|---|---:|---:|---:|---:|---:|")
    do {
        for row in try ListsBench(binaries: binaries, items: items).run() {
            let seconds = String(format: "%.3f", row.seconds)
            print("| \(row.run) | \(row.lists) | \(row.memberships) | \(row.joined) | \(row.left) | \(seconds) |")
        }
    } catch {
        print("| failed: \(error) | | | | | |")
    }
    print(
        """

        The collection is \(items) copies of the 1,000 real 2020-08 releases (completed from the dump sample), with
        folders, ratings, dates and conditions from a fixed generator. Every list is rebuilt as a sync's end rebuilds
        it: one transaction per base, each list's SELECT compiled from its rule, members replaced, joined/left
        events written. A list whose members did not change is not rewritten.

        """)
}

if only == nil || only == "inventory" {
    let listings = only == "inventory" ? sizes.first ?? 10_000 : 10_000
    print("\n## Inventory: \(listings) listings from the export CSV (goal: unchanged re-sync, 0 writes, under 1 s)\n")
    print("| run | new | updated | unchanged | removed | row writes | seconds (parse + apply) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    do {
        for row in try InventoryBench(listings: listings).run() {
            let c = row.changes
            let seconds = String(format: "%.3f", row.seconds)
            print(
                "| \(row.run) | \(c.added) | \(c.updated) | \(c.unchanged) | \(c.removed) | \(c.writes) | \(seconds) |")
        }
    } catch {
        print("| failed: \(error) | | | | | | |")
    }
    print(
        """

        The CSV has the real export's 19 columns, CRLF lines and quoted fields. Each run parses it and applies it as
        one snapshot transaction: a listing whose content hash (price, currency, conditions, status, quantity,
        comments, location, release) is unchanged is not written.

        """)
}

if only == nil || only == "dumps" {
    // 50,000 releases (the issue asks for at least 20,000): enough that process start-up and
    // the final index build, negligible over a 19-million-release dump, weigh little here too.
    let releases = only == "dumps" ? sizes.first ?? 50_000 : 50_000
    print("\n## Dump import: spindle dumps import vs xmllint --stream (parse only) and discogskit (SQLite)\n")
    do {
        let report = try DumpBench(binaries: binaries, releases: releases).run()
        print(report.lines.joined(separator: "\n"))
    } catch {
        print("failed: \(error)")
    }
    print(
        """

        One gzip releases dump made of the 1,000 real 2020-08 releases of Tests/Fixtures/dumps, repeated with new ids,
        read by each tool as its own process, 3 rounds interleaved: seconds are medians of wall time, peak RSS the
        largest (of the largest single process: discogskit's workers are separate processes). spindle and discogskit
        load a new SQLite file each round, everything inside the time (discogskit's decompression to disk and index
        build too); rows are those of every table whose name starts with `release`. Their schemas differ
        (discogskit keeps genres, styles and format descriptions as JSON text in the parent row), so compare
        releases/s; rows/s says how much each wrote. xmllint --stream --noout is libxml2's reader alone over the
        same .gz, the ceiling of any libxml2-based importer. discogskit's first row is its defaults, as the issue
        ran it: there the file is one 256 MiB chunk, so it never parses and writes at once as it does over a full
        dump; the second row splits the file into 4 MiB chunks for 2 parse workers, its fastest setting found here
        (its times swing between two levels from run to run on 2 cores).
        """)
}
