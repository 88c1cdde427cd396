import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `spindle serve` against a minimal C libfcgi responder, both behind the same nginx and loaded by
/// the same wrk (scripts/bench-fastcgi.sh does the measuring and prints the table). spindle answers
/// a real status endpoint, `GET /api/sync/1`, which reads the session from SQLite on every request.
struct FastCGIBench {
    let binaries: String

    func run() throws {
        let repository = try Checkout.locate(above: binaries)
        let work = URL(fileURLWithPath: "/tmp/spindle-fastcgi-bench-\(getpid())")
        try? FileManager.default.removeItem(at: work)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let log = work.appendingPathComponent("bench.log").path

        let responder = work.appendingPathComponent("fcgi-minimal").path
        let compiled = try Spawn.run(
            "/usr/bin/cc",
            [
                "-O2", "-o", responder, repository.appendingPathComponent("bench/fcgi-minimal.c").path, "-lfcgi",
                "-lpthread",
            ],
            environment: ["PATH": "/usr/bin:/bin"], log: log)
        guard compiled.status == 0 else {
            let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw BenchError("cannot compile bench/fcgi-minimal.c (libfcgi-dev?): \(output)")
        }

        // A database with one finished sync: the sample collection imported from its CSV.
        let config = work.appendingPathComponent("spindle.toml")
        try "[database]\npath = \"spindle.sqlite\"\n[server]\nsecret_file = \"site-secret\"\nrebuild_site = false\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let spindle = binaries + "/spindle"
        let imported = try Spawn.run(
            spindle,
            [
                "import", "discogs-csv", repository.appendingPathComponent("content/sample/collection.csv").path,
                "--config", config.path, "--username", "bench",
            ], environment: [:], log: log)
        guard imported.status == 0 else { throw BenchError("the sample import failed (see \(log))") }

        let cSocket = work.appendingPathComponent("c.sock").path
        let spindleSocket = work.appendingPathComponent("spindle.sock").path
        // One libfcgi thread per connection nginx may open (wrk's 50), so it never queues.
        let cPid = try Spawn.launch(responder, [cSocket, "64"], environment: [:], log: log)
        let spindlePid = try Spawn.launch(
            spindle, ["serve", "--config", config.path, "--socket", spindleSocket], environment: [:], log: log)
        defer {
            kill(cPid, SIGTERM)
            kill(spindlePid, SIGTERM)
            var status: Int32 = 0
            waitpid(cPid, &status, 0)
            waitpid(spindlePid, &status, 0)
        }
        for _ in 0..<100
        where
            !(FileManager.default.fileExists(atPath: cSocket)
            && FileManager.default.fileExists(atPath: spindleSocket))
        {
            usleep(100_000)
        }
        let measured = try Spawn.run(
            "/bin/bash",
            [
                repository.appendingPathComponent("scripts/bench-fastcgi.sh").path,
                work.appendingPathComponent("out").path,
                "c-libfcgi", cSocket, "/api/sync/1", "spindle", spindleSocket, "/api/sync/1",
            ],
            environment: [
                "PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "BENCH_ROUNDS": "3",
                "WRK_DURATION": ProcessInfo.processInfo.environment["WRK_DURATION"] ?? "10",
            ],
            log: work.appendingPathComponent("table.txt").path)
        let table = (try? String(contentsOf: work.appendingPathComponent("table.txt"), encoding: .utf8)) ?? ""
        print(table)
        guard measured.status == 0 else { throw BenchError("scripts/bench-fastcgi.sh failed") }
    }
}
