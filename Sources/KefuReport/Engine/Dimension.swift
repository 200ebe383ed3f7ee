import KefuMetrics
/// A key report rows can be split by; rows nest and sort in this order whatever order is asked.
public enum Dimension: String, CaseIterable, Sendable, Comparable {
    case day
    case product
    case agent
    case group

    public static func < (lhs: Dimension, rhs: Dimension) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
