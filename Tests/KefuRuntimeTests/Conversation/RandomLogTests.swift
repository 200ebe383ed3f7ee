import KefuCore
import KefuMetrics
import Testing

@testable import KefuRuntime

/// The properties of the model on generated logs: implied transitions written out give the same
/// facts, and splitting customers between models changes no fact.
@Suite struct RandomLogTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// `count` events of every type over about three days, among few customers and agents so that
    /// every state and impossible event occurs.
    static func randomLog(seed: UInt64, count: Int) -> ConversationScript {
        var random = Generator(state: seed)
        var s = ConversationScript()
        let start = s.instant("2026-12-01 20:00")
        var ts = start
        let types = EventType.allCases
        let agents = ["a1", "a2", "a3"]
        for _ in 0..<count {
            if Int.random(in: 0..<4, using: &random) != 0 {
                ts.microseconds += Int64.random(in: 0...(40 * 60), using: &random) * 1_000_000
            }
            var type = types.randomElement(using: &random)!
            // Weight towards messages.
            if Int.random(in: 0..<3, using: &random) == 0 {
                type = Bool.random(using: &random) ? .customerMessage : .agentMessage
            }
            let customer = "c\(Int.random(in: 1...5, using: &random))"
            let product = Int.random(in: 0..<5, using: &random) == 0 ? "p2" : "p1"
            let agent = agents.randomElement(using: &random)!
            let event = LogEvent(
                ts: ts, type: type, product: type == .agentStatus ? .none : s.id(product),
                customer: type == .agentStatus ? .none : s.id(customer),
                agent: [.openService, .customerMessage, .botEnter, .queueEnter, .queueLeave].contains(type)
                    ? .none : s.id(agent),
                toAgent: type == .transfer ? s.id(agents.randomElement(using: &random)!) : .none,
                mode: type == .receptionEnter ? [ReceptionMode.auto, .queueAuto, .manual].randomElement(using: &random) : nil,
                by: type == .transferToHuman ? [Requester.customer, .agent].randomElement(using: &random) : nil,
                score: type == .rating ? RatingScore.allCases.randomElement(using: &random) : nil,
                channel: type == .openService ? Channel.allCases.randomElement(using: &random) : nil,
                work: type == .agentStatus && Bool.random(using: &random) ? WorkStatus.allCases.randomElement(using: &random) : nil,
                connection: type == .agentStatus && Bool.random(using: &random)
                    ? Connection.allCases.randomElement(using: &random) : nil,
                line: s.events.count + 1)
            s.events.append(event)
        }
        return s
    }

    /// The log with the transitions the model implied written into it, before their message.
    static func explicit(_ s: ConversationScript, impliedBy facts: RecordingFactSink) -> ConversationScript {
        var implied: [Int: [LogEvent]] = [:]
        for fact in facts.eventsInOrder where fact.implied {
            let event = LogEvent(
                ts: fact.ts, type: fact.type, product: fact.product, customer: fact.customer,
                agent: fact.agent ?? .none, toAgent: .none, mode: fact.mode, by: fact.by, score: nil,
                channel: nil, work: nil, connection: nil, line: 0)
            implied[fact.seq / 4, default: []].append(event)
        }
        var out = s
        out.events = []
        for (index, event) in s.events.enumerated() {
            out.events += implied[index] ?? []
            out.events.append(event)
        }
        return out
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
    func impliedTransitionsEqualExplicitOnesInGeneratedLogs(seed: UInt64) {
        let s = Self.randomLog(seed: seed, count: 300)
        let last = s.lastDay.advanced(by: 1)
        let implied = s.run(through: last)
        let written = Self.explicit(s, impliedBy: implied.facts)
        #expect(written.events.count > s.events.count, "the log must imply some transitions")
        let explicit = written.run(through: last)
        #expect(explicit.facts.events.allSatisfy { !$0.implied })
        #expect(implied.facts.multisets(ignoringSeq: true) == explicit.facts.multisets(ignoringSeq: true))
        #expect(implied.anomalies == explicit.anomalies)
    }

    @Test(arguments: [UInt64(11), 12, 13, 14])
    func factsDoNotDependOnHowCustomersArePartitionedInGeneratedLogs(seed: UInt64) {
        let s = Self.randomLog(seed: seed, count: 600)
        let last = s.lastDay
        let whole = s.run(through: last)
        #expect(whole.anomalies.count >= 8, "most kinds of impossible events should occur")
        for parts in [2, 4] {
            let outcomes = s.run(partitions: parts, through: last)
            let combined = ConversationOutcome.merged(outcomes)
            let merged = combined.facts
            let anomalies = combined.anomalies
            #expect(merged.multisets(ignoringSeq: false) == whole.facts.multisets(ignoringSeq: false))
            #expect(anomalies == whole.anomalies)
        }
    }
}
