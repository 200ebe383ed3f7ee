/// The agents at work: their shifts (and the `agent_status` events those write), when each can take
/// a customer, and the reception slots they hold. Customers are simulated one at a time in arrival
/// order; a customer's whole conversation books its agents' slots before the next one arrives.
struct AgentPool {
    /// A stretch of a shift in which the agent is online and takes new customers.
    private struct Window {
        var start: Int64
        var end: Int64
        /// Index into `shifts`.
        var shift: Int
    }

    private struct ShiftRecord {
        var agent: Int
        /// When the agent stops taking customers (work status `offline`).
        var offline: Int64
        /// The end of the agent's last reception of this shift, which they finish before disconnecting.
        var lastBusy: Int64
        var closed = false
    }

    private let shop: ShopModel
    private let capacity: Int
    /// Per agent, their windows from the earliest still useful one (`windowHead`).
    private var windows: [[Window]]
    private var windowHead: [Int]
    /// `capacity` slots per agent: the time each becomes free.
    private var slotFree: [Int64]
    private var shifts: [ShiftRecord] = []
    private var openShifts: [Int] = []
    /// Where the next search for a free agent starts, so customers are spread round-robin.
    private var rotation = 0
    /// The earliest end of a window `advance` has not yet passed: until then it has nothing to do.
    private var nextExpiry: Int64 = .min

    init(shop: ShopModel) {
        self.shop = shop
        capacity = shop.capacity
        windows = Array(repeating: [], count: shop.agents.count)
        windowHead = Array(repeating: 0, count: shop.agents.count)
        slotFree = Array(repeating: .min, count: shop.agents.count * shop.capacity)
    }

    // MARK: Shifts

    /// Starts the shifts of the day beginning at `midnight`, and returns their status events: the
    /// agent connects, goes online, takes a break, sometimes loses the connection for a moment, and
    /// and comes back. Going offline at the end comes from `closeShifts`.
    mutating func openShifts(day: Int, midnight: Int64, random: inout SplitMix64) -> [GeneratedEvent] {
        var events: [GeneratedEvent] = []
        for (agent, profile) in shop.agents.enumerated() where !shop.isOff(agent: agent, day: day) {
            let online: Int64
            let breakStart: Int64
            let breakLength: Int64
            let offline: Int64
            switch profile.shift {
            case .early:
                online = midnight + 8 * 3600 + 1800 + Int64(random.within(-300...300))
                breakStart = midnight + 11 * 3600 + 1800 + Int64(random.within(0...3600))
                breakLength = Int64(random.within(2700...3600))
                offline = midnight + 17 * 3600 + 1800 + Int64(random.within(-300...900))
            case .late:
                online = midnight + 14 * 3600 + Int64(random.within(-300...300))
                breakStart = midnight + 18 * 3600 + Int64(random.within(0...2400))
                breakLength = Int64(random.within(1800...2700))
                offline = midnight + 24 * 3600 + 1800 + Int64(random.within(-600...600))
            }
            let connect = online - Int64(random.within(30...600))
            let status = GeneratedEvent.Status.self
            events.append(GeneratedEvent(.agentStatus, at: connect, agent: agent, detail: status.connected.rawValue))
            events.append(GeneratedEvent(.agentStatus, at: online, agent: agent, detail: status.online.rawValue))
            events.append(GeneratedEvent(.agentStatus, at: breakStart, agent: agent, detail: status.offline.rawValue))
            events.append(
                GeneratedEvent(.agentStatus, at: breakStart + breakLength, agent: agent, detail: status.online.rawValue))
            if random.percent(20) {
                // A network blip: the reception screen drops and comes back; the work status stays.
                let drop = online + Int64(random.below(Int(offline - online - 600)))
                events.append(GeneratedEvent(.agentStatus, at: drop, agent: agent, detail: status.disconnected.rawValue))
                events.append(
                    GeneratedEvent(
                        .agentStatus, at: drop + Int64(random.within(5...240)), agent: agent,
                        detail: status.connected.rawValue))
            }
            let shift = shifts.count
            shifts.append(ShiftRecord(agent: agent, offline: offline, lastBusy: offline))
            openShifts.append(shift)
            windows[agent].append(Window(start: online, end: breakStart, shift: shift))
            windows[agent].append(Window(start: breakStart + breakLength, end: offline, shift: shift))
            nextExpiry = min(nextExpiry, breakStart)
        }
        return events
    }

    /// Closes the shifts that go offline before `time`: the agent goes offline and disconnects a few
    /// minutes after their last reception ends, or in the same `agent_status` when none is left.
    mutating func closeShifts(before time: Int64, random: inout SplitMix64) -> [GeneratedEvent] {
        var events: [GeneratedEvent] = []
        openShifts.removeAll { index in
            guard shifts[index].offline < time else { return false }
            let shift = shifts[index]
            shifts[index].closed = true
            let status = GeneratedEvent.Status.self
            if shift.lastBusy <= shift.offline, random.percent(30) {
                let both: GeneratedEvent.Status = [.offline, .disconnected]
                events.append(GeneratedEvent(.agentStatus, at: shift.offline, agent: shift.agent, detail: both.rawValue))
            } else {
                events.append(
                    GeneratedEvent(.agentStatus, at: shift.offline, agent: shift.agent, detail: status.offline.rawValue))
                let at = max(shift.offline, shift.lastBusy) + Int64(random.within(20...300))
                events.append(GeneratedEvent(.agentStatus, at: at, agent: shift.agent, detail: status.disconnected.rawValue))
            }
            return true
        }
        return events
    }

    /// Forgets windows that ended by `time`: no later question is about an earlier time.
    mutating func advance(to time: Int64) {
        guard time >= nextExpiry else { return }
        nextExpiry = .max
        defer {
            for agent in windows.indices where windowHead[agent] < windows[agent].count {
                nextExpiry = min(nextExpiry, windows[agent][windowHead[agent]].end)
            }
        }
        for agent in windows.indices {
            while windowHead[agent] < windows[agent].count, windows[agent][windowHead[agent]].end <= time {
                windowHead[agent] += 1
            }
            if windowHead[agent] > 64 {
                windows[agent].removeFirst(windowHead[agent])
                windowHead[agent] = 0
            }
        }
    }

    // MARK: Finding an agent

    /// An agent online at `time` with a free slot: of `group` if one is, else of any group;
    /// round-robin among them. `excluding`: an agent who may not be chosen (the one transferring).
    mutating func agentFree(at time: Int64, group: Int, excluding: Int? = nil) -> Int? {
        let count = shop.agents.count
        var fallback: Int?
        for step in 0..<count {
            let agent = (rotation + step) % count
            guard agent != excluding, isFree(agent, at: time) else { continue }
            if shop.agents[agent].group == group {
                rotation = agent + 1
                return agent
            }
            if fallback == nil { fallback = agent }
        }
        if let fallback { rotation = fallback + 1 }
        return fallback
    }

    /// The first agent who can take a customer queued at `time`, and when, if that is by `deadline`.
    func firstFree(after time: Int64, by deadline: Int64, group: Int) -> (agent: Int, at: Int64)? {
        var best: (agent: Int, at: Int64)?
        for agent in shop.agents.indices {
            var slotTime = Int64.max
            for slot in slotFree[(agent * capacity)..<((agent + 1) * capacity)] { slotTime = min(slotTime, slot) }
            let earliest = max(time, slotTime)
            guard let window = windows[agent][windowHead[agent]...].first(where: { $0.end > earliest }) else { continue }
            let at = max(earliest, window.start)
            guard at <= deadline else { continue }
            if let current = best {
                let better =
                    at < current.at
                    || (at == current.at && shop.agents[agent].group == group
                        && shop.agents[current.agent].group != group)
                if !better { continue }
            }
            best = (agent, at)
        }
        return best
    }

    /// Any agent online at `time` other than `holder`, to send an assisting reply.
    func colleague(of holder: Int, at time: Int64, random: inout SplitMix64) -> Int? {
        let count = shop.agents.count
        guard count > 1 else { return nil }
        let start = random.below(count)
        for step in 0..<count {
            let agent = (start + step) % count
            if agent != holder, window(of: agent, containing: time) != nil { return agent }
        }
        return nil
    }

    private func isFree(_ agent: Int, at time: Int64) -> Bool {
        guard window(of: agent, containing: time) != nil else { return false }
        return slotFree[(agent * capacity)..<((agent + 1) * capacity)].contains { $0 <= time }
    }

    private func window(of agent: Int, containing time: Int64) -> Window? {
        windows[agent][windowHead[agent]...].first { $0.start <= time && time < $0.end }
    }

    // MARK: Booking

    /// Books one of `agent`'s slots, free at `start`, until `end`. `start` is in one of the agent's
    /// windows (the agent was found free then).
    mutating func book(_ agent: Int, from start: Int64, until end: Int64) {
        let base = agent * capacity
        var chosen = base
        for slot in base..<(base + capacity) where slotFree[slot] <= start {
            chosen = slot
            break
        }
        precondition(slotFree[chosen] <= start, "booked \(agent) at \(start) without a free slot")
        slotFree[chosen] = end
        if let window = windows[agent][windowHead[agent]...].first(where: { $0.start <= start && start <= $0.end }),
            !shifts[window.shift].closed
        {
            shifts[window.shift].lastBusy = max(shifts[window.shift].lastBusy, end)
        }
    }
}
