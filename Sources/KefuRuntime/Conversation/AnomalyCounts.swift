/// How many impossible events of each kind a model met.
///
/// Counts of models that ran over disjoint customers add up to the counts of one model over all.
struct AnomalyCounts: Sendable, Equatable {
    /// Only kinds that occurred have an entry.
    private(set) var byKind: [AnomalyKind: Int] = [:]

    mutating func record(_ kind: AnomalyKind) {
        byKind[kind, default: 0] += 1
    }

    subscript(kind: AnomalyKind) -> Int {
        byKind[kind] ?? 0
    }

    var total: Int { byKind.values.reduce(0, +) }

    mutating func merge(_ other: AnomalyCounts) {
        byKind.merge(other.byKind, uniquingKeysWith: +)
    }
}
