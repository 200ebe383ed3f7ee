import Foundation
import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// The streaming engine (chunks decoded on several threads, applied as they come) must compute
/// exactly what reading the whole log first computes, whatever the order of the input, the number of
/// workers, or the compression.
@Suite struct StreamingRunTests {
    private let calendar = LocalCalendar(identifier: "Asia/Shanghai")!

    /// A log of `customers` conversations over two days: bot, queue, reception, replies, transfers,
    /// ratings, and lines that are duplicates or bad, in time order.
    private func log(customers: Int, seed: UInt64) -> [String] {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        var lines: [(Int, String)] = []
        let base = 1_764_547_200  // 2025-12-01T00:00:00Z
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        func ts(_ seconds: Int) -> String {
            formatter.string(from: Date(timeIntervalSince1970: TimeInterval(base + seconds)))
        }
        var id = 0
        func add(_ time: Int, _ fields: String) {
            id += 1
            lines.append((time, "{\"id\":\"e\(id)\",\"ts\":\"\(ts(time))\",\(fields)}"))
        }
        for customer in 0..<customers {
            let c = "\"product\":\"p\(customer % 2)\",\"customer\":\"c\(customer)\""
            let agent = "a\(next(4))"
            var t = next(2 * 86_400 - 7200)
            add(t, "\"type\":\"bot_enter\",\(c)")
            t += next(60)
            add(t, "\"type\":\"customer_message\",\(c)")
            if next(3) == 0 {
                // An agent picks the customer up from the bot list by replying (implied moves).
                t += next(600)
                add(t, "\"type\":\"agent_message\",\(c),\"agent\":\"\(agent)\"")
            } else {
                t += next(60)
                add(t, "\"type\":\"transfer_to_human\",\(c)")
                add(t, "\"type\":\"queue_enter\",\(c)")
                t += next(900)
                add(t, "\"type\":\"reception_enter\",\(c),\"agent\":\"\(agent)\",\"mode\":\"queue_auto\"")
                t += next(120)
                add(t, "\"type\":\"agent_message\",\(c),\"agent\":\"\(agent)\"")
            }
            for _ in 0..<next(4) {
                t += next(300)
                add(t, "\"type\":\"customer_message\",\(c)")
                t += next(300)
                add(t, "\"type\":\"agent_message\",\(c),\"agent\":\"\(agent)\"")
            }
            if next(4) == 0 {
                t += next(60)
                add(t, "\"type\":\"transfer\",\(c),\"agent\":\"\(agent)\",\"to_agent\":\"a9\"")
                t += next(60)
                add(t, "\"type\":\"agent_message\",\(c),\"agent\":\"a9\"")
                t += next(60)
                add(t, "\"type\":\"reception_end\",\(c),\"agent\":\"a9\"")
            } else if next(3) > 0 {
                t += next(600)
                add(t, "\"type\":\"rating_invite\",\(c),\"agent\":\"\(agent)\"")
                add(t, "\"type\":\"reception_end\",\(c),\"agent\":\"\(agent)\"")
                t += next(3600)
                add(t, "\"type\":\"rating\",\(c),\"agent\":\"\(agent)\",\"score\":\"\(["satisfied", "neutral", "unsatisfied"][next(3)])\"")
            }
        }
        lines.sort { $0.0 < $1.0 }
        var text = lines.map(\.1)
        // A duplicate delivery and two bad lines.
        text.insert(text[3], at: 10)
        text.insert("{\"ts\":\"nope\",\"type\":\"customer_message\"}", at: 20)
        text.insert("not json", at: 30)
        return text
    }

    private func bytes(_ lines: [String]) -> [UInt8] {
        Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    private func tables(_ run: MetricRun) -> [String: MetricTable] {
        guard let days = run.days else { return [:] }
        return run.metrics.tables(in: days)
    }

    /// Metric tables keyed by names, since symbol numbers differ between readers.
    private func named(_ run: MetricRun) -> [String: [String: Accumulator]] {
        tables(run).mapValues { table in
            Dictionary(
                uniqueKeysWithValues: table.cells.map { cell, value in
                    ("\(cell.day)|\(run.symbols.name(of: cell.product))|\(run.symbols.name(of: cell.agent))", value)
                })
        }
    }

    @Test("Streaming in chunks gives the metrics of reading the whole log, with 1 to 3 workers")
    func streamingEqualsWholeLog() throws {
        let data = bytes(log(customers: 3000, seed: 7))
        let whole = MetricRun.compute(
            log: EventLogReader.read(bytes: data), calendar: calendar, requested: RequestedDays(), workers: 1)
        for workers in 1...3 {
            let streamed = try MetricRun.compute(
                source: .bytes(data), calendar: calendar, requested: RequestedDays(), workers: workers)
            #expect(named(streamed) == named(whole), "workers: \(workers)")
            #expect(streamed.input == whole.input)
            #expect(streamed.anomalies == whole.anomalies)
            #expect(streamed.days == whole.days)
        }
    }

    @Test("An unsorted log is sorted stably before it is applied, as the whole-log reader does")
    func unsortedLogIsSorted() throws {
        var lines = log(customers: 2000, seed: 11)
        // Move a late block to the front: the order breaks after the streaming run has begun.
        let late = lines.suffix(500)
        lines.removeLast(500)
        lines.insert(contentsOf: late, at: lines.count / 2)
        let data = bytes(lines)
        let whole = MetricRun.compute(
            log: EventLogReader.read(bytes: data), calendar: calendar, requested: RequestedDays(), workers: 2)
        let streamed = try MetricRun.compute(source: .bytes(data), calendar: calendar, requested: RequestedDays())
        #expect(named(streamed) == named(whole))
        #expect(streamed.input == whole.input)
    }

    @Test("A log of several chunks out of order in its first one: reading ahead stops, and the log is sorted")
    func unsortedLogStopsTheReadAhead() throws {
        var lines = log(customers: 32_000, seed: 13)
        lines.swapAt(0, 200)
        let data = bytes(lines)
        #expect(data.count > 2 * LogChunkReader.chunkSize, "the reader must still be reading ahead")
        let whole = MetricRun.compute(
            log: EventLogReader.read(bytes: data), calendar: calendar, requested: RequestedDays(), workers: 2)
        let streamed = try MetricRun.compute(source: .bytes(data), calendar: calendar, requested: RequestedDays())
        #expect(named(streamed) == named(whole))
        #expect(streamed.input == whole.input)
    }

    @Test("Requested days cut the log: later events are not applied, earlier ones are history")
    func requestedDaysCutTheLog() throws {
        let data = bytes(log(customers: 1500, seed: 3))
        let requested = RequestedDays(first: Day(iso: "2025-12-02"), last: Day(iso: "2025-12-02"))
        let whole = MetricRun.compute(
            log: EventLogReader.read(bytes: data), calendar: calendar, requested: requested, workers: 1)
        let streamed = try MetricRun.compute(source: .bytes(data), calendar: calendar, requested: requested)
        #expect(streamed.days == Day(iso: "2025-12-02")!...Day(iso: "2025-12-02")!)
        #expect(named(streamed) == named(whole))
    }

    @Test("A gzip file and a plain file of the same log give the same metrics")
    func gzipFileEqualsPlainFile() throws {
        let data = bytes(log(customers: 800, seed: 5))
        let folder = FileManager.default.temporaryDirectory.appending(path: "kefu-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plain = folder.appending(path: "log.jsonl")
        try Data(data).write(to: plain)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", plain.path]
        try gzip.run()
        gzip.waitUntilExit()
        let fromPlain = try MetricRun.compute(source: .path(plain.path), calendar: calendar, requested: RequestedDays())
        let fromGzip = try MetricRun.compute(
            source: .path(plain.path + ".gz"), calendar: calendar, requested: RequestedDays())
        #expect(named(fromPlain) == named(fromGzip))
        #expect(fromPlain.input == fromGzip.input)
        #expect(fromPlain.input.rejected == 2)
        #expect(fromPlain.input.duplicates == 1)
    }

    @Test("An unreadable file is an error naming the file")
    func unreadableFile() {
        #expect(throws: EventLogError.self) {
            try MetricRun.compute(source: .path("/nonexistent/log.jsonl"), calendar: calendar, requested: RequestedDays())
        }
    }
}
