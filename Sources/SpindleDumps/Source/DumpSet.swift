import Foundation
import SpindleStore

/// One month's dump as published: the file chosen for each kind, and the CHECKSUM to verify
/// them with. Built by `DumpListing`; what to do with an incomplete set is the caller's choice,
/// so the set says exactly what is missing instead of being nil.
public struct DumpSet: Sendable, Equatable {
    /// A published file: its name, where to fetch it, and its size when the listing gave one.
    public struct File: Sendable, Hashable {
        public let name: DumpFileName
        public let url: URL
        /// Bytes, from an S3 listing; nil when the listing was a page without sizes.
        public let size: Int64?

        public init(name: DumpFileName, url: URL, size: Int64?) {
            self.name = name
            self.url = url
            self.size = size
        }

        public var fileName: String { name.fileName }

        /// Published with zero bytes: present in the listing but of no use.
        public var isEmpty: Bool { size == 0 }
    }

    /// What the set has to verify its data files with.
    public enum ChecksumState: String, Sendable, Equatable {
        case present
        /// No CHECKSUM file for the month (2019-10's `20191003` files have none of their own).
        case missing
        /// Only a 0-byte CHECKSUM file (2013-10 has one next to the real one).
        case empty
    }

    public let month: DumpMonth
    /// The chosen file per kind. A kind is absent when the month has no such file (no masters
    /// before 2011-11).
    public let dataFiles: [DumpKind: File]
    /// The chosen CHECKSUM file, possibly empty (see `checksumState`).
    public let checksum: File?

    public init(month: DumpMonth, dataFiles: [DumpKind: File], checksum: File?) {
        self.month = month
        self.dataFiles = dataFiles
        self.checksum = checksum
    }

    /// Kinds with no usable file (none, or only a 0-byte one), in import order.
    public var missingKinds: [DumpKind] {
        DumpKind.allCases.filter { kind in dataFiles[kind].map(\.isEmpty) ?? true }
    }

    /// All four data files are there; the CHECKSUM may not be.
    public var hasAllData: Bool { missingKinds.isEmpty }

    public var checksumState: ChecksumState {
        guard let checksum else { return .missing }
        return checksum.isEmpty ? .empty : .present
    }

    /// Four data files and a non-empty CHECKSUM: the set can be downloaded and verified.
    public var isComplete: Bool { hasAllData && checksumState == .present }

    /// The latest date among the chosen files (`20191010` for 2019-10): the run's dump date.
    public var dumpDate: String {
        (Array(dataFiles.values) + [checksum].compactMap { $0 }).map(\.name.date).max() ?? ""
    }

    /// The data files in import order.
    public var orderedDataFiles: [File] { DumpKind.allCases.compactMap { dataFiles[$0] } }

    /// A line for logs and the CLI: `2019-10: 4 data files, CHECKSUM present`.
    public var summary: String {
        var parts = ["\(month): \(DumpKind.allCases.count - missingKinds.count) data files"]
        if !missingKinds.isEmpty { parts.append("missing \(missingKinds.map(\.rawValue).joined(separator: ", "))") }
        parts.append("CHECKSUM \(checksumState.rawValue)")
        return parts.joined(separator: ", ")
    }
}
