#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Supplies a log's bytes piece by piece, from a file, standard input or memory, inflating gzip
/// (recognised by its content) on the fly, so a log of gigabytes is never held whole.
final class LogByteSource {
    private enum Input {
        case descriptor(Int32, ownsIt: Bool)
        case memory([UInt8], position: Int)
    }

    let path: String
    /// Whether the same bytes can be read again from the start (a regular file or memory).
    let canRestart: Bool
    private var input: Input
    private var inflater: Inflater?
    /// Bytes read but not yet handed out (compressed, for gzip); its capacity is kept between reads.
    private var raw = [UInt8]()
    private static let readBufferSize = 1 << 22
    private let readBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: readBufferSize)
    private var rawStart = 0
    private var ended = false

    /// Opens `path` (`-` is standard input).
    init(path: String) throws(EventLogError) {
        self.path = path
        if path == "-" {
            input = .descriptor(STDIN_FILENO, ownsIt: false)
            canRestart = false
        } else {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw EventLogError(path: path, reason: String(cString: strerror(errno))) }
            var info = stat()
            canRestart = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
            input = .descriptor(descriptor, ownsIt: true)
        }
        try start()
    }

    init(bytes: [UInt8]) {
        path = "<memory>"
        canRestart = true
        input = .memory(bytes, position: 0)
        try? start()
    }

    deinit {
        if case .descriptor(let descriptor, true) = input { close(descriptor) }
        readBuffer.deallocate()
    }

    /// The size of the input in bytes when known (a regular file or memory), for progress.
    var totalSize: Int? {
        switch input {
        case .memory(let bytes, _): return bytes.count
        case .descriptor(let descriptor, _):
            var info = stat()
            guard canRestart, fstat(descriptor, &info) == 0 else { return nil }
            return Int(info.st_size)
        }
    }

    /// The file's bytes by offset, when the log is a plain regular file (not gzip, not a pipe): the
    /// offsets of what `read` hands out are then offsets in the file.
    var fileBytes: LogFileBytes? {
        guard canRestart, inflater == nil, case .descriptor(let descriptor, _) = input else { return nil }
        return LogFileBytes(descriptor: descriptor)
    }

    /// How many input bytes (compressed, for gzip) have been consumed.
    private(set) var consumed = 0

    /// Goes back to the start of the input.
    func restart() throws(EventLogError) {
        precondition(canRestart)
        switch input {
        case .memory(let bytes, _): input = .memory(bytes, position: 0)
        case .descriptor(let descriptor, _): lseek(descriptor, 0, SEEK_SET)
        }
        raw.removeAll(keepingCapacity: true)
        rawStart = 0
        ended = false
        consumed = 0
        inflater = nil
        try start()
    }

    /// Reads the first bytes to recognise gzip.
    private func start() throws(EventLogError) {
        try fillRaw(minimum: 2)
        if raw.count - rawStart >= 2, raw[rawStart] == 0x1F, raw[rawStart + 1] == 0x8B {
            inflater = try Inflater(path: path)
        }
    }

    /// Appends about `count` more bytes of the log to `buffer`; returns false when the log has ended.
    func read(into buffer: inout [UInt8], upTo count: Int) throws(EventLogError) -> Bool {
        guard let inflater else {
            if rawStart == raw.count, case .descriptor(let descriptor, _) = input {
                return try readPlain(descriptor, into: &buffer, upTo: count)
            }
            if rawStart == raw.count {
                raw.removeAll(keepingCapacity: true)
                rawStart = 0
                try fillRaw(minimum: count)
            }
            let take = min(count, raw.count - rawStart)
            guard take > 0 else { return false }
            buffer.append(contentsOf: raw[rawStart..<(rawStart + take)])
            rawStart += take
            return true
        }
        let before = buffer.count
        while buffer.count - before < count {
            if rawStart == raw.count {
                raw.removeAll(keepingCapacity: true)
                rawStart = 0
                try fillRaw(minimum: 1 << 20)
            }
            let available = raw.count - rawStart
            let used = try raw.withUnsafeBufferPointer { (input) throws(EventLogError) -> Int in
                try inflater.inflate(
                    UnsafeBufferPointer(rebasing: input[rawStart...]), into: &buffer, upTo: count - (buffer.count - before),
                    atEnd: ended)
            }
            rawStart += used
            if inflater.finished || (used == 0 && available == 0 && ended) { break }
        }
        return buffer.count > before
    }

    /// Appends up to `count` bytes read from `descriptor` to `buffer` (the chunk buffer for a plain
    /// input, `raw` for gzip); returns false at the end of the input.
    private func readPlain(_ descriptor: Int32, into buffer: inout [UInt8], upTo count: Int) throws(EventLogError) -> Bool {
        while true {
            let n = Glibc.read(descriptor, readBuffer, min(count, Self.readBufferSize))
            if n < 0 {
                if errno == EINTR { continue }
                throw EventLogError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 {
                ended = true
                return false
            }
            buffer.append(contentsOf: UnsafeBufferPointer(start: readBuffer, count: n))
            consumed += n
            return true
        }
    }

    /// Reads more raw input, at least `minimum` bytes unless the input ends.
    private func fillRaw(minimum: Int) throws(EventLogError) {
        switch input {
        case .memory(let bytes, let position):
            let take = min(max(minimum, 1 << 24), bytes.count - position)
            raw.append(contentsOf: bytes[position..<(position + take)])
            input = .memory(bytes, position: position + take)
            consumed += take
            if position + take == bytes.count { ended = true }
        case .descriptor(let descriptor, _):
            let target = raw.count + minimum
            while raw.count < target, try readPlain(descriptor, into: &raw, upTo: Self.readBufferSize) {}
        }
    }
}

/// A zlib inflate stream over gzip data, including several concatenated gzip members.
private final class Inflater {
    private var stream = z_stream()
    private let path: String
    private(set) var finished = false
    /// A member just ended with no input left: the log may end here, or another member may follow.
    private var betweenMembers = false

    init(path: String) throws(EventLogError) {
        self.path = path
        // windowBits 15 + 32: a 32 KiB window, and a gzip or zlib header recognised automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw EventLogError(path: path, reason: "cannot initialise zlib")
        }
    }

    deinit {
        inflateEnd(&stream)
    }

    /// Inflates from `input` into `output` (at most `limit` bytes); returns how many input bytes it used.
    func inflate(
        _ input: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], upTo limit: Int, atEnd: Bool
    ) throws(EventLogError) -> Int {
        guard !finished else { return input.count }
        if input.isEmpty && atEnd && betweenMembers {
            finished = true
            return 0
        }
        if !input.isEmpty { betweenMembers = false }
        var chunk = [UInt8](repeating: 0, count: max(1 << 16, min(limit, 1 << 22)))
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        var produced = 0
        while produced < limit {
            let status = chunk.withUnsafeMutableBufferPointer { buffer in
                stream.next_out = buffer.baseAddress
                stream.avail_out = UInt32(buffer.count)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let count = chunk.count - Int(stream.avail_out)
            output.append(contentsOf: chunk[0..<count])
            produced += count
            switch status {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last member is ignored, as gzip does.
                if stream.avail_in >= 2, let next = stream.next_in, next[0] == 0x1F, next[1] == 0x8B {
                    inflateReset(&stream)
                } else if stream.avail_in == 0 && !atEnd {
                    inflateReset(&stream)
                    betweenMembers = true
                    return input.count
                } else {
                    finished = true
                    return input.count
                }
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 {
                    if atEnd && count == 0 { throw EventLogError(path: path, reason: "truncated gzip data") }
                    if count == 0 { return input.count }
                }
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw EventLogError(path: path, reason: "corrupt gzip data (\(detail))")
            }
        }
        return input.count - Int(stream.avail_in)
    }
}
