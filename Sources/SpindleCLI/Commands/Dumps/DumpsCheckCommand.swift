import ArgumentParser
import Foundation
import SpindleDumps

struct DumpsCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Find the latest month's dump (or --month's) and show its files and state.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dumps: DumpsOptions

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dumps.dir, quiet: false, locking: false)
        let set: DumpSet
        do { set = try await context.updater.check(month: dumps.parsedMonth()) } catch { throw CLIError("\(error)") }
        print(set.summary)
        let run = try context.store.read { try $0.dumpRun(month: set.month.description) }
        if let run { print("state: \(run.status.rawValue)" + (run.lastError.map { " (last error: \($0))" } ?? "")) }
    }
}

struct DumpsDownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download a month's files and its CHECKSUM.txt, resuming partial files.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dumps: DumpsOptions
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dumps.dir, quiet: quiet)
        do {
            let set = try await context.updater.check(month: dumps.parsedMonth())
            try await context.updater.download(set, kinds: dumps.kinds)
            context.progress.finish()
            if !quiet { print("\(set.month): downloaded to \(context.updater.settings.folder(set.month).path)") }
        } catch {
            context.progress.finish()
            throw CLIError("\(error)")
        }
    }
}

struct DumpsVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check downloaded files against the month's CHECKSUM.txt (SHA-256).",
        discussion: "A file that does not match is deleted and downloaded again by the next download or update.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dumps: DumpsOptions
    @Flag(help: "Use the files even though the month has no CHECKSUM.txt.") var noChecksum = false

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dumps.dir, quiet: false)
        let month = try context.month(dumps.parsedMonth())
        do { try context.updater.verify(month: month, allowMissingChecksum: noChecksum) } catch {
            throw CLIError("\(error)")
        }
        print("\(month): verified")
    }
}

struct DumpsUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Check, download, verify, import and clean up: the latest month, unattended.",
        discussion: """
            Safe to run from cron: a month already imported is left alone, an interrupted download or import \
            resumes, and one run at a time holds the dumps folder.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var dumps: DumpsOptions
    @Flag(help: "Use files even when the month has no CHECKSUM.txt.") var noChecksum = false
    @Flag(help: "Keep downloaded files after the import (no cleanup).") var keep = false
    @Flag(help: "Fail on elements spindle does not know.") var strict = false
    @Flag(help: "Print nothing but errors.") var quiet = false

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dumps.dir, quiet: quiet)
        var options = DumpFileImport.Options()
        options.strict = strict
        let outcome: DumpUpdateOutcome
        do {
            outcome = try await context.updater.update(
                month: dumps.parsedMonth(), kinds: dumps.kinds, allowMissingChecksum: noChecksum, keepFiles: keep,
                options: options, progress: { kind, progress in context.progress.update(kind: kind, progress) })
            context.progress.finish()
        } catch {
            context.progress.finish()
            throw CLIError("\(error)")
        }
        guard !quiet else { return }
        switch outcome {
        case .upToDate(let month): print("\(month): already imported")
        case .waiting(let month, let until): print("\(month): next attempt due at \(until.formatted(.iso8601))")
        case .gaveUp(let month): print("\(month): gave up after the configured attempts")
        case .imported(let month, let reports, let deleted):
            reports.forEach { print(DumpProgressLine.summary($0)) }
            deleted.forEach { print("deleted \($0)") }
            print("\(month): imported")
        }
    }
}

struct DumpsCleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Delete downloaded files of months older than the newest dumps.keep_months imported ones.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Months of files to keep (default: dumps.keep_months).") var keepMonths: Int?
    @Option(help: "Where downloaded files are kept (default: dumps.dir).") var dir: String?

    func run() async throws {
        let context = try DumpsContext(global: global, dir: dir, quiet: false)
        let keep = keepMonths ?? context.config.dumps.keepMonths
        let deleted = try DumpCleanup(store: context.store, keepMonths: max(keep, 0)).run()
        deleted.forEach { print("deleted \($0)") }
        if deleted.isEmpty { print("nothing to delete") }
    }
}
