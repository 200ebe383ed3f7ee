import Foundation
import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

@Suite("EventLogReader")
struct EventLogReaderTests {
    typealias F = ReadingFixtures

    static let valid = #"{"ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#
    static let invalid = #"{"ts":"2026-12-01T09:00:00Z","type":"nope","product":"p","customer":"c"}"#

    @Test("an event with the id of an earlier applied line is a duplicate, whatever its other fields")
    func duplicateIdsAreSkippedAndCounted() {
        let log = F.log([
            #"{"id":"e1","ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e2","ts":"2026-12-01T09:00:01Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e1","ts":"2026-12-01T09:00:02Z","type":"queue_enter","product":"p","customer":"c"}"#,
            #"{"ts":"2026-12-01T09:00:03Z","type":"queue_leave","product":"p","customer":"c"}"#,
            #"{"ts":"2026-12-01T09:00:03Z","type":"queue_leave","product":"p","customer":"c"}"#,
            #"{"id":"","ts":"2026-12-01T09:00:04Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"","ts":"2026-12-01T09:00:04Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":null,"ts":"2026-12-01T09:00:04Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e\u0032","ts":"2026-12-01T09:00:05Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"E1","ts":"2026-12-01T09:00:06Z","type":"bot_enter","product":"p","customer":"c"}"#,
        ].joined(separator: "\n"))
        #expect(log.summary == InputSummary(lines: 10, applied: 8, rejected: 0, duplicates: 2, errors: []))
        #expect(log.events.map(\.line) == [1, 2, 4, 5, 6, 7, 8, 10])
    }

    @Test("a rejected line's id is not remembered: a later valid line with it is applied")
    func duplicateOfRejectedLineIsApplied() {
        let log = F.log([
            #"{"id":"e1","ts":"2026-12-01 09:00:00","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e1","ts":"2026-12-01T09:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e1","ts":"2026-12-01T09:00:01Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"id":"e1","ts":"2026-12-01T09:00:02Z","type":"bot_enter","product":"p"}"#,
        ].joined(separator: "\n"))
        #expect(log.summary.applied == 1)
        #expect(log.summary.rejected == 2)
        #expect(log.summary.duplicates == 1)
        #expect(log.events.map(\.line) == [2])
        #expect(log.summary.errors.map(\.line) == [1, 4])
    }

    @Test("duplicates are found across batches of thousands of lines, escaped or not")
    func duplicatesAcrossBatches() {
        var lines = F.messages(10_000)
        // Redeliver every third event later, some with the id written with escapes.
        for i in stride(from: 0, to: 9_000, by: 3) {
            let id = i % 2 == 0 ? "e\(i)" : "\\u0065\(i)"
            lines.append(#"{"id":"\#(id)","ts":"2026-12-02T00:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#)
        }
        lines.append(#"{"id":"fresh","ts":"2026-12-02T00:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#)
        let log = F.log(lines.joined(separator: "\n"))
        #expect(log.summary.duplicates == 3_000)
        #expect(log.summary.applied == 10_001)
        let linesAreExpected = log.events.map(\.line) == Array(1...10_000) + [13_001]
        #expect(linesAreExpected)
        #expect(log.wasSorted)
    }

    @Test("unsorted input is sorted by instant, stably for equal instants however written")
    func unsortedInputIsSortedStably() {
        let log = F.log([
            #"{"ts":"2026-12-01T10:00:00+08:00","type":"bot_enter","product":"p","customer":"c3"}"#,
            #"{"ts":"2026-12-01T01:00:00Z","type":"bot_enter","product":"p","customer":"c1"}"#,
            #"{"ts":"2026-12-01T09:00:00.000+08:00","type":"bot_enter","product":"p","customer":"c2"}"#,
            #"{"ts":"2026-12-01T01:00:00.000000Z","type":"bot_enter","product":"p","customer":"c4"}"#,
            #"{"ts":"2026-11-30T20:00:00-05:00","type":"bot_enter","product":"p","customer":"c5"}"#,
            #"{"ts":"2026-12-01T00:59:59.999999Z","type":"bot_enter","product":"p","customer":"c0"}"#,
        ].joined(separator: "\n"))
        #expect(!log.wasSorted)
        #expect(log.events.map { log.symbols.name(of: $0.customer) } == ["c0", "c1", "c2", "c4", "c5", "c3"])
        #expect(log.events.map(\.line) == [6, 2, 3, 4, 5, 1])
    }

    @Test("sorted input, equal instants included, is flagged wasSorted and kept in file order")
    func sortedInputIsFlagged() {
        let lines = F.messages(200) + [#"{"ts":"2026-12-01T09:03:19Z","type":"bot_enter","product":"p","customer":"c1"}"#]
        let log = F.log(lines.joined(separator: "\n"))
        #expect(log.wasSorted)
        #expect(log.events.map(\.line) == Array(1...201))
    }

    @Test("rejected and duplicate lines do not break sortedness")
    func rejectedLinesDoNotAffectSortedness() {
        let log = F.log([
            #"{"id":"x","ts":"2026-12-01T09:00:01Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"ts":"2026-12-01T08:00:00Z","type":"nope","product":"p","customer":"c"}"#,
            #"{"id":"x","ts":"2026-12-01T08:00:00Z","type":"bot_enter","product":"p","customer":"c"}"#,
            #"{"ts":"2026-12-01T09:00:02Z","type":"bot_enter","product":"p","customer":"c"}"#,
        ].joined(separator: "\n"))
        #expect(log.wasSorted)
        #expect(log.events.map(\.line) == [1, 4])
    }

    @Test("an empty input has no lines")
    func emptyInputHasNoLines() throws {
        for text in ["", "\n", "\n\n  \n\t\r\n"] {
            let log = F.log(text)
            #expect(log.summary == InputSummary())
            #expect(log.events.isEmpty && log.wasSorted)
        }
        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("empty.jsonl").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let log = try EventLogReader.read(path: path)
        #expect(log.summary == InputSummary())
    }

    @Test("a last line without a final newline is read")
    func lastLineWithoutNewlineIsRead() {
        let log = F.log(Self.valid + "\n" + Self.valid)
        #expect(log.summary.applied == 2)
        #expect(log.events.map(\.line) == [1, 2])
    }

    @Test("CRLF line endings are accepted")
    func crlfLineEndingsAreAccepted() {
        let log = F.log(Self.valid + "\r\n" + Self.invalid + "\r\n\r\n" + Self.valid + "\r\n")
        #expect(log.summary.lines == 3)
        #expect(log.summary.applied == 2)
        #expect(log.summary.errors == [RejectedLine(line: 2, reason: #"unknown type "nope""#)])
        #expect(log.events.map(\.line) == [1, 4])
    }

    @Test("blank lines are skipped and not counted, but line numbers count them")
    func blankLinesAreNotCounted() {
        let text = "\n" + Self.valid + "\n   \n\t\n" + Self.invalid + "\n\n" + Self.valid + "\n\n"
        let log = F.log(text)
        #expect(log.summary.lines == 3)
        #expect(log.summary.applied == 2)
        #expect(log.summary.rejected == 1)
        #expect(log.summary.errors.map(\.line) == [5])
        #expect(log.events.map(\.line) == [2, 7])
    }

    @Test("lines = applied + rejected + duplicates")
    func summaryAddsUp() {
        let lines = F.messages(30) + F.messages(10) + ["x", "{}", Self.invalid, "", Self.valid]
        let log = F.log(lines.joined(separator: "\n"))
        let s = log.summary
        #expect(s.lines == 44)
        #expect(s.lines == s.applied + s.rejected + s.duplicates)
        #expect(s.applied == 31 && s.rejected == 3 && s.duplicates == 10)
    }

    @Test("only the first 20 rejected lines are kept, all are counted")
    func firstTwentyErrorsAreKept() {
        let lines = (0..<25).flatMap { i in [Self.valid, #"{"ts":"2026-12-01T09:00:00Z","type":"t\#(i)"}"#] }
        let log = F.log(lines.joined(separator: "\n"))
        #expect(log.summary.rejected == 25)
        #expect(log.summary.applied == 25)
        #expect(log.summary.errors.count == 20)
        #expect(log.summary.errors.first == RejectedLine(line: 2, reason: #"unknown type "t0""#))
        #expect(log.summary.errors.last == RejectedLine(line: 40, reason: #"unknown type "t19""#))
    }

    @Test("a UTF-8 byte order mark before the first line is skipped")
    func byteOrderMarkIsSkipped() {
        let log = EventLogReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array(Self.valid.utf8))
        #expect(log.summary.applied == 1)
    }

    @Test("a file is read from its path")
    func fileIsReadFromPath() throws {
        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("log.jsonl").path
        try (F.messages(100).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let log = try EventLogReader.read(path: path)
        #expect(log.summary.applied == 100)
        #expect(log.symbols.count == 8)
    }

    @Test("a missing file throws a one-line error naming it")
    func missingFileThrows() throws {
        let directory = try F.temporaryDirectory()
        defer { F.remove(directory) }
        let path = directory.appendingPathComponent("x.jsonl").path
        let error = try #require(throws: EventLogError.self) { try EventLogReader.read(path: path) }
        #expect(error.description == "cannot read \"\(path)\": No such file or directory")
        let directoryError = try #require(throws: EventLogError.self) { try EventLogReader.read(path: directory.path) }
        #expect(directoryError.description == "cannot read \"\(directory.path)\": Is a directory")
    }
}
