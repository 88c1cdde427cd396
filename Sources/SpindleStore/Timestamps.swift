import Discogs
import Foundation

/// UTC text for the `added_at` sort columns, in the same format GRDB uses for `Date`.
enum Timestamps {
    static func utc(_ discogsTimestamp: String) -> String? {
        DiscogsDate.parse(discogsTimestamp).map { date in
            Date.ISO8601FormatStyle(includingFractionalSeconds: false, timeZone: .gmt)
                .dateSeparator(.dash).timeSeparator(.colon).dateTimeSeparator(.space)
                .format(date).replacingOccurrences(of: "Z", with: "")
        }
    }
}
