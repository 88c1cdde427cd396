import Discogs
import Foundation
import SpindleStore

/// The whole life of a month's dump: find it, download it (resuming), verify it against its
/// CHECKSUM.txt, import it (resuming), clean up. Every step is recorded in `dump_runs` and
/// `dump_files`, so each can be run alone (`spindle dumps download`, `verify`, …) and any of
/// them picks up where an interrupted one stopped.
public final class DumpUpdater: Sendable {
    public let store: Store
    public let settings: DumpSettings
    private let discovery: DumpDiscovery
    private let downloader: any FileDownloading
    private let say: @Sendable (String) -> Void
    private let progressLine: @Sendable (String) -> Void
    private let now: @Sendable () -> Date

    public init(
        store: Store, settings: DumpSettings, transport: any HTTPTransport, downloader: (any FileDownloading)? = nil,
        now: @escaping @Sendable () -> Date = Date.init, say: @escaping @Sendable (String) -> Void = { _ in },
        progressLine: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.store = store
        self.settings = settings
        discovery = DumpDiscovery(
            location: settings.location, transport: transport, userAgent: settings.download.userAgent)
        self.downloader =
            downloader
            ?? ResumingDownloader(
                FileDownloader(options: settings.download), maxResumes: settings.immediateResumes,
                pause: settings.resumePause)
        self.now = now
        self.say = say
        self.progressLine = progressLine
    }

    // MARK: Check

    /// The files of `month` (or of the latest complete month), recorded as a run with its files.
    @discardableResult
    public func check(month: DumpMonth?) async throws -> DumpSet {
        let set: DumpSet
        if let month {
            guard let found = try await discovery.dumpSet(for: month) else {
                throw DumpUpdateError.noSuchMonth(month, location: settings.location.description)
            }
            set = found
        } else {
            guard let found = try await discovery.latestSet(now: now(), requiringChecksum: false) else {
                throw DumpUpdateError.nothingListed(location: settings.location.description)
            }
            set = found
        }
        try store.write { tx in
            let run = try tx.dumpRun(month: set.month.description, dumpDate: set.dumpDate, now: now())
            for file in set.orderedDataFiles {
                guard let kind = file.name.kind else { continue }
                let path = settings.folder(set.month).appendingPathComponent(file.fileName).path
                try tx.registerDumpFile(
                    runID: run.id, kind: kind, fileName: file.fileName, url: file.url.absoluteString, path: path)
                if let size = file.size { try tx.recordExpectedSize(runID: run.id, kind: kind, size) }
            }
        }
        return set
    }

    // MARK: Download

    /// Downloads the month's CHECKSUM.txt and data files (only `kinds`), resuming partial files.
    /// A failure marks the run failed and schedules the next attempt (`dumps.retry_minutes`).
    public func download(_ set: DumpSet, kinds: Set<DumpKind> = Set(DumpKind.allCases)) async throws {
        let month = set.month.description
        try store.write { tx in
            let run = try tx.dumpRun(month: month, dumpDate: set.dumpDate, now: now())
            if run.status != .downloading { try tx.moveDumpRun(month: month, to: .downloading, now: now()) }
        }
        let folder = settings.folder(set.month)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            if let checksum = set.checksum, !checksum.isEmpty {
                _ = try await fetch(checksum, into: folder)
            }
            let runID = try runID(month)
            for file in set.orderedDataFiles {
                guard let kind = file.name.kind, kinds.contains(kind) else { continue }
                let stored = try store.read { try $0.dumpFile(runID: runID, kind: kind) }
                if let stored, stored.importStatus == .imported { continue }
                let result = try await fetch(file, into: folder)
                try store.write { tx in
                    try tx.recordDownload(
                        runID: runID, kind: kind, path: result.file.path, sizeBytes: result.size,
                        downloadedBytes: result.size, seconds: result.seconds)
                }
            }
            _ = try store.write { tx in
                try tx.moveDumpRun(month: month, to: .readyForProcessing, now: now())
            }
        } catch {
            try recordFailure(month: month, error)
            throw error
        }
    }

    private func fetch(_ file: DumpSet.File, into folder: URL) async throws -> DownloadResult {
        let destination = folder.appendingPathComponent(file.fileName)
        if let size = try? FileManager.default.attributesOfItem(atPath: destination.path)[.size] as? Int64,
            file.size == nil || file.size == size
        {
            return DownloadResult(
                file: destination, size: size, resumedFrom: size, bytesTransferred: 0, seconds: 0,
                restartedFromZero: false, attempts: 0)
        }
        say("downloading \(file.fileName)" + (file.size.map { " (\(Self.megabytes($0)))" } ?? ""))
        let name = file.fileName
        let show = progressLine
        let meter = ProgressThrottle()
        return try await downloader.download(
            DownloadRequest(url: file.url, destination: destination, expectedSize: file.size)
        ) { progress in
            guard meter.due() else { return }
            var line = "\(name): \(Self.megabytes(progress.bytesDone))"
            if let total = progress.totalBytes { line += " of \(Self.megabytes(total))" }
            line += String(format: " at %.1f MB/s", progress.bytesPerSecond / 1_048_576)
            if let eta = progress.secondsRemaining { line += ", \(Int(eta))s left" }
            show(line)
        }
    }

    // MARK: Verify

    /// Checks every downloaded file of the month against CHECKSUM.txt. A mismatch deletes the
    /// file and sends the run back to download it again. Without a CHECKSUM the run is refused
    /// unless `allowMissingChecksum` (the user's explicit override, remembered with the run).
    public func verify(month: DumpMonth, allowMissingChecksum: Bool = false) throws {
        let name = month.description
        guard let run = try store.read({ try $0.dumpRun(month: name) }), let date = run.dumpDate else {
            throw DumpUpdateError.notDownloaded(month)
        }
        let files = try store.read { try $0.dumpFiles(runID: run.id) }
        let checksumPath = settings.folder(month).appendingPathComponent("discogs_\(date)_CHECKSUM.txt")
        let checksums = try? ChecksumFile(contentsOf: checksumPath)
        guard let checksums, !checksums.isEmpty else {
            guard allowMissingChecksum || run.checksumOverride else { throw DumpUpdateError.missingChecksum(month) }
            try store.write { try $0.setChecksumOverride(month: name, true) }
            say("warning: no CHECKSUM.txt for \(name); the files are used unverified, as asked")
            return
        }
        var mismatches: [String] = []
        for file in files {
            guard let path = file.path, FileManager.default.fileExists(atPath: path) else { continue }
            if file.verifiedAt != nil, file.sha256Actual != nil { continue }
            say("verifying \(file.fileName)")
            let actual = try FileDigest.sha256(of: URL(fileURLWithPath: path))
            let expected = checksums.sha256(for: file.fileName)
            let matches = expected == actual
            if !matches {
                try? FileManager.default.removeItem(atPath: path)
                mismatches.append(
                    expected == nil
                        ? "\(file.fileName) is not listed in CHECKSUM.txt"
                        : "\(file.fileName): SHA-256 \(actual), CHECKSUM.txt says \(expected!)")
            }
            try store.write { tx in
                try tx.recordChecksum(
                    runID: run.id, kind: file.kind, expected: expected, actual: actual, verified: matches, now: now())
            }
        }
        guard mismatches.isEmpty else {
            let message = "checksum mismatch, deleted for a new download: " + mismatches.joined(separator: "; ")
            try store.write { tx in
                if try tx.dumpRun(month: name)?.status == .readyForProcessing {
                    try tx.moveDumpRun(month: name, to: .downloading, now: now())
                }
            }
            try recordFailure(month: name, DumpUpdateError.checksumMismatch(message))
            throw DumpUpdateError.checksumMismatch(message)
        }
    }

    // MARK: Import

    /// Imports the month's downloaded (and verified) files: labels, artists, masters, releases.
    @discardableResult
    public func importMonth(
        _ month: DumpMonth, kinds: Set<DumpKind> = Set(DumpKind.allCases), options: DumpFileImport.Options = .init(),
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: (DumpKind, DumpLoadProgress) -> Void = { _, _ in }
    ) throws -> [DumpImporter.FileReport] {
        guard let run = try store.read({ try $0.dumpRun(month: month.description) }), let date = run.dumpDate else {
            throw DumpUpdateError.notDownloaded(month)
        }
        let files = try store.read { try $0.dumpFiles(runID: run.id) }
        var paths: [DumpKind: String] = [:]
        for file in files where kinds.contains(file.kind) {
            guard let path = file.path, FileManager.default.fileExists(atPath: path) else {
                if file.importStatus == .imported { continue }
                throw DumpUpdateError.notDownloaded(month)
            }
            if file.verifiedAt == nil && !run.checksumOverride && file.url != nil {
                throw DumpUpdateError.notVerified(month, file.fileName)
            }
            paths[file.kind] = path
        }
        var importer = DumpImporter(store: store)
        importer.options = options
        importer.shouldStop = shouldStop
        return try importer.run(month: month, dumpDate: date, files: paths, now: now, progress: progress)
    }

    // MARK: Update

    /// Everything, for the latest month (or `month`): check, download, verify, import, clean up.
    /// A month already completed is left alone. `honourBackoff` (the daily check) skips a month
    /// whose next attempt is not due yet.
    public func update(
        month: DumpMonth? = nil, kinds: Set<DumpKind> = Set(DumpKind.allCases), allowMissingChecksum: Bool = false,
        keepFiles: Bool = false, honourBackoff: Bool = false, options: DumpFileImport.Options = .init(),
        shouldStop: @escaping @Sendable () -> Bool = { false },
        progress: @escaping @Sendable (DumpKind, DumpLoadProgress) -> Void = { _, _ in }
    ) async throws -> DumpUpdateOutcome {
        let set = try await check(month: month)
        let name = set.month.description
        let run = try store.read { try $0.dumpRun(month: name) }
        if run?.status == .completed { return .upToDate(set.month) }
        if honourBackoff, run?.status == .failed {
            guard let next = run?.nextAttemptAt else { return .gaveUp(set.month) }
            if next > now() { return .waiting(set.month, until: next) }
        }
        if set.checksumState != .present, !allowMissingChecksum, run?.checksumOverride != true {
            throw DumpUpdateError.missingChecksum(set.month)
        }
        for attempt in 1...2 {
            try await download(set, kinds: kinds)
            do {
                try verify(month: set.month, allowMissingChecksum: allowMissingChecksum)
                break
            } catch DumpUpdateError.checksumMismatch(let message) where attempt == 1 {
                say("\(message); downloading again")
            }
        }
        // The import is long and CPU-bound: it gets a thread of its own, not one of the
        // concurrency runtime's few.
        let reports = try await Self.onThread { [self] in
            try importMonth(set.month, kinds: kinds, options: options, shouldStop: shouldStop, progress: progress)
        }
        let deleted = keepFiles ? [] : try DumpCleanup(store: store, keepMonths: settings.keepMonths).run()
        return .imported(set.month, reports, deleted: deleted)
    }

    // MARK: Helpers

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.name = "spindle-dump-import"
            thread.start()
        }
    }

    private func runID(_ month: String) throws -> Int64 {
        guard let run = try store.read({ try $0.dumpRun(month: month) }) else {
            throw DumpRunError.unknownRun(month: month)
        }
        return run.id
    }

    /// Marks the run failed and schedules its next attempt (none once the attempts are used up).
    private func recordFailure(month: String, _ error: any Error) throws {
        try store.write { tx in
            guard let run = try tx.dumpRun(month: month) else { return }
            if run.status != .failed && run.status != .completed {
                try tx.moveDumpRun(month: month, to: .failed, error: "\(error)", now: now())
            }
            let attempts = (try tx.dumpRun(month: month)?.retryCount) ?? 1
            let next = settings.retry.nextAttempt(after: attempts, failedAt: now())
            try tx.scheduleDumpRetry(month: month, at: next)
        }
    }

    static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }
}

/// What `update` did.
public enum DumpUpdateOutcome: Sendable {
    case upToDate(DumpMonth)
    case waiting(DumpMonth, until: Date)
    case gaveUp(DumpMonth)
    case imported(DumpMonth, [DumpImporter.FileReport], deleted: [String])
}

public enum DumpUpdateError: Error, Sendable, CustomStringConvertible {
    case noSuchMonth(DumpMonth, location: String)
    case nothingListed(location: String)
    case notDownloaded(DumpMonth)
    case notVerified(DumpMonth, String)
    case missingChecksum(DumpMonth)
    case checksumMismatch(String)

    public var description: String {
        switch self {
        case .noSuchMonth(let month, let location): "no dump for \(month) is listed at \(location)"
        case .nothingListed(let location): "no dump month is listed at \(location) this year or last"
        case .notDownloaded(let month):
            "the files of \(month) are not downloaded; run `spindle dumps download --month \(month)`"
        case .notVerified(let month, let file):
            "\(file) is not verified yet; run `spindle dumps verify --month \(month)`"
        case .missingChecksum(let month):
            "\(month) has no CHECKSUM.txt, so its files cannot be verified; pass --no-checksum to use them anyway"
        case .checksumMismatch(let message): message
        }
    }
}

/// Lets a progress line through at most every half second.
private final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = ContinuousClock.now - .seconds(1)

    func due() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let now = ContinuousClock.now
        guard now - last >= .milliseconds(500) else { return false }
        last = now
        return true
    }
}
