import KefuCore

/// Reads a log as a sequence of chunks of decoded events, in file order, holding only one chunk of
/// bytes at a time: a plain file's chunks where they lie in its mapping (`LogFileMapping`), any
/// other log's read into a buffer.
struct LogChunkReader {
    /// About how many bytes of lines one chunk holds.
    static let chunkSize = 1 << 24

    private let source: LogByteSource
    private var decoder: ChunkDecoder
    /// The bytes read and not yet decoded are `buffer[0..<filled]`; the rest is room that the source
    /// reads into directly. It grows only for a line longer than the room left after a chunk.
    private var buffer: [UInt8]
    private var filled = 0
    private var ended = false
    private var skippedByteOrderMark = false
    /// Where `buffer` starts in the log's (inflated) bytes.
    private var bufferOffset = 0

    /// The mapped file, when the log is a plain file, and where the next chunk starts in it.
    private let mapping: LogFileMapping?
    private var mappedOffset = 0

    init(source: LogByteSource, threads: Int) {
        self.source = source
        decoder = ChunkDecoder(threads: threads, expectedBytes: source.totalSize, file: source.fileBytes)
        mapping = source.mapping
        buffer = mapping == nil ? [UInt8](repeating: 0, count: Self.chunkSize + (1 << 20)) : []
    }

    /// An error of the source, raised once the lines read before it are decoded.
    private var failure: EventLogError?

    var symbols: SymbolNames { decoder.symbols }
    var summary: InputSummary { decoder.summary }
    var linesRead: Int { decoder.linesRead }

    /// The next chunk's applied events (possibly empty), or nil when the log has ended.
    mutating func next() throws(EventLogError) -> [LogEvent]? {
        if let mapping { return try next(of: mapping) }
        guard !ended || filled > 0 else {
            if let failure {
                self.failure = nil
                throw failure
            }
            return nil
        }
        // Read until the buffer holds a chunk's worth of bytes and at least one line break.
        var searchFrom = 0
        var lastBreak: Int?
        while !ended {
            if filled >= Self.chunkSize, let found = lastLineBreak(from: searchFrom) {
                lastBreak = found
                break
            }
            searchFrom = filled
            // Up to the chunk size, so the room after a chunk is left for the end of its last line.
            let want = max(Self.chunkSize - filled, 1 << 16)
            if buffer.count - filled < want {
                buffer.append(contentsOf: repeatElement(0, count: want - (buffer.count - filled)))
            }
            do {
                let read = try buffer.withUnsafeMutableBufferPointer { (buffer) throws(EventLogError) -> Int in
                    try source.read(into: UnsafeMutableBufferPointer(rebasing: buffer[filled..<(filled + want)]))
                }
                if read == 0 { ended = true }
                filled += read
            } catch {
                // Decode the whole lines read before the damage; the error comes with the next call.
                failure = error
                ended = true
                filled = lastLineBreak(from: 0).map { $0 + 1 } ?? 0
            }
        }
        if !skippedByteOrderMark {
            skippedByteOrderMark = true
            // A UTF-8 byte order mark is not part of the first line.
            if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                consume(3)
                // The line break found before is three bytes nearer the front now.
                lastBreak = lastBreak.map { $0 - 3 }
            }
        }
        let end = ended ? filled : (lastBreak ?? filled) + 1
        let offset = bufferOffset
        let events = buffer.withUnsafeBufferPointer {
            decoder.decode(UnsafeBufferPointer(rebasing: $0[0..<end]), at: offset)
        }
        consume(end)
        return events
    }

    /// The next chunk of the mapped file: from the end of the last one to the line break ending the
    /// chunk's size (the file's end for its last line), decoded in place.
    private mutating func next(of mapping: LogFileMapping) throws(EventLogError) -> [LogEvent]? {
        let bytes = mapping.bytes
        guard mappedOffset < bytes.count else { return nil }
        guard mapping.isWhole else {
            throw EventLogError(path: source.path, reason: "the file was cut short while being read")
        }
        // A UTF-8 byte order mark is not part of the first line.
        if mappedOffset == 0, bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            mappedOffset = 3
            guard mappedOffset < bytes.count else { return nil }
        }
        var end = min(mappedOffset + Self.chunkSize, bytes.count)
        while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
        let start = mappedOffset
        let events = decoder.decode(UnsafeBufferPointer(rebasing: bytes[start..<end]), at: start)
        mapping.release(start..<end)
        mappedOffset = end
        source.markConsumed(end)
        return events
    }

    /// Drops the first `count` bytes read, moving the rest (the start of a line) to the front.
    private mutating func consume(_ count: Int) {
        buffer.withUnsafeMutableBytes { bytes in
            bytes.baseAddress!.copyMemory(from: bytes.baseAddress! + count, byteCount: filled - count)
        }
        filled -= count
        bufferOffset += count
    }

    private func lastLineBreak(from start: Int) -> Int? {
        var index = filled - 1
        while index >= start {
            if buffer[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
