import Foundation

/// How `spindle dumps` finds, fetches and keeps the monthly files.
public struct DumpSettings: Sendable {
    public var location: DumpLocation
    /// Downloads go to `{directory}/{YYYY-MM}/`.
    public var directory: URL
    /// Months of downloaded files kept after a successful import.
    public var keepMonths: Int
    public var retry: RetrySchedule
    public var download: DownloadOptions
    /// Resumes of a dropped connection within one attempt, before the attempt counts as failed.
    public var immediateResumes = 3
    public var resumePause: Duration = .seconds(5)

    public init(
        location: DumpLocation, directory: URL, keepMonths: Int = 1, retry: RetrySchedule = .standard,
        download: DownloadOptions = DownloadOptions()
    ) {
        self.location = location
        self.directory = directory
        self.keepMonths = keepMonths
        self.retry = retry
        self.download = download
    }

    public func folder(_ month: DumpMonth) -> URL {
        directory.appendingPathComponent(month.description, isDirectory: true)
    }
}
