/// How the lines of an event log were used: what a report says about its input.
///
/// Blank lines are not counted; every other line is exactly one of applied, rejected or duplicate,
/// so `lines == applied + rejected + duplicates`.
public struct InputSummary: Sendable, Equatable {
    /// Non-blank lines read.
    public var lines: Int
    /// Valid events kept.
    public var applied: Int
    /// Lines that are not valid events.
    public var rejected: Int
    /// Valid events skipped because an earlier applied line had the same `id`.
    public var duplicates: Int
    /// The first `InputSummary.errorLimit` rejected lines, in file order.
    public var errors: [RejectedLine]

    /// How many rejected lines `errors` keeps.
    public static let errorLimit = 20

    public init(lines: Int = 0, applied: Int = 0, rejected: Int = 0, duplicates: Int = 0, errors: [RejectedLine] = []) {
        self.lines = lines
        self.applied = applied
        self.rejected = rejected
        self.duplicates = duplicates
        self.errors = errors
    }

    /// Counts a rejected line, keeping its reason if it is among the first ones.
    mutating func reject(line: Int, reason: String) {
        lines += 1
        rejected += 1
        if errors.count < Self.errorLimit {
            errors.append(RejectedLine(line: line, reason: reason))
        }
    }
}
