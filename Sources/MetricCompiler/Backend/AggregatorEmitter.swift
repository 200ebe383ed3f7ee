/// Prints one metric as a specialised Swift aggregator: it reads its stream's fields directly,
/// keeps mergeable state, and maps each statement back to its spec line with `#sourceLocation`.
struct AggregatorEmitter {
    let metric: CheckedMetric
    let stream: StreamModel

    /// Where an aggregator keeps its state, which decides what `MetricSet` passes it.
    enum State {
        /// In customers' ledgers, and once settled in a `SettledTable` (by cell number).
        case ledger(LedgerPlan)
        /// In one `DedupTable`.
        case dedupTable
        /// In `CellAccumulators`, by the numbers of the `CellIndex` of its shape of cell.
        case cells

        init(_ metric: CheckedMetric) {
            if let ledger = LedgerPlan(metric: metric) {
                self = .ledger(ledger)
            } else {
                self = metric.dedup == nil ? .cells : .dedupTable
            }
        }
    }

    private var state: State { State(metric) }

    func emit(into printer: inout CodePrinter) {
        printer.doc("\(metric.title) (`\(metric.id)`): \(metric.description)")
        printer.print("struct \(metric.swiftTypeName): Sendable {")
        printer.withIndentation { printer in
            switch state {
            case .ledger:
                printer.print("private var settled = SettledTable()")
            case .dedupTable:
                let keep = metric.dedup?.kind == .last ? "last" : "first"
                printer.print("private var kept = DedupTable(keep: .\(keep))")
            case .cells:
                printer.print("private var table = CellAccumulators()")
            }
            printer.print()
            let parameters =
                switch state {
                case .ledger: ", ledger: inout CustomerLedger, slot: UInt16"
                case .dedupTable: ""
                case .cells: ", cells: inout CellIndex"
                }
            // Inlined into `MetricSet`'s dispatch, so that what several metrics compute from the same
            // fact (its day, above all) is computed once.
            printer.print("@inline(__always)")
            printer.print("mutating func add(_ fact: \(stream.swiftName), context: AggregationContext\(parameters)) {")
            printer.withIndentation { printer in
                emitBody(into: &printer)
            }
            printer.print("}")
            printer.print()
            for (index, method) in stateMethods.enumerated() {
                if index > 0 { printer.print() }
                printer.print("\(method.declaration) {")
                printer.withIndentation { $0.print(method.body) }
                printer.print("}")
            }
        }
        printer.print("}")
    }

    /// The methods besides `add` through which `MetricSet` reaches the state (settling, merging,
    /// reading it), each a declaration and its one-line body.
    private var stateMethods: [(declaration: String, body: String)] {
        switch state {
        case .ledger:
            [
                ("mutating func settle(_ item: CustomerLedger.Item, cells: inout CellIndex)",
                 "settled.add(item, counting: \(isCount), cells: &cells)"),
                ("mutating func merge(_ other: Self, cells numbers: [Int])", "settled.merge(other.settled, numbers: numbers)"),
                ("func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable", "settled.table(in: days, cells: cells)"),
            ]
        case .dedupTable:
            [
                ("mutating func merge(_ other: Self)", "kept.merge(other.kept)"),
                ("func table(in days: ClosedRange<Day>) -> MetricTable", "kept.table(in: days, counting: \(isCount))"),
            ]
        case .cells:
            [
                ("mutating func merge(_ other: Self, cells numbers: [Int])", "table.merge(other.table, numbers: numbers)"),
                ("func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable", "table.table(in: days, cells: cells)"),
            ]
        }
    }

    private var isCount: Bool {
        if case .count = metric.measure { return true }
        return false
    }

    private func locate(_ location: SourceLocation, _ printer: inout CodePrinter) {
        printer.directive("#sourceLocation(file: \"\(location.file)\", line: \(location.line))")
    }

    private func emitBody(into printer: inout CodePrinter) {
        for binding in metric.bindings {
            locate(binding.location, &printer)
            let type = ExpressionRenderer.swiftType(binding.value.type)
            let name = SwiftNames.escapedMember(binding.name)
            if case .when = binding.value.kind {
                printer.print("let \(name): \(type) =")
                printer.withIndentation { printer in
                    printer.print(ExpressionRenderer.switchStatement(binding.value))
                }
            } else {
                printer.print("let \(name): \(type) = \(ExpressionRenderer.swift(binding.value))")
            }
        }
        if !metric.conditions.isEmpty {
            locate(metric.conditions[0].location, &printer)
            let conditions = metric.conditions.map { ExpressionRenderer.swiftLines($0) }
            if conditions.count == 1, conditions[0].count == 1 {
                printer.print("guard \(conditions[0][0]) else { return }")
            } else {
                printer.print("guard")
                printer.withIndentation { printer in
                    for (index, lines) in conditions.enumerated() {
                        let comma = index == conditions.count - 1 ? "" : ","
                        for (lineIndex, line) in lines.enumerated() {
                            printer.print(line + (lineIndex == lines.count - 1 ? comma : ""))
                        }
                    }
                }
                printer.print("else { return }")
            }
        }
        emitScope(into: &printer)
        emitMeasureAndRecord(into: &printer)
        printer.directive("#sourceLocation()")
    }

    /// `scope … at EXPR`: the day the value belongs to, and the cell it is kept in.
    private func emitScope(into printer: inout CodePrinter) {
        guard let at = metric.scopeAt else { return }
        locate(at.location, &printer)
        let dayExpression = Self.dayExpression(at)
        if at.type.isOptional {
            printer.print("guard let day = \(dayExpression) else { return }")
        } else {
            printer.print("let day = \(dayExpression)")
        }
        if metric.dedup == nil || metric.dedup?.kind == .distinct {
            printer.print("guard context.mayInclude(day) else { return }")
        }
        var arguments = [metric.scope == .range ? "day: .none" : "day: day"]
        for split in ["product", "agent"] where metric.splits.contains(split) {
            let field = stream.field(split)!
            let value = "fact.\(SwiftNames.escapedMember(split))"
            arguments.append("\(split): \(field.type.isOptional ? "\(value) ?? .none" : value)")
        }
        printer.print("let cell = CellKey(\(arguments.joined(separator: ", ")))")
    }

    /// The Swift of the day of the scope's `at`.
    private static func dayExpression(_ at: TypedExpression) -> String {
        at.type.value == .day ? ExpressionRenderer.swift(at) : "context.day(\(ExpressionRenderer.swift(at)))"
    }

    /// `expression` in Swift, or `day` where it is the scope's day, which `emitScope` computed.
    private func swiftReusingDay(_ expression: TypedExpression) -> String {
        let swift = ExpressionRenderer.swift(expression)
        guard let at = metric.scopeAt, !at.type.isOptional, !expression.type.isOptional else { return swift }
        return swift == Self.dayExpression(at) ? "day" : swift
    }

    private func emitMeasureAndRecord(into printer: inout CodePrinter) {
        var valueArgument = "nil"
        if case .aggregate(_, let expression) = metric.measure {
            locate(metric.measureLocation, &printer)
            let swift = ExpressionRenderer.swift(expression)
            if metric.dedup == nil {
                if expression.type.isOptional {
                    printer.print("guard let value = \(swift) else { return }")
                } else {
                    printer.print("let value = \(swift)")
                }
                printer.print("table.add(value.measuredValue, at: cells.number(of: cell))")
                return
            }
            printer.print(
                expression.type.isOptional
                    ? "let value = \(swift)?.measuredValue" : "let value: Int64? = (\(swift)).measuredValue")
            valueArgument = "value"
        }
        guard let dedup = metric.dedup else {
            locate(metric.measureLocation, &printer)
            printer.print("table.addOccurrence(at: cells.number(of: cell))")
            return
        }
        locate(dedup.location, &printer)
        if case .ledger(let ledger) = state {
            emitLedgerOffer(ledger, dedup: dedup, value: valueArgument, into: &printer)
            return
        }
        let key = dedup.keys.map { "\(swiftReusingDay($0)).keyValue" }.joined(separator: ", ")
        let order = dedup.order.map { "\(ExpressionRenderer.swift($0)).keyValue" } ?? "Int64(fact.seq)"
        printer.print("kept.offer(")
        printer.withIndentation { printer in
            printer.print("FactKey(\(key)),")
            printer.print("order: \(order), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: \(valueArgument))")
        }
    }

    private func emitLedgerOffer(
        _ ledger: LedgerPlan, dedup: CheckedMetric.Dedup, value: String, into printer: inout CodePrinter
    ) {
        let key = dedup.keys.map { "\(swiftReusingDay($0)).keyValue" }.joined(separator: ", ")
        let order = dedup.order.map { "\(ExpressionRenderer.swift($0)).keyValue" } ?? "Int64(fact.seq)"
        var settle = "settleDay: .none, settleTime: 0"
        if let (day, time) = ledger.settle {
            let swift = swiftReusingDay(day)
            settle = "settleDay: \(day.type.isOptional ? "\(swift) ?? .none" : swift), settleTime: FactTime.\(time.swiftCase).rawValue"
        }
        printer.print("ledger.offer(")
        printer.withIndentation { printer in
            printer.print("slot: slot, keep: .\(dedup.kind == .last ? "last" : "first"),")
            printer.print("FactKey(\(key)),")
            switch ledger.finality {
            case .bySequence(let stream): settle += ", finality: .bySequence(stream: FactStream.\(stream.swiftCase).rawValue)"
            case .byTime(let time): settle += ", finality: .byTime(FactTime.\(time.swiftCase).rawValue)"
            case nil: break
            }
            printer.print("\(settle),")
            printer.print("order: \(order), sequence: Int64(fact.seq), scopeDay: day, cell: cell, value: \(value))")
        }
    }
}
