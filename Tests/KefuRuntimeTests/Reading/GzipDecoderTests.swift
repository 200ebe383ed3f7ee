import Foundation
import KefuCore
import Testing

@testable import KefuRuntime

@Suite("Gzip input")
struct GzipDecoderTests {
    typealias F = ReadingFixtures

    static let text = F.messages(500).joined(separator: "\n") + "\n"

    @Test("gzip bytes are recognised by their magic number and inflated")
    func gzipBytesAreRead() {
        let compressed = F.gzip(Array(Self.text.utf8))
        let log = EventLogReader.read(bytes: compressed)
        #expect(log.summary.applied == 500)
        #expect(log.summary.rejected == 0)
        #expect(log.events == F.log(Self.text).events)
    }

    @Test("concatenated gzip members are all read")
    func concatenatedMembersAreRead() {
        let lines = F.messages(20)
        let first = F.gzip(Array((lines[..<10].joined(separator: "\n") + "\n").utf8))
        let second = F.gzip(Array(lines[10...].joined(separator: "\n").utf8))
        let log = EventLogReader.read(bytes: first + second)
        #expect(log.summary.applied == 20)
        #expect(log.events.map(\.line) == Array(1...20))
    }

    @Test("a gzip file is read whatever its name, and an empty gzip member is an empty log")
    func gzipFileIsReadWhateverItsName() throws {
        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("events.jsonl").path
        try Data(F.gzip(Array(Self.text.utf8))).write(to: URL(fileURLWithPath: path))
        let log = try EventLogReader.read(path: path)
        #expect(log.summary.applied == 500)

        let empty = EventLogReader.read(bytes: F.gzip([]))
        #expect(empty.summary == InputSummary())
    }

    @Test("a file made by /usr/bin/gzip is read")
    func gzipToolOutputIsRead() throws {
        let tool = ["/usr/bin/gzip", "/bin/gzip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(tool != nil, "no gzip tool")
        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool!)
        process.arguments = ["-9", path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = try EventLogReader.read(path: path + ".gz")
        #expect(log.summary.applied == 500)
    }

    @Test("truncated gzip data: the file throws, bytes count the damage as a rejected line")
    func truncatedGzipIsReported() throws {
        let compressed = F.gzip(Array(Self.text.utf8))
        let truncated = Array(compressed[..<(compressed.count / 2)])
        let log = EventLogReader.read(bytes: truncated)
        #expect(log.summary.rejected >= 1)
        #expect(log.summary.lines == log.summary.applied + log.summary.rejected + log.summary.duplicates)
        #expect(log.summary.errors.last?.reason == "truncated gzip data")

        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("broken.gz").path
        try Data(truncated).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: EventLogError.self) { try EventLogReader.read(path: path) }
        #expect(error.description == "cannot read \"\(path)\": truncated gzip data")
    }

    @Test("corrupt gzip data is reported")
    func corruptGzipIsReported() {
        var compressed = F.gzip(Array(Self.text.utf8))
        for i in 20..<60 { compressed[i] ^= 0x5A }
        let log = EventLogReader.read(bytes: compressed)
        #expect(log.summary.errors.last?.reason.contains("gzip") == true)
    }
}
