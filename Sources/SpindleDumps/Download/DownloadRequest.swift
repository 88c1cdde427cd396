import Foundation

/// One file to fetch: from where, to where, and how big the listing said it is.
public struct DownloadRequest: Sendable, Equatable {
    public var url: URL
    /// The final path. Bytes go to `partFile` first; this name only ever holds a whole file.
    public var destination: URL
    /// From the listing, when known: the completeness check when the server does not say.
    public var expectedSize: Int64?

    public init(url: URL, destination: URL, expectedSize: Int64? = nil) {
        self.url = url
        self.destination = destination
        self.expectedSize = expectedSize
    }

    /// `<destination>.part`: kept across failures and runs, resumed with a Range request.
    public var partFile: URL {
        destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".part")
    }
}

/// A finished download.
public struct DownloadResult: Sendable, Equatable {
    /// The complete file (the request's destination).
    public var file: URL
    /// Its size in bytes.
    public var size: Int64
    /// Bytes already in the `.part` file that this download kept (0 for a fresh start).
    public var resumedFrom: Int64
    /// Bytes received over the network by this call, across its resumes.
    public var bytesTransferred: Int64
    public var seconds: Double
    /// The server ignored a Range request, so the file was fetched again from the start.
    public var restartedFromZero: Bool
    /// Transfers it took, 1 unless connections broke and were resumed.
    public var attempts: Int

    public init(
        file: URL, size: Int64, resumedFrom: Int64, bytesTransferred: Int64, seconds: Double,
        restartedFromZero: Bool, attempts: Int = 1
    ) {
        self.file = file
        self.size = size
        self.resumedFrom = resumedFrom
        self.bytesTransferred = bytesTransferred
        self.seconds = seconds
        self.restartedFromZero = restartedFromZero
        self.attempts = attempts
    }
}
