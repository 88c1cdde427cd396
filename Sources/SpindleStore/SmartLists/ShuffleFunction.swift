import GRDB

/// `shuffle(id, seed)`: a stable pseudo-random rank for `sort:random`. The same seed gives the
/// same order at every rebuild (a page stays put between syncs); another seed, another order.
/// SplitMix64 over both, done in Swift because SQLite has no xor and its integers overflow to reals.
enum ShuffleFunction {
    static let function = DatabaseFunction("shuffle", argumentCount: 2, pure: true) { values in
        let id = UInt64(bitPattern: Int64.fromDatabaseValue(values[0]) ?? 0)
        let seed = UInt64(bitPattern: Int64.fromDatabaseValue(values[1]) ?? 0)
        var z = id &+ seed &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int64(bitPattern: z >> 1)
    }
}
