import Foundation
import KefuCore
import Testing

@testable import KefuRuntime

/// A plain log file is read where it lies in its mapping (`LogFileMapping`), any other log through a
/// buffer: the two must read the same bytes the same way, across chunk ends.
@Suite struct MappedFileTests {
    private static func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "kefu-mapped-\(UUID().uuidString).jsonl")
        try Data(bytes).write(to: url)
        return url
    }

    /// A log over two chunks (`LogChunkReader.chunkSize`) with a byte order mark, CRLF and blank
    /// lines, bad lines, repeated ids, lines long enough for a chunk to end inside one, and no line
    /// break after the last line; and what reading it must count (EVENTS.md: blank lines are not
    /// lines; a valid line whose id an earlier applied line had is a duplicate).
    private static func log() -> (bytes: [UInt8], expected: InputSummary) {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF]
        var expected = InputSummary()
        var applied = Set<Int>()
        var number = 0
        let note = String(repeating: "x", count: 70_000)
        while bytes.count < 2 * LogChunkReader.chunkSize + (1 << 20) {
            number += 1
            let (minute, second) = (number / 60 % 60, number % 60)
            let time = "2026-12-01T1\(number / 3_600 % 10):\(minute / 10)\(minute % 10):\(second / 10)\(second % 10)+08:00"
            let id = number % 997 == 0 ? number - 500 : number
            let line: String
            switch number % 1_000 {
            case 1:
                line = #"{"id":"e\#(id)","ts":"\#(time)","type":"nope","product":"p","customer":"c1"}"#
                expected.lines += 1
                expected.rejected += 1
            case 3:
                line = ""
            default:
                let extra = number % 1_000 == 2 ? #","note":"\#(note)""# : ""
                line = #"{"id":"e\#(id)","ts":"\#(time)","type":"bot_enter","product":"p","customer":"c\#(number % 5_000)"\#(extra)}"#
                expected.lines += 1
                if applied.insert(id).inserted { expected.applied += 1 } else { expected.duplicates += 1 }
            }
            bytes += Array(line.utf8) + (number % 7 == 0 ? [0x0D, 0x0A] : [0x0A])
        }
        bytes += Array(#"{"id":"last","ts":"2026-12-01T23:00:00+08:00","type":"bot_enter","product":"p","customer":"c1"}"#.utf8)
        expected.lines += 1
        expected.applied += 1
        return (bytes, expected)
    }

    /// The log, made once for the tests that read it.
    private static let generated = log()

    @Test("a mapped file reads as the same bytes read through a buffer, byte order mark included")
    func mappedAndBufferedReadAlike() throws {
        let (bytes, expected) = Self.generated
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try LogByteSource(path: url.path).mapping != nil)
        let mapped = try EventLogReader.read(path: url.path)
        let buffered = EventLogReader.read(bytes: bytes)
        for log in [mapped, buffered] {
            #expect(log.summary.lines == expected.lines)
            #expect(log.summary.applied == expected.applied)
            #expect(log.summary.rejected == expected.rejected)
            #expect(log.summary.duplicates == expected.duplicates)
        }
        #expect(expected.duplicates > 0 && expected.rejected > 0)
        #expect(mapped.summary == buffered.summary)
        #expect(mapped.events.count == buffered.events.count)
        #expect(zip(mapped.events, buffered.events).allSatisfy { $0 == $1 })
        #expect(mapped.symbols.count == buffered.symbols.count)
    }

    @Test("a file cut short between chunks is an error, not a fault")
    func truncationBetweenChunksIsAnError() throws {
        let url = try Self.temporaryFile(Self.generated.bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try LogByteSource(path: url.path)
        var reader = LogChunkReader(source: source, threads: 2)
        #expect(try reader.next()?.isEmpty == false)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(LogChunkReader.chunkSize / 2))
        try handle.close()
        #expect(throws: EventLogError(path: url.path, reason: "the file was cut short while being read")) {
            try reader.next()
        }
    }

    @Test("a file that ends at a page's end, without a line break, is read to its last byte and no further")
    func fileEndingAtAPageEnd() throws {
        // Lines padded so that the file is exactly two pages; the page after it is not mapped, so a
        // read past the last byte would fault.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let line = #"{"id":"e1","ts":"2026-12-01T09:00:00+08:00","type":"bot_enter","product":"p","customer":"c1","#
        var bytes = Array((line + #""pad":"x"}"#).utf8) + [0x0A]
        let last = Array((line + #""pad":""#).utf8)
        let padding = 2 * page - bytes.count - last.count - 2
        bytes += last + Array(repeating: UInt8(ascii: "y"), count: padding) + Array(#""}"#.utf8)
        #expect(bytes.count == 2 * page)
        let url = try Self.temporaryFile(bytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let log = try EventLogReader.read(path: url.path)
        #expect(log.summary.lines == 2)
        #expect(log.summary.applied == 1)
        #expect(log.summary.duplicates == 1)
    }

    @Test("a mapping knows when its file has been cut short")
    func truncationIsSeen() throws {
        let url = try Self.temporaryFile(Array(repeating: 0x0A, count: 3 * 4_096))
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try LogByteSource(path: url.path)
        let mapping = try #require(source.mapping)
        #expect(mapping.isWhole)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 4_096)
        try handle.close()
        #expect(!mapping.isWhole)
    }
}
