import KefuMetrics
import KefuRuntime

/// Turns the metrics' cells into report rows and totals, by each metric's scope and total rule.
///
/// Rows and totals are built the same way: the accumulators of every cell in the row are merged, then
/// read by the metric's measure. Counts and sums add, averages divide summed values by summed counts
/// (never the mean of means), maxima take the maximum, and ratios divide their operands' merged
/// values. A snapshot metric over several days uses the cells of the last day.
struct ReportBuilder {
    let descriptors: [MetricDescriptor]
    let tables: [String: MetricTable]
    let days: ClosedRange<Day>
    var by: [Dimension]
    let symbols: SymbolNames
    let roster: Roster

    /// How a metric's value is read from a row's merged accumulators, one per contributing metric:
    /// worked out once per metric, not per row.
    private indirect enum Reading {
        /// The metric's measure of the accumulator at `index`; nil when the metric has no cells.
        case measure(MetricDescriptor, index: Int?)
        case ratio(Reading, Reading)
        /// A ratio of undeclared metrics.
        case none
    }

    /// The dimensions of a row as the cells hold them; names are looked up once per row, not per cell.
    private struct RowKey: Hashable {
        var day: Day?
        var product: Symbol?
        var agent: Symbol?
        var group: String?
    }

    func build() -> (rows: [Report.Row], total: [(id: String, value: MetricValue)]) {
        let contributing = MetricSet.descriptors.compactMap { descriptor in
            contributors.contains(descriptor.id) ? tables[descriptor.id].map { (descriptor, table: $0) } : nil
        }
        var rows: [RowKey: [Accumulator]] = [:]
        let empty = [Accumulator](repeating: Accumulator(), count: contributing.count)
        var total = empty
        var groups: [Symbol: String] = [:]
        for (index, (descriptor, table)) in contributing.enumerated() {
            let applies = applies(descriptor)
            for (cell, accumulator) in table.entries {
                if descriptor.scope == .snapshot, cell.day != days.upperBound, !(applies && by.contains(.day)) {
                    continue
                }
                if descriptor.scope != .snapshot || cell.day == days.upperBound {
                    total[index].merge(accumulator)
                }
                guard applies, !by.isEmpty else { continue }
                let key = rowKey(of: cell, groups: &groups)
                rows[key, default: empty][index].merge(accumulator)
            }
        }
        let positions = Dictionary(uniqueKeysWithValues: contributing.enumerated().map { ($1.0.id, $0) })
        let named = rows.map { (keys: names(of: $0.key), values: $0.value) }
            .sorted { $0.keys.lexicographicallyPrecedes($1.keys) }
        let shown = descriptors.filter(applies).map { (id: $0.id, reading: reading(of: $0, positions: positions)) }
        let sortedRows = named.map { row in
            Report.Row(keys: row.keys, values: shown.map { ($0.id, value($0.reading, in: row.values)) })
        }
        let totals = descriptors.map { (id: $0.id, reading: reading(of: $0, positions: positions)) }
        return (sortedRows, totals.map { ($0.id, value($0.reading, in: total)) })
    }

    /// The selected metrics and the operands of the selected ratios: the metrics whose cells make rows.
    private var contributors: Set<String> {
        var ids = Set(descriptors.map(\.id))
        for descriptor in descriptors {
            if case .ratio(let numerator, let denominator) = descriptor.measure {
                ids.insert(numerator)
                ids.insert(denominator)
            }
        }
        return ids
    }

    /// Whether a metric has a value in rows keyed by every dimension of `by`.
    func applies(_ descriptor: MetricDescriptor) -> Bool {
        if case .ratio(let numerator, let denominator) = descriptor.measure {
            guard let n = MetricSet.descriptor(numerator), let d = MetricSet.descriptor(denominator) else {
                return false
            }
            return applies(n) && applies(d) && splitsAllow(descriptor)
        }
        return splitsAllow(descriptor)
    }

    private func splitsAllow(_ descriptor: MetricDescriptor) -> Bool {
        by.allSatisfy { dimension in
            switch dimension {
            case .day: descriptor.scope != .range
            case .product: descriptor.splits.contains(.product)
            case .agent, .group: descriptor.splits.contains(.agent)
            }
        }
    }

    private func rowKey(of cell: CellKey, groups: inout [Symbol: String]) -> RowKey {
        var key = RowKey()
        for dimension in by {
            switch dimension {
            case .day: key.day = cell.day
            case .product: key.product = cell.product
            case .agent: key.agent = cell.agent
            case .group:
                if let group = groups[cell.agent] {
                    key.group = group
                } else {
                    let group = roster.group(of: symbols.name(of: cell.agent))
                    groups[cell.agent] = group
                    key.group = group
                }
            }
        }
        return key
    }

    private func names(of key: RowKey) -> [String] {
        by.map { dimension in
            switch dimension {
            case .day: key.day!.description
            case .product: symbols.name(of: key.product!)
            case .agent: symbols.name(of: key.agent!)
            case .group: key.group!
            }
        }
    }

    /// How `descriptor`'s value is read, its operands' accumulators found by metric id in `positions`.
    private func reading(of descriptor: MetricDescriptor, positions: [String: Int]) -> Reading {
        if case .ratio(let numerator, let denominator) = descriptor.measure {
            guard let n = MetricSet.descriptor(numerator), let d = MetricSet.descriptor(denominator) else { return .none }
            return .ratio(reading(of: n, positions: positions), reading(of: d, positions: positions))
        }
        return .measure(descriptor, index: positions[descriptor.id])
    }

    private func value(_ reading: Reading, in accumulators: [Accumulator]) -> MetricValue {
        switch reading {
        case .none:
            return .null
        case .ratio(let numerator, let denominator):
            guard let top = value(numerator, in: accumulators).doubleValue,
                let bottom = value(denominator, in: accumulators).doubleValue, bottom != 0
            else { return .null }
            return .number(top / bottom)
        case .measure(let descriptor, let index):
            return Self.measure(of: descriptor, index.map { accumulators[$0] } ?? Accumulator())
        }
    }

    /// The value of `descriptor`'s measure (not a ratio) over `accumulator`.
    private static func measure(of descriptor: MetricDescriptor, _ accumulator: Accumulator) -> MetricValue {
        func scaled(_ raw: Int64) -> MetricValue {
            descriptor.scale == 1 ? .integer(raw) : .number(Double(raw) / Double(descriptor.scale))
        }
        switch descriptor.measure {
        case .count:
            return .integer(accumulator.count)
        case .sum:
            return scaled(accumulator.sum)
        case .mean:
            guard accumulator.count > 0 else { return .null }
            return .number(Double(accumulator.sum) / Double(accumulator.count) / Double(descriptor.scale))
        case .max:
            return accumulator.count > 0 ? scaled(accumulator.maximum) : .null
        case .min:
            return accumulator.count > 0 ? scaled(accumulator.minimum) : .null
        case .ratio:
            return .null
        }
    }
}

extension MetricSet {
    /// The descriptor of a metric id, if one is declared.
    static func descriptor(_ id: String) -> MetricDescriptor? {
        descriptors.first { $0.id == id }
    }
}
