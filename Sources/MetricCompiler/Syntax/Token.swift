/// One lexical token of a spec file.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// A name: a keyword, field, stream, metric id or enum case (keywords are contextual).
        case identifier
        case string
        /// An integer, optionally with a duration unit (`30s`, `5m`, `2h`).
        case number
        case symbol
        case endOfFile
    }

    let kind: Kind
    /// The token's text; for a string, its value without quotes and escapes.
    let text: String
    let location: SourceLocation
    /// Whether this is the first token on its line (clauses start lines; used to recover from errors).
    let startsLine: Bool

    func isKeyword(_ keyword: String) -> Bool {
        kind == .identifier && text == keyword
    }

    func isSymbol(_ symbol: String) -> Bool {
        kind == .symbol && text == symbol
    }

    /// How the token reads in a message.
    var display: String {
        switch kind {
        case .endOfFile: "end of file"
        case .string: "\"\(text)\""
        default: "'\(text)'"
        }
    }
}
