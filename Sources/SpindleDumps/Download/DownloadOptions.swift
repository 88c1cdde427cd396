import Discogs

/// How patient a download is. There is no total timeout: a releases dump is 10 GB and may take
/// hours; a stalled transfer is caught by the low-speed limit instead.
public struct DownloadOptions: Sendable, Equatable {
    public var userAgent: String
    public var connectTimeoutSeconds: Double
    /// Abort when fewer than `lowSpeedBytesPerSecond` arrive per second for `lowSpeedSeconds`.
    public var lowSpeedBytesPerSecond: Int
    public var lowSpeedSeconds: Int
    /// Seconds between progress reports (at most ~2 per second by default).
    public var progressInterval: Double
    public var maxRedirects: Int

    public init(
        userAgent: String = SpindleIdentity.userAgent, connectTimeoutSeconds: Double = 30,
        lowSpeedBytesPerSecond: Int = 1024, lowSpeedSeconds: Int = 60, progressInterval: Double = 0.5,
        maxRedirects: Int = 10
    ) {
        self.userAgent = userAgent
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
        self.lowSpeedSeconds = lowSpeedSeconds
        self.progressInterval = progressInterval
        self.maxRedirects = maxRedirects
    }
}
