#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import KefuCore

/// Reads an event log (JSON Lines, plain or gzip) into its applied events, in time order.
///
/// Lines are split on `\n` (a `\r` before it is dropped); blank lines are skipped and not counted.
/// Each other line is decoded by `EventLineDecoder`, then counted as applied, rejected, or a
/// duplicate of an applied line's `id`.
public enum EventLogReader {
    /// Reads the file at `path` (`-`: standard input), gzip-compressed or not whatever its name.
    /// Throws `EventLogError` when the file cannot be read or its gzip data is corrupt.
    public static func read(path: String) throws -> EventLog {
        let bytes = try InputFile.readAll(path: path)
        guard GzipDecoder.isGzip(bytes) else { return read(plain: bytes) }
        var plain: [UInt8] = []
        do {
            try GzipDecoder.decompress(bytes, into: &plain)
        } catch {
            throw EventLogError(path: path, reason: error.message)
        }
        return read(plain: plain)
    }

    /// Reads a log held in memory, plain or gzip-compressed. Corrupt gzip data does not stop it: the
    /// lines inflated before the damage are read, and the damage counts as one more rejected line.
    public static func read(bytes: [UInt8]) -> EventLog {
        guard GzipDecoder.isGzip(bytes) else { return read(plain: bytes) }
        var plain: [UInt8] = []
        do {
            try GzipDecoder.decompress(bytes, into: &plain)
        } catch {
            var log = read(plain: plain)
            log.summary.reject(line: lineCount(plain) + 1, reason: error.message)
            return log
        }
        return read(plain: plain)
    }

    /// Reads plain JSON Lines.
    static func read(plain bytes: [UInt8]) -> EventLog {
        bytes.withUnsafeBufferPointer { read(plain: $0) }
    }

    static func read(plain bytes: UnsafeBufferPointer<UInt8>) -> EventLog {
        var decoder = EventLineDecoder()
        guard let base = bytes.baseAddress, !bytes.isEmpty else {
            return EventLog(events: [], symbols: decoder.symbols, summary: InputSummary(), wasSorted: true)
        }
        var state = ReadState(inputBase: base)
        let end = bytes.count
        var start = 0
        // A UTF-8 byte order mark is not part of the first line.
        if end >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
        var number = 0
        var sized = false
        while start < end {
            number += 1
            var lineEnd = end
            if let newline = memchr(base + start, 0x0A, end - start) {
                lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            }
            let next = lineEnd + 1
            if lineEnd > start && base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            defer { start = next }

            // Blank lines (nothing but JSON whitespace) are skipped and not counted.
            var first = start
            while first < lineEnd, base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D {
                first += 1
            }
            if first == lineEnd { continue }

            let line = UnsafeBufferPointer(start: base + start, count: lineEnd - start)
            switch decoder.decode(line, number: number) {
            case .rejected(let reason):
                state.summary.reject(line: number, reason: reason)
            case .event(let event, let id):
                state.summary.lines += 1
                if let id {
                    decoder.withBytes(of: id, line: line) { idBytes in
                        if id.inScratch {
                            state.addPending(escaped: idBytes, eventIndex: state.events.count)
                        } else {
                            state.addPending(idBytes, inputStart: start + id.start, eventIndex: state.events.count)
                        }
                    }
                }
                if event.ts < state.last { state.tentativelySorted = false }
                state.last = event.ts
                state.events.append(event)
                if !sized && state.summary.lines >= ReadState.batchSize {
                    // Size the results once, from the first lines: no regrowing over gigabytes.
                    sized = true
                    state.reserve(expectedLines: Int(Double(end) / Double(next) * Double(state.summary.lines)))
                }
                if state.pending.count == ReadState.batchSize { state.flushPending() }
            }
        }
        state.flushPending()

        var sorted = state.tentativelySorted
        if !sorted && state.summary.duplicates > 0 {
            // The order was broken only by lines that turned out to be duplicates, perhaps.
            sorted = zip(state.events, state.events.dropFirst()).allSatisfy { $0.ts <= $1.ts }
        }
        if !sorted {
            // Line numbers grow with file order, so ordering by (ts, line) is the stable sort.
            state.events.sort { $0.ts != $1.ts ? $0.ts < $1.ts : $0.line < $1.line }
        }
        state.summary.applied = state.events.count
        return EventLog(events: state.events, symbols: decoder.symbols, summary: state.summary, wasSorted: sorted)
    }

    /// What the reader accumulates. Ids are checked for duplicates in batches: the table lookups of
    /// a batch are independent of each other, so their cache misses overlap instead of adding up.
    private struct ReadState {
        static let batchSize = 4096

        /// An id waiting to be checked: where its bytes are (in the input, or in `escapedIDs`), its hash,
        /// and its tentatively appended event.
        struct PendingID {
            var eventIndex: Int
            var hash: UInt64
            var start: Int
            var count: Int
            var escaped: Bool
        }

        var events: [LogEvent] = []
        var summary = InputSummary()
        var duplicateIDs = DuplicateIDSet()
        var pending: [PendingID] = []
        /// Bytes of the pending ids that had escapes (and so are not in the input as they are).
        var escapedIDs: [UInt8] = []
        let inputBase: UnsafePointer<UInt8>
        /// Whether the events appended so far, duplicates included, are in time order.
        var tentativelySorted = true
        var last = Instant.distantPast
        /// Keeps the prefetching reads of `flushPending` from being optimised away.
        var touchSink: UInt64 = 0

        init(inputBase: UnsafePointer<UInt8>) {
            self.inputBase = inputBase
            pending.reserveCapacity(Self.batchSize)
        }

        /// Queues an id that is in the input, at `start` from its beginning.
        mutating func addPending(_ id: UnsafeRawBufferPointer, inputStart start: Int, eventIndex: Int) {
            pending.append(PendingID(eventIndex: eventIndex, hash: ByteHash.hash(id), start: start, count: id.count, escaped: false))
        }

        /// Queues an id decoded from escapes, copying its bytes.
        mutating func addPending(escaped id: UnsafeRawBufferPointer, eventIndex: Int) {
            pending.append(PendingID(eventIndex: eventIndex, hash: ByteHash.hash(id), start: escapedIDs.count, count: id.count, escaped: true))
            escapedIDs.append(contentsOf: id)
        }

        /// Reserves room for the events and ids of `expectedLines`, judging from the lines so far
        /// (all of whose ids are still pending).
        mutating func reserve(expectedLines: Int) {
            let lines = max(expectedLines, summary.lines)
            events.reserveCapacity(lines + lines / 16)
            let withIDs = Double(pending.count) / Double(max(1, summary.lines))
            let averageLength = pending.isEmpty ? 16 : pending.reduce(0) { $0 + $1.count } / pending.count
            duplicateIDs.reserveCapacity(Int(Double(lines) * withIDs * 1.05), averageLength: averageLength)
        }

        mutating func flushPending() {
            guard !pending.isEmpty else { return }
            var duplicates: [Int] = []
            if duplicateIDs.count + pending.count <= duplicateIDs.capacity {
                touchSink &+= duplicateIDs.touch(hashes: pending.lazy.map(\.hash))
            }
            for item in pending {
                let isNew: Bool
                if item.escaped {
                    isNew = escapedIDs.withUnsafeBytes {
                        duplicateIDs.insert(UnsafeRawBufferPointer(rebasing: $0[item.start..<(item.start + item.count)]), hash: item.hash)
                    }
                } else {
                    isNew = duplicateIDs.insert(UnsafeRawBufferPointer(start: inputBase + item.start, count: item.count), hash: item.hash)
                }
                if !isNew { duplicates.append(item.eventIndex) }
            }
            pending.removeAll(keepingCapacity: true)
            escapedIDs.removeAll(keepingCapacity: true)
            guard let firstDuplicate = duplicates.first else { return }
            summary.duplicates += duplicates.count
            // Remove the duplicates' events, keeping the others in order.
            var write = firstDuplicate
            var next = 0
            for read in firstDuplicate..<events.count {
                if next < duplicates.count && duplicates[next] == read {
                    next += 1
                    continue
                }
                events[write] = events[read]
                write += 1
            }
            events.removeLast(events.count - write)
        }
    }

    /// The number of lines in `bytes`, counting a last line without a line break.
    private static func lineCount(_ bytes: [UInt8]) -> Int {
        var count = 0
        for byte in bytes where byte == 0x0A { count += 1 }
        if let last = bytes.last, last != 0x0A { count += 1 }
        return count
    }
}
