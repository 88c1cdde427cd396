import Crypto
import Foundation
import SpindleStore

/// A stable fingerprint of what a page is made from. Pages whose fingerprint did not change since
/// the last build are neither rendered nor written.
struct Fingerprint {
    private var hasher = SHA256()

    mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: Self.separator) { hasher.update(bufferPointer: $0) }
    }

    private static let separator: UInt8 = 0x1F

    func finish() -> String { ContentHash.hex(hasher.finalize().prefix(12)) }

    static func of(_ parts: [String]) -> String {
        var fingerprint = Fingerprint()
        parts.forEach { fingerprint.add($0) }
        return fingerprint.finish()
    }

    /// A model as text with dictionary keys sorted: `"\(dictionary)"` is not usable, because Swift
    /// orders dictionaries differently in every process.
    static func canonical(_ value: some TemplateValueConvertible) -> String { canonical(value.templateValue) }

    static func canonical(_ value: TemplateValue) -> String {
        switch value {
        case .object(let members):
            "{" + members.keys.sorted().map { "\($0):\(canonical(members[$0]!))" }.joined(separator: ",") + "}"
        case .list(let items):
            "[" + items.map(canonical).joined(separator: ",") + "]"
        case .string(let text): "\(text.utf8.count):" + text  // length-prefixed: unambiguous
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        }
    }
}
