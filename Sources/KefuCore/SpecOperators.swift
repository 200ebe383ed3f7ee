/// Operators of the spec language over values that may be null.
///
/// A comparison with a null operand is false and arithmetic with one is null, so a condition over a
/// missing timestamp excludes the fact and a measure over one gives no value. Generated code calls
/// these only where an operand is optional; elsewhere it uses Swift's own operators.
public enum SpecOperators {
    @inlinable
    public static func equal<T: Equatable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a == b
    }

    @inlinable
    public static func notEqual<T: Equatable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a != b
    }

    @inlinable
    public static func less<T: Comparable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a < b
    }

    @inlinable
    public static func lessOrEqual<T: Comparable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a <= b
    }

    @inlinable
    public static func greater<T: Comparable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a > b
    }

    @inlinable
    public static func greaterOrEqual<T: Comparable>(_ a: T?, _ b: T?) -> Bool {
        guard let a, let b else { return false }
        return a >= b
    }

    @inlinable
    public static func difference(_ a: Instant?, _ b: Instant?) -> TimeSpan? {
        guard let a, let b else { return nil }
        return a - b
    }

    @inlinable
    public static func add(_ a: TimeSpan?, _ b: TimeSpan?) -> TimeSpan? {
        guard let a, let b else { return nil }
        return a + b
    }

    @inlinable
    public static func subtract(_ a: TimeSpan?, _ b: TimeSpan?) -> TimeSpan? {
        guard let a, let b else { return nil }
        return a - b
    }

    @inlinable
    public static func add(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        return a + b
    }

    @inlinable
    public static func subtract(_ a: Int?, _ b: Int?) -> Int? {
        guard let a, let b else { return nil }
        return a - b
    }
}

/// A value a measure can add up: stored as an exact integer.
public protocol MeasurableValue {
    var measuredValue: Int64 { get }
}

extension Int: MeasurableValue {
    public var measuredValue: Int64 { Int64(self) }
}

extension TimeSpan: MeasurableValue {
    public var measuredValue: Int64 { microseconds }
}
