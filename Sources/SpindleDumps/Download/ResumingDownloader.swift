/// Resumes a download right away when its connection breaks, a few times within one call, so
/// that a dropped connection in the middle of a 10 GB file costs seconds, not the minutes of the
/// next scheduled attempt (`RetrySchedule`, kept by the orchestrator in the database).
/// Permanent errors (403, 404, disk) and cancellation are passed on at once.
///
/// ```swift
/// let downloader = ResumingDownloader(FileDownloader(), maxResumes: 3)
/// let result = try await downloader.download(request) { _ in }
/// result.attempts  // 2 when the connection dropped once
/// ```
public struct ResumingDownloader: FileDownloading {
    /// Sleeps between resumes; tests pass one that returns at once.
    public typealias Sleep = @Sendable (Duration) async throws -> Void

    private let base: any FileDownloading
    public let maxResumes: Int
    public let pause: Duration
    private let sleep: Sleep

    public init(
        _ base: any FileDownloading, maxResumes: Int = 3, pause: Duration = .seconds(5),
        sleep: @escaping Sleep = { try await Task.sleep(for: $0) }
    ) {
        self.base = base
        self.maxResumes = maxResumes
        self.pause = pause
        self.sleep = sleep
    }

    public func download(
        _ request: DownloadRequest, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) async throws(DownloadError) -> DownloadResult {
        var attempt = 1
        while true {
            do {
                // The result describes the last transfer, apart from the count of attempts.
                var result = try await base.download(request, progress: progress)
                result.attempts = attempt
                return result
            } catch {
                guard error.isTransient, attempt <= maxResumes else { throw error }
                do { try await sleep(pause) } catch { throw .cancelled }
                attempt += 1
            }
        }
    }
}
