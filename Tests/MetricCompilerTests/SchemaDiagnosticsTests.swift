import Testing
@testable import MetricCompiler

/// The fact schema's own errors (Semantics/Schema.swift), and the schema metricc must be given.
@Suite struct SchemaDiagnosticsTests {
    @Test func realSchemaCompilesWithoutDiagnostics() throws {
        let result = MetricCompiler.compile([try PackageFiles.schema()])
        #expect(result.diagnostics.map(\.description) == [])
        #expect(result.swiftFiles.map(\.name) == ["Facts.swift", "MetricSet.swift"])
    }

    @Test func unknownFieldTypeSuggestsTheType() throws {
        try assertDiagnostics(
            """
            stream tickets of TicketFact {
              seq: int
              opened_at: 1️⃣instnt
            }
            """,
            [DiagnosticSpec("unknown type 'instnt'; did you mean 'instant'?", fixIt: .replace("instnt", with: "instant"))],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func fieldTypeMayBeADeclaredEnum() throws {
        try assertDiagnostics(
            """
            enum priority { low, high }
            stream tickets of TicketFact {
              seq: int
              priority: priority?
              level: 1️⃣priorty
            }
            """,
            [DiagnosticSpec("unknown type 'priorty'; did you mean 'priority'?", fixIt: .replace("priorty", with: "priority"))],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func duplicateFieldIsReported() throws {
        try assertDiagnostics(
            """
            stream tickets of TicketFact {
              seq: int
              opened_at: instant
              1️⃣opened_at: day
            }
            """,
            [DiagnosticSpec("duplicate field 'opened_at' in stream 'tickets'")],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func streamWithoutSeqIsReported() throws {
        try assertDiagnostics(
            """
            stream 1️⃣tickets of TicketFact {
              opened_at: instant
            }
            """,
            [
                DiagnosticSpec(
                    "stream 'tickets' needs a field 'seq: int' (the event order, which makes 'first' and 'last' deterministic)")
            ],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func streamWhoseSeqIsNotAnIntIsReported() throws {
        try assertDiagnostics(
            """
            stream 1️⃣tickets of TicketFact {
              seq: int?
            }
            """,
            [
                DiagnosticSpec(
                    "stream 'tickets' needs a field 'seq: int' (the event order, which makes 'first' and 'last' deterministic)")
            ],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func duplicateStreamPointsAtTheFirstDeclaration() throws {
        try assertDiagnostics(
            """
            stream 1️⃣tickets of TicketFact {
              seq: int
            }
            stream 2️⃣tickets of OtherTicketFact {
              seq: int
            }
            """,
            [DiagnosticSpec("2️⃣", "duplicate stream 'tickets'", notes: [NoteSpec("1️⃣", "first declared here")])],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func duplicateEnumPointsAtTheFirstDeclaration() throws {
        try assertDiagnostics(
            """
            enum 1️⃣priority { low, high }
            enum 2️⃣priority { urgent }
            stream tickets of TicketFact {
              seq: int
            }
            """,
            [DiagnosticSpec("2️⃣", "duplicate declaration of 'priority'", notes: [NoteSpec("1️⃣", "first declared here")])],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func duplicateEnumCaseIsReported() throws {
        try assertDiagnostics(
            """
            enum priority { low, high, 1️⃣low }
            stream tickets of TicketFact {
              seq: int
            }
            """,
            [DiagnosticSpec("duplicate case 'low' in enum 'priority'")],
            stage: .checkerWithoutSchema, path: "Specs/test.schema")
    }

    @Test func specsWithoutASchemaAskForIt() throws {
        try assertDiagnostics(
            """
            1️⃣metric m "t" {
              description "d"
              unit events
              from 2️⃣events
              scope day at ts
              measure count
              total sum
            }
            """,
            [
                DiagnosticSpec("1️⃣", "no fact streams are declared; pass the schema file (Specs/facts.schema) with the specs"),
                DiagnosticSpec("2️⃣", "unknown fact stream 'events'"),
            ],
            stage: .checkerWithoutSchema)
    }
}
