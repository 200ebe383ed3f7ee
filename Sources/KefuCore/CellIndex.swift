/// The cells some metrics of one `MetricSet` keep values in, numbered in the order they first
/// occur, shared by those metrics (the set has one index per shape of cell; each metric keeps its
/// values by number, in `CellAccumulators`).
///
/// Why not a hash table per metric: nearly every fact adds to some metric's cell, and on a large log
/// one table per metric, each far larger than the caches, misses them on nearly every add. One
/// table shared by several metrics is touched by all of them, so it stays in the caches; and a
/// day's cells, numbered as they first occur, lie together in each metric's values.
public struct CellIndex: Sendable {
    @usableFromInline
    var numbers = InlineHashMap<CellKey, UInt32>()
    /// The cell of each number.
    @usableFromInline
    var keys: [CellKey] = []
    /// The cell last numbered, and its number (-1 before the first): a fact's metrics mostly add to
    /// the same cell one after another.
    @usableFromInline
    var lastKey = CellKey(day: .none)
    @usableFromInline
    var lastNumber = -1

    @inlinable
    public init() {}

    /// How many cells have a number.
    @inlinable
    public var count: Int { keys.count }

    /// The number of `cell`, given it now if it has none.
    @inlinable
    public mutating func number(of cell: CellKey) -> Int {
        if lastNumber >= 0 && cell == lastKey { return lastNumber }
        let (inserted, position) = numbers.insert(UInt32(keys.count), forKey: cell)
        if inserted { keys.append(cell) }
        let number = Int(numbers[valueAt: position])
        lastKey = cell
        lastNumber = number
        return number
    }

    /// The cell numbered `number`.
    @inlinable
    public func cell(_ number: Int) -> CellKey {
        keys[number]
    }

    /// Numbers the cells of `other` here, and returns each one's number here by its number there:
    /// what `CellAccumulators.merge` takes to merge values kept under `other`'s numbers.
    public mutating func merge(_ other: CellIndex) -> [Int] {
        other.keys.map { number(of: $0) }
    }
}
