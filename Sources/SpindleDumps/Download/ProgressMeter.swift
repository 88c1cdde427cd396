/// Turns libcurl's frequent byte counts into progress reports: at most one per `interval`, with a
/// speed measured over a sliding `window` so that the ETA follows the current rate rather than
/// the average since the start. Pure: the caller passes the time.
struct ProgressMeter {
    let interval: Double
    let window: Double
    private var samples: [(time: Double, bytes: Int64)]
    private var lastReport: Double?

    init(startBytes: Int64, at time: Double, interval: Double, window: Double = 5) {
        self.interval = interval
        self.window = window
        self.samples = [(time, startBytes)]
    }

    /// A report when one is due (or `force`d, for the last one), else nil.
    mutating func update(
        bytesDone: Int64, totalBytes: Int64?, at time: Double, force: Bool = false
    )
        -> DownloadProgress?
    {
        if !force, let lastReport, time - lastReport < interval { return nil }
        lastReport = time
        samples.append((time, bytesDone))
        while samples.count > 2, time - samples[1].time >= window { samples.removeFirst() }
        let oldest = samples[0]
        let elapsed = time - oldest.time
        let rate = elapsed > 0 ? max(0, Double(bytesDone - oldest.bytes) / elapsed) : 0
        var remaining: Double?
        if let totalBytes, rate > 0 { remaining = max(0, Double(totalBytes - bytesDone) / rate) }
        return DownloadProgress(
            bytesDone: bytesDone, totalBytes: totalBytes, bytesPerSecond: rate, secondsRemaining: remaining)
    }
}
