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
    /// How much raw input is read at a time for gzip (and to recognise it).
    private static let rawReadSize = 1 << 20
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

    /// The file mapped into memory, when the log is a plain regular file: its chunks are then read
    /// where they lie (`LogFileMapping`), and the reader says how far it has read (`markConsumed`).
    /// Nil for gzip, pipes and memory, or when the system does not map the file.
    private(set) lazy var mapping: LogFileMapping? = {
        guard canRestart, inflater == nil, case .descriptor(let descriptor, _) = input, let size = totalSize else {
            return nil
        }
        return LogFileMapping(descriptor: descriptor, size: size, path: path)
    }()

    /// Records that the reader of `mapping` has read its first `count` bytes.
    func markConsumed(_ count: Int) {
        consumed = count
    }

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

    /// Reads the log's next bytes into `space`, as many as come at once up to its size (a gzip log
    /// fills it unless it ends); returns how many, 0 when the log has ended. Plain files and pipes
    /// are read straight into `space`, and gzip is inflated straight into it.
    func read(into space: UnsafeMutableBufferPointer<UInt8>) throws(EventLogError) -> Int {
        guard !space.isEmpty else { return 0 }
        guard let inflater else {
            if rawStart == raw.count, case .descriptor(let descriptor, _) = input {
                return try readPlain(descriptor, into: UnsafeMutableRawBufferPointer(space))
            }
            if rawStart == raw.count {
                raw.removeAll(keepingCapacity: true)
                rawStart = 0
                try fillRaw(minimum: space.count)
            }
            let take = min(space.count, raw.count - rawStart)
            raw.withUnsafeBytes { bytes in
                let taken = UnsafeRawBufferPointer(rebasing: bytes[rawStart..<(rawStart + take)])
                UnsafeMutableRawBufferPointer(space).copyMemory(from: taken)
            }
            rawStart += take
            return take
        }
        var produced = 0
        while produced < space.count {
            if rawStart == raw.count {
                raw.removeAll(keepingCapacity: true)
                rawStart = 0
                try fillRaw(minimum: 1 << 20)
            }
            let available = raw.count - rawStart
            let output = UnsafeMutableBufferPointer(rebasing: space[produced...])
            let (used, made) = try raw.withUnsafeBufferPointer { (input) throws(EventLogError) -> (Int, Int) in
                try inflater.inflate(UnsafeBufferPointer(rebasing: input[rawStart...]), into: output, atEnd: ended)
            }
            rawStart += used
            produced += made
            if inflater.finished || (used == 0 && available == 0 && ended) { break }
        }
        return produced
    }

    /// Reads up to `space.count` bytes of a plain file or pipe into `space`, with no stop in `raw`
    /// on the way; returns how many, 0 at the end of the input.
    private func readPlain(_ descriptor: Int32, into space: UnsafeMutableRawBufferPointer) throws(EventLogError) -> Int {
        while true {
            let n = Glibc.read(descriptor, space.baseAddress, space.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw EventLogError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { ended = true }
            consumed += n
            return n
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
            let start = raw.count
            raw.append(contentsOf: repeatElement(0, count: max(minimum, Self.rawReadSize)))
            var filled = start
            while filled < start + minimum {
                let n = try raw.withUnsafeMutableBufferPointer { (raw) throws(EventLogError) -> Int in
                    let room = UnsafeMutableBufferPointer(rebasing: raw[filled...])
                    return try readPlain(descriptor, into: UnsafeMutableRawBufferPointer(room))
                }
                if n == 0 { break }
                filled += n
            }
            raw.removeLast(raw.count - filled)
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

    /// Inflates from `input` into `output` until it is full or the input is used up; returns how
    /// many input bytes it used and how many output bytes it made.
    func inflate(
        _ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>, atEnd: Bool
    ) throws(EventLogError) -> (used: Int, made: Int) {
        guard !finished else { return (input.count, 0) }
        if input.isEmpty && atEnd && betweenMembers {
            finished = true
            return (0, 0)
        }
        if !input.isEmpty { betweenMembers = false }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.avail_in = UInt32(input.count)
        var produced = 0
        while produced < output.count {
            stream.next_out = output.baseAddress! + produced
            stream.avail_out = UInt32(min(output.count - produced, Int(UInt32.max)))
            let before = stream.avail_out
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            let count = Int(before - stream.avail_out)
            produced += count
            switch status {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last member is ignored, as gzip does.
                if stream.avail_in >= 2, let next = stream.next_in, next[0] == 0x1F, next[1] == 0x8B {
                    inflateReset(&stream)
                } else if stream.avail_in == 0 && !atEnd {
                    inflateReset(&stream)
                    betweenMembers = true
                    return (input.count, produced)
                } else {
                    finished = true
                    return (input.count, produced)
                }
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 {
                    if atEnd && count == 0 { throw EventLogError(path: path, reason: "truncated gzip data") }
                    if count == 0 { return (input.count, produced) }
                }
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw EventLogError(path: path, reason: "corrupt gzip data (\(detail))")
            }
        }
        return (input.count - Int(stream.avail_in), produced)
    }
}
