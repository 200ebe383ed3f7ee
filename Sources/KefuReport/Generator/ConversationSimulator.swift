/// Plays one visit of a customer: opening the chat, the bot, asking for a person, the queue, the
/// reception with its rounds of messages, transfers and assisting replies, the end, the rating.
/// The events of the visit are left in `events`, in the order they happen.
///
/// An agent's reply to a customer in the queue or the bot list is a pick-up: the `transfer_to_human`
/// and `reception_enter` it implies are marked `impliedByReply`, written only with `--explicit`.
struct ConversationSimulator {
    typealias Timing = ConversationTiming

    let shop: ShopModel
    var pool: AgentPool
    var customers: CustomerBook
    var random: SplitMix64
    /// The events of the last visit.
    var events: [GeneratedEvent] = []

    private var customer = 0
    private var product = 0

    init(shop: ShopModel, customers: CustomerBook, random: SplitMix64) {
        self.shop = shop
        self.pool = AgentPool(shop: shop)
        self.customers = customers
        self.random = random
    }

    /// Plays a visit of customer `c` arriving at `arrival`.
    mutating func visit(customer c: Int, at arrival: Int64) {
        events.removeAll(keepingCapacity: true)
        customer = c
        product = Int(customers.product[c])
        var t = arrival
        // 售前 questions (what to buy) or 售后 ones (orders, returns).
        let group = random.percent(60) ? 0 : 1
        emit(.openService, at: t, detail: channel())
        if random.percent(40) {
            t += seconds(Timing.botAnswer)
            emit(.autoReply, at: t)
        }
        if random.percent(7) {
            // Opened the chat and left without a word.
            return finish(at: t)
        }
        if customers.inBotList[c] || random.percent(65) {
            t += seconds(Timing.botAnswer)
            emit(.botEnter, at: t)
            customers.inBotList[c] = true
            for _ in 0..<count(Timing.botQuestions) {
                t += seconds(Timing.botQuestion)
                emit(.customerMessage, at: t)
                t += seconds(Timing.botAnswer)
                emit(.autoReply, at: t)
            }
            let outcome = random.below(100)
            if outcome < 35 {
                // The bot answered; the customer stays in the bot list.
                return finish(at: t)
            }
            if outcome < 50 {
                let at = t + seconds(Timing.botPickup)
                if let agent = pool.agentFree(at: at, group: group) {
                    customers.inBotList[c] = false
                    emit(.transferToHuman, at: at, agent: agent, detail: GeneratedEvent.Requester.agent.rawValue, implied: true)
                    emit(.receptionEnter, at: at, agent: agent, detail: GeneratedEvent.Mode.manual.rawValue, implied: true)
                    emit(.agentMessage, at: at, agent: agent)
                    return reception(by: agent, from: at, answered: true)
                }
            }
            t += seconds(Timing.followUp)
            emit(.transferToHuman, at: t, detail: GeneratedEvent.Requester.customer.rawValue)
            customers.inBotList[c] = false
        } else {
            for index in 0..<count(Timing.customerBurst) {
                t += seconds(index == 0 ? Timing.botQuestion : Timing.followUp)
                emit(.customerMessage, at: t)
            }
        }
        if let agent = pool.agentFree(at: t + 1, group: group) {
            t += 1
            emit(.receptionEnter, at: t, agent: agent, detail: GeneratedEvent.Mode.auto.rawValue)
            return reception(by: agent, from: t, answered: false)
        }
        emit(.queueEnter, at: t)
        let deadline = t + seconds(Timing.patience)
        let taken = pool.firstFree(after: t, by: deadline, group: group)
        let waitEnd = taken?.at ?? deadline
        if waitEnd - t > 30, random.percent(35) {
            // "还在吗？" while waiting: it belongs to whoever takes the customer.
            emit(.customerMessage, at: t + 1 + Int64(random.below(Int(waitEnd - t - 1))))
        }
        guard let (agent, at) = taken else {
            emit(.queueLeave, at: deadline)
            return finish(at: deadline)
        }
        if random.percent(25) {
            // The agent picks the customer from the queue by replying.
            emit(.receptionEnter, at: at, agent: agent, detail: GeneratedEvent.Mode.manual.rawValue, implied: true)
            emit(.agentMessage, at: at, agent: agent)
            reception(by: agent, from: at, answered: true)
        } else {
            emit(.receptionEnter, at: at, agent: agent, detail: GeneratedEvent.Mode.queueAuto.rawValue)
            reception(by: agent, from: at, answered: false)
        }
    }

    /// The customer in `first`'s reception from `start`: the first reply (unless the pick-up was
    /// one), rounds of questions and answers, perhaps a transfer to the other group or a colleague's
    /// assisting reply, the end, and the rating.
    private mutating func reception(by first: Int, from start: Int64, answered: Bool) {
        var holder = first
        var since = start
        var t = start
        if !answered {
            if random.percent(40) {
                t += 1
                emit(.autoReply, at: t, agent: holder)
            }
            t += seconds(Timing.firstResponse)
            emit(.agentMessage, at: t, agent: holder)
        }
        let rounds = count(Timing.rounds)
        let transferRound = rounds > 0 && random.percent(8) ? random.below(rounds) : -1
        for round in 0..<rounds {
            for index in 0..<count(Timing.customerBurst) {
                t += seconds(index == 0 ? Timing.customerThink : Timing.followUp)
                emit(.customerMessage, at: t)
            }
            if round == transferRound {
                let at = t + Int64(random.within(10...90))
                let otherGroup = 1 - shop.agents[holder].group
                if let receiver = pool.agentFree(at: at, group: otherGroup, excluding: holder) {
                    emit(.transfer, at: at, agent: holder, toAgent: receiver)
                    pool.book(holder, from: since, until: at)
                    holder = receiver
                    since = at
                    t = at + seconds(Timing.firstResponse)
                    emit(.agentMessage, at: t, agent: holder)
                    continue
                }
            }
            if random.percent(3), let helper = pool.colleague(of: holder, at: t, random: &random) {
                t += Int64(random.within(5...30))
                emit(.agentMessage, at: t, agent: helper)
            }
            for index in 0..<count(Timing.agentBurst) {
                t += seconds(index == 0 ? Timing.response : Timing.followUp)
                emit(.agentMessage, at: t, agent: holder)
            }
        }
        t += seconds(Timing.endDelay)
        emit(.receptionEnd, at: t, agent: holder)
        pool.book(holder, from: since, until: t)
        var last = t
        if random.percent(75) {
            t += Int64(random.within(0...2))
            emit(.ratingInvite, at: t, agent: holder)
            if random.percent(60) {
                var at: Int64
                if random.percent(12) {
                    // Answered the next morning.
                    at = (t / 86_400 + 1) * 86_400 + 8 * 3600 + Int64(random.below(4 * 3600))
                } else {
                    at = t + seconds(Timing.ratingDelay)
                }
                let score = self.score()
                emit(.rating, at: at, agent: holder, detail: score.rawValue)
                if random.percent(6) {
                    // Changed their mind: a second answer replaces the first.
                    at += seconds(Timing.rerateDelay)
                    let changed = GeneratedEvent.Score(rawValue: (score.rawValue + 1 + UInt8(random.below(2))) % 3)!
                    emit(.rating, at: at, agent: holder, detail: changed.rawValue)
                }
                last = at
            }
        }
        finish(at: last)
    }

    private mutating func finish(at time: Int64) {
        customers.busyUntil[customer] = time
    }

    /// The channel the customer opened the chat from, as `GeneratedEvent.Channel`; sometimes the
    /// platform does not say (the field is optional).
    private mutating func channel() -> GeneratedEvent.Channel {
        guard random.percent(95) else { return 0 }
        let channels = shop.products[product].channels
        var r = random.below(channels.reduce(0) { $0 + $1.weight })
        for entry in channels {
            if r < entry.weight { return entry.channel + 1 }
            r -= entry.weight
        }
        return channels[0].channel + 1
    }

    private mutating func score() -> GeneratedEvent.Score {
        let r = random.below(100)
        return r < 75 ? .satisfied : r < 92 ? .neutral : .unsatisfied
    }

    /// A duration drawn from `spread`, in seconds.
    private mutating func seconds(_ spread: Spread) -> Int64 {
        Int64(spread.sample(&random))
    }

    /// A number of messages or rounds drawn from `spread`.
    private mutating func count(_ spread: Spread) -> Int {
        spread.sample(&random)
    }

    private mutating func emit(
        _ kind: GeneratedEvent.Kind, at time: Int64, agent: Int? = nil, toAgent: Int? = nil, detail: UInt8 = 0,
        implied: Bool = false
    ) {
        events.append(
            GeneratedEvent(
                kind, at: time, product: product, customer: customer, agent: agent, toAgent: toAgent, detail: detail,
                impliedByReply: implied))
    }
}
