import Testing
@testable import MetricCompiler

/// "Did you mean": the edit distance, and which candidate is close enough to suggest.
@Suite struct SuggestionTests {
    @Test func editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        #expect(Suggestion.editDistance("kitten", "sitting") == 3)
        #expect(Suggestion.editDistance("wher", "where") == 1)
        #expect(Suggestion.editDistance("summ", "sum") == 1)
        #expect(Suggestion.editDistance("agent", "agent") == 0)
        #expect(Suggestion.editDistance("", "day") == 3)
        #expect(Suggestion.editDistance("day", "") == 3)
    }

    @Test func editDistanceCountsASwapOfNeighboursAsOneEdit() {
        #expect(Suggestion.editDistance("dya", "day") == 1)
        #expect(Suggestion.editDistance("agnet", "agent") == 1)
        #expect(Suggestion.editDistance("wehre", "where") == 1)
    }

    @Test func closestCandidateWithinAThirdOfTheNameIsSuggested() {
        #expect(Suggestion.closest(to: "wher", in: Parser.clauseKeywords) == "where")
        #expect(Suggestion.closest(to: "mesure", in: Parser.clauseKeywords) == "measure")
        #expect(Suggestion.closest(to: "custmer_mesage", in: ["customer_message", "agent_message"]) == "customer_message")
    }

    @Test func candidateFartherThanTheLimitIsNotSuggested() {
        // One edit is always allowed; "wre" is two from "where".
        #expect(Suggestion.closest(to: "wre", in: Parser.clauseKeywords) == nil)
        #expect(Suggestion.closest(to: "colour", in: Parser.clauseKeywords) == nil)
        #expect(Suggestion.closest(to: "x", in: ["y"]) == "y")
    }

    @Test func nameItselfIsNeverSuggested() {
        #expect(Suggestion.closest(to: "sum", in: ["sum"]) == nil)
        #expect(Suggestion.closest(to: "sum", in: ["sum", "sun"]) == "sun")
    }

    @Test func caseIsIgnoredWhenMeasuringButTheCandidateIsSuggestedAsWritten() {
        #expect(Suggestion.closest(to: "Where", in: ["where"]) == "where")
        #expect(Suggestion.closest(to: "eventfact", in: ["EventFact"]) == "EventFact")
    }

    @Test func firstOfEquallyCloseCandidatesWins() {
        #expect(Suggestion.closest(to: "men", in: ["mean", "min"]) == "mean")
        #expect(Suggestion.closest(to: "men", in: ["min", "mean"]) == "min")
        #expect(Suggestion.closest(to: "mean", in: ["meat", "mean_", "mea"]) == "meat")
    }

    @Test func closerCandidateWinsOverAnEarlierOne() {
        #expect(Suggestion.closest(to: "received", in: ["receive", "received_"]) == "receive")
        #expect(Suggestion.closest(to: "recived", in: ["relieved", "received"]) == "received")
    }
}
