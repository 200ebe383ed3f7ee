/// A key of a `FlatHashMap` or an `InlineHashMap`: compared with `==` and hashed by a few integer
/// multiplications.
///
/// Swift's `Hasher` is SipHash, seeded per process and built to resist hash flooding; it costs a few
/// dozen nanoseconds per key, which profiles showed to be the largest single cost of aggregating facts.
/// The keys here are a few integers taken from a log the user chose to analyse, so a cheap mix is
/// enough: a bad spread could only make look-ups slower, never wrong.
public protocol TableHashable: Equatable {
    /// A well-mixed hash of the key: every bit of it depends on every field (see `TableHash`).
    var tableHash: UInt64 { get }
}

/// The mixing step of `TableHashable` keys: the multiply-and-fold of wyhash.
///
/// `fold(x, y)` multiplies two 64-bit words into 128 bits and xors the halves, so that the low bits
/// (which pick a slot) and the high bits (kept as a tag) both mix every input bit. Fields are first
/// xored with distinct odd constants, so that zero fields (unused key fields) do not cancel the
/// product and equal values in different fields do not hash alike.
public enum TableHash {
    // The four secrets of wyhash; computed properties, so that inlined code folds them as constants.
    @inlinable public static var secret0: UInt64 { 0xA076_1D64_78BD_642F }
    @inlinable public static var secret1: UInt64 { 0xE703_7ED1_A0B4_28DB }
    @inlinable public static var secret2: UInt64 { 0x8EBC_6AF0_9C88_C6E3 }
    @inlinable public static var secret3: UInt64 { 0x5899_65CC_7537_4CC3 }

    /// The high and low halves of the 128-bit product `x × y`, xored.
    @inlinable @inline(__always)
    public static func fold(_ x: UInt64, _ y: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: y)
        return product.high ^ product.low
    }

    /// The hash of two words.
    @inlinable @inline(__always)
    public static func hash(_ x: UInt64, _ y: UInt64) -> UInt64 {
        fold(x ^ secret0, y ^ secret1)
    }

    /// The hash of four words.
    @inlinable @inline(__always)
    public static func hash(_ w: UInt64, _ x: UInt64, _ y: UInt64, _ z: UInt64) -> UInt64 {
        fold(w ^ secret0, x ^ secret1) ^ fold(y ^ secret2, z ^ secret3)
    }

    /// Two 32-bit fields as one word.
    @inlinable @inline(__always)
    public static func pack(_ high: UInt32, _ low: UInt32) -> UInt64 {
        UInt64(high) << 32 | UInt64(low)
    }
}
