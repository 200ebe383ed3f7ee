/// A problem with `generate`'s arguments or output, shown to the user as one line.
public struct GenerateError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
