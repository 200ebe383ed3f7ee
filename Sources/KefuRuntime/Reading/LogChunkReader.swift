import KefuCore

/// Reads a log as a sequence of chunks of decoded events, in file order, holding only one chunk of
/// bytes at a time.
struct LogChunkReader {
    /// About how many bytes of lines one chunk holds.
    static let chunkSize = 1 << 24

    private let source: LogByteSource
    private var decoder: ChunkDecoder
    private var buffer: [UInt8] = []
    private var ended = false
    private var skippedByteOrderMark = false
    /// Where `buffer` starts in the log's (inflated) bytes.
    private var bufferOffset = 0

    init(source: LogByteSource, threads: Int) {
        self.source = source
        decoder = ChunkDecoder(threads: threads, expectedBytes: source.totalSize, file: source.fileBytes)
        buffer.reserveCapacity(Self.chunkSize + (1 << 20))
    }

    /// An error of the source, raised once the lines read before it are decoded.
    private var failure: EventLogError?

    var symbols: SymbolTable { decoder.symbols }
    var summary: InputSummary { decoder.summary }
    var linesRead: Int { decoder.linesRead }

    /// The next chunk's applied events (possibly empty), or nil when the log has ended.
    mutating func next() throws(EventLogError) -> [LogEvent]? {
        guard !ended || !buffer.isEmpty else {
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
            if buffer.count >= Self.chunkSize, let found = lastLineBreak(from: searchFrom) {
                lastBreak = found
                break
            }
            searchFrom = buffer.count
            do {
                // Up to the chunk size only, so the buffer never outgrows its reserved capacity.
                if try !source.read(into: &buffer, upTo: max(Self.chunkSize - buffer.count, 1 << 16)) { ended = true }
            } catch {
                // Decode the whole lines read before the damage; the error comes with the next call.
                failure = error
                ended = true
                if let last = lastLineBreak(from: 0) {
                    buffer.removeSubrange((last + 1)...)
                } else {
                    buffer.removeAll()
                }
            }
        }
        if !skippedByteOrderMark {
            skippedByteOrderMark = true
            // A UTF-8 byte order mark is not part of the first line.
            if buffer.count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF {
                buffer.removeFirst(3)
                bufferOffset += 3
            }
        }
        let end = ended ? buffer.count : (lastBreak ?? buffer.count) + 1
        let offset = bufferOffset
        let events = buffer.withUnsafeBufferPointer {
            decoder.decode(UnsafeBufferPointer(rebasing: $0[0..<end]), at: offset)
        }
        buffer.removeFirst(end)
        bufferOffset += end
        return events
    }

    private func lastLineBreak(from start: Int) -> Int? {
        var index = buffer.count - 1
        while index >= start {
            if buffer[index] == 0x0A { return index }
            index -= 1
        }
        return nil
    }
}
