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
/// The mapping is of the file as it was when reading began: lines appended later are not read. A
/// file cut short while it is mapped (or a disk failing under it) makes reading its lost pages a
/// `SIGBUS`, which would end the process with a bare "Bus error": the reader checks the size before
/// each chunk (`isWhole`), and a fault within a chunk ends the process with a message naming the
/// file and exit status 2, as an unreadable file does (`MappingFault`).
final class LogFileMapping {
    let bytes: UnsafeBufferPointer<UInt8>
    private let descriptor: Int32

    /// Maps the `size` bytes of the open file `descriptor`, the log at `path`; nil if the system
    /// does not.
    init?(descriptor: Int32, size: Int, path: String) {
        guard size > 0 else { return nil }
        let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let address, address != MAP_FAILED else { return nil }
        MappingFault.prepare(UnsafeRawBufferPointer(start: address, count: size), path: path)
        bytes = UnsafeBufferPointer(start: address.bindMemory(to: UInt8.self, capacity: size), count: size)
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

    /// Drops the pages of `range` from the process's memory: they will not be read again, nor
    /// anything before it; all but the page that holds its end, unless that is the file's end. The
    /// pages stay mapped (a read would bring them back) and in the kernel's cache.
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

/// Ends the process with a message when a mapped log file faults (`SIGBUS` at an address in the
/// mapping), rather than with a crash report as if the program were at fault. Any other `SIGBUS`
/// goes to the handler installed before (the Swift runtime's backtracer, say). The handler only
/// compares addresses, writes a message prepared beforehand, and exits, as a signal handler may.
enum MappingFault {
    /// The message for the file mapped last, its length, and where the mapping lies.
    private nonisolated(unsafe) static var message = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    private nonisolated(unsafe) static var length = 0
    private nonisolated(unsafe) static var mapped: (start: UInt, end: UInt) = (0, 0)
    private nonisolated(unsafe) static var previous = sigaction()
    private static var capacity: Int { 1_024 }

    private static let installed: Void = {
        #if os(Linux)
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = { signal, info, context in
            let address = UInt(bitPattern: info?.pointee._sifields._sigfault.si_addr)
            if address >= MappingFault.mapped.start && address < MappingFault.mapped.end {
                _ = write(STDERR_FILENO, MappingFault.message, MappingFault.length)
                _exit(2)
            }
            MappingFault.passOn(signal, info, context)
        }
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, &previous)
        #endif
    }()

    #if os(Linux)
    /// Hands a fault outside the mapping to the handler there was before, or, if it was the
    /// default, restores that: the faulting instruction then runs again and the system ends the
    /// process as it would have.
    private static func passOn(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        if previous.sa_flags & SA_SIGINFO != 0, let handler = previous.__sigaction_handler.sa_sigaction {
            handler(signal, info, context)
            return
        }
        let handler = previous.__sigaction_handler.sa_handler
        let isDefaultOrIgnored = handler == nil || unsafeBitCast(handler, to: Int.self) == 1
        if let handler, !isDefaultOrIgnored {
            handler(signal)
            return
        }
        var standard = sigaction()
        sigaction(SIGBUS, &standard, nil)
    }
    #endif

    /// Makes a fault in `bytes`, the mapping of the log at `path`, say so.
    static func prepare(_ bytes: UnsafeRawBufferPointer, path: String) {
        _ = installed
        let text = Array("kefu-metrics: cannot read \"\(path)\": the file was cut short or failed while being read\n".utf8)
        length = 0
        for (index, byte) in text.prefix(capacity).enumerated() { message[index] = byte }
        length = min(text.count, capacity)
        let start = UInt(bitPattern: bytes.baseAddress)
        mapped = (start, start + UInt(bytes.count))
    }
}
