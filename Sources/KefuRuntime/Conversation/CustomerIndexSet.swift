/// A set of customer indices (positions in the model's `customers`), without hashing: a sparse set.
///
/// `members` lists the members densely, in no particular order; `slots[i]` is the position of `i` in
/// `members`, or -1. Inserting appends, removing moves the last member into the hole, so both are a
/// few array writes, and iterating visits only the members. Customers enter and leave the set
/// (`DayEndSnapshots.notIdle`) on most conversation boundaries, where a `Set<Int>` hashed with SipHash.
struct CustomerIndexSet: Sendable {
    /// The members, in no particular order.
    private(set) var members: [Int] = []
    /// For each index seen so far, its position in `members`, or -1 when it is not a member.
    private var slots: [Int32] = []

    func contains(_ index: Int) -> Bool {
        index < slots.count && slots[index] >= 0
    }

    mutating func insert(_ index: Int) {
        if index >= slots.count {
            slots.append(contentsOf: repeatElement(-1, count: index + 1 - slots.count))
        }
        guard slots[index] < 0 else { return }
        slots[index] = Int32(members.count)
        members.append(index)
    }

    mutating func remove(_ index: Int) {
        guard contains(index) else { return }
        let position = Int(slots[index])
        let last = members.removeLast()
        if last != index {
            members[position] = last
            slots[last] = Int32(position)
        }
        slots[index] = -1
    }
}
