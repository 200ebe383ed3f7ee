import KefuCore
import KefuMetrics

/// Each agent's latest work and connection status, from `agent_status` events.
///
/// An `agent_status` may carry only one of the two; the other keeps its earlier value.
struct AgentStateTracker: Sendable {
    struct AgentState: Sendable {
        var agent: Symbol
        var connection: Connection?
        var work: WorkStatus?
        /// The seq of the agent's latest `agent_status`.
        var seq: Int
    }

    private var index: [Symbol: Int] = [:]
    /// In order of first appearance.
    private(set) var states: [AgentState] = []

    mutating func update(agent: Symbol, connection: Connection?, work: WorkStatus?, seq: Int) {
        let position: Int
        if let known = index[agent] {
            position = known
        } else {
            position = states.count
            index[agent] = position
            states.append(AgentState(agent: agent, connection: nil, work: nil, seq: seq))
        }
        if let connection { states[position].connection = connection }
        if let work { states[position].work = work }
        states[position].seq = seq
    }

    /// The state of every agent seen so far, as the facts of the end of `day`.
    func emitDayEnds<S: FactSink>(of day: Day, into sink: inout S) {
        for state in states {
            sink.add(
                AgentDayEndFact(
                    seq: state.seq, day: day, agent: state.agent, connection: state.connection,
                    work: state.work))
        }
    }
}
