/// A snapshot of a running download, for a progress bar or the status page.
public struct DownloadProgress: Sendable, Equatable {
    /// Bytes in the `.part` file, including those kept from an earlier run.
    public var bytesDone: Int64
    /// The whole file's size, when the server or the listing said.
    public var totalBytes: Int64?
    /// Recent speed (over the last few seconds), 0 until there is a measurement.
    public var bytesPerSecond: Double
    /// Seconds left at the recent speed, when both are known.
    public var secondsRemaining: Double?

    public init(bytesDone: Int64, totalBytes: Int64?, bytesPerSecond: Double, secondsRemaining: Double?) {
        self.bytesDone = bytesDone
        self.totalBytes = totalBytes
        self.bytesPerSecond = bytesPerSecond
        self.secondsRemaining = secondsRemaining
    }

    /// 0…1, when the total is known.
    public var fraction: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesDone) / Double(totalBytes))
    }
}
