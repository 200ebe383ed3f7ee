/// How spec names become Swift names: `first_reply_at` → `firstReplyAt`, `event_type` → `EventType`.
enum SwiftNames {
    static func member(_ name: String) -> String {
        let parts = name.split(separator: "_")
        guard let first = parts.first else { return name }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func type(_ name: String) -> String {
        name.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A member name safe to use in Swift (keywords in backquotes).
    static func escapedMember(_ name: String) -> String {
        let swiftName = member(name)
        return keywords.contains(swiftName) ? "`\(swiftName)`" : swiftName
    }

    private static let keywords: Set<String> = [
        "default", "case", "switch", "in", "is", "as", "let", "var", "func", "class", "struct", "enum",
        "protocol", "extension", "return", "if", "else", "for", "while", "do", "repeat", "break",
        "continue", "true", "false", "nil", "self", "Self", "super", "init", "import", "operator", "where",
        "guard", "defer", "throw", "throws", "try", "catch", "static", "public", "internal", "private",
        "fileprivate", "open", "inout", "subscript", "typealias", "associatedtype", "any", "some",
    ]
}
