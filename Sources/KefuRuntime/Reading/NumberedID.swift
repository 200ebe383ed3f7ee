/// An event id read as a short prefix and a decimal number: `e0000042` is the prefix `e`, the number
/// 42 written with seven digits; `evt-42` is the prefix `evt-` and 42 written as it is.
///
/// Logs mostly number their events (a database sequence, a counter with a prefix). The prefix, the
/// digit count (for a number written with leading zeros) and the number together give back the
/// id's bytes, so two ids with the same `NumberedID` are the same id, and a set of such ids can be a
/// bitmap over the numbers (`NumberedIDBitmap`) instead of a hash table over the bytes. Numbers
/// written without leading zeros share one shape whatever their length, so `1` … `10000000` fill
/// one bitmap.
struct NumberedID: Equatable {
    /// What the id looks like apart from its number.
    struct Shape: Equatable {
        /// The prefix's bytes, little-endian.
        var prefix: UInt64
        var prefixLength: UInt8
        /// How many digits the number is written with, for a number written with leading zeros;
        /// 0 for a number written as it is (its first digit is not 0, or it is the one digit 0).
        var digits: UInt8
    }

    var shape: Shape
    var number: UInt64

    /// The longest prefix and the most digits an id may have to be read as numbered.
    static let maximumPrefix = 8
    static let maximumDigits = 18

    /// Reads `bytes` as a prefix of at most 8 bytes followed by 1 to 18 digits (the longest run of
    /// digits that ends the id); nil for any other id.
    @inline(__always)
    init?(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        if count >= 8, let parsed = Self.lastWord(bytes) {
            self = parsed
            return
        }
        var start = count
        var number: UInt64 = 0
        var scale: UInt64 = 1
        while start > 0 {
            let digit = bytes[start - 1] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            guard count - start < Self.maximumDigits else { return nil }
            number &+= UInt64(digit) &* scale
            scale &*= 10
            start -= 1
        }
        guard start < count, start <= Self.maximumPrefix else { return nil }
        var prefix: UInt64 = 0
        for index in 0..<start {
            prefix |= UInt64(bytes[index]) << (8 * UInt64(index))
        }
        shape = Shape(prefix: prefix, prefixLength: UInt8(start), digits: Self.shapeDigits(bytes, start: start))
        self.number = number
    }

    /// The `digits` of a shape whose digits run from `start` to the end of `bytes`.
    @inline(__always)
    private static func shapeDigits(_ bytes: UnsafeRawBufferPointer, start: Int) -> UInt8 {
        let count = bytes.count - start
        return count == 1 || bytes[start] != UInt8(ascii: "0") ? 0 : UInt8(count)
    }

    init(shape: Shape, number: UInt64) {
        self.shape = shape
        self.number = number
    }

    /// The id after this one in its shape: the next number, written the same way.
    var next: NumberedID { NumberedID(shape: shape, number: number + 1) }

    /// How many bytes the id has: the prefix, then the number in decimal, padded with leading zeros
    /// to the shape's digit count.
    var byteCount: Int {
        var digits = 1
        var rest = number / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        return Int(shape.prefixLength) + max(digits, Int(shape.digits))
    }

    /// The id read from its last eight bytes at once, when its digits and its prefix (of at most
    /// eight bytes) both lie in them and a prefix precedes the digits; nil otherwise, for the
    /// byte-by-byte reading to decide.
    @inline(__always)
    private static func lastWord(_ bytes: UnsafeRawBufferPointer) -> NumberedID? {
        let count = bytes.count
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        // A byte is a digit when its high nibble is 3 and its low nibble plus 6 stays below 16
        // (computed on the low nibbles alone, so no sum carries into the next byte): the bytes of
        // `either` that are not zero are the bytes that are not digits.
        let highNibbles = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
        let lowNibbleCarries = ((word & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010
        let either = highNibbles | lowNibbleCarries
        // 0x80 in each byte of `either` that is not zero: adding 0x7F to its low seven bits, or its top bit.
        let flags = ((either & 0x7F7F_7F7F_7F7F_7F7F) &+ 0x7F7F_7F7F_7F7F_7F7F | either) & 0x8080_8080_8080_8080
        // The digits that end the id are the top bytes above the highest flagged byte.
        guard flags != 0 else { return nil }
        let digits = flags.leadingZeroBitCount >> 3
        let start = count - digits
        guard digits > 0, start <= maximumPrefix else { return nil }
        // The digits' values (a digit's low nibble) in the top bytes, the bytes below cleared to
        // leading zeros; then the eight digits, first one lowest, combined pairwise into the number.
        var value = word & 0x0F0F_0F0F_0F0F_0F0F & (~0 &<< UInt64(8 * (8 - digits)))
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
        let head = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        let prefix = start == 0 ? 0 : head & (~0 &>> UInt64(8 * (8 - start)))
        let shape = Shape(prefix: prefix, prefixLength: UInt8(start), digits: shapeDigits(bytes, start: start))
        return NumberedID(shape: shape, number: value)
    }
}
