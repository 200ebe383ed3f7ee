/// The type of a value in the spec language.
enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case int
    case bool
    case instant
    case duration
    case day
    /// An interned identifier: product, customer, agent.
    case id
    case string
    /// The type of the `null` literal alone.
    case null
    case enumeration(String)

    init?(schemaName: String) {
        switch schemaName {
        case "int": self = .int
        case "bool": self = .bool
        case "instant": self = .instant
        case "duration": self = .duration
        case "day": self = .day
        case "id": self = .id
        default: return nil
        }
    }

    static let builtInNames = ["int", "bool", "instant", "duration", "day", "id"]

    var description: String {
        switch self {
        case .int: "int"
        case .bool: "bool"
        case .instant: "instant"
        case .duration: "duration"
        case .day: "day"
        case .id: "id"
        case .string: "string"
        case .null: "null"
        case .enumeration(let name): name
        }
    }

    /// Whether values of this type are ordered (`<`, `first per … by`).
    var isOrdered: Bool {
        switch self {
        case .int, .instant, .duration, .day: true
        default: false
        }
    }

    /// Whether values of this type can be part of a deduplication key.
    var isKeyable: Bool {
        switch self {
        case .string, .null: false
        default: true
        }
    }
}

/// A value type and whether it may be null.
struct SpecType: Sendable, Hashable, CustomStringConvertible {
    var value: ValueType
    var isOptional: Bool

    init(_ value: ValueType, optional: Bool = false) {
        self.value = value
        self.isOptional = optional || value == .null
    }

    static let bool = SpecType(.bool)

    var description: String { isOptional && value != .null ? "\(value)?" : value.description }
}
