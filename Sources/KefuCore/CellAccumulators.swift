/// One metric's accumulators, by the number of their cell in the `CellIndex` of its `MetricSet`.
///
/// A cell no fact added to holds an empty accumulator (a count of 0): every add counts, so a cell
/// with values always has a count.
public struct CellAccumulators: Sendable {
    @usableFromInline
    var values: [Accumulator] = []

    @inlinable
    public init() {}

    /// Counts one occurrence without a value in the cell numbered `number`.
    @inlinable
    public mutating func addOccurrence(at number: Int) {
        makeRoom(for: number)
        values[number].addOccurrence()
    }

    /// Adds a measured value to the cell numbered `number`.
    @inlinable
    public mutating func add(_ value: Int64, at number: Int) {
        makeRoom(for: number)
        values[number].add(value)
    }

    @inlinable
    mutating func makeRoom(for number: Int) {
        if number >= values.count { grow(toHold: number) }
    }

    /// Makes room up to `number`, doubling at least, so that growing is rare.
    @usableFromInline
    mutating func grow(toHold number: Int) {
        let count = max(number + 1, 2 * values.count, 64)
        values.append(contentsOf: repeatElement(Accumulator(), count: count - values.count))
    }

    /// Adds the accumulators of `other`, kept under another index's numbers; `numbers` gives each of
    /// those numbers its number here (`CellIndex.merge`).
    public mutating func merge(_ other: CellAccumulators, numbers: [Int]) {
        for (number, accumulator) in other.values.enumerated() where accumulator.count != 0 {
            makeRoom(for: numbers[number])
            values[numbers[number]].merge(accumulator)
        }
    }

    /// The cells with values in `days`, and those not split by day (range-scoped metrics), as a
    /// table; `cells` is the index the numbers are of.
    public func table(in days: ClosedRange<Day>, cells: CellIndex) -> MetricTable {
        var table = MetricTable()
        for (number, accumulator) in values.enumerated() where accumulator.count != 0 {
            let cell = cells.cell(number)
            if cell.day.isNone || days.contains(cell.day) {
                table.merge(cell, accumulator)
            }
        }
        return table
    }
}
