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
    var onClose: ((RowCursor) -> Void)?

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

/// One state of the compiled grammar: an element in its context.
struct GrammarState {
    var kind: GrammarNode.Kind
    var path: String
    var children: [(name: UnsafeRawPointer, state: Int)] = []
    var attributes: [(name: UnsafeRawPointer, column: Int, conversion: Conversion)] = []
    var text: (column: Int, conversion: Conversion)?
    var seqColumn: Int?
    var sharedCounter = false
    var constants: [(column: Int, text: String)] = []
    var copies: [(table: Int, from: Int, to: Int)] = []
    var pendingIDColumn: Int?
    var onClose: ((RowCursor) -> Void)?

    @inline(__always)
    func child(_ name: UnsafeRawPointer) -> Int? {
        for entry in children where entry.name == name { return entry.state }
        return nil
    }
}

/// Flattens a grammar tree into states whose names are the reader's interned pointers.
/// Recursive nodes (a track's sub-tracks are tracks) become cycles between states.
enum GrammarCompiler {
    static func compile(
        root: String, record: GrammarNode, stream: XMLStream
    ) -> (root: UnsafeRawPointer, record: UnsafeRawPointer, states: [GrammarState]) {
        var states: [GrammarState] = []
        var ids: [ObjectIdentifier: Int] = [:]

        func visit(_ node: GrammarNode, path: String) -> Int {
            if let id = ids[ObjectIdentifier(node)] { return id }
            let id = states.count
            ids[ObjectIdentifier(node)] = id
            var state = GrammarState(kind: node.kind, path: path)
            state.attributes = node.attributes.map { (stream.name($0.name), $0.column, $0.conversion) }
            state.text = node.text
            state.seqColumn = node.seqColumn
            state.sharedCounter = node.sharedCounter
            state.constants = node.constants
            state.copies = node.copies
            state.pendingIDColumn = node.pendingIDColumn
            state.onClose = node.onClose
            states.append(state)
            let children = node.children.map { (stream.name($0.tag), visit($0, path: "\(path)/\($0.tag)")) }
            states[id].children = children
            return id
        }
        _ = visit(record, path: record.tag)
        return (stream.name(root), stream.name(record.tag), states)
    }
}
