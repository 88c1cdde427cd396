import ArgumentParser
import FakeDiscogs
import Foundation

/// Runs the fake Discogs API on loopback for the CLI tests and `make bench`.
struct DiscogsFakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discogs-fake",
        abstract: "Serve a faithful fake of api.discogs.com for one generated account.",
        discussion: """
            Prints `listening on http://127.0.0.1:PORT` once ready. GET /_fake/stats, /_fake/truth/collection, \
            /_fake/truth/wantlist and /_fake/truth/inventory report what it saw and what a complete sync must \
            produce.
            """)

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Collection items.") var items = 800
    @Option(help: "Folders besides All (Uncategorized plus custom ones).") var folders = 4
    @Option(help: "Releases owned twice (default: 5% of the items).") var duplicates: Int?
    @Option(help: "Wantlist entries.") var wants = 150
    @Option(help: "Wants that are also owned (default: 1 in 15).") var overlap: Int?
    @Option(help: "Marketplace listings in the inventory (For Sale, Draft, Expired, Sold).") var listings = 0
    @Option(help: "Status polls an inventory export stays unfinished for.") var exportPendingPolls = 2
    @Option(help: "Inventory exports, by number in request order, that end with status failure: N,N,...")
    var failingExports = ""
    @Option(help: "Requests per window.") var rateLimit = 60
    @Option(help: "Window length in seconds.") var rateWindow = 60.0
    @Option(
        help:
            "Injected faults by request number: N:fault,... (429, 429-empty, 502-html, 500, empty, truncated, html, slow, drop)."
    )
    var faults = ""
    @Option(help: "Seconds a `slow` fault waits.") var slowSeconds = 45.0
    @Option(help: "The token the fake accepts.") var token = "fake-token-0123456789"
    @Option(help: "The account's username.") var username = "Username"

    func validate() throws {
        guard FaultPlan(spec: faults) != nil else { throw ValidationError("--faults: expected N:fault,N:fault") }
        guard exportNumbers != nil else { throw ValidationError("--failing-exports: expected N,N,... (from 1)") }
        guard listings >= 0, exportPendingPolls >= 0 else {
            throw ValidationError("--listings and --export-pending-polls cannot be negative")
        }
        guard (duplicates ?? 0) <= items else { throw ValidationError("--duplicates cannot exceed --items") }
        guard (overlap ?? 0) <= min(wants, items) else {
            throw ValidationError("--overlap cannot exceed --wants or --items")
        }
    }

    func run() throws {
        var plan = FaultPlan(spec: faults)!
        plan.slowSeconds = slowSeconds
        plan.failingExports = exportNumbers!
        let account = FakeAccount.generate(
            items: items, folders: folders, duplicates: duplicates ?? items / 20,
            wants: wants, overlap: overlap ?? min(items, wants / 15), listings: listings, username: username,
            token: token)
        let fake = FakeDiscogs(
            account: account,
            options: .init(rateLimit: rateLimit, rateWindow: rateWindow, exportPendingPolls: exportPendingPolls),
            faults: plan)
        let server = try FakeHTTPServer(fake: fake, port: port)
        server.start()
        print("listening on \(server.baseURL.absoluteString)")
        fflush(nil)  // flush all streams: `stdout` is not usable from Swift 6
        while true { sleep(3600) }
    }

    /// `--failing-exports` as numbers; nil when a part is not a number from 1 up.
    private var exportNumbers: Set<Int>? {
        var numbers: Set<Int> = []
        for part in failingExports.split(separator: ",") {
            guard let number = Int(part.trimmingCharacters(in: .whitespaces)), number >= 1 else { return nil }
            numbers.insert(number)
        }
        return numbers
    }
}

DiscogsFakeCommand.main()
