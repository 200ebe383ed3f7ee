import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// Queue waits: from `queue_enter` to the move out of the queue.
@Suite struct QueueWaitTests {
    @Test func queueWaitEndsReceivedLeftInterruptedOrOpen() {
        var s = ConversationScript()
        s.queue("09:00", "c1")
        s.enter("09:10", "a1", "c1", mode: .queueAuto)
        s.queue("09:00", "c2")
        s.leave("09:20", "c2")
        s.queue("09:00", "c3")
        s.bot("09:30", "c3")
        s.queue("09:00", "c4")
        let facts = s.run().facts
        let waits = Dictionary(uniqueKeysWithValues: facts.queueWaits.map { ($0.customer, $0) })
        #expect(waits.count == 4)
        #expect(waits[s.sym("c1")]?.end == .received)
        #expect(waits[s.sym("c1")]?.agent == s.sym("a1"))
        #expect(waits[s.sym("c1")]?.endedAt == s.instant("09:10"))
        #expect(waits[s.sym("c2")]?.end == .left)
        #expect(waits[s.sym("c2")]?.agent == nil)
        #expect(waits[s.sym("c2")]?.endedAt == s.instant("09:20"))
        #expect(waits[s.sym("c3")]?.end == .interrupted)
        #expect(waits[s.sym("c3")]?.endedAt == s.instant("09:30"))
        #expect(waits[s.sym("c4")]?.end == .open)
        #expect(waits[s.sym("c4")]?.endedAt == nil)
        #expect(facts.queueWaits.allSatisfy { $0.enteredAt == s.instant("09:00") })
    }
}
