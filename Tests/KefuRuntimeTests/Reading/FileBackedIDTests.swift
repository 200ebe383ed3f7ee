import Foundation
import KefuCore
import Testing

@testable import KefuRuntime

/// The duplicate-id check of a plain log file keeps ids' file offsets, not their bytes, and reads an
/// id back only when a probe meets an equal hash tag (EVENTS.md: an event whose id an earlier
/// accepted line already had is a duplicate). These tests check that reading back is exact.
@Suite struct FileBackedIDTests {
    private let calendar = LocalCalendar(identifier: "Asia/Shanghai")!

    private func temporaryFile(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appending(path: "kefu-ids-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        return url
    }

    private func line(_ id: String, _ second: Int) -> String {
        let ts = String(format: "2026-12-01T09:%02d:%02d+08:00", second / 60, second % 60)
        return #"{"id":"\#(id)","ts":"\#(ts)","type":"customer_message","product":"p","customer":"c\#(second)"}"#
    }

    @Test("a prefix of an earlier id, an escaped spelling of one, and exact repeats are told apart")
    func idsReadBackFromTheFile() throws {
        let lines = [
            line("e1", 0),
            line("e10", 1),  // "e1" is a prefix of it: not a duplicate
            line("e1", 2),  // duplicate of line 1
            line(#"e\u0031"#, 3),  // "e1" spelled with an escape: duplicate of line 1
            line(#"q\"x"#, 4),  // an escaped id, kept in memory
            line(#"q\"x"#, 5),  // duplicate of line 5
            line("e100", 6),
            line("e10", 7),  // duplicate of line 2
        ]
        let url = try temporaryFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let run = try MetricRun.compute(source: .path(url.path), calendar: calendar, requested: RequestedDays())
        #expect(run.input.lines == 8)
        #expect(run.input.duplicates == 4)
        #expect(run.input.applied == 4)
    }

    @Test("a table that grows re-reads ids from the file, long ones included, and loses none")
    func growingRereadsTheFile() throws {
        var text = ""
        var offsets: [(id: String, offset: Int)] = []
        for index in 0..<2000 {
            let id = index % 500 == 0 ? String(repeating: "x", count: 300) + String(index) + "x" : "id-\(index)-x"
            let prefix = "{\"id\":\""
            offsets.append((id, text.utf8.count + prefix.utf8.count))
            text += prefix + id + "\"}\n"
        }
        let url = try temporaryFile(text)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var set = DuplicateIDSet(file: LogFileBytes(descriptor: handle.fileDescriptor))
        // Ids that are not numbered, so that all go to the hash table, whose growth is under test.
        for (id, offset) in offsets {
            let inserted = Array(id.utf8).withUnsafeBytes {
                set.insert($0, hash: ByteHash.hash($0), number: nil, fileOffset: offset)
            }
            #expect(inserted)
        }
        #expect(set.count == 2000)
        for (id, offset) in offsets {
            let again = Array(id.utf8).withUnsafeBytes { set.insert($0, hash: ByteHash.hash($0), number: nil, fileOffset: offset) }
            #expect(!again, "\(id) was lost")
        }
        #expect(!set.contains("id-2000-x"))
        #expect(!set.contains("id-1"+"0000-x"))
        #expect(set.contains("id-1999-x"))
    }
}
