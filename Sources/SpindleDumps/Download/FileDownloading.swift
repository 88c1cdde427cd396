/// Fetches one file to disk. `FileDownloader` does it with libcurl; `ResumingDownloader` adds
/// immediate resumes; the orchestrator's tests can put a fake behind this.
public protocol FileDownloading: Sendable {
    /// Downloads `request.url` to `request.destination` via its `.part` file. `progress` is
    /// called from the transfer's thread, at most about twice a second, and once at the end.
    func download(
        _ request: DownloadRequest, progress: @escaping @Sendable (DownloadProgress) -> Void
    ) async throws(DownloadError) -> DownloadResult
}
