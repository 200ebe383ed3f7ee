import Foundation

/// Shows how far a long run has read, on standard error when it is a terminal.
enum ProgressLine {
    /// A progress callback, or nil when standard error is not a terminal.
    static func reporter() -> (@Sendable (Int, Int?) -> Void)? {
        guard isatty(2) == 1 else { return nil }
        let start = ContinuousClock.now
        return { consumed, total in
            // Only runs longer than a moment are worth a progress line.
            guard ContinuousClock.now - start > .milliseconds(500) else { return }
            let megabytes = Double(consumed) / 1_048_576
            var line = "\rreading… \(Int(megabytes)) MB"
            if let total, total > 0 {
                line += " of \(total / 1_048_576) MB (\(min(100, consumed * 100 / total))%)"
            }
            FileHandle.standardError.write(Data(line.utf8))
            shown.set()
        }
    }

    /// Erases the progress line if one was shown.
    static func clear() {
        guard shown.isSet else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private static let shown = Flag()

    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false

        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }
}
