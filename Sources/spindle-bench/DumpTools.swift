import Foundation

/// What a dump bench row measures: the parse-only ceiling, Spindle, or the importer it is held to
/// (as the issue ran it, and with the options that make it fastest on this machine).
enum DumpToolKind {
    case xmllint
    case spindle
    case discogskit
    case discogskitTuned
}

/// One program the dump bench times over the sample file, as a process of its own.
struct DumpTool {
    let kind: DumpToolKind
    /// The name and version shown in the table.
    let label: String
    /// Why the tool cannot run on this machine; nil when it can.
    let unavailable: String?
    /// The command for one round, given a fresh, empty folder to work in.
    let invocation: (_ folder: URL) throws -> DumpInvocation
}

struct DumpInvocation {
    let executable: String
    let arguments: [String]
    let environment: [String: String]
    /// The SQLite file the command fills; its `release…` tables are counted afterwards.
    let database: String?
}

extension DumpTool {
    private static func environment(home: URL) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8"]
    }

    /// `xmllint --stream --noout`: libxml2's reader over the same gzip file, no output. Nothing
    /// that parses the file with libxml2 and stores it can be faster.
    static func xmllint(sample: DumpSample, scratch: URL) -> DumpTool {
        let path = "/usr/bin/xmllint"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return DumpTool(
                kind: .xmllint, label: "xmllint --stream", unavailable: "not installed (scripts/setup.sh bench)",
                invocation: { _ in throw BenchError("unavailable") })
        }
        // xmllint prints "xmllint: using libxml version 20914" first.
        let version = firstLine(of: path, ["--version"], scratch: scratch).split(separator: " ").last.map(String.init)
        return DumpTool(
            kind: .xmllint, label: "xmllint --stream" + (version.map { " (libxml \($0))" } ?? ""), unavailable: nil,
            invocation: { folder in
                DumpInvocation(
                    executable: path, arguments: ["--stream", "--noout", sample.path],
                    environment: environment(home: folder), database: nil)
            })
    }

    /// `spindle dumps import` into a new database, through a config of its own each round.
    static func spindle(binaries: String, sample: DumpSample, scratch: URL) -> DumpTool {
        let path = binaries + "/spindle"
        let label = "spindle dumps import"
        func unavailable(_ reason: String) -> DumpTool {
            DumpTool(
                kind: .spindle, label: label, unavailable: reason, invocation: { _ in throw BenchError("unavailable") })
        }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return unavailable("no spindle next to spindle-bench (swift build -c release)")
        }
        // For a subcommand it does not know, ArgumentParser prints the top-level help and exits 0:
        // only the command's own help names its `--file` option.
        let help = scratch.appendingPathComponent("spindle-probe.log").path
        let probe = try? Spawn.run(
            path, ["dumps", "import", "--help"], environment: environment(home: scratch), log: help)
        let helpText = (try? String(contentsOfFile: help, encoding: .utf8)) ?? ""
        guard probe?.status == 0, helpText.contains("--file") else {
            return unavailable("no `dumps import` command in this build")
        }
        return DumpTool(
            kind: .spindle, label: label, unavailable: nil,
            invocation: { folder in
                let config = folder.appendingPathComponent("spindle.toml")
                try "[database]\npath = \"spindle.sqlite\"\n".write(to: config, atomically: true, encoding: .utf8)
                return DumpInvocation(
                    executable: path,
                    arguments: [
                        "dumps", "import", "--config", config.path, "--file", sample.path, "--month", DumpSample.month,
                    ],
                    environment: environment(home: folder),
                    database: folder.appendingPathComponent("spindle.sqlite").path)
            })
    }

    /// discogskit's `load` into a new SQLite file. It first decompresses the whole file next to
    /// it (and deletes that afterwards), then splits it into chunks that worker processes parse
    /// while one process writes them with `executemany`; all of that is inside the time.
    ///
    /// With its defaults (256 MiB chunks, parse workers = half the cores) the sample is a single
    /// chunk, so parsing and writing never overlap as they do over a full dump; `tuned` splits it
    /// into ~22 chunks and parses with 2 workers, its best setting on this 2-core machine.
    static func discogskit(checkout: URL, sample: DumpSample, scratch: URL, tuned: Bool) -> DumpTool {
        let kind: DumpToolKind = tuned ? .discogskitTuned : .discogskit
        let options = tuned ? ["--chunk-mb", "4", "--parse-workers", "2"] : []
        let path =
            ProcessInfo.processInfo.environment["DISCOGSKIT"]
            ?? checkout.appendingPathComponent("bench-out/discogskit/bin/discogskit").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            return DumpTool(
                kind: kind, label: (["discogskit load"] + options).joined(separator: " "),
                unavailable: "not installed at \(path) (scripts/setup.sh bench creates it)",
                invocation: { _ in throw BenchError("unavailable") })
        }
        let version = firstLine(of: path, ["--version"], scratch: scratch)  // "discogskit 0.2.0"
        return DumpTool(
            kind: kind, label: ([version.isEmpty ? "discogskit" : version, "load"] + options).joined(separator: " "),
            unavailable: nil,
            invocation: { folder in
                let database = folder.appendingPathComponent("discogskit.sqlite").path
                return DumpInvocation(
                    executable: path,
                    arguments: ["load", "--dsn", database, "--no-progress"] + options + [sample.path],
                    environment: environment(home: folder).merging(["NO_COLOR": "1", "COLUMNS": "120"]) { $1 },
                    database: database)
            })
    }

    /// The first line a command prints, or "" when it cannot run.
    private static func firstLine(of path: String, _ arguments: [String], scratch: URL) -> String {
        let log = scratch.appendingPathComponent("version-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        guard (try? Spawn.run(path, arguments, environment: environment(home: scratch), log: log))?.status == 0,
            let text = try? String(contentsOfFile: log, encoding: .utf8)
        else { return "" }
        return text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }
}
