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
}
