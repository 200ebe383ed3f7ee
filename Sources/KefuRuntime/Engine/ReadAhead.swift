import Dispatch
import KefuCore

/// Reads and decodes the next chunks of a log on a thread of its own while the caller applies the
/// chunk before, so that the reader's serial steps (reading, merging the threads' symbols and slices)
/// overlap with applying instead of leaving a core idle.
///
/// At most `depth` decoded chunks wait to be taken, so memory stays bounded by a few chunks. The
/// caller takes chunks in file order with `next()` and must end with `finish()`, which stops the
/// reader if the caller gave up early and hands back the reader (for its symbols and summary).
final class ReadAhead: @unchecked Sendable {
    private enum Item {
        case chunk([LogEvent], consumed: Int)
        case end
        case failure(EventLogError)
    }

    // The reader is touched by the reading thread only, until `finish()` has waited for it.
    private var reader: LogChunkReader
    private let source: LogByteSource
    private let progress: (@Sendable (Int, Int?) -> Void)?
    private var queue: [Item] = []
    private let lock = DispatchSemaphore(value: 1)
    private let ready = DispatchSemaphore(value: 0)
    private let free: DispatchSemaphore
    private let done = DispatchGroup()
    private var cancelled = false

    init(reader: LogChunkReader, source: LogByteSource, depth: Int = 2, progress: (@Sendable (Int, Int?) -> Void)?) {
        self.reader = reader
        self.source = source
        self.progress = progress
        // Created at 0 and raised to `depth`: libdispatch traps when a semaphore is released below
        // its initial value, as this one is when the caller stops reading early.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<depth { free.signal() }
        DispatchQueue.global().async(group: done) { self.run() }
    }

    private func run() {
        while true {
            free.wait()
            lock.wait()
            let stop = cancelled
            lock.signal()
            if stop { return }
            let item: Item
            do {
                if let events = try reader.next() {
                    item = .chunk(events, consumed: source.consumed)
                } else {
                    item = .end
                }
            } catch {
                item = .failure(error)
            }
            lock.wait()
            queue.append(item)
            lock.signal()
            ready.signal()
            if case .chunk(_, let consumed) = item {
                progress?(consumed, source.totalSize)
            } else {
                return
            }
        }
    }

    /// The next chunk's applied events, or nil at the end of the log.
    func next() throws(EventLogError) -> [LogEvent]? {
        ready.wait()
        lock.wait()
        let item = queue.removeFirst()
        lock.signal()
        free.signal()
        switch item {
        case .chunk(let events, _): return events
        case .end: return nil
        case .failure(let error): throw error
        }
    }

    /// Stops reading (if the log was not read to its end) and returns the reader.
    func finish() -> LogChunkReader {
        lock.wait()
        cancelled = true
        lock.signal()
        free.signal()
        done.wait()
        return reader
    }
}
