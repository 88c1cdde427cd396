import Foundation
import GRDB

/// `spindle dumps import` against the parse-only ceiling (`xmllint --stream`) and discogskit (the
/// only maintained dump importer with a SQLite writer), over the same generated releases dump in
/// the same run. Each tool is its own process; the rounds interleave the tools (a, b, c, a, b, c…)
/// so that a slow moment of the machine does not fall on one tool only, and the table shows medians.
struct DumpBench {
    let binaries: String
    /// Releases to generate: rounded up to whole copies of the 1,000-release sample.
    let releases: Int
    var rounds = 3

    /// The real 2020-08 releases (1,000 of them, re-serialized by lxml), as the repository carries them.
    static let samplePath = "Tests/Fixtures/dumps/philipmat_discogs-xml2db_discogs_20200806_releases.xml.gz"

    func run() throws -> DumpBenchReport {
        let checkout = try Checkout.locate(above: binaries)
        let source =
            ProcessInfo.processInfo.environment["SPINDLE_DUMP_SAMPLE"]
            ?? checkout.appendingPathComponent(Self.samplePath).path
        guard FileManager.default.fileExists(atPath: source) else {
            throw BenchError("no dump sample at \(source) (set SPINDLE_DUMP_SAMPLE)")
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("spindle-dump-bench-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer {
            if ProcessInfo.processInfo.environment["SPINDLE_BENCH_KEEP"] == nil {
                try? FileManager.default.removeItem(at: scratch)
            }
        }

        let started = Date()
        let sample = try DumpSample.write(
            copiesOf: source, releases: releases, to: scratch.appendingPathComponent(DumpSample.fileName).path)
        let generationSeconds = Date().timeIntervalSince(started)

        let tools = [
            DumpTool.xmllint(sample: sample, scratch: scratch),
            DumpTool.spindle(binaries: binaries, sample: sample, scratch: scratch),
            DumpTool.discogskit(checkout: checkout, sample: sample, scratch: scratch, tuned: false),
            DumpTool.discogskit(checkout: checkout, sample: sample, scratch: scratch, tuned: true),
        ]
        var runs: [[DumpRun]] = tools.map { _ in [] }
        var failures: [String?] = tools.map { $0.unavailable.map { "not available: \($0)" } }
        for round in 1...rounds {
            for (index, tool) in tools.enumerated() where failures[index] == nil {
                let folder = scratch.appendingPathComponent("round\(round)-\(tool.kind)")
                do {
                    runs[index].append(try measure(tool, in: folder))
                    // Only the last round's database is kept (with SPINDLE_BENCH_KEEP): they are large.
                    if round < rounds { try? FileManager.default.removeItem(at: folder) }
                } catch {
                    // One failure ends the tool's rounds (its folder and log stay until the end);
                    // the other tools still run and are reported.
                    failures[index] = "\(error)"
                }
            }
        }
        let results = tools.indices.map { index in
            DumpToolResult(
                tool: tools[index],
                outcome: failures[index].map { .failed($0) } ?? .measured(DumpMedian(runs[index])))
        }
        return DumpBenchReport(sample: sample, generationSeconds: generationSeconds, results: results)
    }

    private func measure(_ tool: DumpTool, in folder: URL) throws -> DumpRun {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let invocation = try tool.invocation(folder)
        let log = folder.appendingPathComponent("output.log").path
        let measured = try Spawn.run(
            invocation.executable, invocation.arguments, environment: invocation.environment, log: log)
        guard measured.status == 0 else {
            throw BenchError("exit status \(measured.status): \(Self.lastLine(of: log))")
        }
        guard let database = invocation.database else { return DumpRun(measured: measured, tables: nil) }
        let tables = try ReleaseTables.count(in: database)
        guard tables.contains(where: { $0.rows > 0 }) else { throw BenchError("no rows in any release table") }
        return DumpRun(measured: measured, tables: tables)
    }

    /// The last non-empty line of a log: usually the error.
    private static func lastLine(of log: String) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) } ?? "no output"
        // A `|` would split the table's cell.
        return String(line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "|", with: "/").prefix(300))
    }
}

/// One round of one tool.
struct DumpRun {
    let measured: Measured
    /// Rows per `release…` table, for tools that write a database.
    let tables: [ReleaseTables.Count]?
}

/// A tool's rounds in one row: the median wall time, the largest peak RSS, and the row counts
/// of its last round (every round imports the same file into a new database).
struct DumpMedian {
    let seconds: Double
    let peakRSSMegabytes: Double
    let tables: [ReleaseTables.Count]?

    init(_ runs: [DumpRun]) {
        let times = runs.map(\.measured.seconds).sorted()
        seconds =
            times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        peakRSSMegabytes = runs.map(\.measured.peakRSSMegabytes).max() ?? 0
        tables = runs.last?.tables
    }

    var rows: Int? { tables?.reduce(0) { $0 + $1.rows } }
}

struct DumpToolResult {
    enum Outcome {
        case measured(DumpMedian)
        case failed(String)
    }

    let tool: DumpTool
    let outcome: Outcome

    var median: DumpMedian? {
        if case .measured(let median) = outcome { return median }
        return nil
    }
}

/// Rows in each table of a database whose name starts with `release`: the releases and every
/// child table, whatever the schema calls them.
enum ReleaseTables {
    struct Count {
        let table: String
        let rows: Int
    }

    static func count(in path: String) throws -> [Count] {
        // Opening a missing file would create an empty database and count nothing.
        guard FileManager.default.fileExists(atPath: path) else { throw BenchError("no database at \(path)") }
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try database.read { db in
            let tables = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'release*' ORDER BY name")
            return try tables.map { table in
                Count(
                    table: table,
                    rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.quotedDatabaseIdentifier)") ?? 0)
            }
        }
    }
}
