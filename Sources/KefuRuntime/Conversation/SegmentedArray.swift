/// An append-only array kept in fixed-size segments.
///
/// The model holds the state of every customer seen, hundreds of thousands of them: a plain `Array`
/// doubles as it grows, so at times it holds nearly twice what it needs, and while it grows it copies
/// everything into a new buffer with the old one still allocated. Segments never move: growing
/// allocates one more segment, and the slack is less than one segment.
struct SegmentedArray<Element>: RandomAccessCollection {
    private static var segmentShift: Int { 12 }
    private static var segmentMask: Int { (1 << segmentShift) - 1 }

    private var segments: [[Element]] = []
    private(set) var count = 0

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> Element {
        // `_read` lends the element in place: a `get` would copy it, retaining every array it holds,
        // on each read of one of its fields.
        _read { yield segments[index >> Self.segmentShift][index & Self.segmentMask] }
        _modify { yield &segments[index >> Self.segmentShift][index & Self.segmentMask] }
    }

    mutating func append(_ element: Element) {
        if count & Self.segmentMask == 0 {
            var segment: [Element] = []
            segment.reserveCapacity(1 << Self.segmentShift)
            segments.append(segment)
        }
        segments[segments.count - 1].append(element)
        count += 1
    }
}

extension SegmentedArray: Sendable where Element: Sendable {}
