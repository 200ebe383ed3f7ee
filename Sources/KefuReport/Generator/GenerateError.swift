/// A problem with `generate`'s arguments or output, shown to the user as one line.
public struct GenerateError: Error, CustomStringConvertible, Sendable {
    /// The message, without the program's name.
    public let description: String

    /// An error that says `description`.
    public init(_ description: String) {
        self.description = description
    }
}
