#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a whole file, or standard input for `-`, into memory.
enum InputFile {
    static func readAll(path: String) throws(EventLogError) -> [UInt8] {
        let descriptor: Int32
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw failure(path) }
        }
        defer { if path != "-" { close(descriptor) } }

        var info = stat()
        var expected = 0
        if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
            expected = Int(info.st_size)
        }
        // One read into a buffer of the file's size (plus one byte, to see the end); grow only for
        // pipes and files that grow while read.
        var capacity = expected > 0 ? expected + 1 : 1 << 16
        var bytes: [UInt8] = []
        while true {
            var readError: Int32 = 0
            var atEnd = false
            let previous = bytes
            bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                let base = buffer.baseAddress!
                previous.withUnsafeBufferPointer { old in
                    if let oldBase = old.baseAddress { base.initialize(from: oldBase, count: old.count) }
                }
                count = previous.count
                while count < capacity {
                    let n = read(descriptor, base + count, capacity - count)
                    if n < 0 {
                        if errno == EINTR { continue }
                        readError = errno
                        return
                    }
                    if n == 0 {
                        atEnd = true
                        return
                    }
                    count += n
                }
            }
            if readError != 0 { throw EventLogError(path: path, reason: String(cString: strerror(readError))) }
            if atEnd { return bytes }
            capacity *= 2
        }
    }

    private static func failure(_ path: String) -> EventLogError {
        EventLogError(path: path, reason: String(cString: strerror(errno)))
    }
}
