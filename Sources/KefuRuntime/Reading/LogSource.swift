/// Where a log comes from.
public enum LogSource: Sendable {
    /// A file, or standard input for `-`; gzip is recognised by its content.
    case path(String)
    /// A log held in memory, plain or gzip.
    case bytes([UInt8])
}
