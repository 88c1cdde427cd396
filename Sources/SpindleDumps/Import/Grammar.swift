import SpindleStore

/// How an attribute's or element's text becomes a column value.
enum Conversion {
    case text
    case integer
    /// An integer where 0 means unknown (a master's year): 0 is stored as NULL.
    case knownInteger
    /// `true`/`false` as 1/0.
    case boolean
}

/// The shape of one kind of dump record, as a tree of the elements spindle knows: which element
/// opens a row of which table, which fills a column of the row it is in, which only groups
/// others. Anything not in the tree is an unknown element (counted, reported, refused by
/// `--strict`). `GrammarCompiler` turns the tree into the state table the parser runs on.
final class GrammarNode {
    enum Kind {
        /// The record element itself: opens the record row (table 0).
        case record
        /// A container such as `<artists>`: numbers the rows directly inside it from 0.
        case group
        /// Opens a row of `table`.
        case row(table: Int)
        /// Fills `column` of the row it is in with its text.
        case field(column: Int, Conversion)
        /// Known and deliberately not stored (e.g. a company's `resource_url`, derivable from its id).
        case ignored
        /// `<members><id>` before 2025: the id of the `<name>` that follows it.
        case pendingID
    }

    let tag: String
    let kind: Kind
    var children: [GrammarNode] = []
    /// Attributes stored in the row this element opens (or, for a field, the row it is in).
    var attributes: [(name: String, column: Int, conversion: Conversion)] = []
    /// A row's own text (`<genre>Jazz</genre>`).
    var text: (column: Int, conversion: Conversion)?
    /// A row's position among its siblings, or (`sharedCounter`) in the whole record.
    var seqColumn: Int?
    var sharedCounter = false
    /// Constant text columns (`credit = 'extra'`).
    var constants: [(column: Int, text: String)] = []
    /// Columns copied from the innermost open row of another table (a track credit's track_seq).
    var copies: [(table: Int, from: Int, to: Int)] = []
    /// The column a preceding `pendingID` fills when the row's own attribute did not.
    var pendingIDColumn: Int?
    /// Runs when the row closes (derived columns).
    var onClose: ((RowCursor, RecordParser) -> Void)?

    init(_ tag: String, _ kind: Kind) {
        self.tag = tag
        self.kind = kind
    }

    @discardableResult
    func add(_ nodes: GrammarNode...) -> GrammarNode {
        children += nodes
        return self
    }
}

/// A row being closed, for `GrammarNode.onClose`.
struct RowCursor {
    let batch: DumpBatch
    let table: Int
    let row: Int
}

/// The grammar flattened for the parser's inner loop: one plain (reference-free) state per
/// element in its context, in buffers that are read without retains, copies or bounds checks.
/// Element and attribute names are the reader's interned pointers, compared by address.
/// Recursive nodes (a track's sub-tracks are tracks) become cycles between states.
final class CompiledGrammar {
    enum Kind: UInt8 { case record, group, row, field, ignored, pendingID }

    struct State {
        var kind: Kind
        var table: Int32 = 0
        var column: Int32 = -1
        var conversion: Conversion = .text
        var textColumn: Int32 = -1
        var textConversion: Conversion = .text
        var seqColumn: Int32 = -1
        var sharedCounter = false
        var pendingIDColumn: Int32 = -1
        var hasOnClose = false
        var children: Range<Int> = 0..<0
        var attributes: Range<Int> = 0..<0
        var constants: Range<Int> = 0..<0
        var copies: Range<Int> = 0..<0
    }

    struct Attribute {
        var name: UnsafeRawPointer
        var column: Int32
        var conversion: Conversion
    }

    struct Copy {
        var table: Int32
        var from: Int32
        var to: Int32
    }

    let root: UnsafeRawPointer
    let record: UnsafeRawPointer
    let states: UnsafeMutableBufferPointer<State>
    let childNames: UnsafeMutableBufferPointer<UnsafeRawPointer>
    let childStates: UnsafeMutableBufferPointer<Int32>
    let attributes: UnsafeMutableBufferPointer<Attribute>
    let copies: UnsafeMutableBufferPointer<Copy>
    /// Constant text columns: the column and the bytes to store.
    let constants: [(column: Int, bytes: [UInt8])]
    let onClose: [((RowCursor, RecordParser) -> Void)?]
    /// Each state's element path (`release/tracklist/track`), for reporting unknown elements.
    let paths: [String]

    init(root rootTag: String, record node: GrammarNode, stream: XMLStream) {
        var states: [State] = []
        var names: [UnsafeRawPointer] = []
        var targets: [Int32] = []
        var attributes: [Attribute] = []
        var copies: [Copy] = []
        var constants: [(column: Int, bytes: [UInt8])] = []
        var onClose: [((RowCursor, RecordParser) -> Void)?] = []
        var paths: [String] = []
        var ids: [ObjectIdentifier: Int] = [:]
        var pendingChildren: [(state: Int, node: GrammarNode)] = []

        func add(_ node: GrammarNode, path: String) -> Int {
            if let id = ids[ObjectIdentifier(node)] { return id }
            let id = states.count
            ids[ObjectIdentifier(node)] = id
            var state: State
            switch node.kind {
            case .record: state = State(kind: .record)
            case .group: state = State(kind: .group)
            case .row(let table): state = State(kind: .row, table: Int32(table))
            case .field(let column, let conversion):
                state = State(kind: .field, column: Int32(column), conversion: conversion)
            case .ignored: state = State(kind: .ignored)
            case .pendingID: state = State(kind: .pendingID)
            }
            if let text = node.text {
                state.textColumn = Int32(text.column)
                state.textConversion = text.conversion
            }
            state.seqColumn = Int32(node.seqColumn ?? -1)
            state.sharedCounter = node.sharedCounter
            state.pendingIDColumn = Int32(node.pendingIDColumn ?? -1)
            state.hasOnClose = node.onClose != nil
            state.attributes = attributes.count..<attributes.count + node.attributes.count
            attributes += node.attributes.map {
                Attribute(name: stream.name($0.name), column: Int32($0.column), conversion: $0.conversion)
            }
            state.constants = constants.count..<constants.count + node.constants.count
            constants += node.constants.map { ($0.column, Array($0.text.utf8)) }
            state.copies = copies.count..<copies.count + node.copies.count
            copies += node.copies.map { Copy(table: Int32($0.table), from: Int32($0.from), to: Int32($0.to)) }
            states.append(state)
            onClose.append(node.onClose)
            paths.append(path)
            pendingChildren.append((id, node))
            for child in node.children { _ = add(child, path: "\(path)/\(child.tag)") }
            return id
        }
        _ = add(node, path: node.tag)
        // Children are laid out per state once every state has its id (cycles included).
        for (state, node) in pendingChildren {
            states[state].children = names.count..<names.count + node.children.count
            for child in node.children {
                names.append(stream.name(child.tag))
                targets.append(Int32(ids[ObjectIdentifier(child)]!))
            }
        }
        root = stream.name(rootTag)
        record = stream.name(node.tag)
        self.states = Self.buffer(states)
        childNames = Self.buffer(names)
        childStates = Self.buffer(targets)
        self.attributes = Self.buffer(attributes)
        self.copies = Self.buffer(copies)
        self.constants = constants
        self.onClose = onClose
        self.paths = paths
    }

    deinit {
        states.deallocate()
        childNames.deallocate()
        childStates.deallocate()
        attributes.deallocate()
        copies.deallocate()
    }

    /// The state an element named `name` enters from `state`, if the grammar knows it there.
    @inline(__always)
    func child(of state: Int, named name: UnsafeRawPointer) -> Int? {
        for index in states[state].children where childNames[index] == name { return Int(childStates[index]) }
        return nil
    }

    private static func buffer<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(array.count, 1))
        _ = buffer.initialize(from: array)
        return buffer
    }
}
