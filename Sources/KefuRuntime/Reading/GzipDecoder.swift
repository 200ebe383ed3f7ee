import CZlib

/// Inflates gzip data with zlib, including files made of several concatenated gzip members.
enum GzipDecoder {
    struct Failure: Error, Equatable {
        var message: String
    }

    /// Whether `bytes` start with the gzip magic number (`1f 8b`).
    static func isGzip(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { isGzip($0) }
    }

    /// The inflated bytes of `input`. On failure, `output` holds what was inflated before it.
    static func decompress(_ input: [UInt8], into output: inout [UInt8]) throws(Failure) {
        var failure: Failure?
        input.withUnsafeBytes { raw in
            do throws(Failure) { try decompress(raw, into: &output) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    static func decompress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(Failure) {
        guard let inputBase = input.baseAddress, !input.isEmpty else { return }
        output.reserveCapacity(output.count + min(input.count * 6, 1 << 30))
        var stream = z_stream()
        // windowBits 15 + 32: a 32 KiB window, and a gzip or zlib header recognised automatically.
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(message: "cannot initialise zlib")
        }
        defer { inflateEnd(&stream) }

        let chunkSize = 1 << 20
        let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }

        // zlib counts input in 32-bit units: feed very large inputs in slices.
        var consumed = 0
        func feed() {
            let size = min(input.count - consumed, 1 << 30)
            stream.next_in = UnsafeMutablePointer(mutating: inputBase.assumingMemoryBound(to: UInt8.self) + consumed)
            stream.avail_in = UInt32(size)
            consumed += size
        }
        feed()
        while true {
            stream.next_out = chunk
            stream.avail_out = UInt32(chunkSize)
            let status = inflate(&stream, Z_NO_FLUSH)
            let produced = chunkSize - Int(stream.avail_out)
            if produced > 0 { output.append(contentsOf: UnsafeBufferPointer(start: chunk, count: produced)) }
            switch status {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last member is ignored, as gzip does.
                if stream.avail_in == 0 && consumed < input.count { feed() }
                let remaining = Int(stream.avail_in)
                guard remaining >= 2, let next = stream.next_in, next[0] == 0x1F, next[1] == 0x8B else { return }
                guard inflateReset(&stream) == Z_OK else { throw Failure(message: "cannot reset zlib") }
            case Z_OK, Z_BUF_ERROR:
                if stream.avail_in == 0 {
                    if consumed < input.count {
                        feed()
                    } else if stream.avail_out != 0 || status == Z_BUF_ERROR {
                        throw Failure(message: "truncated gzip data")
                    }
                }
            case Z_MEM_ERROR:
                throw Failure(message: "out of memory while inflating")
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw Failure(message: "corrupt gzip data (\(detail))")
            }
        }
    }
}
