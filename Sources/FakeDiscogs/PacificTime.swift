import Foundation

/// Discogs' clock for the marketplace: US Pacific time with daylight saving, as recorded listings
/// show (`"2025-04-13T20:16:17-07:00"`) and export timestamps and the CSV's `listed` column repeat
/// without the offset. Worked out here rather than with a time zone database, so the fake says the
/// same on a machine without tzdata.
enum PacificTime {
    /// `2025-04-13T20:16:17-07:00`: a listing's `posted`.
    static func timestamp(_ epoch: Int) -> String {
        let offset = offsetHours(epoch)
        return local(epoch) + String(format: "-%02d:00", -offset)
    }

    /// `2025-04-13T20:16:17`: an export's `created_ts` and `finished_ts`.
    static func local(_ epoch: Int) -> String {
        let parts = utcParts(epoch + offsetHours(epoch) * 3600)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
    }

    /// −7 from 2:00 on the second Sunday in March to 2:00 on the first Sunday in November (the US
    /// rule since 2007), −8 otherwise.
    static func offsetHours(_ epoch: Int) -> Int {
        let year = utcParts(epoch).year!
        let start = sunday(year: year, month: 3, nth: 2) + 10 * 3600  // 02:00 PST is 10:00 UTC
        let end = sunday(year: year, month: 11, nth: 1) + 9 * 3600  // 02:00 PDT is 09:00 UTC
        return (start..<end).contains(epoch) ? -7 : -8
    }

    /// Midnight UTC of the `nth` Sunday of a month, as epoch seconds.
    private static func sunday(year: Int, month: Int, nth: Int) -> Int {
        let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let weekday = calendar.component(.weekday, from: first)  // 1 is Sunday
        let day = 1 + (8 - weekday) % 7 + (nth - 1) * 7
        return Int(first.timeIntervalSince1970) + (day - 1) * 86_400
    }

    private static func utcParts(_ epoch: Int) -> DateComponents {
        calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
