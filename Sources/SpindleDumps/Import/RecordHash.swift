import SpindleStore

/// A fast 64-bit hash of a parsed record (its text bytes and the shape of its rows), stored
/// with the row so that next month's import can tell an unchanged record without rewriting it.
/// Not cryptographic: it only has to tell a record from its own previous version.
struct RecordHash {
    private(set) var value: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    mutating func mix(_ word: UInt64) {
        value = (value ^ word) &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
    }

    mutating func add(bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= bytes.count {
            mix(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            index += 8
        }
        var tail: UInt64 = 0
        while index < bytes.count {
            tail = tail << 8 | UInt64(base[index])
            index += 1
        }
        mix(tail ^ UInt64(bytes.count) << 56)
    }

    @inline(__always)
    mutating func add(_ value: DumpValue) {
        if let number = value.integer {
            mix(1)
            mix(UInt64(bitPattern: number))
        } else if let range = value.textRange {
            mix(2 | UInt64(range.count) << 8)
        } else {
            mix(0)
        }
    }
}
