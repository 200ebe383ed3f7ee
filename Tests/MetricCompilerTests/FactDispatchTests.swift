import Testing
@testable import MetricCompiler

/// How `MetricSet` dispatches a stream's facts (`FactDispatch`): it switches on the enum field the
/// metrics' conditions constrain, and each case calls the aggregators whose conditions that case can
/// meet. A condition the analysis cannot read leaves every case possible, so no fact a metric would
/// count is ever kept from it.
@Suite struct FactDispatchTests {
    /// A counting metric of `events` with the condition `condition`.
    private func metric(_ id: String, where condition: String) -> String {
        """
        metric \(id) "t" {
          description "d"
          unit things
          from events
          where \(condition)
          scope day at ts
          split product
          measure count
          total sum
        }
        """
    }

    /// The `add(_ fact: EventFact)` method of the `MetricSet` compiled from `specs`.
    private func addMethod(_ specs: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> String {
        let result = try compileWithSchema(specs.joined(separator: "\n\n"), path: "Specs/dispatch.metric")
        #expect(result.diagnostics.map(\.description) == [], sourceLocation: sourceLocation)
        let set = try #require(result.swiftFiles.first { $0.name == "MetricSet.swift" }, sourceLocation: sourceLocation)
        let start = try #require(set.contents.range(of: "    public mutating func add(_ fact: EventFact) {\n"))
        let end = try #require(set.contents.range(of: "\n    }\n", range: start.upperBound..<set.contents.endIndex))
        return String(set.contents[start.lowerBound..<end.upperBound])
    }

    @Test func equalityOrAndMembershipNarrowTheCases() throws {
        let method = try addMethod([
            metric("messages", where: "type == customer_message"),
            metric("moves", where: "type in [queue_enter, queue_leave] and not implied"),
            metric("either", where: "type == bot_enter or (type == transfer and ignored)"),
        ])
        #expect(
            method == """
                    public mutating func add(_ fact: EventFact) {
                        // Only the metrics whose conditions the fact's type can meet.
                        switch fact.type {
                        case .openService, .transferToHuman, .receptionEnter, .agentMessage, .autoReply,
                            .receptionEnd, .ratingInvite, .rating, .agentStatus:
                            break
                        case .customerMessage:
                            messages.add(fact, context: context, cells: &dayProductCells)
                        case .botEnter, .transfer:
                            either.add(fact, context: context, cells: &dayProductCells)
                        case .queueEnter, .queueLeave:
                            moves.add(fact, context: context, cells: &dayProductCells)
                        }
                    }

                """)
    }

    @Test func notAndOtherFieldsAllowEveryCaseAndUnequalAllowsTheOthers() throws {
        // `not (type == x)` and conditions on other fields leave every type possible: the metric is
        // called for all of them and its own guard decides. `type != x` rules out `x` only.
        let method = try addMethod([
            metric("messages", where: "type == customer_message"),
            metric("manual", where: "manual"),
            metric("negated", where: "not (type == rating)"),
            metric("unequal", where: "type != rating"),
        ])
        #expect(
            method == """
                    public mutating func add(_ fact: EventFact) {
                        // Only the metrics whose conditions the fact's type can meet.
                        switch fact.type {
                        case .openService, .botEnter, .transferToHuman, .queueEnter, .queueLeave, .receptionEnter,
                            .agentMessage, .autoReply, .receptionEnd, .transfer, .ratingInvite, .agentStatus:
                            manual.add(fact, context: context, cells: &dayProductCells)
                            negated.add(fact, context: context, cells: &dayProductCells)
                            unequal.add(fact, context: context, cells: &dayProductCells)
                        case .customerMessage:
                            messages.add(fact, context: context, cells: &dayProductCells)
                            manual.add(fact, context: context, cells: &dayProductCells)
                            negated.add(fact, context: context, cells: &dayProductCells)
                            unequal.add(fact, context: context, cells: &dayProductCells)
                        case .rating:
                            manual.add(fact, context: context, cells: &dayProductCells)
                            negated.add(fact, context: context, cells: &dayProductCells)
                        }
                    }

                """)
    }

    @Test func noNarrowingConditionMeansNoSwitch() throws {
        let method = try addMethod([metric("manual", where: "manual"), metric("ignored", where: "ignored")])
        #expect(
            method == """
                    public mutating func add(_ fact: EventFact) {
                        manual.add(fact, context: context, cells: &dayProductCells)
                        ignored.add(fact, context: context, cells: &dayProductCells)
                    }

                """)
    }
}
