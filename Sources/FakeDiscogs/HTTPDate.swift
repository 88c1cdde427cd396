import Foundation

/// RFC 9110 dates (`Sun, 06 Nov 1994 08:49:37 GMT`) for `Last-Modified` and `If-Modified-Since`
/// on the export status endpoint, written and read by hand so no shared DateFormatter is needed.
enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ epoch: Int) -> String {
        let parts = calendar.dateComponents(
            [.weekday, .year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(epoch)))
        let day = String(format: "%02d", parts.day!)
        let time = String(format: "%04d %02d:%02d:%02d", parts.year!, parts.hour!, parts.minute!, parts.second!)
        return "\(days[parts.weekday! - 1]), \(day) \(months[parts.month! - 1]) \(time) GMT"
    }

    /// Epoch seconds of an IMF-fixdate; nil for anything else (the obsolete forms are not sent by
    /// the clients this fake serves).
    static func parse(_ text: String) -> Int? {
        let fields = text.split(separator: " ")
        guard fields.count == 6, fields[5] == "GMT", let day = Int(fields[1]),
            let month = months.firstIndex(of: String(fields[2])), let year = Int(fields[3])
        else { return nil }
        let time = fields[4].split(separator: ":").compactMap { Int($0) }
        guard time.count == 3,
            let date = calendar.date(
                from: DateComponents(
                    year: year, month: month + 1, day: day, hour: time[0], minute: time[1], second: time[2]))
        else { return nil }
        return Int(date.timeIntervalSince1970)
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
