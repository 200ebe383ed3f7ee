import Testing

@testable import KefuRuntime

/// `SegmentedArray`, the customers' states: raw segments of 4,096 elements behind value semantics.
/// A copy is independent of the original once either is written to, and every element (those of a
/// partly filled last segment too) is released with the last copy.
@Suite struct SegmentedArrayTests {
    /// Counts the live `Tracked` objects.
    final class Counter {
        var live = 0
    }

    final class Tracked {
        let counter: Counter
        var value: Int

        init(_ value: Int, counter: Counter) {
            self.value = value
            self.counter = counter
            counter.live += 1
        }

        deinit { counter.live -= 1 }
    }

    @Test func elementsKeepTheirPlacesAcrossSegments() {
        var array = SegmentedArray<Int>()
        for value in 0..<10_000 { array.append(value * 3) }
        #expect(array.count == 10_000)
        #expect(array.indices == 0..<10_000)
        #expect(Array(array) == (0..<10_000).map { $0 * 3 })
        array[4_096] += 1
        #expect(array[4_095] == 4_095 * 3)
        #expect(array[4_096] == 4_096 * 3 + 1)
        #expect(Array(array.suffix(2)) == [9_998 * 3, 9_999 * 3])
    }

    @Test func aCopyIsIndependentOnceEitherIsWritten() {
        let counter = Counter()
        var original = SegmentedArray<Tracked>()
        for value in 0..<9_000 { original.append(Tracked(value, counter: counter)) }
        var copy = original
        copy[8_999] = Tracked(-1, counter: counter)
        copy.append(Tracked(9_000, counter: counter))
        #expect(original.count == 9_000)
        #expect(copy.count == 9_001)
        #expect(original[8_999].value == 8_999)
        #expect(copy[8_999].value == -1)
        // The copy holds the same objects elsewhere: element storage was copied, not shared.
        #expect(original[0] === copy[0])
        original.append(Tracked(42, counter: counter))
        #expect(original[9_000].value == 42)
        #expect(copy[9_000].value == 9_000)
    }

    @Test func everyElementIsReleasedWithTheLastCopy() {
        let counter = Counter()
        do {
            var array = SegmentedArray<Tracked>()
            // Two whole segments and a partly filled third.
            for value in 0..<(2 * 4_096 + 17) { array.append(Tracked(value, counter: counter)) }
            var copy = array
            copy[3] = Tracked(-3, counter: counter)
            #expect(counter.live == 2 * 4_096 + 18)
            #expect(copy[3].value == -3 && array[3].value == 3)
        }
        #expect(counter.live == 0)
    }
}
