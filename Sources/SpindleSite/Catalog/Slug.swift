import Discogs
import Foundation

/// Readable URL segments: lowercase letters and digits of any script, accents folded, everything
/// else a single dash. `Björk – Vespertine` → `bjork-vespertine`; `悲しみがとまらない` stays itself.
enum Slug {
    static func make(_ text: String, limit: Int = 60) -> String {
        asciiSlug(text, limit: limit) ?? foldedSlug(text, limit: limit)
    }

    /// The general case: any script, accents and widths folded by Foundation.
    static func foldedSlug(_ text: String, limit: Int) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var slug = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar), scalar.properties.generalCategory != .nonspacingMark {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
                if slug.count >= limit { break }
            } else {
                pendingDash = true
            }
        }
        return slug
    }

    /// The same slug without Foundation's folding, for plain ASCII text (most names): folding
    /// changes nothing there, and skipping it made slugging 10,000 releases several times faster.
    static func asciiSlug(_ text: String, limit: Int) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, limit))
        var pendingDash = false
        for byte in text.utf8 {
            guard byte < 0x80 else { return nil }
            let lower = byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0)
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if bytes.count >= limit { break }
                if pendingDash, !bytes.isEmpty { bytes.append(0x2D) }
                pendingDash = false
                bytes.append(lower)
            } else {
                pendingDash = true
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A short number that is the same for the same text on every run (for names with no letters
    /// or digits at all). Swift's `hashValue` is seeded per process, so it cannot be used in URLs.
    static func stableNumber(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return String(hash % 1_000_000)
    }
}

/// Names as a collector reads them.
enum Names {
    /// Discogs keeps homonyms apart with a number: `Anri (2)`. The site shows `Anri`.
    static func display(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return name }
        let inside = name[name.index(after: open)..<name.index(before: name.endIndex)]
        guard !inside.isEmpty, inside.allSatisfy(\.isNumber) else { return name }
        return String(name[..<open]).trimmingCharacters(in: .whitespaces)
    }

    /// The artists as one line of text: `Björk, Funkstörung`.
    static func artists(_ credits: [ArtistCredit]) -> String {
        credits.map { display($0.displayName) }.joined(separator: ", ")
    }

    /// `28 October 2020` from a Discogs or CSV timestamp: the calendar date as the collector saw it.
    static func date(_ timestamp: String?) -> String? {
        guard let timestamp, timestamp.count >= 10 else { return nil }
        let parts = timestamp.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
    }

    /// `21 November 2026, 07:15 UTC`.
    static func dateTime(_ date: Date) -> String {
        let c = Calendar.utc.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!), " + String(format: "%02d:%02d UTC", c.hour!, c.minute!)
    }

    static func day(_ date: Date) -> String {
        let c = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return "\(c.day!) \(months[c.month! - 1]) \(c.year!)"
    }

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// `45s`, `12m 30s`, `1h 05m`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m" + (total % 60 == 0 ? "" : String(format: " %02ds", total % 60)) }
        return "\(total / 3600)h " + String(format: "%02dm", (total % 3600) / 60)
    }
}

extension Calendar {
    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
