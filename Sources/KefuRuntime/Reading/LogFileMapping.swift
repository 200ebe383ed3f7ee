#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain log file mapped into memory, so that its chunks are decoded where they lie.
///
/// Reading copies every byte of the file from the kernel's cache into a buffer (about 4 % of the
/// CPU time of a large report); a mapping shows the cached pages themselves (each page fault maps
/// several pages around it). The reader gives back the pages it has decoded (`release`), so that
/// the mapped file never counts in memory for more than about a chunk.
///
/// A file that shrinks while it is mapped faults on the pages past its new end: the reader checks
/// the size before each chunk (`isWhole`), which catches a truncation between chunks, not one in
/// the middle of a chunk. Logs are appended to, not truncated, while a report reads them.
final class LogFileMapping {
    let bytes: UnsafeRawBufferPointer
    private let descriptor: Int32

    /// Maps the `size` bytes of the open file `descriptor`; nil if the system does not.
    init?(descriptor: Int32, size: Int) {
        guard size > 0 else { return nil }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: address, count: size)
        self.descriptor = descriptor
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress!), bytes.count)
    }

    /// Whether the file still holds every mapped byte.
    var isWhole: Bool {
        var info = stat()
        return fstat(descriptor, &info) == 0 && Int(info.st_size) >= bytes.count
    }

    /// Unmaps the pages of `range`, which will not be read again, nor anything before it: all but
    /// the page that holds its end, unless that is the file's end. The file's pages stay in the
    /// kernel's cache.
    func release(_ range: Range<Int>) {
        advise(range, MADV_DONTNEED, keepingLastPage: range.upperBound < bytes.count)
    }

    private func advise(_ range: Range<Int>, _ advice: Int32, keepingLastPage: Bool) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = range.lowerBound / page * page
        let end = keepingLastPage ? range.upperBound / page * page : range.upperBound
        guard start < end else { return }
        // Advice: a system that does not take it keeps the pages mapped, which changes nothing read.
        _ = madvise(UnsafeMutableRawPointer(mutating: bytes.baseAddress! + start), end - start, advice)
    }
}
