import Foundation
import KefuCore
import Testing

@testable import KefuRuntime

/// The reader decodes a chunk on several threads, each with symbols of its own, then merges them
/// into the shared ones; every event must come out with the symbol of its own customer's name,
/// whether the customer is new in the chunk or came in an earlier one, on either thread.
@Suite struct ChunkDecoderTests {
    /// Lines of `customers`, each with its line number in the id, so lines are never duplicates.
    private func chunk(_ customers: [String], from first: Int) -> [UInt8] {
        var text = ""
        for (offset, customer) in customers.enumerated() {
            let seconds = (first + offset) % 60
            let second = seconds < 10 ? "0\(seconds)" : "\(seconds)"
            text += #"{"id":"e\#(first + offset)","ts":"2026-12-01T09:00:\#(second)+08:00","type":"customer_message","#
            text += #""product":"p1","customer":"\#(customer)"}"# + "\n"
        }
        return Array(text.utf8)
    }

    /// Decodes `chunk` and checks that each event's customer is named as in its line.
    private func expectCustomers(_ customers: [String], of chunk: [UInt8], decoder: inout ChunkDecoder) {
        let events = chunk.withUnsafeBufferPointer { decoder.decode($0) }
        #expect(events.count == customers.count)
        let symbols = decoder.symbols
        for (event, customer) in zip(events, customers) {
            #expect(symbols.name(of: event.customer) == customer)
        }
        // One symbol per name, whichever thread met it first.
        #expect(Set(events.map(\.customer)).count == Set(customers).count)
    }

    @Test("customers known from earlier chunks and new ones, short, long and escaped, on two threads")
    func customersAcrossChunks() {
        var decoder = ChunkDecoder(threads: 2)
        // Long enough (over 4 KB) to be split between the two threads.
        let short = (0..<60).map { "c\($0)" }
        let long = (0..<20).map { "openid-oXy\($0)-abcdefghijklmnop" }
        let firstCustomers = (short[..<40] + long[..<10]).flatMap { [$0, $0] }
        let first = chunk(firstCustomers, from: 1)
        #expect(first.count > 1 << 12)
        expectCustomers(firstCustomers, of: first, decoder: &decoder)

        // Half known, half new, in both halves of the chunk; then an escaped id of a known customer.
        let secondCustomers = (short[20...] + long[5...]).flatMap { [$0, $0] }
        expectCustomers(secondCustomers, of: chunk(secondCustomers, from: 1000), decoder: &decoder)
        let escaped = Array(
            #"{"id":"e5000","ts":"2026-12-01T09:01:00+08:00","type":"customer_message","product":"p1","customer":"c\u0031"}"#
                .utf8) + [0x0A]
        expectCustomers(["c1"] + secondCustomers, of: escaped + chunk(secondCustomers, from: 2000), decoder: &decoder)
    }

    /// Sequential ids go to the duplicate check as runs (`ChunkDecoder.PendingID`): runs broken by a
    /// gap, a line without an id, a rejected line, a 4096-number block, a slice's end and a chunk's
    /// end must still flag exactly the lines whose id an earlier line had.
    @Test("sequential ids, repeated in ranges across blocks, slices and chunks, flag exactly the repeats")
    func sequentialIDRuns() {
        var numbers: [Int?] = Array(1...6_000)
        numbers += Array(4_090...4_105)  // repeats across a block boundary
        numbers += [6_001, 6_002, nil, 6_003, 6_004, -1, 6_005, 6_007, 6_006]  // no id, a bad line, a gap
        numbers += Array(5_990...6_020)  // half repeats, half new, one run
        numbers += [5, 5, 6_021]
        var text = ""
        for (index, number) in numbers.enumerated() {
            let second = index % 60 < 10 ? "0\(index % 60)" : "\(index % 60)"
            let id = number.map { $0 < 0 ? #""id":"e0006000","# : #""id":"e\#(String(format: "%07d", $0))","# } ?? ""
            let type = number == -1 ? "no_such_type" : "customer_message"
            text += #"{\#(id)"ts":"2026-12-01T09:00:\#(second)+08:00","type":"\#(type)","product":"p1","customer":"c1"}"#
            text += "\n"
        }
        let bytes = Array(text.utf8)
        // The lines (1-based) that apply: valid, and without an id seen on an earlier applied line.
        var seen = Set<Int>()
        var expected: [Int] = []
        for (index, number) in numbers.enumerated() where number != -1 {
            if let number, !seen.insert(number).inserted { continue }
            expected.append(index + 1)
        }
        for chunkCount in [1, 3] {
            var decoder = ChunkDecoder(threads: 2)
            var lines: [Int] = []
            // Chunks cut at line ends, so that some runs continue over a chunk's end.
            var start = 0
            for part in 1...chunkCount {
                var end = part == chunkCount ? bytes.count : bytes.count * part / chunkCount
                while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
                let events = bytes[start..<end].withUnsafeBufferPointer { decoder.decode($0) }
                lines += events.map(\.line)
                start = end
            }
            #expect(lines == expected, "\(chunkCount) chunks")
            #expect(decoder.summary.duplicates == numbers.count - 1 - expected.count, "\(chunkCount) chunks")
        }
    }

    /// Runs far past the numbers of their shape's first id are too sparse for the bitmaps, so they
    /// go to the hash table id by id, each id read back from its place in the file; an escaped
    /// spelling of the next id in a run ends the run and is the same id.
    @Test("runs the bitmaps do not take are checked one by one, read back from the file")
    func sparseRunsFromAFile() throws {
        var ids = ["evt-5"]
        ids += (958_213_344..<958_219_000).map { "evt-\($0)" }
        ids += (958_215_000..<958_215_100).map { "evt-\($0)" }  // repeats
        ids += ["evt-958219000", #"\u0065vt-958219001"#, "evt-958219001", "evt-958219002", "evt-958213344", "evt-5"]
        var text = ""
        for (index, id) in ids.enumerated() {
            let second = index % 60 < 10 ? "0\(index % 60)" : "\(index % 60)"
            text += #"{"id":"\#(id)","ts":"2026-12-01T09:00:\#(second)+08:00","type":"bot_enter","product":"p1","customer":"c1"}"#
            text += "\n"
        }
        var seen = Set<String>()
        let expected = ids.indices.filter { seen.insert(ids[$0].replacingOccurrences(of: #"\u0065"#, with: "e")).inserted }
            .map { $0 + 1 }
        let url = FileManager.default.temporaryDirectory.appending(path: "kefu-runs-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var decoder = ChunkDecoder(threads: 2, file: LogFileBytes(descriptor: handle.fileDescriptor))
        let events = Array(text.utf8).withUnsafeBufferPointer { decoder.decode($0, at: 0) }
        #expect(events.map(\.line) == expected)
        #expect(decoder.summary.duplicates == ids.count - expected.count)
    }
}
