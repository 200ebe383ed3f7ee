/// The generator's pseudo-random numbers: SplitMix64 (Steele, Lea and Flood, 2014), so a seed gives
/// the same log on every platform and every run. Integer arithmetic only: no `Double` rounding can
/// make two machines disagree.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the bias is below 2⁻³² for the
    /// small bounds used here).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "an empty range")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    mutating func within(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.count)
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// True with probability `perMillion` / 1 000 000.
    mutating func perMillion(_ perMillion: Int) -> Bool {
        below(1_000_000) < perMillion
    }

    /// A generator for an independent purpose, so that drawing more numbers in one (say, for bad
    /// lines) never changes what the other draws.
    func fork(_ salt: UInt64) -> SplitMix64 {
        var copy = SplitMix64(seed: state ^ salt)
        _ = copy.next()
        return SplitMix64(seed: copy.next())
    }
}
