import Foundation
import GRDB
import Synchronization

/// `regexp(pattern, text)` for smart-list rules (`title::^Live`): SQLite has the REGEXP
/// operator but no implementation. Patterns are compiled once and kept (rules reuse a few).
enum RegexpFunction {
    private static let cache = Mutex<[String: NSRegularExpression]>([:])

    static let function = DatabaseFunction("regexp", argumentCount: 2, pure: true) { values in
        guard let pattern = String.fromDatabaseValue(values[0]), let text = String.fromDatabaseValue(values[1]) else {
            return false
        }
        guard let regex = expression(pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }

    private static func expression(_ pattern: String) -> NSRegularExpression? {
        if let cached = cache.withLock({ $0[pattern] }) { return cached }
        guard let compiled = try? NSRegularExpression(pattern: pattern) else { return nil }
        cache.withLock { cache in
            if cache.count > 256 { cache.removeAll() }
            cache[pattern] = compiled
        }
        return compiled
    }
}
