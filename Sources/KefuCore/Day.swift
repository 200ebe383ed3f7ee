/// A local calendar day, counted from 1970-01-01 in the report's time zone.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var index: Int32

    public init(index: Int32) {
        self.index = index
    }

    /// The absent day: a cell of a range-scoped metric, which is not split by day.
    public static let none = Day(index: .min)

    public var isNone: Bool { index == .min }

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.index < rhs.index }

    public func advanced(by days: Int32) -> Day { Day(index: index + days) }

    /// The day of a civil date (proleptic Gregorian calendar).
    public init(year: Int, month: Int, day: Int) {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.index = Int32(era * 146_097 + dayOfEra - 719_468)
    }

    /// The civil date of this day.
    public var civil: (year: Int, month: Int, day: Int) {
        let z = Int(index) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = civil
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Parses `YYYY-MM-DD`; nil when it is not a real date.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), d >= 1
        else { return nil }
        self.init(year: y, month: m, day: d)
        guard civil == (y, m, d) else { return nil }
    }
}
