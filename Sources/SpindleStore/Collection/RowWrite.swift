/// What an upsert of a collection item or want did. A sync records `added`, `restored` and the
/// fields in a diff as `sync_changes`; `unchanged` means no row was written at all.
public enum RowWrite<Diff: Sendable & Equatable>: Sendable, Equatable {
    case unchanged
    case added
    case changed(Diff)
    case restored(Diff)
}

/// One field's value before and after.
public struct Change<Value: Sendable & Equatable>: Sendable, Equatable {
    public var old: Value
    public var new: Value

    init?(_ old: Value, _ new: Value) {
        guard old != new else { return nil }
        self.old = old
        self.new = new
    }
}

/// Where a row came from: the API, or the website's collection CSV export.
public enum RowSource: String, Sendable {
    case api, csv
}
