import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// A part applies a chunk's events day by day, each customer's events of a day together and in file
/// order (`PartEventOrder`): the order the facts stay exact under.
@Suite struct PartEventOrderTests {
    private let calendar = LocalCalendar(identifier: "Asia/Shanghai")!

    /// `count` events in time order over about three days, of customers drawn from `symbols`
    /// (`.none` standing for agent statuses), as a chunk and a part's list of it.
    private func chunk(count: Int, symbols: [UInt32], seed: UInt64) -> ([LogEvent], [PartEvent]) {
        var random = RandomLogTests.Generator(state: seed)
        var ts = calendar.start(of: calendar.day(of: Instant(unixSeconds: 1_764_547_200)))
        ts.microseconds += 20 * 3_600_000_000
        var events: [LogEvent] = []
        var owned: [PartEvent] = []
        for index in 0..<count {
            ts.microseconds += Int64.random(in: 0...600, using: &random) * 1_000_000
            let customer = Symbol(raw: symbols.randomElement(using: &random)!)
            events.append(LogEvent(ts: ts, type: customer.isNone ? .agentStatus : .customerMessage, customer: customer))
            owned.append(PartEvent(index: UInt32(index), customer: customer))
        }
        return (events, owned)
    }

    /// The order `PartEventOrder` gives `owned`, checked against the events it hands over.
    private func arranged(_ events: [LogEvent], _ owned: [PartEvent], order: inout PartEventOrder) -> [PartEvent] {
        events.withUnsafeBufferPointer { events in
            owned.withUnsafeBufferPointer { owned in
                order.arrange(owned, of: events, calendar: calendar) { ordered, gathered in
                    #expect(ordered.count == gathered.count)
                    #expect(zip(ordered, gathered).allSatisfy { events[Int($0.index)] == $1 }, "events in the given order")
                    return Array(ordered)
                }
            }
        }
    }

    /// The properties the model's facts rest on: every event once; days in order, apart; within a
    /// day each customer's events together, in file order; customers by symbol.
    private func expectGroupedByDayAndCustomer(_ result: [PartEvent], of events: [LogEvent], owned: [PartEvent]) {
        #expect(result.map(\.index).sorted() == owned.map(\.index), "a permutation of the part's events")
        func day(_ event: PartEvent) -> Day { calendar.day(of: events[Int(event.index)].ts) }
        for (earlier, later) in zip(result, result.dropFirst()) {
            let (dayBefore, dayAfter) = (day(earlier), day(later))
            #expect(dayBefore <= dayAfter, "days in order")
            if dayBefore == dayAfter {
                #expect(earlier.customer.raw <= later.customer.raw, "customers by symbol within a day")
                if earlier.customer == later.customer {
                    #expect(earlier.index < later.index, "a customer's events in file order")
                }
            }
        }
        #expect(Set(result.map { day($0) }).count > 1, "the chunk must span days")
    }

    @Test("small symbols: one radix pass", arguments: [1, 2, 3] as [UInt64])
    func smallSymbols(seed: UInt64) {
        let (events, owned) = chunk(count: 2_000, symbols: [0] + Array(1...40), seed: seed)
        var order = PartEventOrder()
        expectGroupedByDayAndCustomer(arranged(events, owned, order: &order), of: events, owned: owned)
    }

    @Test("symbols of up to 32 bits: three radix passes, every digit used")
    func largeSymbols() {
        let symbols: [UInt32] = [0, 1, 2047, 2048, 4095, 1 << 22, (1 << 22) + 1, 3_000_000, UInt32.max - 1, UInt32.max]
        let (events, owned) = chunk(count: 3_000, symbols: symbols, seed: 9)
        var order = PartEventOrder()
        expectGroupedByDayAndCustomer(arranged(events, owned, order: &order), of: events, owned: owned)
    }

    @Test("buffers are reused across chunks of different sizes")
    func reusedAcrossChunks() {
        var order = PartEventOrder()
        for (count, seed) in [(3_000, 4), (500, 5), (4_000, 6), (1, 7)] as [(Int, UInt64)] {
            let (events, owned) = chunk(count: count, symbols: Array(0...5000), seed: seed)
            let result = arranged(events, owned, order: &order)
            #expect(result.map(\.index).sorted() == owned.map(\.index))
            if count > 1 { expectGroupedByDayAndCustomer(result, of: events, owned: owned) }
        }
    }
}
