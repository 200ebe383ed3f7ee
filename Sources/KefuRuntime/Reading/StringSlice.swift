/// Where a decoded JSON string's bytes are: in the line itself (no escapes) or in the decoder's
/// scratch buffer (the string had escapes and was decoded there).
struct StringSlice: Equatable {
    var start: Int
    var count: Int
    var inScratch: Bool

    /// No bytes.
    static let empty = StringSlice(start: 0, count: 0, inScratch: false)

    /// The bytes of the slice, given the line and the scratch buffer it may point into.
    @inline(__always)
    func bytes(line: UnsafeBufferPointer<UInt8>, scratch: UnsafeBufferPointer<UInt8>) -> UnsafeRawBufferPointer {
        let base = inScratch ? scratch : line
        guard count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: base.baseAddress! + start, count: count)
    }
}
