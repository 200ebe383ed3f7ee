import Foundation

/// Small event logs whose indicators are worked out by hand in the tests that use them.
enum Fixtures {
    /// Three days: on 12-01 c1 (product shop) is received at once by a1, answered 30 s later and
    /// rated; c7 (product h5) waits 120 s in the queue for a2, who answers 30 s later. On 12-02 c2
    /// queues and gives up; a1 connects. On 12-03 only a2's work status changes.
    static let threeDays = """
        {"id":"e01","ts":"2026-12-01T09:00:00+08:00","type":"open_service","product":"shop","customer":"c1","channel":"mini_program"}
        {"id":"e02","ts":"2026-12-01T09:00:10+08:00","type":"customer_message","product":"shop","customer":"c1"}
        {"id":"e03","ts":"2026-12-01T09:00:12+08:00","type":"reception_enter","product":"shop","customer":"c1","agent":"a1","mode":"auto"}
        {"id":"e04","ts":"2026-12-01T09:00:42+08:00","type":"agent_message","product":"shop","customer":"c1","agent":"a1"}
        {"id":"e05","ts":"2026-12-01T09:01:00+08:00","type":"customer_message","product":"shop","customer":"c1"}
        {"id":"e06","ts":"2026-12-01T09:01:20+08:00","type":"agent_message","product":"shop","customer":"c1","agent":"a1"}
        {"id":"e07","ts":"2026-12-01T09:05:00+08:00","type":"reception_end","product":"shop","customer":"c1","agent":"a1"}
        {"id":"e08","ts":"2026-12-01T09:05:01+08:00","type":"rating_invite","product":"shop","customer":"c1","agent":"a1"}
        {"id":"e09","ts":"2026-12-01T09:06:00+08:00","type":"rating","product":"shop","customer":"c1","agent":"a1","score":"satisfied"}
        {"id":"e10","ts":"2026-12-01T10:00:00+08:00","type":"customer_message","product":"h5","customer":"c7"}
        {"id":"e11","ts":"2026-12-01T10:00:01+08:00","type":"queue_enter","product":"h5","customer":"c7"}
        {"id":"e12","ts":"2026-12-01T10:02:01+08:00","type":"reception_enter","product":"h5","customer":"c7","agent":"a2","mode":"queue_auto"}
        {"id":"e13","ts":"2026-12-01T10:02:31+08:00","type":"agent_message","product":"h5","customer":"c7","agent":"a2"}
        {"id":"e14","ts":"2026-12-02T11:00:00+08:00","type":"customer_message","product":"shop","customer":"c2"}
        {"id":"e15","ts":"2026-12-02T11:00:01+08:00","type":"queue_enter","product":"shop","customer":"c2"}
        {"id":"e16","ts":"2026-12-02T11:10:00+08:00","type":"queue_leave","product":"shop","customer":"c2"}
        {"id":"e17","ts":"2026-12-02T12:00:00+08:00","type":"agent_status","agent":"a1","connection":"connected"}
        {"id":"e18","ts":"2026-12-03T09:00:00+08:00","type":"agent_status","agent":"a2","work":"online"}

        """

    /// A roster for `threeDays` and a third agent, a3, whom it leaves out.
    static let roster = """
        agent,group
        a1,售前
        a2,售后

        """

    /// The same conversation as c1 of `threeDays`, handled by a3 (missing from `roster`).
    static let thirdAgent = """
        {"id":"f01","ts":"2026-12-01T11:00:00+08:00","type":"customer_message","product":"shop","customer":"c9"}
        {"id":"f02","ts":"2026-12-01T11:00:05+08:00","type":"reception_enter","product":"shop","customer":"c9","agent":"a3","mode":"auto"}
        {"id":"f03","ts":"2026-12-01T11:00:25+08:00","type":"agent_message","product":"shop","customer":"c9","agent":"a3"}

        """

    /// Every indicator id of METRICS.md: the report's default selection.
    static let metricIDs: Set<String> = [
        "consulting_customers", "new_customers", "total_customers", "received_customers", "in_reception_customers",
        "avg_reception_duration", "served_customers", "queued_customers", "queue_entries", "avg_queue_time",
        "max_queue_time", "manual_messages", "effective_sessions", "avg_effective_session_messages",
        "avg_effective_session_duration", "multi_round_effective_sessions", "avg_first_response_time",
        "avg_response_time", "online_agents", "service_opens", "transfers_to_human", "bot_list_customers",
        "bot_list_entries", "rating_invites", "ratings", "satisfaction_total", "avg_satisfaction", "negative_ratings",
        "rating_rate",
    ]

    /// The indicators split by product but not by agent (METRICS.md): never in a row keyed by agent.
    static let productOnlyIDs: Set<String> = [
        "consulting_customers", "new_customers", "total_customers", "queued_customers", "queue_entries",
        "service_opens", "transfers_to_human", "bot_list_customers", "bot_list_entries",
    ]

    /// Averages, maxima and rates: numbers or null. The other indicators are counts (integers).
    static let averageIDs: Set<String> = [
        "avg_reception_duration", "avg_queue_time", "max_queue_time", "avg_effective_session_messages",
        "avg_effective_session_duration", "avg_first_response_time", "avg_response_time", "avg_satisfaction",
        "rating_rate",
    ]

    /// A generated log: `kefu-metrics generate` with `arguments`.
    static func generated(_ arguments: [String]) throws -> Data {
        let result = try CLI.run(["generate"] + arguments)
        precondition(result.status == 0, "generate failed: \(result.stderr)")
        return result.stdout
    }
}
