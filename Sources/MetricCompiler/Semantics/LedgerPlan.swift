/// Whether a deduplicated metric keeps its state in customers' ledgers (`CustomerLedger`) rather
/// than in one `DedupTable`, and how its items settle.
///
/// A metric qualifies when its key holds its stream's `product` and `customer` fields as they are:
/// the runtime splits work by customer, so such a key never occurs for two customers, and the
/// customer's ledger can hold it. An item settles early when the key also holds the day of one of
/// the stream's time fields (`day(entered_at)`, or a field of type `day`): the runtime knows, for each
/// customer and time field, the earliest day a later fact can still carry.
struct LedgerPlan: Sendable {
    /// The key's day that settles the item, and the time field it is the day of.
    let settle: (day: TypedExpression, time: TimeField)?
    /// For a key of the customer alone kept first (`distinct product, customer`, `first per product,
    /// customer by ts`): what orders it, so the runtime can tell when no later fact can precede the
    /// kept one. Nil otherwise.
    let finality: Finality?

    enum Finality: Sendable {
        /// `distinct`: ordered by the facts' sequence in the stream.
        case bySequence(StreamModel)
        /// `first per … by FIELD`, FIELD a time of the stream.
        case byTime(TimeField)
    }

    init?(metric: CheckedMetric) {
        guard let dedup = metric.dedup, let stream = metric.stream else { return nil }
        func isField(_ expression: TypedExpression, _ name: String) -> Bool {
            if case .field(let field) = expression.kind, field.name == name { return true }
            return false
        }
        guard let product = stream.field("product"), let customer = stream.field("customer"),
            product.type.value == .id, !product.type.isOptional,
            customer.type.value == .id, !customer.type.isOptional,
            dedup.keys.contains(where: { isField($0, "product") }),
            dedup.keys.contains(where: { isField($0, "customer") })
        else { return nil }
        if dedup.kind != .last, dedup.keys.allSatisfy({ isField($0, "product") || isField($0, "customer") }) {
            switch dedup.order?.kind {
            case nil:
                finality = .bySequence(stream)
            case .field(let field) where field.type == SpecType(.instant, optional: false):
                finality = .byTime(TimeField(stream: stream, field: field))
            default:
                finality = nil
            }
        } else {
            finality = nil
        }
        settle = dedup.keys.lazy.compactMap { key -> (day: TypedExpression, time: TimeField)? in
            switch key.kind {
            case .day(let argument):
                guard case .field(let field) = argument.kind else { return nil }
                return (key, TimeField(stream: stream, field: field))
            case .field(let field) where field.type.value == .day:
                return (key, TimeField(stream: stream, field: field))
            default:
                return nil
            }
        }.first
    }
}

extension StreamModel {
    /// The case of `FactStream` (`queue_waits` → `queueWaits`).
    var swiftCase: String { SwiftNames.member(name) }
}

/// A field of a stream holding a time (an instant or a day), as the runtime names it in `FactTime`.
struct TimeField: Sendable {
    let stream: StreamModel
    let field: FieldModel

    /// The case of `FactTime`: the stream's name, then the field's (`stints_entered_at` →
    /// `stintsEnteredAt`).
    var swiftCase: String { SwiftNames.member(stream.name + "_" + field.name) }

    /// Every time field of `schema`, in declaration order: the cases of `FactTime`.
    static func all(in schema: Schema) -> [TimeField] {
        schema.streams.flatMap { stream in
            stream.fields.filter { $0.type.value == .instant || $0.type.value == .day }
                .map { TimeField(stream: stream, field: $0) }
        }
    }
}
