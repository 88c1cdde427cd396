import SpindleStore

/// A date as a query writes it: a calendar period (`2020`, `2020-05`, `2020-05-01`), which
/// stands for its first or last day depending on which end of a range it is, or a moment
/// relative to the rebuild (`-90d`: ninety days ago; `+4d`: in four days). Units are beets':
/// d, w, m (30 days), y (365 days).
enum QueryDate: Sendable, Equatable {
    case period(CalendarPeriod)
    case relative(amount: Int, unit: DateUnit)

    init?(_ text: String) {
        if let relative = Self.relative(text) {
            self = relative
        } else if let period = CalendarPeriod(text) {
            self = .period(period)
        } else {
            return nil
        }
    }

    private static let units: [Character: DateUnit] = ["d": .days, "w": .weeks, "m": .months, "y": .years]

    private static func relative(_ text: String) -> QueryDate? {
        guard let sign = text.first, sign == "-" || sign == "+", let last = text.last, let unit = units[last] else {
            return nil
        }
        let digits = text.dropFirst().dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
            let amount = Int(digits)
        else { return nil }
        return .relative(amount: sign == "-" ? amount : -amount, unit: unit)
    }

    /// As the query writes a relative moment: amount ago is `-`, in the future `+`.
    static func text(amount: Int, unit: DateUnit) -> String {
        let letter = units.first { $0.value == unit }!.key
        return (amount >= 0 ? "-\(amount)" : "+\(-amount)") + String(letter)
    }

    /// The value a range's start stands for: the period's first day.
    var start: ListValue {
        switch self {
        case .period(let period): .text(period.first)
        case .relative(let amount, let unit): .relative(amount: amount, unit: unit)
        }
    }

    /// The value a range's end stands for: the period's last day (ranges include their ends).
    var end: ListValue {
        switch self {
        case .period(let period): .text(period.last)
        case .relative(let amount, let unit): .relative(amount: amount, unit: unit)
        }
    }
}

/// A year, a month or a day of the Gregorian calendar.
struct CalendarPeriod: Sendable, Equatable {
    var year: Int
    var month: Int?
    var day: Int?

    /// `2020`, `2020-05` or `2020-05-01`, with a real month and day.
    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
            parts.dropFirst().allSatisfy({ $0.count == 2 }),
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), year > 0
        else { return nil }
        self.year = year
        if parts.count > 1 {
            guard let month = Int(parts[1]), (1...12).contains(month) else { return nil }
            self.month = month
        }
        if parts.count > 2 {
            guard let day = Int(parts[2]), (1...Self.days(inMonth: month!, of: year)).contains(day) else { return nil }
            self.day = day
        }
    }

    init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    var isDay: Bool { day != nil }

    /// The first day, `YYYY-MM-DD`.
    var first: String { Self.text(year, month ?? 1, day ?? 1) }

    /// The last day, `YYYY-MM-DD`.
    var last: String {
        let month = month ?? 12
        return Self.text(year, month, day ?? Self.days(inMonth: month, of: year))
    }

    /// How the query writes it.
    var text: String {
        var text = Self.padded(year, 4)
        if let month { text += "-" + Self.padded(month, 2) }
        if let day { text += "-" + Self.padded(day, 2) }
        return text
    }

    /// The shortest period whose first day is `day` (`2020-01-01` → `2020`), for a range's start.
    static func shortest(startingOn day: String) -> CalendarPeriod? {
        guard let period = CalendarPeriod(day), period.isDay else { return nil }
        if period.month == 1, period.day == 1 { return CalendarPeriod(year: period.year) }
        if period.day == 1 { return CalendarPeriod(year: period.year, month: period.month) }
        return period
    }

    /// The shortest period whose last day is `day` (`2020-12-31` → `2020`), for a range's end.
    static func shortest(endingOn day: String) -> CalendarPeriod? {
        guard let period = CalendarPeriod(day), period.isDay, let month = period.month else { return nil }
        if month == 12, period.day == 31 { return CalendarPeriod(year: period.year) }
        if period.day == days(inMonth: month, of: period.year) {
            return CalendarPeriod(year: period.year, month: month)
        }
        return period
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func text(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
