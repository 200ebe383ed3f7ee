#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the generated log goes: a buffer of a few megabytes written to a file descriptor in big
/// chunks (or kept in memory, for tests). Callers `reserve` room for a whole line, then append
/// without checks.
struct ByteSink: ~Copyable {
    private static let capacity = 4 << 20
    /// Room always left for one line and the bad lines after it.
    static let lineRoom = 4096

    private let buffer: UnsafeMutablePointer<UInt8>
    private let descriptor: Int32?
    private let name: String
    /// Bytes in the buffer.
    private(set) var count = 0
    /// Bytes handed to the file so far, or kept in `memory`.
    private(set) var flushed = 0
    /// Everything written, when the sink keeps it in memory.
    private(set) var memory: [UInt8] = []

    /// A sink writing to the open file descriptor `descriptor` (not closed by the sink).
    init(descriptor: Int32, name: String) {
        buffer = .allocate(capacity: Self.capacity)
        self.descriptor = descriptor
        self.name = name
    }

    /// A sink that keeps what is written in `memory`.
    init() {
        buffer = .allocate(capacity: Self.capacity)
        descriptor = nil
        name = "memory"
    }

    deinit {
        buffer.deallocate()
    }

    /// Makes room for at least `lineRoom` bytes, writing the buffer out when it is nearly full.
    @inline(__always)
    mutating func reserveLine() throws(GenerateError) {
        if count + Self.lineRoom > Self.capacity { try flush() }
    }

    /// Writes the buffer out.
    mutating func flush() throws(GenerateError) {
        guard count > 0 else { return }
        if let descriptor {
            var offset = 0
            while offset < count {
                let written = write(descriptor, buffer + offset, count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw GenerateError("cannot write \(name): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        } else {
            memory.append(contentsOf: UnsafeBufferPointer(start: buffer, count: count))
        }
        flushed += count
        count = 0
    }

    /// The bytes written since buffer offset `start` (a line just written: valid until the next flush).
    func bytes(from start: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + start, count: count - start)
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        (buffer + count).update(from: text.utf8Start, count: length)
        count += length
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress else { return }
        (buffer + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    /// `value` in decimal, zero-padded to at least `width` digits.
    @inline(__always)
    mutating func append(decimal value: Int, width: Int) {
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let length = max(width, digits)
        var position = count + length
        var remaining = value
        while position > count {
            position -= 1
            buffer[position] = UInt8(truncatingIfNeeded: 0x30 + remaining % 10)
            remaining /= 10
        }
        count += length
    }

    /// Replaces the last byte appended (a timestamp's `T`, for a bad line).
    mutating func replaceLastByte(with byte: UInt8) {
        buffer[count - 1] = byte
    }

    /// Two decimal digits.
    @inline(__always)
    mutating func append(twoDigits value: Int) {
        buffer[count] = UInt8(truncatingIfNeeded: 0x30 + value / 10)
        buffer[count + 1] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
        count += 2
    }
}
