import CPrefetch

/// An append-only array kept in fixed-size segments.
///
/// The model holds the state of every customer seen, hundreds of thousands of them: a plain `Array`
/// doubles as it grows, so at times it holds nearly twice what it needs, and while it grows it copies
/// everything into a new buffer with the old one still allocated. Segments never move: growing
/// allocates one more segment, and the slack is less than one segment.
///
/// Elements are read and modified in place. An array of arrays would copy the element on each read
/// (its getter returns a copy, retaining every reference the element holds) and check two buffers
/// for uniqueness on each write; here a read is two loads, and a write checks one reference.
struct SegmentedArray<Element>: RandomAccessCollection {
    private static var segmentShift: Int { 12 }
    private static var segmentMask: Int { (1 << segmentShift) - 1 }
    private static var segmentSize: Int { 1 << segmentShift }

    /// Owns the segments: frees them with the last copy of the array, and tells a write whether
    /// other copies share them.
    private final class Owner {
        var segments: [UnsafeMutablePointer<Element>]
        var count: Int

        init(segments: [UnsafeMutablePointer<Element>], count: Int) {
            self.segments = segments
            self.count = count
        }

        deinit {
            for (index, segment) in segments.enumerated() {
                let start = index << SegmentedArray.segmentShift
                segment.deinitialize(count: Swift.min(SegmentedArray.segmentSize, count - start))
                segment.deallocate()
            }
        }
    }

    /// The segments, read on each access without touching `owner`.
    private var segments: [UnsafeMutablePointer<Element>] = []
    private(set) var count = 0
    private var owner = Owner(segments: [], count: 0)

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> Element {
        _read {
            precondition(index >= 0 && index < count, "index out of range")
            let segment = segments[index >> Self.segmentShift]
            yield segment[index & Self.segmentMask]
        }
        _modify {
            precondition(index >= 0 && index < count, "index out of range")
            if !isKnownUniquelyReferenced(&owner) { copySegments() }
            let segment = segments[index >> Self.segmentShift]
            yield &segment[index & Self.segmentMask]
        }
    }

    /// Starts bringing the element at `index` into the caches, without waiting for it (see
    /// `kefu_prefetch`); an index out of range is ignored.
    @inline(__always)
    func prefetch(_ index: Int) {
        guard index >= 0 && index < count else { return }
        let element = UnsafeRawPointer(segments[index >> Self.segmentShift] + (index & Self.segmentMask))
        for line in stride(from: 0, to: MemoryLayout<Element>.size, by: 64) {
            kefu_prefetch(element + line)
        }
    }

    mutating func append(_ element: Element) {
        if !isKnownUniquelyReferenced(&owner) { copySegments() }
        if count & Self.segmentMask == 0 {
            owner.segments.append(UnsafeMutablePointer<Element>.allocate(capacity: Self.segmentSize))
            segments = owner.segments
        }
        (segments[count >> Self.segmentShift] + (count & Self.segmentMask)).initialize(to: element)
        count += 1
        owner.count = count
    }

    /// Gives this copy segments of its own, with copies of the elements.
    private mutating func copySegments() {
        var copies: [UnsafeMutablePointer<Element>] = []
        for (index, segment) in segments.enumerated() {
            let copy = UnsafeMutablePointer<Element>.allocate(capacity: Self.segmentSize)
            copy.initialize(from: segment, count: Swift.min(Self.segmentSize, count - (index << Self.segmentShift)))
            copies.append(copy)
        }
        owner = Owner(segments: copies, count: count)
        segments = copies
    }
}

/// The segments are reached only through the array, which copies them before writing to shared ones.
extension SegmentedArray: @unchecked Sendable where Element: Sendable {}
