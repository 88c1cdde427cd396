import SpindleStore

/// Reads one dump file record by record and turns each record into rows of a `DumpBatch`,
/// following the kind's grammar. Batches are handed to `emit` as they fill up; the parser never
/// holds more than one batch, so memory stays flat whatever the file size.
final class RecordParser {
    struct Options {
        var strict = false
        /// Records already committed by an earlier run: skipped without building rows.
        var skipRecords = 0
        var batchRecords = 1_000
        var batchBytes = 4 << 20
    }

    private let stream: XMLStream
    private let grammar: DumpGrammar
    private let options: Options
    private let path: String
    private let compiled: CompiledGrammar
    private let keyColumns: [Int]
    private let makeBatch: () -> DumpBatch
    private let emit: (DumpBatch) throws -> Void

    private var batch: DumpBatch
    private var stateStack: [Int] = []
    private var counterStack: [Int] = []
    private var rowStack: [(table: Int, row: Int)] = []
    private var target: (table: Int, row: Int, column: Int, conversion: Conversion)?
    private var pendingTarget = false
    private var pendingID = DumpValue.null
    private var sharedCounter = 0
    private var recordArenaStart = 0
    private var recordRowStarts: [Int] = []
    private var lastRecordID: Int64?
    private(set) var ordinal = 0

    init(
        stream: XMLStream, grammar: DumpGrammar, path: String, options: Options,
        makeBatch: @escaping () -> DumpBatch, emit: @escaping (DumpBatch) throws -> Void
    ) {
        self.stream = stream
        self.grammar = grammar
        self.options = options
        self.path = path
        compiled = CompiledGrammar(root: grammar.root, record: grammar.record, stream: stream)
        keyColumns = grammar.tables.all.map { $0.index(of: $0.key) }
        self.makeBatch = makeBatch
        self.emit = emit
        batch = makeBatch()
        recordRowStarts = Array(repeating: 0, count: keyColumns.count)
    }

    /// Parses to the end of the file. On an error, the records finished before it are emitted
    /// first, then the error is thrown.
    func run() throws {
        do {
            try parse()
            try flush()
        } catch let error as DumpImportError {
            let recordID = currentRecordID ?? lastRecordID
            batch.discardOpenRecord()
            try flush()
            throw error.at(record: recordID)
        }
    }

    private var currentRecordID: Int64? {
        guard !stateStack.isEmpty, let row = rowStack.first, row.table == 0 else { return nil }
        let index = row.row * batch.widths[0] + keyColumns[0]
        return index < batch.values[0].count ? batch.values[0][index].integer : nil
    }

    private func parse() throws(DumpImportError) {
        guard try findRoot() else { return }
        var advanced = false
        while true {
            if !advanced {
                guard try stream.read() else { break }
            }
            advanced = false
            switch stream.nodeType {
            case .element:
                guard let name = stream.localName else { continue }
                let empty = stream.isEmptyElement
                let state: Int
                if let top = stateStack.last {
                    guard let child = compiled.child(of: top, named: name) else {
                        try unknown(path: compiled.paths[top])
                        advanced = try skip()
                        continue
                    }
                    state = child
                } else {
                    guard name == compiled.record else {
                        try unknown(path: grammar.root)
                        advanced = try skip()
                        continue
                    }
                    if ordinal < options.skipRecords {
                        ordinal += 1
                        advanced = try skip()
                        continue
                    }
                    state = 0
                }
                if compiled.states[state].kind == .ignored {
                    advanced = try skip()
                    continue
                }
                try open(state)
                if empty { try close() }
            case .text, .cdata:
                if target != nil || pendingTarget, let bytes = stream.value { store(bytes) }
            case .endElement:
                if stateStack.isEmpty { return }
                try close()
            case .other:
                continue
            }
        }
        if !stateStack.isEmpty {
            throw .malformed(
                path: path, reason: "the file ends inside a record", line: nil, xmlOffset: stream.xmlOffset,
                compressedOffset: stream.compressedOffset)
        }
    }

    /// Moves to the root element and checks it is this kind's (`<releases>`).
    private func findRoot() throws(DumpImportError) -> Bool {
        while try stream.read() {
            guard stream.nodeType == .element else { continue }
            guard stream.localName == compiled.root else {
                throw .wrongKind(path: path, expected: grammar.root, found: stream.localNameString)
            }
            return !stream.isEmptyElement
        }
        throw .malformed(
            path: path, reason: "the file has no root element", line: nil, xmlOffset: stream.xmlOffset,
            compressedOffset: stream.compressedOffset)
    }

    private func skip() throws(DumpImportError) -> Bool {
        try stream.skipSubtree()
    }

    private func unknown(path parent: String) throws(DumpImportError) {
        let element = "\(parent)/\(stream.localNameString)"
        if options.strict { throw .unknownElement(path: path, element: element, recordID: currentRecordID) }
        batch.unknownElements[element, default: 0] += 1
    }

    // MARK: Elements

    private func open(_ stateID: Int) throws(DumpImportError) {
        let state = compiled.states[stateID]
        switch state.kind {
        case .record:
            recordArenaStart = batch.arena.count
            for t in 0..<recordRowStarts.count { recordRowStarts[t] = batch.values[t].count / batch.widths[t] }
            sharedCounter = 0
            pendingID = .null
            openRow(table: 0, state: state)
        case .group:
            break
        case .row:
            openRow(table: Int(state.table), state: state)
        case .field:
            if let row = rowStack.last {
                target = (row.table, row.row, Int(state.column), state.conversion)
                applyAttributes(state, to: row)
            }
        case .pendingID:
            pendingTarget = true
            pendingID = .null
        case .ignored:
            break
        }
        stateStack.append(stateID)
        counterStack.append(0)
    }

    private func openRow(table: Int, state: CompiledGrammar.State) {
        let width = batch.widths[table]
        let row = batch.values[table].count / width
        batch.values[table].append(contentsOf: repeatElement(DumpValue.null, count: width))
        let base = row * width
        if state.seqColumn >= 0 {
            let seq: Int
            if state.sharedCounter {
                seq = sharedCounter
                sharedCounter += 1
            } else if !counterStack.isEmpty {
                seq = counterStack[counterStack.count - 1]
                counterStack[counterStack.count - 1] += 1
            } else {
                seq = 0
            }
            batch.values[table][base + Int(state.seqColumn)] = .integer(Int64(seq))
        }
        for index in state.constants {
            let constant = compiled.constants[index]
            batch.values[table][base + constant.column] = constant.bytes.withUnsafeBufferPointer { appendText($0) }
        }
        for index in state.copies {
            let copy = compiled.copies[index]
            let source = Int(copy.table)
            if let open = rowStack.last(where: { $0.table == source }) {
                batch.values[table][base + Int(copy.to)] =
                    batch.values[source][open.row * batch.widths[source] + Int(copy.from)]
            }
        }
        let cursor = (table: table, row: row)
        applyAttributes(state, to: cursor)
        if state.pendingIDColumn >= 0 {
            let column = Int(state.pendingIDColumn)
            if batch.values[table][base + column].isNull { batch.values[table][base + column] = pendingID }
            pendingID = .null
        }
        rowStack.append(cursor)
        if state.textColumn >= 0 { target = (table, row, Int(state.textColumn), state.textConversion) }
    }

    private func applyAttributes(_ state: CompiledGrammar.State, to row: (table: Int, row: Int)) {
        guard !state.attributes.isEmpty else { return }
        let base = row.row * batch.widths[row.table]
        let attributes = compiled.attributes
        stream.forEachAttribute { name, value in
            for index in state.attributes where attributes[index].name == name {
                let attribute = attributes[index]
                batch.values[row.table][base + Int(attribute.column)] = convert(value, attribute.conversion)
            }
        }
    }

    private func close() throws(DumpImportError) {
        guard let stateID = stateStack.popLast() else { return }
        counterStack.removeLast()
        target = nil
        pendingTarget = false
        let state = compiled.states[stateID]
        switch state.kind {
        case .record:
            rowStack.removeLast()
            try finishRecord()
        case .row:
            let row = rowStack.removeLast()
            if state.hasOnClose {
                compiled.onClose[stateID]?(RowCursor(batch: batch, table: Int(state.table), row: row.row), self)
            }
        default:
            break
        }
    }

    private func finishRecord() throws(DumpImportError) {
        let recordRow = recordRowStarts[0]
        guard let id = batch.values[0][recordRow * batch.widths[0] + keyColumns[0]].integer else {
            throw .badRecord(path: path, reason: "a <\(grammar.record.tag)> without an id", recordID: lastRecordID)
        }
        for t in 1..<keyColumns.count {
            let width = batch.widths[t]
            let column = keyColumns[t]
            var row = recordRowStarts[t]
            let end = batch.values[t].count / width
            while row < end {
                batch.values[t][row * width + column] = .integer(id)
                row += 1
            }
        }
        grammar.finishRecord?(RowCursor(batch: batch, table: 0, row: recordRow), self)
        var hash = RecordHash()
        batch.arena.withUnsafeBufferPointer { arena in
            hash.add(bytes: UnsafeBufferPointer(rebasing: arena[recordArenaStart...]))
        }
        for t in 0..<keyColumns.count {
            let width = batch.widths[t]
            for index in (recordRowStarts[t] * width)..<batch.values[t].count { hash.add(batch.values[t][index]) }
        }
        batch.endRecord(DumpRecordMark(id: id, hash: hash.value, ordinal: ordinal))
        lastRecordID = id
        ordinal += 1
        if batch.records.count >= options.batchRecords || batch.arena.count >= options.batchBytes {
            do { try flush() } catch { throw .badRecord(path: path, reason: "\(error)", recordID: id) }
        }
    }

    private func flush() throws {
        guard !batch.records.isEmpty || !batch.unknownElements.isEmpty else { return }
        batch.bytesRead = stream.compressedOffset
        try emit(batch)
        batch = makeBatch()
    }

    // MARK: Values

    private func store(_ bytes: UnsafeBufferPointer<UInt8>) {
        if pendingTarget {
            pendingID = convert(bytes, .integer)
            return
        }
        guard let target else { return }
        let index = target.row * batch.widths[target.table] + target.column
        let current = batch.values[target.table][index]
        switch target.conversion {
        case .text:
            // A second text node of the same element (libxml2 may split text) continues the first.
            if let range = current.textRange, range.upperBound == batch.arena.count {
                batch.arena.append(contentsOf: bytes)
                batch.values[target.table][index] = .text(offset: range.lowerBound, length: range.count + bytes.count)
            } else {
                batch.values[target.table][index] = appendText(bytes)
            }
        default:
            batch.values[target.table][index] = convert(bytes, target.conversion)
        }
    }

    private func convert(_ bytes: UnsafeBufferPointer<UInt8>, _ conversion: Conversion) -> DumpValue {
        switch conversion {
        case .text:
            return appendText(bytes)
        case .integer, .knownInteger:
            guard let number = Self.integer(bytes) else { return .null }
            return conversion == .knownInteger && number == 0 ? .null : .integer(number)
        case .boolean:
            if bytes.elementsEqual("true".utf8) { return .integer(1) }
            if bytes.elementsEqual("false".utf8) { return .integer(0) }
            return .null
        }
    }

    func appendText(_ bytes: UnsafeBufferPointer<UInt8>) -> DumpValue {
        let offset = batch.arena.count
        batch.arena.append(contentsOf: bytes)
        return .text(offset: offset, length: bytes.count)
    }

    func appendText(_ text: String) -> DumpValue {
        var text = text
        return text.withUTF8 { appendText($0) }
    }

    /// Decimal digits with an optional sign and surrounding spaces; nil for anything else.
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        let count = bytes.count
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 { index += 1 }
        var negative = false
        if index < count, bytes[index] == 0x2D {
            negative = true
            index += 1
        }
        var value: Int64 = 0
        var digits = 0
        while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(bytes[index] - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
            digits += 1
            index += 1
        }
        while index < count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x09 { index += 1 }
        guard digits > 0, index == count else { return nil }
        return negative ? -value : value
    }
}
