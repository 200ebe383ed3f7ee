/// One metric's values for every cell (day, product, agent) it has a contribution in.
public struct MetricTable: Sendable, Equatable {
    public var cells: [CellKey: Accumulator] = [:]

    public init(cells: [CellKey: Accumulator] = [:]) {
        self.cells = cells
    }

    @inlinable
    public mutating func addOccurrence(at cell: CellKey) {
        cells[cell, default: Accumulator()].addOccurrence()
    }

    @inlinable
    public mutating func add(_ value: Int64, at cell: CellKey) {
        cells[cell, default: Accumulator()].add(value)
    }

    public mutating func merge(_ other: MetricTable) {
        for (cell, accumulator) in other.cells {
            cells[cell, default: Accumulator()].merge(accumulator)
        }
    }
}

extension MetricTable {
    /// The cells of `days`, and the cells not split by day (range-scoped metrics).
    public func restricted(to days: ClosedRange<Day>) -> MetricTable {
        MetricTable(cells: cells.filter { $0.key.day.isNone || days.contains($0.key.day) })
    }
}
