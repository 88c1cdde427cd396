import Foundation
import SpindleStore

/// A month of dumps (`2020-08`), and the date its files carry (`20200806`: not always the 1st).
public struct DumpMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (2000...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]),
            let m = Int(parts[1])
        else { return nil }
        self.init(year: y, month: m)
    }

    /// The month of a dump date `YYYYMMDD`.
    public init?(dumpDate: String) {
        guard dumpDate.count == 8, dumpDate.allSatisfy(\.isASCII), let y = Int(dumpDate.prefix(4)),
            let m = Int(dumpDate.dropFirst(4).prefix(2)), Int(dumpDate.suffix(2)).map({ (1...31).contains($0) }) == true
        else { return nil }
        self.init(year: y, month: m)
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    public static func < (lhs: DumpMonth, rhs: DumpMonth) -> Bool {
        (lhs.year, lhs.month) < (rhs.year, rhs.month)
    }
}
