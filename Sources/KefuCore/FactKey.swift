/// A deduplication key of up to four fields (`distinct`, `first per`, `last per` in a spec).
///
/// Every key field is encoded as an integer (symbols, days, instants, enum cases), so keys hash
/// without allocating, and by a few multiplications (`tableHash`) in a `DedupTable`.
public struct FactKey: Hashable, Sendable {
    public var a: Int64
    public var b: Int64
    public var c: Int64
    public var d: Int64

    @inlinable
    public init(_ a: Int64, _ b: Int64 = 0, _ c: Int64 = 0, _ d: Int64 = 0) {
        self.a = a
        self.b = b
        self.c = c
        self.d = d
    }
}

extension FactKey: TableHashable {
    @inlinable
    public var tableHash: UInt64 {
        TableHash.hash(
            UInt64(bitPattern: a), UInt64(bitPattern: b), UInt64(bitPattern: c), UInt64(bitPattern: d))
    }
}

/// A value that can be part of a `FactKey` or an ordering.
public protocol KeyEncodable {
    var keyValue: Int64 { get }
}

extension Symbol: KeyEncodable {
    public var keyValue: Int64 { Int64(raw) }
}

extension Day: KeyEncodable {
    public var keyValue: Int64 { Int64(index) }
}

extension Instant: KeyEncodable {
    public var keyValue: Int64 { microseconds }
}

extension TimeSpan: KeyEncodable {
    public var keyValue: Int64 { microseconds }
}

extension Int: KeyEncodable {
    public var keyValue: Int64 { Int64(self) }
}

extension Bool: KeyEncodable {
    public var keyValue: Int64 { self ? 1 : 0 }
}

extension Optional: KeyEncodable where Wrapped: KeyEncodable {
    /// Null is kept apart from every value by the smallest integer.
    public var keyValue: Int64 { self?.keyValue ?? .min }
}
