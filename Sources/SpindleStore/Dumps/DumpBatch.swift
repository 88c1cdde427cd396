/// One value of a row in a `DumpBatch`: NULL, an integer, or text stored in the batch's byte
/// arena (so a parsed record costs no String allocations between the parser and SQLite).
public struct DumpValue: Sendable {
    @usableFromInline var payload: Int64
    @usableFromInline var length: Int32
    @usableFromInline var tag: Int32

    public static let null = DumpValue(payload: 0, length: 0, tag: 0)

    @inlinable public static func integer(_ value: Int64) -> DumpValue {
        DumpValue(payload: value, length: 0, tag: 1)
    }

    /// Text at `offset` in the arena, `length` bytes of UTF-8.
    @inlinable public static func text(offset: Int, length: Int) -> DumpValue {
        DumpValue(payload: Int64(offset), length: Int32(length), tag: 2)
    }

    @inlinable init(payload: Int64, length: Int32, tag: Int32) {
        self.payload = payload
        self.length = length
        self.tag = tag
    }

    @inlinable public var isNull: Bool { tag == 0 }
    @inlinable public var integer: Int64? { tag == 1 ? payload : nil }
    /// Where the text is in the arena, when this is text.
    @inlinable public var textRange: Range<Int>? {
        tag == 2 ? Int(payload)..<Int(payload) + Int(length) : nil
    }
}

/// What one record of a dump turned into: its id, a hash of everything in it (to notice that a
/// record did not change since the last import), and where its rows end in each table.
public struct DumpRecordMark: Sendable {
    public var id: Int64
    public var hash: UInt64
    /// The file's record number (0-based): the resume point after this record is `ordinal + 1`.
    public var ordinal: Int

    public init(id: Int64, hash: UInt64, ordinal: Int) {
        self.id = id
        self.hash = hash
        self.ordinal = ordinal
    }
}

/// Parsed records on their way from the parser thread to the writer: rows per table as flat
/// value arrays, and one byte arena holding all their text.
///
/// A batch is owned by one thread at a time (the parser fills it, then hands it over through a
/// queue), hence `@unchecked Sendable`.
public final class DumpBatch: @unchecked Sendable {
    public let tables: DumpTableSet
    public var arena: [UInt8] = []
    /// `values[t]` holds the rows of table `t` (record table first), `widths[t]` values each.
    public var values: [[DumpValue]]
    public let widths: [Int]
    public var records: [DumpRecordMark] = []
    /// `rowEnds[r * tableCount + t]`: the number of rows of table `t` after record `r`.
    public var rowEnds: [Int32] = []
    /// Compressed bytes of the file read when the last record of the batch ended.
    public var bytesRead: Int64 = 0
    /// Elements the parser did not know, by path.
    public var unknownElements: [String: Int] = [:]

    public init(tables: DumpTableSet, expectedRecords: Int = 1_000) {
        self.tables = tables
        widths = tables.all.map(\.columns.count)
        values = widths.map { _ in [] }
        arena.reserveCapacity(expectedRecords * 2_048)
        records.reserveCapacity(expectedRecords)
    }

    public var tableCount: Int { widths.count }

    /// Empties the batch for reuse, keeping its buffers (no reallocation per batch).
    public func reset() {
        arena.removeAll(keepingCapacity: true)
        for t in values.indices { values[t].removeAll(keepingCapacity: true) }
        records.removeAll(keepingCapacity: true)
        rowEnds.removeAll(keepingCapacity: true)
        unknownElements.removeAll()
        bytesRead = 0
    }

    /// Rows of every table, for statistics.
    public var rowCount: Int { zip(values, widths).reduce(0) { $0 + $1.0.count / $1.1 } }

    /// Closes the rows written since the previous record as belonging to this one.
    public func endRecord(_ mark: DumpRecordMark) {
        records.append(mark)
        for t in 0..<widths.count { rowEnds.append(Int32(values[t].count / widths[t])) }
    }

    /// Drops rows written after the last finished record (a record cut short by an error).
    public func discardOpenRecord() {
        let last = records.count - 1
        for t in 0..<widths.count {
            let keep = last >= 0 ? Int(rowEnds[last * widths.count + t]) * widths[t] : 0
            values[t].removeSubrange(keep...)
        }
    }

    func rows(of record: Int, table t: Int) -> Range<Int> {
        let start = record == 0 ? 0 : Int(rowEnds[(record - 1) * widths.count + t])
        return start..<Int(rowEnds[record * widths.count + t])
    }
}
