/// Prints the fact schema as Swift: its enums, one struct per stream, and the sink protocol the
/// runtime feeds facts to.
struct FactsEmitter {
    let schema: Schema

    func emit() -> String {
        var printer = CodePrinter()
        printer.print(GeneratedFileHeader.lines(sources: schema.sourcePaths))
        printer.print("import KefuCore")
        for model in schema.enums {
            printer.print()
            emitEnum(model, into: &printer)
        }
        for stream in schema.streams {
            printer.print()
            emitStream(stream, into: &printer)
        }
        printer.print()
        emitFactTime(into: &printer)
        printer.print()
        printer.doc("Receives the facts the runtime derives from an event log, one call per fact.")
        printer.print("public protocol FactSink {")
        printer.withIndentation { printer in
            for stream in schema.streams {
                printer.print("mutating func add(_ fact: \(stream.swiftName))")
            }
            printer.print()
            printer.doc(
                "The deduplication ledger of the customer whose facts come next: the runtime keeps one per customer and swaps it in before delivering that customer's facts."
            )
            printer.print("var ledger: CustomerLedger { get set }")
            printer.print()
            printer.doc("Counts an item the runtime took out of a customer's ledger for good: no later fact can change it.")
            printer.print("mutating func settle(_ item: CustomerLedger.Item)")
        }
        printer.print("}")
        return printer.text
    }

    /// The time fields of the streams, by which the runtime says how early a customer's later facts
    /// can still be, so that ledger items keyed by such a day settle early.
    private func emitFactTime(into printer: inout CodePrinter) {
        printer.doc("A stream of facts, as ledger items name it (`CustomerLedger.Finality`).")
        printer.print("public enum FactStream: UInt8, CaseIterable, Sendable {")
        printer.withIndentation { printer in
            for stream in schema.streams {
                printer.print("case \(stream.swiftCase)")
            }
        }
        printer.print("}")
        printer.print()
        printer.doc(
            "A time field of a stream: the runtime says, for each customer, the earliest day a later fact can still carry in it (`CustomerLedger`)."
        )
        let times = TimeField.all(in: schema)
        // An enum without cases can not have a raw type; such a schema has no ledger items to settle.
        printer.print("public enum FactTime: \(times.isEmpty ? "" : "UInt8, ")CaseIterable, Sendable {")
        printer.withIndentation { printer in
            for time in times {
                printer.print("case \(time.swiftCase)")
            }
        }
        printer.print("}")
    }

    private func emitEnum(_ model: EnumModel, into printer: inout CodePrinter) {
        if let doc = model.doc { printer.doc(doc + ".") }
        printer.print("public enum \(model.swiftName): String, CaseIterable, Sendable, Hashable, KeyEncodable {")
        printer.withIndentation { printer in
            for name in model.cases {
                let swiftName = SwiftNames.escapedMember(name)
                printer.print(swiftName == name ? "case \(swiftName)" : "case \(swiftName) = \"\(name)\"")
            }
            printer.print()
            printer.print("public var keyValue: Int64 {")
            printer.withIndentation { printer in
                printer.print("switch self {")
                for (ordinal, name) in model.cases.enumerated() {
                    printer.print("case .\(SwiftNames.escapedMember(name)): \(ordinal)")
                }
                printer.print("}")
            }
            printer.print("}")
        }
        printer.print("}")
    }

    private func emitStream(_ stream: StreamModel, into printer: inout CodePrinter) {
        if let doc = stream.doc { printer.doc(doc + ".") }
        printer.doc("Stream `\(stream.name)`.")
        printer.print("public struct \(stream.swiftName): Sendable, Hashable {")
        printer.withIndentation { printer in
            for field in stream.fields {
                if let doc = field.doc { printer.doc(doc + ".") }
                printer.print("public var \(SwiftNames.escapedMember(field.name)): \(ExpressionRenderer.swiftType(field.type))")
            }
            printer.print()
            printer.print("public init(")
            printer.withIndentation { printer in
                for (index, field) in stream.fields.enumerated() {
                    let comma = index == stream.fields.count - 1 ? "" : ","
                    printer.print("\(SwiftNames.escapedMember(field.name)): \(ExpressionRenderer.swiftType(field.type))\(comma)")
                }
            }
            printer.print(") {")
            printer.withIndentation { printer in
                for field in stream.fields {
                    let name = SwiftNames.escapedMember(field.name)
                    printer.print("self.\(name) = \(name)")
                }
            }
            printer.print("}")
        }
        printer.print("}")
    }
}
