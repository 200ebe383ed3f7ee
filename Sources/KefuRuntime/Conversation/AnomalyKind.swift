/// An impossible event, by kind (METRICS.md, "Impossible events"); the raw value is the key the
/// report's `input.anomalies` object uses.
public enum AnomalyKind: String, CaseIterable, Sendable {
    /// `transfer_to_human` for a customer not in the bot list: ignored, nothing moves.
    case transferToHumanNotInBotList = "transfer_to_human_not_in_bot_list"
    /// `reception_end` by an agent who does not hold the customer: ignored.
    case receptionEndNotHolder = "reception_end_not_holder"
    /// `transfer` by an agent who does not hold the customer: ignored.
    case transferNotHolder = "transfer_not_holder"
    /// `transfer` from the holder to the holder: ignored.
    case transferToSameAgent = "transfer_to_same_agent"
    /// `queue_leave` for a customer not in the queue: ignored.
    case queueLeaveNotQueued = "queue_leave_not_queued"
    /// `bot_enter` for a customer in a reception list: applied, the stint is interrupted.
    case botEnterInReception = "bot_enter_in_reception"
    /// `queue_enter` for a customer in a reception list: applied, the stint is interrupted.
    case queueEnterInReception = "queue_enter_in_reception"
    /// `reception_enter` for a customer in a reception list: applied, the stint is interrupted.
    case receptionEnterInReception = "reception_enter_in_reception"
    /// `queue_enter` for a customer already queued: applied, the wait keeps its first start.
    case queueEnterWhileQueued = "queue_enter_while_queued"
    /// `rating` with no invitation of that customer and agent: ignored.
    case ratingWithoutInvitation = "rating_without_invitation"
}
