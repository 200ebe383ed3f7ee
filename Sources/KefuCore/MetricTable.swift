/// One metric's values for every cell (day, product, agent) it has a contribution in: what reports
/// read. (While facts come, a metric keeps its values by cell number, `CellAccumulators`.)
public struct MetricTable: Sendable, Equatable {
    /// The accumulator of each cell: an `InlineHashMap`, since `Dictionary` would hash each cell
    /// with SipHash.
    @usableFromInline
    var accumulators = InlineHashMap<CellKey, Accumulator>()

    public init(cells: [CellKey: Accumulator] = [:]) {
        self.cells = cells
    }

    /// The cells and their accumulators, as a dictionary. Reading builds the dictionary and setting
    /// rebuilds the table: this is for reading results once, not for hot paths.
    public var cells: [CellKey: Accumulator] {
        get {
            Dictionary(uniqueKeysWithValues: accumulators.elements.lazy.map { ($0.key, $0.value) })
        }
        set {
            accumulators = InlineHashMap()
            for (cell, accumulator) in newValue {
                accumulators.insert(accumulator, forKey: cell)
            }
        }
    }

    /// The cells and their accumulators, in no particular order, for reading results without
    /// building a dictionary.
    public var entries: some Sequence<(cell: CellKey, accumulator: Accumulator)> {
        accumulators.elements.lazy.map { ($0.key, $0.value) }
    }

    @inlinable
    public mutating func addOccurrence(at cell: CellKey) {
        let position = accumulators.insert(Accumulator(), forKey: cell).position
        accumulators[valueAt: position].addOccurrence()
    }

    @inlinable
    public mutating func add(_ value: Int64, at cell: CellKey) {
        let position = accumulators.insert(Accumulator(), forKey: cell).position
        accumulators[valueAt: position].add(value)
    }

    public mutating func merge(_ other: MetricTable) {
        for element in other.accumulators.elements {
            merge(element.key, element.value)
        }
    }

    /// Adds `accumulator`, gathered elsewhere, to the cell `cell`.
    public mutating func merge(_ cell: CellKey, _ accumulator: Accumulator) {
        let position = accumulators.insert(Accumulator(), forKey: cell).position
        accumulators[valueAt: position].merge(accumulator)
    }
}

extension MetricTable {
    /// The cells of `days`, and the cells not split by day (range-scoped metrics).
    public func restricted(to days: ClosedRange<Day>) -> MetricTable {
        func isKept(_ cell: CellKey) -> Bool { cell.day.isNone || days.contains(cell.day) }
        // Mostly the report covers every day the table has: nothing to drop, nothing to rebuild.
        if accumulators.elements.allSatisfy({ isKept($0.key) }) { return self }
        var restricted = MetricTable()
        for element in accumulators.elements where isKept(element.key) {
            restricted.accumulators.insert(element.value, forKey: element.key)
        }
        return restricted
    }
}
