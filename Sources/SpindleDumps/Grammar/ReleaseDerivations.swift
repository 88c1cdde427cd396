import SpindleStore

/// Columns of a release that the dump does not carry but the API does, derived from what it
/// does carry, so the site treats a dump release like a fetched one.
enum ReleaseDerivations {
    /// The columns of `release_tracks` that `trackType` reads and writes.
    struct TrackColumns {
        let seq: Int
        let parent: Int
        let position: Int
        let duration: Int
        let type: Int
    }

    private static let index = Array("index".utf8)
    private static let heading = Array("heading".utf8)
    private static let track = Array("track".utf8)

    /// `index` for a track with sub-tracks, `heading` for one with neither position nor
    /// duration ("Side A"), `track` otherwise: the API's `type_`.
    static func trackType(_ cursor: RowCursor, _ columns: TrackColumns, parser: RecordParser) {
        let batch = cursor.batch
        let t = cursor.table
        let width = batch.widths[t]
        let base = cursor.row * width
        let next = base + width
        let type: [UInt8]
        if next < batch.values[t].count, let parent = batch.values[t][next + columns.parent].integer,
            parent == batch.values[t][base + columns.seq].integer
        {
            type = index
        } else if isBlank(batch, batch.values[t][base + columns.position]),
            isBlank(batch, batch.values[t][base + columns.duration])
        {
            type = heading
        } else {
            type = track
        }
        batch.values[t][base + columns.type] = type.withUnsafeBufferPointer { parser.appendText($0) }
    }

    /// The release's year (from `released`), its artists as one line, and its format quantity.
    static func finish(_ cursor: RowCursor, parser: RecordParser, kit: GrammarKit) {
        let batch = cursor.batch
        let width = batch.widths[0]
        let base = cursor.row * width
        if let range = batch.values[0][base + kit.column(0, "released")].textRange, range.count >= 4 {
            let digits = batch.arena[range.lowerBound..<range.lowerBound + 4]
            if digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                let year = digits.reduce(0) { $0 * 10 + Int64($1 - 0x30) }
                if year > 0 { batch.values[0][base + kit.column(0, "year")] = .integer(year) }
            }
        }

        let artists = kit.table("release_artists")
        let artistWidth = batch.widths[artists]
        let credit = kit.column(artists, "credit")
        let name = kit.column(artists, "name")
        let join = kit.column(artists, "join_text")
        var line: [UInt8] = []
        let rows = recordRows(batch, table: artists)
        var mainRows: [Int] = []
        for row in rows {
            if let range = batch.values[artists][row * artistWidth + credit].textRange,
                batch.arena[range].elementsEqual("main".utf8)
            {
                mainRows.append(row)
            }
        }
        for (index, row) in mainRows.enumerated() {
            if let range = batch.values[artists][row * artistWidth + name].textRange {
                line.append(contentsOf: batch.arena[range])
            }
            guard index < mainRows.count - 1 else { break }
            let joinText = batch.values[artists][row * artistWidth + join].textRange.map { batch.arena[$0] }
            if let joinText, !joinText.isEmpty, !joinText.elementsEqual(",".utf8) {
                line.append(0x20)
                line.append(contentsOf: joinText)
                line.append(0x20)
            } else {
                line.append(contentsOf: ", ".utf8)
            }
        }
        if !line.isEmpty {
            batch.values[0][base + kit.column(0, "artists_sort")] = line.withUnsafeBufferPointer {
                parser.appendText($0)
            }
        }

        let formats = kit.table("release_formats")
        let qty = kit.column(formats, "qty")
        var quantity: Int64 = 0
        for row in recordRows(batch, table: formats) {
            if let range = batch.values[formats][row * batch.widths[formats] + qty].textRange {
                let number = batch.arena.withUnsafeBufferPointer {
                    RecordParser.integer(UnsafeBufferPointer(rebasing: $0[range]))
                }
                if let number, (0...10_000).contains(number) { quantity += number }
            }
        }
        if quantity > 0 { batch.values[0][base + kit.column(0, "format_quantity")] = .integer(quantity) }
    }

    /// The rows of `table` written since the last finished record: the current record's.
    private static func recordRows(_ batch: DumpBatch, table: Int) -> Range<Int> {
        let start = batch.records.isEmpty ? 0 : Int(batch.rowEnds[(batch.records.count - 1) * batch.tableCount + table])
        return start..<batch.values[table].count / batch.widths[table]
    }

    private static func isBlank(_ batch: DumpBatch, _ value: DumpValue) -> Bool {
        guard let range = value.textRange else { return true }
        return batch.arena[range].allSatisfy { $0 == 0x20 }
    }
}
