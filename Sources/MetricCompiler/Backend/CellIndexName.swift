/// The `CellIndex` of `MetricSet` that numbers a metric's cells: one per shape of cell (by day or
/// not, by product, by agent), shared by the metrics of that shape, so that each metric's values
/// (`CellAccumulators`) span the cells of its own shape only.
struct CellIndexName: Equatable {
    /// The keys of the cells, in words: "day, product and agent".
    let keys: String
    /// The `MetricSet` property: `dayProductAgentCells`.
    let property: String
    /// The local that `merge` keeps the other set's numbers in: `dayProductAgentNumbers`.
    let numbers: String

    /// The index of `metric`; nil for a metric kept in a `DedupTable`, which numbers no cells.
    init?(_ metric: CheckedMetric) {
        if case .dedupTable = AggregatorEmitter.State(metric) { return nil }
        let parts = (metric.scope == .range ? [] : ["day"]) + ["product", "agent"].filter { metric.splits.contains($0) }
        let name = parts.enumerated().map { $0 == 0 ? $1 : $1.prefix(1).uppercased() + $1.dropFirst() }.joined()
        keys = parts.count < 2 ? parts.first ?? "nothing" : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
        property = name.isEmpty ? "cells" : name + "Cells"
        numbers = name.isEmpty ? "numbers" : name + "Numbers"
    }

    /// The indices of `metrics`, each once, in the order the metrics first need them.
    static func all(of metrics: [CheckedMetric]) -> [CellIndexName] {
        metrics.compactMap { CellIndexName($0) }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
