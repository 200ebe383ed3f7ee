#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads bytes of a plain log file back at given offsets.
///
/// The duplicate-id check keeps, for each id of a plain file, only where the id is in the file: ten
/// million ids then cost their table slots and no copy of their bytes, and an id is read back only
/// on the rare probe that meets an equal hash tag. `pread` does not move the file position, so any
/// thread may read while the file is being streamed.
struct LogFileBytes: @unchecked Sendable {
    /// Owned by the `LogByteSource` the reader holds, which outlives every use.
    let descriptor: Int32

    /// Whether the file holds exactly `id` at `offset`, closed by a quote: the id of an earlier line
    /// that had no escapes in it.
    func matches(_ id: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        withBytes(at: offset, count: id.count + 1) { bytes in
            bytes.count == id.count + 1 && bytes[id.count] == UInt8(ascii: "\"")
                && (id.isEmpty || memcmpBytes(bytes.baseAddress!, id.baseAddress!, id.count))
        }
    }

    /// The bytes of the id at `offset`: up to its closing quote.
    func id(at offset: Int) -> [UInt8] {
        var id: [UInt8] = []
        var position = offset
        while true {
            let done = withBytes(at: position, count: 256) { bytes -> Bool in
                if let quote = bytes.firstIndex(of: UInt8(ascii: "\"")) {
                    id.append(contentsOf: bytes[..<quote])
                    return true
                }
                id.append(contentsOf: bytes)
                return bytes.isEmpty
            }
            if done { return id }
            position = offset + id.count
        }
    }

    private func withBytes<R>(at offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 8)
        defer { buffer.deallocate() }
        var filled = 0
        while filled < count {
            let n = pread(descriptor, buffer.baseAddress! + filled, count - filled, off_t(offset + filled))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return body(UnsafeRawBufferPointer(rebasing: buffer[0..<filled]))
    }
}
