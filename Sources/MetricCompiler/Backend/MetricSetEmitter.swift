/// Prints `MetricSet`: every aggregator behind one `FactSink`, their merge, their tables, and the
/// descriptors reports read.
struct MetricSetEmitter {
    let schema: Schema
    let metrics: [CheckedMetric]
    let sources: [String]

    func emit() -> String {
        var printer = CodePrinter()
        printer.print(GeneratedFileHeader.lines(sources: sources))
        printer.print("import KefuCore")
        printer.print()
        printer.doc("Every metric declared in the specs, fed fact by fact; two sets over disjoint parts of a log merge into the set of the whole log.")
        printer.print("public struct MetricSet: FactSink, Sendable {")
        printer.withIndentation { printer in
            printer.print("public let context: AggregationContext")
            let aggregated = metrics.filter { $0.stream != nil }
            for metric in aggregated {
                printer.print("var \(metric.swiftPropertyName) = \(metric.swiftTypeName)()")
            }
            // Each metric kept in customers' ledgers gets a slot: the number its items carry.
            let slots = Dictionary(
                uniqueKeysWithValues: aggregated.filter { LedgerPlan(metric: $0) != nil }.enumerated().map { ($1.id, $0) })
            printer.doc("The ledger of the customer whose facts are being added: the runtime swaps each customer's own in.")
            printer.print("public var ledger = CustomerLedger()")
            let indices = CellIndexName.all(of: aggregated)
            for index in indices {
                printer.doc("The cells by \(index.keys), numbered once for the metrics kept by them.")
                printer.print("var \(index.property) = CellIndex()")
            }
            printer.print()
            printer.print("public init(context: AggregationContext) {")
            printer.withIndentation { $0.print("self.context = context") }
            printer.print("}")
            func printAdd(_ metric: CheckedMetric, _ printer: inout CodePrinter) {
                if let slot = slots[metric.id] {
                    printer.print("\(metric.swiftPropertyName).add(fact, context: context, ledger: &ledger, slot: \(slot))")
                } else if let index = CellIndexName(metric) {
                    printer.print("\(metric.swiftPropertyName).add(fact, context: context, cells: &\(index.property))")
                } else {
                    printer.print("\(metric.swiftPropertyName).add(fact, context: context)")
                }
            }
            for stream in schema.streams {
                printer.print()
                printer.print("public mutating func add(_ fact: \(stream.swiftName)) {")
                printer.withIndentation { printer in
                    let metrics = aggregated.filter { $0.stream?.name == stream.name }
                    guard let dispatch = FactDispatch(stream: stream, metrics: metrics, schema: schema) else {
                        for metric in metrics { printAdd(metric, &printer) }
                        return
                    }
                    printer.print("// Only the metrics whose conditions the fact's \(dispatch.field.name) can meet.")
                    printer.print("switch fact.\(dispatch.field.swiftName) {")
                    for branch in dispatch.branches {
                        for line in Self.caseLines(branch.cases) { printer.print(line) }
                        printer.withIndentation { printer in
                            if branch.metrics.isEmpty { printer.print("break") }
                            for metric in branch.metrics { printAdd(metric, &printer) }
                        }
                    }
                    printer.print("}")
                }
                printer.print("}")
            }
            printer.print()
            printer.print("public mutating func settle(_ item: CustomerLedger.Item) {")
            printer.withIndentation { printer in
                guard !slots.isEmpty else {
                    printer.print("preconditionFailure(\"no metric keeps a ledger\")")
                    return
                }
                printer.print("switch item.slot {")
                for metric in aggregated {
                    guard let slot = slots[metric.id] else { continue }
                    let index = CellIndexName(metric)!
                    printer.print("case \(slot): \(metric.swiftPropertyName).settle(item, cells: &\(index.property))")
                }
                printer.print("default: preconditionFailure(\"no metric has ledger slot \\(item.slot)\")")
                printer.print("}")
            }
            printer.print("}")
            printer.print()
            printer.print("public mutating func merge(_ other: MetricSet) {")
            printer.withIndentation { printer in
                for index in indices {
                    printer.print("let \(index.numbers) = \(index.property).merge(other.\(index.property))")
                }
                for metric in aggregated {
                    let cells = CellIndexName(metric).map { ", cells: \($0.numbers)" } ?? ""
                    printer.print("\(metric.swiftPropertyName).merge(other.\(metric.swiftPropertyName)\(cells))")
                }
                if !slots.isEmpty {
                    printer.print("ledger.merge(other.ledger)")
                }
            }
            printer.print("}")
            printer.print()
            printer.doc("Each metric's values in `days`, by metric id (ratios are computed from their operands).")
            printer.print("public func tables(in days: ClosedRange<Day>) -> [String: MetricTable] {")
            printer.withIndentation { printer in
                let set = slots.isEmpty ? "" : "set."
                if !slots.isEmpty {
                    printer.print("// Items still in the set's own ledger count too: no fact will come to change them.")
                    printer.print("var set = self")
                    printer.print("for item in set.ledger.takeAll() {")
                    printer.withIndentation { $0.print("set.settle(item)") }
                    printer.print("}")
                    printer.print("return [")
                } else {
                    printer.print("[")
                }
                printer.withIndentation { printer in
                    for metric in aggregated {
                        let cells = CellIndexName(metric).map { ", cells: \(set)\($0.property)" } ?? ""
                        printer.print("\"\(metric.id)\": \(set)\(metric.swiftPropertyName).table(in: days\(cells)),")
                    }
                }
                printer.print("]")
            }
            printer.print("}")
            printer.print()
            printer.doc("The metrics in the order of their specs.")
            printer.print("public static let descriptors: [MetricDescriptor] = [")
            printer.withIndentation { printer in
                for metric in metrics {
                    emitDescriptor(metric, into: &printer)
                }
            }
            printer.print("]")
        }
        printer.print("}")
        return printer.text
    }

    private func emitDescriptor(_ metric: CheckedMetric, into printer: inout CodePrinter) {
        let measure: String =
            switch metric.measure {
            case .count: ".count"
            case .aggregate(let kind, _): ".\(kind)"
            case .ratio(let numerator, let denominator): ".ratio(numerator: \"\(numerator)\", denominator: \"\(denominator)\")"
            }
        printer.print("MetricDescriptor(")
        printer.withIndentation { printer in
            printer.print("id: \"\(metric.id)\",")
            printer.print("title: \"\(escape(metric.title))\",")
            printer.print("summary: \"\(escape(metric.description))\",")
            printer.print("unit: \"\(metric.unit)\",")
            printer.print("scope: .\(metric.scope.rawValue),")
            printer.print("measure: \(measure),")
            printer.print("total: .\(metric.total),")
            printer.print("splits: [\(metric.splits.map { ".\($0)" }.joined(separator: ", "))],")
            printer.print("scale: \(metric.scale == 1 ? "1" : "1_000_000"),")
            printer.print("source: \"\(metric.sourcePath)\"")
        }
        printer.print("),")
    }

    private func escape(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n")
    }

    /// `case .a, .b:` for `cases`, wrapped so that no line of the branch (printed two levels in)
    /// passes 100 columns; continuation lines are indented.
    private static func caseLines(_ cases: [String]) -> [String] {
        var lines = ["case"]
        for (index, name) in cases.enumerated() {
            let piece = ".\(SwiftNames.escapedMember(name))" + (index == cases.count - 1 ? ":" : ",")
            if lines[lines.count - 1] != "case", lines[lines.count - 1].count + 1 + piece.count > 92 {
                lines.append("   ")
            }
            lines[lines.count - 1] += " " + piece
        }
        return lines
    }
}
