import SpindleStore

/// The name of one published dump file: `discogs_20200806_releases.xml.gz` or
/// `discogs_20191010_CHECKSUM.txt`.
///
/// The dump date is kept as published, because it is not always the 1st of the month and one
/// month can carry two dates (2019-10: masters and releases on `20191003`, artists, labels and
/// the CHECKSUM on `20191010`). The file name is the only place the date is written down.
///
/// ```swift
/// let name = DumpFileName("discogs_20200806_releases.xml.gz")!
/// name.month        // 2020-08
/// name.content      // .data(.releases)
/// DumpFileName(date: "20200806", content: .checksum)!.fileName  // "discogs_20200806_CHECKSUM.txt"
/// ```
public struct DumpFileName: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// What a file holds: one kind of records, or the SHA-256 sums of the month's data files.
    public enum Content: Sendable, Hashable {
        case data(DumpKind)
        case checksum
    }

    /// `YYYYMMDD`, as in the name.
    public let date: String
    public let month: DumpMonth
    public let content: Content

    /// Nil when `date` is not a valid `YYYYMMDD`.
    public init?(date: String, content: Content) {
        guard date.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let month = DumpMonth(dumpDate: date)
        else { return nil }
        self.date = date
        self.month = month
        self.content = content
    }

    /// Parses a bare file name (no directories); nil for anything else, including other kinds.
    public init?(_ fileName: String) {
        let prefix = "discogs_"
        guard fileName.hasPrefix(prefix) else { return nil }
        let rest = fileName.dropFirst(prefix.count)
        guard rest.count > 9, rest.dropFirst(8).first == "_" else { return nil }
        let date = String(rest.prefix(8))
        let suffix = rest.dropFirst(9)
        let content: Content
        if suffix == Self.checksumSuffix {
            content = .checksum
        } else if suffix.hasSuffix(Self.dataSuffix),
            let kind = DumpKind(rawValue: String(suffix.dropLast(Self.dataSuffix.count)))
        {
            content = .data(kind)
        } else {
            return nil
        }
        self.init(date: date, content: content)
    }

    /// The data file of `kind` published on `date`.
    public static func data(_ kind: DumpKind, date: String) -> DumpFileName? {
        DumpFileName(date: date, content: .data(kind))
    }

    /// The CHECKSUM file published on `date`.
    public static func checksum(date: String) -> DumpFileName? {
        DumpFileName(date: date, content: .checksum)
    }

    /// The data kind, or nil for a CHECKSUM file.
    public var kind: DumpKind? {
        if case .data(let kind) = content { return kind }
        return nil
    }

    public var isChecksum: Bool { content == .checksum }

    public var fileName: String {
        switch content {
        case .data(let kind): "discogs_\(date)_\(kind.rawValue)\(Self.dataSuffix)"
        case .checksum: "discogs_\(date)_\(Self.checksumSuffix)"
        }
    }

    /// The year folder the file is published in (`data/2020/`).
    public var year: Int { month.year }

    public var description: String { fileName }

    /// By date, then data files in import order, then the CHECKSUM.
    public static func < (lhs: DumpFileName, rhs: DumpFileName) -> Bool {
        if lhs.date != rhs.date { return lhs.date < rhs.date }
        return lhs.contentOrder < rhs.contentOrder
    }

    private var contentOrder: Int {
        switch content {
        case .data(let kind): DumpKind.allCases.firstIndex(of: kind)!
        case .checksum: DumpKind.allCases.count
        }
    }

    static let dataSuffix = ".xml.gz"
    static let checksumSuffix = "CHECKSUM.txt"
}
