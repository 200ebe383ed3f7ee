import Testing
@testable import MetricCompiler

/// Every diagnostic of the checker (Semantics/), one test each: its severity, message, fix-it,
/// notes, and the line and column it points at, in a spec compiled with the real schema.
@Suite struct CheckerDiagnosticsTests {
    @Test func wellFormedMetricCompilesWithoutDiagnostics() throws {
        try assertCompilesCleanly(
            """
            metric queue_entries "进入排队次数" {
              description "Entries to the queue on the day."
              unit events
              from events
              where type == queue_enter
              scope day at ts
              split product
              measure count
              total sum
            }
            """)
    }

    // MARK: Names

    @Test func misspeltFieldSuggestsTheField() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣manul
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown field 'manul' in stream 'events'; did you mean 'manual'?", fixIt: .replace("manul", with: "manual"))])
    }

    @Test func misspeltFieldBesideAnEnumCaseIsReportedAlone() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣typ == queue_enter
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown field 'typ' in stream 'events'; did you mean 'type'?", fixIt: .replace("typ", with: "type"))])
    }

    @Test func fieldOfAnotherStreamIsUnknown() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              scope day at 1️⃣ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown field 'ts' in stream 'queue_waits'")])
    }

    @Test func unknownStreamSuggestsTheStream() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from 1️⃣event
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown fact stream 'event'; did you mean 'events'?", fixIt: .replace("event", with: "events"))])
    }

    @Test func unknownFunctionSuggestsTheFunction() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at 1️⃣dya(ts)
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown function 'dya'; did you mean 'day'?", fixIt: .replace("dya", with: "day"))])
    }

    @Test func unknownEnumCaseSuggestsTheCase() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where type == 1️⃣queue_entre
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "unknown case 'queue_entre' of enum 'event_type'; did you mean 'queue_enter'?",
                    fixIt: .replace("queue_entre", with: "queue_enter"))
            ])
    }

    @Test func enumCaseOnTheLeftIsResolvedByTheRightSide() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣reception == list
              scope day at ts
              measure count
              total sum
            }
            """, [])
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣recepton == list
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "unknown case 'recepton' of enum 'list_state'; did you mean 'reception'?",
                    fixIt: .replace("recepton", with: "reception"))
            ])
    }

    @Test func unknownSplitKeySuggestsTheKey() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              split product, 1️⃣agnet
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "unknown split key 'agnet' (metrics split by product or agent; day and group come with them); did you mean 'agent'?",
                    fixIt: .replace("agnet", with: "agent"))
            ])
    }

    @Test func splitKeyListedTwiceIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              split product, 1️⃣product
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'product' is listed twice in 'split'")])
    }

    @Test func splitKeyTheStreamLacksIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit agents
              from agent_day_ends
              scope snapshot at day
              split 1️⃣product, agent
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("cannot split by 'product': stream 'agent_day_ends' has no field 'product'")])
    }

    @Test func splitKeyThatIsNotAnIdIsReported() throws {
        try assertDiagnostics(
            """
            stream tickets of TicketFact {
              seq: int
              ts: instant
              agent: int
            }

            metric m "t" {
              description "d"
              unit tickets
              from tickets
              scope day at ts
              split 1️⃣agent
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("cannot split by 'agent': it is of type int, not id")], stage: .checkerWithoutSchema)
    }

    @Test func metricIdThatIsNotLowerSnakeCaseIsReported() throws {
        try assertDiagnostics(
            """
            metric 1️⃣QueueEntries "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("a metric id is lower_snake_case, like 'received_customers'")])
    }

    @Test func duplicateMetricIdPointsAtTheFirstDeclaration() throws {
        try assertDiagnostics(
            """
            metric 1️⃣queue_entries "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
              total sum
            }

            metric 2️⃣queue_entries "u" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("2️⃣", "duplicate metric id 'queue_entries'", notes: [NoteSpec("1️⃣", "first declared here")])])
    }

    // MARK: Missing clauses

    @Test func missingDescriptionIsReportedAtTheMetricId() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              unit events
              from events
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("metric 'm' needs a 'description \"…\"' saying what it counts")])
    }

    @Test func missingUnitIsReportedAtTheMetricId() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              description "d"
              from events
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("metric 'm' needs a 'unit' (e.g. customers, messages, seconds)")])
    }

    @Test func missingMeasureIsReportedAtTheMetricId() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              total sum
            }
            """,
            [DiagnosticSpec("metric 'm' needs a 'measure' (count, sum, mean, max, min or ratio)")])
    }

    @Test func missingFromIsReportedAtTheMetricId() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              description "d"
              unit events
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("metric 'm' needs 'from STREAM' naming the facts it reads")])
    }

    @Test func missingScopeIsReportedAtTheMetricId() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              description "d"
              unit events
              from events
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("metric 'm' needs a 'scope' saying which day a value belongs to, e.g. 'scope day at ts'")])
    }

    @Test func missingTotalNamesTheRulesThatFitTheMeasure() throws {
        try assertDiagnostics(
            """
            metric 1️⃣m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
            }
            """,
            [DiagnosticSpec("metric 'm' needs a 'total' rule saying how rows add up (sum or distinct for 'count')")])
    }

    // MARK: Scope, measure and total

    @Test func unknownScopeSuggestsTheScope() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope 1️⃣dya at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("unknown scope 'dya'; did you mean 'day'?", fixIt: .replace("dya", with: "day"))])
    }

    @Test func scopeAtAValueThatIsNoInstantNorDayIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at 1️⃣type
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'scope … at' needs an instant or a day, but this is of type event_type")])
    }

    @Test func unknownMeasureSuggestsTheMeasure() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit messages
              from sessions
              scope day at day
              measure 1️⃣meen(rounds)
              total weighted
            }
            """,
            [DiagnosticSpec("unknown measure 'meen'; did you mean 'mean'?", fixIt: .replace("meen", with: "mean"))])
    }

    @Test func countWithAValueIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit messages
              from sessions
              scope day at day
              measure 1️⃣count(rounds)
              total sum
            }
            """,
            [DiagnosticSpec("'count' takes no value; use 'sum(…)' to add values up")])
    }

    @Test func meanWithoutAValueIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit messages
              from sessions
              scope day at day
              measure 1️⃣mean
              total weighted
            }
            """,
            [DiagnosticSpec("'mean' needs a value, e.g. mean(ended_at - entered_at)")])
    }

    @Test func meanOfANonNumberIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure mean(1️⃣product)
              total weighted
            }
            """,
            [DiagnosticSpec("cannot take the mean of a value of type id; measures need an int or a duration")])
    }

    @Test func durationMeasureInAnotherUnitOffersSeconds() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit 1️⃣minutes
              from queue_waits
              scope day at ended_at
              measure mean(ended_at - entered_at)
              total weighted
            }
            """,
            [DiagnosticSpec("a duration is reported in seconds; write 'unit seconds'", fixIt: .replace("minutes", with: "seconds"))])
    }

    @Test func totalRuleThatDoesNotFitTheMeasureOffersOneThatDoes() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
              total 1️⃣weighted
            }
            """,
            [
                DiagnosticSpec(
                    "a 'count' cannot be totalled by 'weighted'; use 'sum' or 'distinct'",
                    fixIt: .replace("weighted", with: "sum"))
            ])
    }

    @Test func unknownTotalRuleSuggestsTheRule() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at ts
              measure count
              total 1️⃣summ
            }
            """,
            [DiagnosticSpec("unknown total rule 'summ'; did you mean 'sum'?", fixIt: .replace("summ", with: "sum"))])
    }

    // MARK: Deduplication

    @Test func firstPerWithoutByIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit customers
              from events
              1️⃣first per product, customer
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'first per' needs an order: add 'by FIELD', e.g. 'by entered_at'")])
    }

    @Test func lastPerByAnUnorderedValueIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit customers
              from events
              last per product, customer by 1️⃣type
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("cannot order by a value of type event_type; use an instant, day, duration or int")])
    }

    @Test func keyOfMoreThanFourPartsIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit customers
              from events
              1️⃣distinct product, customer, agent, type, list
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("a key has at most 4 parts")])
    }

    @Test func stringInAKeyIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit customers
              from events
              distinct product, 1️⃣"customer"
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("a value of type string cannot be part of a key")])
    }

    // MARK: Bindings

    @Test func letNamedLikeAFieldIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              let 1️⃣agent = to_agent
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'agent' is already a field or a 'let' of this metric; choose another name")])
    }

    @Test func letNamedLikeALocalOfTheGeneratedCodeIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              let 1️⃣day = day(ts)
              let 2️⃣cell_ = product
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec("1️⃣", "'day' is a name the generated aggregator uses; choose another name"),
                DiagnosticSpec("2️⃣", "'cell_' is a name the generated aggregator uses; choose another name"),
            ])
    }

    @Test func usesOfALetWhoseValueHasAnErrorAreNotReportedAgain() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              let wait = ended_at 1️⃣+ entered_at
              where wait > 0s and agent != null
              scope day at ended_at
              measure mean(wait)
              total weighted
            }
            """,
            [
                DiagnosticSpec(
                    "cannot apply '+' to instant and instant; an instant minus an instant is a duration, and durations or ints add up")
            ])
    }

    @Test func letHoldingAStringIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              let label = 1️⃣"x"
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("a 'let' cannot hold a string: no fact field holds one")])
    }

    // MARK: Types of expressions

    @Test func durationComparedWithAStringShowsBothSides() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              where ended_at 2️⃣- entered_at 1️⃣== 3️⃣"x"
              scope day at ended_at
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "1️⃣", "cannot compare duration with string using '=='",
                    notes: [NoteSpec("2️⃣", "left side is duration?"), NoteSpec("3️⃣", "right side is string")])
            ])
    }

    @Test func twoStringsCannotBeCompared() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where "a" 1️⃣== "b"
              where "c" 2️⃣in ["d"]
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec("1️⃣", "strings cannot be compared: no fact field holds a string"),
                DiagnosticSpec("2️⃣", "strings cannot be compared: no fact field holds a string"),
            ])
    }

    @Test func orderingAnUnorderedTypeIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where type 1️⃣< queue_enter
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("values of type event_type are not ordered; '<' needs int, duration, instant or day")])
    }

    @Test func orderingAgainstNullIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              where ended_at 1️⃣> null
              scope day at entered_at
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'>' cannot compare with null; use '==' or '!='")])
    }

    @Test func nullComparisonOfANonOptionalFieldIsAWarning() throws {
        let spec = """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣customer != null and 2️⃣ignored == null
              scope day at ts
              measure count
              total sum
            }
            """
        try assertDiagnostics(
            spec,
            [
                DiagnosticSpec("1️⃣", "'customer' is never null, so this comparison is always true", severity: .warning),
                DiagnosticSpec("2️⃣", "'ignored' is never null, so this comparison is always false", severity: .warning),
            ])
        #expect(try compileWithSchema(MarkedText(spec).text).succeeded)
    }

    @Test func conditionThatIsNotBooleanIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit sessions
              from sessions
              where 1️⃣rounds
              scope day at day
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("a condition must be true or false, but this is of type int")])
    }

    @Test func negatingABooleanIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where 1️⃣-manual
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("cannot negate a value of type bool")])
    }

    @Test func addingTwoInstantsIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where ts 1️⃣+ ts > ts
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "cannot apply '+' to instant and instant; an instant minus an instant is a duration, and durations or ints add up")
            ])
    }

    @Test func listItemOfAnotherTypeIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              where type in [queue_enter, 1️⃣5]
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("list item of type int cannot match event_type")])
    }

    @Test func dayOfTwoValuesIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              scope day at 1️⃣day(ts, ts)
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'day' takes one instant, e.g. day(ts)")])
    }

    @Test func dayOfANonInstantIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit sessions
              from sessions
              scope day at day(1️⃣rounds)
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'day' needs an instant, but this is of type int")])
    }

    @Test func coalesceOfOneValueIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              scope day at 1️⃣coalesce(ended_at)
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'coalesce' takes two values: the value, and the one to use when it is null")])
    }

    @Test func coalesceOfTwoTypesIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit seconds
              from queue_waits
              scope day at coalesce(ended_at, 1️⃣5)
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("the values of 'coalesce' must have one type, but they are instant and int")])
    }

    @Test func thenAndElseOfTwoTypesIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit events
              from events
              let x = if manual then 1 else 1️⃣ts
              scope day at ts
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'then' and 'else' must have one type, but they are int and instant")])
    }

    // MARK: when

    @Test func whenThatDoesNotCoverEveryCaseIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit points
              from invitations
              let points = 1️⃣when score {
                satisfied: 5
                neutral: 3
              }
              scope day at invited_at
              measure sum(points)
              total sum
            }
            """,
            [DiagnosticSpec("'when' does not cover 'unsatisfied'; add them or an 'else' case")])
    }

    @Test func whenOfANonEnumIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit sessions
              from sessions
              let x = when 1️⃣rounds { else: 1 }
              scope day at day
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("'when' needs a value of an enum type, but this is of type int")])
    }

    @Test func whenWithAnUnknownCaseSuggestsTheCase() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit points
              from invitations
              let x = when score {
                satisfied: 5
                1️⃣neutrl: 3
                unsatisfied: -1
              }
              scope day at invited_at
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec(
                    "unknown case 'neutrl' of enum 'rating_score'; did you mean 'neutral'?",
                    fixIt: .replace("neutrl", with: "neutral"))
            ])
    }

    @Test func whenWithACaseTwiceIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit points
              from invitations
              let x = when score {
                satisfied, neutral: 5
                1️⃣satisfied: 4
                unsatisfied: -1
              }
              scope day at invited_at
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("case 'satisfied' appears twice in 'when'")])
    }

    @Test func whenWithCasesOfTwoTypesIsReported() throws {
        try assertDiagnostics(
            """
            metric m "t" {
              description "d"
              unit points
              from invitations
              let x = when score {
                satisfied: 5
                neutral: 1️⃣invited_at
                unsatisfied: -1
              }
              scope day at invited_at
              measure count
              total sum
            }
            """,
            [DiagnosticSpec("the cases of 'when' must have one type, but they are int and instant")])
    }

    // MARK: Ratios

    /// Two day-scoped counts split by product and agent, the operands of the ratio tests.
    private let operands = """
        metric ratings "评价数" {
          description "d"
          unit ratings
          from invitations
          where score != null
          scope day at invited_at
          split product, agent
          measure count
          total sum
        }

        metric rating_invites "发送评价数" {
          description "d"
          unit events
          from events
          where type == rating_invite
          scope day at ts
          split product, agent
          measure count
          total sum
        }

        """

    @Test func ratioOfWellFormedOperandsCompiles() throws {
        try assertCompilesCleanly(
            operands + """
                metric rating_rate "参评率" {
                  description "d"
                  unit ratio
                  split product, agent
                  measure ratio(ratings, rating_invites)
                  total rate
                }
                """)
    }

    @Test func ratioOfAnUnknownMetricSuggestsTheMetric() throws {
        try assertDiagnostics(
            operands + """
                metric rating_rate "参评率" {
                  description "d"
                  unit ratio
                  measure ratio(1️⃣ratngs, rating_invites)
                  total rate
                }
                """,
            [
                DiagnosticSpec(
                    "unknown metric 'ratngs' in 'ratio'; did you mean 'ratings'?", fixIt: .replace("ratngs", with: "ratings"))
            ])
    }

    @Test func ratioOfARatioIsReported() throws {
        try assertDiagnostics(
            operands + """
                metric rating_rate "参评率" {
                  description "d"
                  unit ratio
                  measure ratio(ratings, rating_invites)
                  total rate
                }

                metric odd "t" {
                  description "d"
                  unit ratio
                  measure ratio(1️⃣rating_rate, ratings)
                  total rate
                }
                """,
            [DiagnosticSpec("'rating_rate' is itself a ratio; a ratio divides two counted or summed metrics")])
    }

    @Test func ratioSplitMoreFinelyThanAnOperandIsReported() throws {
        try assertDiagnostics(
            operands + """
                metric per_product "t" {
                  description "d"
                  unit events
                  from events
                  where type == rating_invite
                  scope day at ts
                  split product
                  measure count
                  total sum
                }

                metric rate "t" {
                  description "d"
                  unit ratio
                  split product, agent
                  measure ratio(ratings, 1️⃣per_product)
                  total rate
                }
                """,
            [DiagnosticSpec("cannot split 'rate' by agent: its operand 'per_product' is not split by agent")])
    }

    @Test func ratioOfARangeScopedMetricIsReported() throws {
        try assertDiagnostics(
            operands + """
                metric everyone "t" {
                  description "d"
                  unit customers
                  from events
                  distinct product, customer
                  scope range at ts
                  measure count
                  total distinct
                }

                metric rate "t" {
                  description "d"
                  unit ratio
                  measure ratio(ratings, 1️⃣everyone)
                  total rate
                }
                """,
            [DiagnosticSpec("'everyone' is range-scoped; a ratio divides day-scoped metrics")])
    }

    @Test func ratioWithClausesOfItsOwnIsReported() throws {
        try assertDiagnostics(
            operands + """
                metric 1️⃣rate "t" {
                  description "d"
                  unit ratio
                  from events
                  where manual
                  measure ratio(ratings, rating_invites)
                  total rate
                }
                """,
            [
                DiagnosticSpec("a ratio reads no facts of its own, so it has no 'from'; its operands do"),
                DiagnosticSpec("a ratio reads no facts of its own, so it has no 'where'; its operands do"),
            ])
    }

    @Test func ratioWithoutItsTwoMetricsIsReported() throws {
        try assertDiagnostics(
            """
            metric rate "t" {
              description "d"
              unit ratio
              measure 1️⃣ratio
              total rate
            }
            """,
            [DiagnosticSpec("'ratio' needs two metric ids, e.g. ratio(ratings, rating_invites)")])
    }
}
