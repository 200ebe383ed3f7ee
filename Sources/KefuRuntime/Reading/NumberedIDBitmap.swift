/// The numbered ids seen so far (`NumberedID`), as one bit per number for each of a few shapes.
///
/// Sequential ids (`e0000001`, `e0000002`, …) fill a bitmap densely: ten million of them take
/// 1.25 MB instead of the 130 MB a hash table over their bytes takes, and checking one reads memory
/// next to the last. Numbers too sparse for a bitmap, and shapes beyond the first few, are left to
/// the caller's hash set: `insert` returns nil for them.
///
/// A bitmap starts at the block of 4096 numbers of the first id of its shape (`base`), so that a
/// sequence handed out from a large number (`evt-58213344`, as databases do) fills it as densely
/// as one from 1.
///
/// Exactness: each number is kept in exactly one place. The bitmap of a shape covers the numbers
/// from its base (which never moves) up to its `limit`, and grows to cover a number above it while
/// the bitmap stays dense enough; a number below the base, or one it does not grow to, goes to the
/// hash set, and the limit then never grows past it (`ceiling`), so a number once in the hash set is
/// always looked for there.
struct NumberedIDBitmap {
    private struct Bitmap {
        let shape: NumberedID.Shape
        /// The number of the first bit; numbers below it are the hash set's. Limit and ceiling count
        /// from it.
        let base: UInt64
        var words: [UInt64] = []
        /// Numbers from the base and below this are in `words`.
        var limit: UInt64 = 0
        /// The smallest number of this shape given to the hash set at or above the base: the limit
        /// stays at or below it.
        var ceiling: UInt64 = .max
        var count = 0
    }

    /// Shapes beyond this many are left to the hash set.
    static let maximumShapes = 4
    /// A bitmap may always cover this many numbers, however few ids it holds (128 KB).
    static let minimumLimit: UInt64 = 1 << 20
    /// Beyond `minimumLimit`, a bitmap covers at most this many numbers per id it holds: at most
    /// 4 bytes an id, where a hash table slot takes 8 and the table is a fifth empty.
    static let numbersPerID: UInt64 = 32

    private var bitmaps: [Bitmap] = []

    /// How many ids the bitmaps hold.
    private(set) var count = 0

    /// Adds `id`: true if it is new, false if it was present, nil if the bitmaps do not cover it
    /// (then the hash set must hold it, now and whenever it comes again).
    @inline(__always)
    mutating func insert(_ id: NumberedID) -> Bool? {
        var index = 0
        while index < bitmaps.count, bitmaps[index].shape != id.shape { index += 1 }
        if index == bitmaps.count {
            guard bitmaps.count < Self.maximumShapes else { return nil }
            bitmaps.append(Bitmap(shape: id.shape, base: id.number & ~4095))
        }
        return bitmaps.withUnsafeMutableBufferPointer { bitmaps in
            guard id.number >= bitmaps[index].base else { return nil }
            let inserted = Self.insert(id.number - bitmaps[index].base, into: &bitmaps[index])
            if inserted == true { count += 1 }
            return inserted
        }
    }

    /// Adds the `count` ids from `first` on (`first`, `first.next`, …) at once, when the bitmap of
    /// their shape covers them all already; calls `present` with the position in the run of each
    /// one that was present. False, and nothing added, when the bitmap does not cover them: then
    /// they go one by one (`insert`), which may grow it or leave some to the hash set.
    ///
    /// The same as adding them one by one where it applies: the run's numbers are distinct, and
    /// below the limit every number is the bitmap's.
    mutating func insertRun(_ first: NumberedID, count: Int, present: (Int) -> Void) -> Bool {
        guard count > 0, let index = bitmaps.firstIndex(where: { $0.shape == first.shape }),
            first.number >= bitmaps[index].base
        else { return false }
        let start = first.number - bitmaps[index].base
        guard start &+ UInt64(count) <= bitmaps[index].limit, start &+ UInt64(count) > start else { return false }
        let added = bitmaps.withUnsafeMutableBufferPointer { bitmaps in
            bitmaps[index].words.withUnsafeMutableBufferPointer { words in
                var added = 0
                var number = start
                let end = start + UInt64(count)
                while number < end {
                    let word = Int(truncatingIfNeeded: number >> 6)
                    let low = number & 63
                    let high = min(end - (number - low), 64)
                    // The bits of `number ..< end` in this word.
                    let mask: UInt64 = (high == 64 ? ~0 : (1 << high) - 1) & ~((1 << low) - 1)
                    var old = words[word] & mask
                    added += mask.nonzeroBitCount - old.nonzeroBitCount
                    words[word] |= mask
                    while old != 0 {
                        let bit = UInt64(old.trailingZeroBitCount)
                        present(Int((UInt64(word) << 6 | bit) - start))
                        old &= old - 1
                    }
                    number = (number - low) + 64
                }
                return added
            }
        }
        bitmaps[index].count += added
        self.count += added
        return true
    }

    /// Whether `id` is present; nil if the bitmaps do not cover it.
    func contains(_ id: NumberedID) -> Bool? {
        guard let bitmap = bitmaps.first(where: { $0.shape == id.shape }), id.number >= bitmap.base,
            id.number - bitmap.base < bitmap.limit
        else { return nil }
        let number = id.number - bitmap.base
        return bitmap.words[Int(number >> 6)] & (1 << (number & 63)) != 0
    }

    @inline(__always)
    /// Adds `number`, counted from the bitmap's base.
    private static func insert(_ number: UInt64, into bitmap: inout Bitmap) -> Bool? {
        if number >= bitmap.limit {
            let allowed = max(minimumLimit, numbersPerID &* UInt64(bitmap.count + 1))
            guard number < bitmap.ceiling, number < allowed else {
                bitmap.ceiling = min(bitmap.ceiling, number)
                return nil
            }
            grow(&bitmap, toCover: number, allowed: allowed)
        }
        let word = Int(truncatingIfNeeded: number >> 6)
        let bit: UInt64 = 1 << (number & 63)
        let isNew = bitmap.words[word] & bit == 0
        if isNew {
            bitmap.words[word] |= bit
            bitmap.count += 1
        }
        return isNew
    }

    /// Widens the bitmap past `number` (below its ceiling and `allowed`): to twice its limit where
    /// those bounds allow, so that sequential ids grow it a logarithmic number of times.
    @inline(never)
    private static func grow(_ bitmap: inout Bitmap, toCover number: UInt64, allowed: UInt64) {
        let limit = min(max(number + 1, bitmap.limit * 2, 4096), bitmap.ceiling, allowed)
        bitmap.limit = limit
        let words = Int((limit + 63) >> 6)
        if words > bitmap.words.count {
            bitmap.words.append(contentsOf: repeatElement(0, count: words - bitmap.words.count))
        }
    }
}
