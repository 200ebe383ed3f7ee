/// How long the people and bots of the synthetic shop take, in seconds: short waits are common and
/// long ones rare, so the report's averages land in believable ranges (first responses in seconds to
/// minutes, queue waits in minutes, sessions of a few minutes to half an hour).
enum ConversationTiming {
    /// From opening the chat to the welcome text or the bot.
    static let botAnswer = Spread([(1...2, 80), (3...6, 20)])
    /// A customer typing a question to the bot.
    static let botQuestion = Spread([(4...20, 50), (20...60, 40), (60...180, 10)])
    /// A customer typing in a chat with a person.
    static let customerThink = Spread([(5...20, 30), (20...60, 40), (60...180, 22), (180...600, 8)])
    /// A second message right after the first.
    static let followUp = Spread([(2...10, 70), (10...40, 30)])
    /// An agent's first reply to a customer just received.
    static let firstResponse = Spread([(3...15, 25), (15...40, 40), (40...90, 20), (90...300, 12), (300...900, 3)])
    /// An agent answering during the conversation.
    static let response = Spread([(3...15, 30), (15...45, 40), (45...120, 22), (120...400, 8)])
    /// An agent noticing a customer in the bot list and replying.
    static let botPickup = Spread([(15...60, 50), (60...300, 50)])
    /// Between the last message and the agent ending the reception.
    static let endDelay = Spread([(10...120, 50), (120...600, 40), (600...1800, 10)])
    /// How long a queued customer waits before giving up (the platform's limit is 30 minutes).
    static let patience = Spread([(60...300, 30), (300...900, 45), (900...1800, 25)])
    /// From the invitation to the answer, on the same day.
    static let ratingDelay = Spread([(5...120, 55), (120...1800, 30), (1800...10800, 15)])
    /// From the first answer to a changed one.
    static let rerateDelay = Spread([(10...600, 100)])
    /// Chat rounds after the first reply: one question and its answer each.
    static let rounds = Spread([(0...0, 15), (1...1, 30), (2...2, 25), (3...3, 15), (4...8, 15)])
    /// Customer messages in a round.
    static let customerBurst = Spread([(1...1, 60), (2...2, 28), (3...3, 12)])
    /// Agent messages in a round.
    static let agentBurst = Spread([(1...1, 78), (2...2, 22)])
    /// Questions to the bot.
    static let botQuestions = Spread([(1...1, 50), (2...2, 35), (3...3, 15)])
}
