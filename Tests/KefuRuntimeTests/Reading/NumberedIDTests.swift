import KefuCore
import Testing

@testable import KefuRuntime

/// Numbered event ids (`NumberedID`) and the bitmaps that hold them (`NumberedIDBitmap`): an id is
/// read as a prefix of at most 8 bytes and 1 to 18 trailing digits, the reading gives back the id's
/// bytes (so equal readings mean equal ids), numbers written without leading zeros share a shape
/// whatever their length, and the duplicate check stays exact whichever of the bitmaps and the hash
/// table an id lands in.
@Suite("Numbered ids")
struct NumberedIDTests {
    private func read(_ id: [UInt8]) -> NumberedID? {
        id.withUnsafeBytes { NumberedID($0) }
    }

    private func read(_ id: String) -> NumberedID? {
        read(Array(id.utf8))
    }

    /// The reading by definition: the longest run of trailing digits, 1 to 18 of them, after a
    /// prefix of at most 8 bytes.
    private func expected(_ id: [UInt8]) -> (prefix: [UInt8], digits: Int, number: UInt64)? {
        var start = id.count
        while start > 0, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(id[start - 1]) { start -= 1 }
        let digits = id.count - start
        guard (1...18).contains(digits), start <= 8 else { return nil }
        let number = id[start...].reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
        let padded = digits > 1 && id[start] == UInt8(ascii: "0")
        return (Array(id[..<start]), padded ? digits : 0, number)
    }

    /// The id a reading stands for.
    private func bytes(of id: NumberedID) -> [UInt8] {
        let prefix = (0..<Int(id.shape.prefixLength)).map { UInt8(truncatingIfNeeded: id.shape.prefix >> (8 * UInt64($0))) }
        let number = Array(String(id.number).utf8)
        return prefix + Array(repeating: UInt8(ascii: "0"), count: max(0, Int(id.shape.digits) - number.count)) + number
    }

    @Test("ids read as prefix, digits and number")
    func readings() throws {
        let event = try #require(read("e0000042"))
        #expect(event.number == 42)
        #expect(event.shape.digits == 7)
        #expect(event.shape.prefixLength == 1)
        #expect(event.shape.prefix == UInt64(UInt8(ascii: "e")))
        #expect(read("12345")?.number == 12345)
        #expect(read("12345")?.shape.prefixLength == 0)
        // Written without leading zeros: one shape for every length.
        #expect(read("12345")?.shape.digits == 0)
        #expect(read("7")?.shape == read("123456789012")?.shape)
        #expect(read("evt-9")?.shape == read("evt-10")?.shape)
        #expect(read("0")?.shape.digits == 0)
        #expect(read("00")?.shape.digits == 2)
        #expect(read("abcdefgh1")?.number == 1)
        #expect(read("order-000123456789")?.number == 123_456_789)
        #expect(read("999999999999999999")?.number == 999_999_999_999_999_999)
        // Not numbered: no trailing digit, a prefix over 8 bytes, over 18 digits.
        #expect(read("") == nil)
        #expect(read("evt-") == nil)
        #expect(read("12a") == nil)
        #expect(read("abcdefghi1") == nil)
        #expect(read("1234567890123456789") == nil)
        // Leading zeros are part of the id: the digit count tells `e01` from `e1`, and `e00` from `e0`.
        #expect(read("e01") != read("e1"))
        #expect(read("e00") != read("e0"))
        #expect(read("e01")?.number == read("e1")?.number)
    }

    @Test("the word-at-a-time reading agrees with the definition, and gives back the id")
    func readingMatchesDefinition() {
        var generator = RandomLogTests.Generator(state: 7)
        // Bytes next to digits in value ('/' and ':'), bytes whose low nibble plus 6 carries, UTF-8.
        let alphabet: [UInt8] = Array("0123456789".utf8) + [0x2F, 0x3A, 0x20, 0x39 + 0x40, 0xFA, 0xFF, 0x00, 0x65, 0xE5]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &generator)
            let id = (0..<length).map { _ in
                Bool.random(using: &generator) ? UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &generator)
                    : alphabet.randomElement(using: &generator)!
            }
            let reading = read(id)
            let definition = expected(id)
            #expect(reading.map { bytes(of: $0) } == definition.map { _ in id }, "\(id)")
            #expect(reading?.byteCount == definition.map { _ in id.count }, "\(id)")
            #expect(reading?.number == definition?.number, "\(id)")
            #expect(reading.map { Int($0.shape.digits) } == definition?.digits, "\(id)")
        }
    }

    @Test("a number the bitmap left to the hash table is never covered by it later")
    func bitmapCeiling() {
        let shape = read("e0000001")!.shape
        var bitmap = NumberedIDBitmap()
        func insert(_ number: UInt64) -> Bool? {
            bitmap.insert(NumberedID(shape: shape, number: number))
        }
        for number in 0..<UInt64(100_000) { #expect(insert(number) == true) }
        #expect(insert(99_999) == false)
        // Too sparse now (over 32 numbers per id held): the hash table's.
        #expect(insert(9_000_000) == nil)
        // Dense ids fill in up to it, and the bitmap grows, but never over 9,000,000.
        for number in UInt64(100_000)..<UInt64(400_000) { #expect(insert(number) == true) }
        #expect(insert(9_000_000) == nil)
        #expect(insert(8_999_999) == true)
        #expect(insert(9_000_001) == nil)
        #expect(bitmap.count == 400_001)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 8_999_999)) == true)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 400_000)) == false)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 9_000_000)) == nil)
    }

    @Test("a sequence from a large number fills a bitmap from its first block; numbers below it do not")
    func bitmapBase() {
        let shape = read("evt-58213344")!.shape
        var bitmap = NumberedIDBitmap()
        func insert(_ number: UInt64) -> Bool? {
            bitmap.insert(NumberedID(shape: shape, number: number))
        }
        for number in UInt64(58_213_344)..<UInt64(60_213_344) { #expect(insert(number) == true) }
        #expect(bitmap.count == 2_000_000)
        #expect(insert(58_213_344) == false)
        #expect(insert(60_213_343) == false)
        // The first id's block starts the bitmap: 58,212,352 is in it, the number before is not.
        #expect(insert(58_212_352) == true)
        #expect(insert(58_212_351) == nil)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 58_212_351)) == nil)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 58_212_353)) == false)
        #expect(bitmap.contains(NumberedID(shape: shape, number: 59_000_000)) == true)
        // A run from below the base is not the bitmap's to take.
        #expect(!bitmap.insertRun(NumberedID(shape: shape, number: 58_212_000), count: 400) { _ in })
        var present: [Int] = []
        #expect(bitmap.insertRun(NumberedID(shape: shape, number: 60_213_340), count: 8) { present.append($0) })
        #expect(present == [0, 1, 2, 3])
    }

    @Test("a run of ids added at once is added as one by one, across words and with ids present")
    func bitmapRuns() {
        let shape = read("e0000001")!.shape
        var generator = RandomLogTests.Generator(state: 11)
        var byRuns = NumberedIDBitmap()
        var oneByOne = NumberedIDBitmap()
        // Covered first, as sequential ids grow it; then runs over ids some of which are present.
        for number in 0..<UInt64(3_000) where number % 5 != 0 {
            _ = byRuns.insert(NumberedID(shape: shape, number: number))
            _ = oneByOne.insert(NumberedID(shape: shape, number: number))
        }
        for _ in 0..<300 {
            let first = UInt64.random(in: 0..<2_900, using: &generator)
            let count = Int.random(in: 1...150, using: &generator)
            var present: [Int] = []
            let covered = byRuns.insertRun(NumberedID(shape: shape, number: first), count: count) { present.append($0) }
            let expected = (0..<count).filter { oneByOne.insert(NumberedID(shape: shape, number: first + UInt64($0))) == false }
            if covered {
                #expect(present == expected, "\(first) + \(count)")
            } else {
                // Not covered: nothing added, left to be added one by one.
                #expect(present.isEmpty)
                for position in 0..<count { _ = byRuns.insert(NumberedID(shape: shape, number: first + UInt64(position))) }
            }
            #expect(byRuns.count == oneByOne.count)
        }
        // Past the limit, or of a shape without a bitmap: not covered.
        #expect(!byRuns.insertRun(NumberedID(shape: shape, number: 1 << 40), count: 2) { _ in })
        #expect(!byRuns.insertRun(read("x01")!, count: 2) { _ in })
    }

    @Test("runs of ids, covered by the bitmaps or not, are checked as the ids one by one", arguments: [4, 5])
    func duplicateRunsAreExact(seed: UInt64) {
        var generator = RandomLogTests.Generator(state: seed)
        var set = DuplicateIDSet(minimumCapacity: 16)
        var seen = Set<String>()
        // Shapes past the bitmaps' few (each prefix its own shape), and far numbers, go to the hash
        // table one by one, from each id's own bytes.
        let prefixes = ["e", "f", "g", "h", "k", "m"]
        for _ in 0..<3_000 {
            let prefix = prefixes.randomElement(using: &generator)!
            let first = Bool.random(using: &generator)
                ? Int.random(in: 0..<20_000, using: &generator) : Int.random(in: 0..<900_000_000, using: &generator)
            let count = Int.random(in: 1...40, using: &generator)
            let ids = (0..<count).map { prefix + String(format: "%09d", first + $0) }
            let expected = ids.indices.filter { !seen.insert(ids[$0]).inserted }
            var present: [Int] = []
            let bytes = ids.map { Array($0.utf8) }
            let joined = Array(bytes.joined())
            let starts = bytes.reduce(into: [0]) { $0.append($0.last! + $1.count) }
            joined.withUnsafeBytes { joined in
                set.insertRun(read(ids[0])!, count: count) { position in
                    (UnsafeRawBufferPointer(rebasing: joined[starts[position]..<starts[position + 1]]), nil)
                } present: { present.append($0) }
            }
            #expect(present == expected, "\(ids[0]) + \(count)")
        }
        #expect(set.count == seen.count)
        for id in seen.prefix(2_000) { #expect(set.contains(id)) }
    }

    @Test("the duplicate check is exact over numbered, sparse and other ids", arguments: [1, 2, 3])
    func duplicateCheckIsExact(seed: UInt64) {
        var generator = RandomLogTests.Generator(state: seed)
        var set = DuplicateIDSet(minimumCapacity: 16)
        var seen = Set<String>()
        for step in 0..<60_000 {
            let id: String
            switch UInt64.random(in: 0..<10, using: &generator) {
            case 0..<4: id = "e" + String(format: "%07d", step / 2 + Int.random(in: 0..<50, using: &generator))
            case 4: id = "\(step / 2 + Int.random(in: 0..<50, using: &generator))"
            case 5: id = "e" + String(format: "%07d", Int.random(in: 0..<9_999_999, using: &generator))
            case 6: id = "evt-\(UInt64.random(in: 0..<UInt64.max, using: &generator) % 1_000_000_000_000)"
            case 7: id = ["a", "b", "c", "d", "f", "g"].randomElement(using: &generator)! + "\(Int.random(in: 0..<3000, using: &generator))"
            case 8: id = "id-\(Int.random(in: 0..<2000, using: &generator))-x"
            default: id = String(format: "%05d", Int.random(in: 0..<100_000, using: &generator))
            }
            let isNew = seen.insert(id).inserted
            #expect(set.insert(id) == isNew, "\(id) at step \(step)")
        }
        #expect(set.count == seen.count)
        for id in seen { #expect(set.contains(id)) }
        #expect(!set.contains("e99999999"))
    }
}
