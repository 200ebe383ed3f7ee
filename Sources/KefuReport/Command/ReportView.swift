import KefuMetrics
/// Named views matching the product's screens, as shortcuts for `--by` and `--metrics`.
enum ReportView: String, Sendable {
    /// Per product: customers, the bot list, the queue, messages.
    case overview
    /// Per agent, with group totals: how much each agent handled.
    case workload
    /// Per agent: how fast and how well.
    case quality

    var by: [Dimension] {
        switch self {
        case .overview: [.product]
        case .workload, .quality: [.agent, .group]
        }
    }

    var metrics: [String] {
        switch self {
        case .overview:
            [
                "consulting_customers", "new_customers", "total_customers", "service_opens", "bot_list_customers",
                "bot_list_entries", "transfers_to_human", "queue_entries", "queued_customers",
            ]
        case .workload:
            [
                "received_customers", "served_customers", "in_reception_customers", "manual_messages",
                "effective_sessions", "multi_round_effective_sessions", "avg_reception_duration",
            ]
        case .quality:
            [
                "avg_first_response_time", "avg_response_time", "avg_queue_time", "max_queue_time",
                "avg_effective_session_messages", "avg_effective_session_duration", "rating_invites", "ratings",
                "rating_rate", "avg_satisfaction", "negative_ratings",
            ]
        }
    }
}
