import KefuCore

/// Reads a whole event log (JSON Lines, plain or gzip) into its applied events, in time order.
///
/// It is the chunked reader (`LogChunkReader`) with every chunk kept: the way to hold a log in
/// memory, for tests and for input that must be sorted. Lines are split on `\n` (a `\r` before it is
/// dropped); blank lines are skipped and not counted; each other line is counted as applied,
/// rejected, or a duplicate of an applied line's `id`.
public enum EventLogReader {
    /// Reads the file at `path` (`-`: standard input), gzip-compressed or not whatever its name.
    /// Throws `EventLogError` when the file cannot be read or its gzip data is corrupt.
    public static func read(path: String) throws -> EventLog {
        let (log, failure) = collect(try LogByteSource(path: path))
        if let failure { throw failure }
        return log
    }

    /// Reads a log held in memory, plain or gzip-compressed. Corrupt gzip data does not stop it: the
    /// lines inflated before the damage are read, and the damage counts as one more rejected line.
    public static func read(bytes: [UInt8]) -> EventLog {
        var (log, failure) = collect(LogByteSource(bytes: bytes))
        if let failure { log.summary.reject(line: log.lastLine + 1, reason: failure.reason) }
        return log
    }

    /// Every chunk of `source`, stably sorted by time if out of order, and the error that stopped
    /// the reading, if one did.
    static func collect(_ source: LogByteSource, threads: Int = 1) -> (EventLog, EventLogError?) {
        var reader = LogChunkReader(source: source, threads: threads)
        var events: [LogEvent] = []
        var sorted = true
        var failure: EventLogError?
        do {
            while let chunk = try reader.next() {
                if sorted, let first = chunk.first, let last = events.last, first.ts < last.ts { sorted = false }
                if sorted, zip(chunk, chunk.dropFirst()).contains(where: { $0.ts > $1.ts }) { sorted = false }
                events.append(contentsOf: chunk)
            }
        } catch {
            failure = error
        }
        if !sorted {
            // Line numbers grow with file order, so ordering by (ts, line) is the stable sort.
            events.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.line < $1.line }
        }
        var log = EventLog(events: events, symbols: reader.symbols, summary: reader.summary, wasSorted: sorted)
        log.lastLine = reader.linesRead
        return (log, failure)
    }
}
