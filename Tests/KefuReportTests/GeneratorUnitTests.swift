import Foundation
import KefuMetrics
import Testing

@testable import KefuReport

/// The generator's parts, in the library.
@Suite("generator parts")
struct GeneratorUnitTests {
    @Test("SplitMix64 gives the reference sequence")
    func splitMix() {
        // The first outputs for seed 1234567 of the reference implementation (Vigna's splitmix64.c).
        var random = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in random.next() } == expected)
    }

    @Test("Bounded draws stay in their range and cover it")
    func bounded() {
        var random = SplitMix64(seed: 99)
        var seen = Set<Int>()
        for _ in 0..<10_000 {
            let value = random.within(3...9)
            #expect((3...9).contains(value))
            seen.insert(value)
        }
        #expect(seen == Set(3...9))
        let spread = Spread([(1...1, 1), (100...200, 3)])
        let samples = (0..<4000).map { _ in spread.sample(&random) }
        #expect(samples.allSatisfy { $0 == 1 || (100...200).contains($0) })
        let ones = samples.filter { $0 == 1 }.count
        #expect(ones > 800 && ones < 1200, "a quarter of the weight: \(ones)")
    }

    @Test("An event line in the style of EVENTS.md, with a hand-written timestamp")
    func eventLine() {
        let shop = ShopModel(products: 2, agents: 6)
        var writer = EventLineWriter(shop: shop, explicit: false, idWidth: 6, customerWidth: 6)
        var sink = ByteSink()
        let midnight = Int64(Day(year: 2026, month: 12, day: 1).index) * 86_400
        writer.write(GeneratedEvent(.customerMessage, at: midnight + 9 * 3600, product: 1, customer: 122), into: &sink)
        writer.write(
            GeneratedEvent(.transfer, at: midnight + 86_399, product: 0, customer: 0, agent: 0, toAgent: 5), into: &sink)
        writer.write(
            GeneratedEvent(.agentStatus, at: midnight + 86_400 + 61, agent: 2, detail: GeneratedEvent.Status([.offline, .disconnected]).rawValue),
            into: &sink)
        writer.write(
            GeneratedEvent(.transferToHuman, at: midnight, product: 0, customer: 4, detail: GeneratedEvent.Requester.customer.rawValue),
            into: &sink)
        try? sink.flush()
        #expect(
            String(decoding: sink.memory, as: UTF8.self) == """
                {"id":"e000001","ts":"2026-12-01T09:00:00+08:00","type":"customer_message","product":"h5_store","customer":"c000123"}
                {"id":"e000002","ts":"2026-12-01T23:59:59+08:00","type":"transfer","product":"mini_program_shop","customer":"c000001","agent":"a01","to_agent":"a06"}
                {"id":"e000003","ts":"2026-12-02T00:01:01+08:00","type":"agent_status","agent":"a03","work":"offline","connection":"disconnected"}
                {"id":"e000004","ts":"2026-12-01T00:00:00+08:00","type":"transfer_to_human","product":"mini_program_shop","customer":"c000005"}

                """)
    }

    @Test("Every customer gets a first day; weekends are busier")
    func arrivalPlan() {
        var random = SplitMix64(seed: 1)
        // 2026-11-30 is a Monday: days 5 and 6 are the weekend.
        let plan = ArrivalPlan(
            customers: 7000, days: 7, firstDay: Int(Day(year: 2026, month: 11, day: 30).index), random: &random)
        #expect(plan.newCustomers.reduce(0, +) == 7000)
        #expect(plan.newCustomers[5] + plan.newCustomers[6] > plan.newCustomers[0] + plan.newCustomers[1])
        let arrivals = plan.arrivals(day: 2, midnight: 0, random: &random)
        #expect(arrivals.map(\.time) == arrivals.map(\.time).sorted())
        #expect(arrivals.allSatisfy { (0..<86_400).contains($0.time) })
        let returning = arrivals.filter(\.returning).count
        #expect(returning > 0 && returning < arrivals.count / 3)
    }

    @Test("Days are handed over in time order, ties in the order added, events after the last day dropped")
    func dayBuckets() {
        let first = Int(Day(year: 2026, month: 12, day: 1).index)
        let midnight = Int64(first) * 86_400
        var buckets = DayBuckets(firstDay: first, days: 2)
        for (offset, customer) in [(50, 0), (10, 1), (50, 2), (86_400 + 5, 3), (10, 4), (2 * 86_400 + 1, 5)] {
            buckets.add(GeneratedEvent(.customerMessage, at: midnight + Int64(offset), customer: customer))
        }
        #expect(buckets.takeNextDay().map(\.customer) == [1, 4, 0, 2])
        #expect(buckets.takeNextDay().map(\.customer) == [3])
    }

    @Test("A busy day is sorted the same way: by time, ties in the order added")
    func busyDay() {
        let first = Int(Day(year: 2026, month: 12, day: 1).index)
        let midnight = Int64(first) * 86_400
        var random = SplitMix64(seed: 4)
        var buckets = DayBuckets(firstDay: first, days: 1)
        var added: [GeneratedEvent] = []
        for customer in 0..<20_000 {
            let event = GeneratedEvent(.customerMessage, at: midnight + Int64(random.below(600)), customer: customer)
            added.append(event)
            buckets.add(event)
        }
        let expected = added.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
        #expect(buckets.takeNextDay().map(\.customer) == expected.map(\.element.customer))
    }

    @Test("The roster puts the first half of the agents in 售前")
    func roster() {
        #expect(ShopModel(products: 1, agents: 3).rosterCSV == "agent,group\na01,售前\na02,售前\na03,售后\n")
        #expect(ShopModel(products: 7, agents: 120).agents.last?.name == "a120")
        #expect(ShopModel(products: 7, agents: 1).products.map(\.name).last == "shop_07")
    }

    @Test("The log in memory is the log on a descriptor")
    func memoryMatchesOutput() throws {
        var options = GeneratorOptions(seed: 2, customers: 80, days: 2)
        options.badLines = 0.01
        let generator = LogGenerator(options: options)
        let bytes = generator.bytes()
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.file("log.jsonl").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        let summary = try generator.write(toDescriptor: descriptor, name: path)
        close(descriptor)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
        #expect(summary.bytes == bytes.count)
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count - 1
        #expect(lines == summary.events + summary.malformedLines + summary.duplicateLines)
    }
}
