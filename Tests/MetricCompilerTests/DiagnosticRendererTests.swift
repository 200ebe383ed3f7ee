import Testing
@testable import MetricCompiler

/// How diagnostics read in a terminal: the clickable first line, the numbered source line, the
/// carets under the problem, the fix-it under them, and the notes.
@Suite struct DiagnosticRendererTests {
    private let spec = SourceFile(
        path: "Specs/queue.metric",
        text: """
            metric queue_entries "进入排队次数" {
              description "Entries to the queue."
              unit events
              from events
              wher type == queue_enter
              scope day at ts
              measure count
              total sum
            }

            metric queue_entries "again" {
            \tunit events
            }
            """)

    @Test func errorWithAFixItShowsTheLineTheCaretsAndTheReplacement() {
        let diagnostic = Diagnostic(
            .error, "unknown clause 'wher'; did you mean 'where'?",
            at: SpecLocation(file: "Specs/queue.metric", line: 5, column: 3, length: 4), fixIt: "where")
        #expect(
            DiagnosticRenderer(sources: [spec]).render(diagnostic) == """
                Specs/queue.metric:5:3: error: unknown clause 'wher'; did you mean 'where'?
                5 |   wher type == queue_enter
                  |   ^^^^
                  |   where

                """)
    }

    @Test func noteFollowsWithItsOwnLocation() {
        let diagnostic = Diagnostic(
            .error, "duplicate metric id 'queue_entries'",
            at: SpecLocation(file: "Specs/queue.metric", line: 11, column: 8, length: 13),
            notes: [.init(message: "first declared here", location: SpecLocation(file: "Specs/queue.metric", line: 1, column: 8))])
        #expect(
            DiagnosticRenderer(sources: [spec]).render(diagnostic) == """
                Specs/queue.metric:11:8: error: duplicate metric id 'queue_entries'
                11 | metric queue_entries "again" {
                   |        ^^^^^^^^^^^^^
                Specs/queue.metric:1:8: note: first declared here

                """)
    }

    @Test func tabsBeforeTheColumnAreKeptSoTheCaretLinesUp() {
        let diagnostic = Diagnostic(
            .warning, "a warning", at: SpecLocation(file: "Specs/queue.metric", line: 12, column: 7, length: 6))
        #expect(
            DiagnosticRenderer(sources: [spec]).render(diagnostic) == """
                Specs/queue.metric:12:7: warning: a warning
                12 | \tunit events
                   | \t     ^^^^^^

                """)
    }

    @Test func columnsCountCharactersNotBytes() {
        let diagnostic = Diagnostic(
            .error, "an error", at: SpecLocation(file: "Specs/queue.metric", line: 1, column: 31, length: 1))
        #expect(
            DiagnosticRenderer(sources: [spec]).render(diagnostic) == """
                Specs/queue.metric:1:31: error: an error
                1 | metric queue_entries "进入排队次数" {
                  |                               ^

                """)
    }

    @Test func diagnosticInAFileNotGivenToTheRendererIsOneLine() {
        let diagnostic = Diagnostic(
            .error, "no fact streams are declared", at: SpecLocation(file: "Specs/other.metric", line: 1, column: 1),
            notes: [.init(message: "a note without a place", location: nil)])
        #expect(
            DiagnosticRenderer(sources: [spec]).render(diagnostic) == """
                Specs/other.metric:1:1: error: no fact streams are declared
                note: a note without a place

                """)
    }

    @Test func colorsPaintTheSeverityAndTheCarets() {
        let diagnostic = Diagnostic(
            .warning, "'customer' is never null", at: SpecLocation(file: "Specs/queue.metric", line: 3, column: 8, length: 6))
        let escape = "\u{1B}"
        #expect(
            DiagnosticRenderer(sources: [spec], colors: true).render(diagnostic) == """
                Specs/queue.metric:3:8: \(escape)[1;33mwarning:\(escape)[0m 'customer' is never null
                3 |   unit events
                  |        \(escape)[1;33m^^^^^^\(escape)[0m

                """)
    }

    @Test func compilerDiagnosticsRenderInOrderOneAfterTheOther() throws {
        let result = MetricCompiler.compile([try PackageFiles.schema(), spec])
        #expect(
            DiagnosticRenderer(sources: [spec]).render(result.diagnostics) == """
                Specs/queue.metric:5:3: error: unknown clause 'wher'; did you mean 'where'?
                5 |   wher type == queue_enter
                  |   ^^^^
                  |   where
                Specs/queue.metric:11:8: error: duplicate metric id 'queue_entries'
                11 | metric queue_entries "again" {
                   |        ^^^^^^^^^^^^^
                Specs/queue.metric:1:8: note: first declared here

                """)
    }

    @Test func descriptionIsTheClickableFirstLine() {
        let diagnostic = Diagnostic(.note, "n", at: SpecLocation(file: "a.metric", line: 2, column: 5))
        #expect(diagnostic.description == "a.metric:2:5: note: n")
    }
}
