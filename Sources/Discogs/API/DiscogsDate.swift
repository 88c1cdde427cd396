import Foundation

/// Discogs timestamps: `2020-10-28T09:37:50-07:00` (API), `2013-11-20T14:26:16` (old listings,
/// no offset), `2021-01-31 14:22:03` (website CSV exports). Parsed by hand: it is on the hot
/// path of every page and a formatter would be slower and not `Sendable`.
public enum DiscogsDate {
    /// The instant, or nil when the text is not a timestamp. Text without an offset is read as UTC.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 10 else { return nil }
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = digits(4), expect("-"), let month = digits(2), expect("-"), let day = digits(2),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = 0
        var fraction = 0.0
        var offset = 0
        if index < bytes.count {
            guard expect("T "), let hour = digits(2), expect(":"), let minute = digits(2), hour < 24, minute < 60
            else { return nil }
            seconds = hour * 3600 + minute * 60
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                index += 1
                guard let second = digits(2), second <= 60 else { return nil }
                seconds += second
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                var scale = 0.1
                while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                    fraction += Double(bytes[index] - 48) * scale
                    scale /= 10
                    index += 1
                }
            }
            if index < bytes.count {
                if bytes[index] == UInt8(ascii: "Z") {
                    index += 1
                } else {
                    let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                    guard expect("+-"), let hours = digits(2) else { return nil }
                    _ = expect(":")
                    guard let minutes = digits(2) else { return nil }
                    offset = sign * (hours * 3600 + minutes * 60)
                }
            }
            guard index == bytes.count else { return nil }
        }
        let epoch = daysFromCivil(year: year, month: month, day: day) * 86_400 + seconds - offset
        return Date(timeIntervalSince1970: Double(epoch) + fraction)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
