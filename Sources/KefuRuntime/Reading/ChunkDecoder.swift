#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CPrefetch
import Dispatch
import KefuCore

/// Decodes a chunk of whole log lines on several threads, then puts the pieces back in file order:
/// one symbol table, one line numbering, duplicate ids removed, the first rejections kept.
///
/// Each thread decodes its slice of the chunk with its own `EventLineDecoder` (and so its own
/// symbols); the slices' new symbols are then interned into the shared table in file order, so the
/// numbering does not depend on timing, and the events' symbols are mapped to it.
struct ChunkDecoder {
    /// What one thread decoded from its slice of a chunk.
    private struct Slice {
        var events: [LogEvent] = []
        var rejections: [RejectedLine] = []
        /// The ids, by the thread whose table checks them (`PendingID.owner`), each list in file
        /// order: a thread then reads only its own.
        var ids: [[PendingID]] = []
        /// Bytes of ids that had escapes and so are not in the chunk as they are.
        var escapedIDs: [UInt8] = []
        /// Where each id that continues a run is in the slice (`PendingID.continuations`), for the
        /// runs the bitmaps do not take, whose ids are then checked one by one.
        var runStarts: [Int] = []
        /// Lines in the slice, blank ones included (for numbering the next slice).
        var lineBreaks = 0
        /// Non-blank lines.
        var lines = 0

        mutating func add(_ id: PendingID) {
            ids[Int(id.owner)].append(id)
        }
    }

    /// An id to check, or a run of them: the numbered ids `number`, `number.next`, … of the
    /// `runLength` events from `eventIndex` on, as a log that numbers its events has them.
    private struct PendingID {
        var eventIndex: Int
        /// How many ids the entry stands for; over 1 for a numbered id only.
        var runLength = 1
        /// Where in `Slice.runStarts` the ids after the first of a run are.
        var continuations = 0
        /// Where the (first) id is: in the slice, or in `Slice.escapedIDs` if `escaped`.
        var start: Int
        var count: Int
        var escaped: Bool
        /// Which thread's table checks the id: chosen once, here, rather than by each thread. It
        /// depends on the id's bytes only, so a repeated id goes to the same table.
        var owner: UInt8
        /// The id's `ByteHash`, for the hash tables; 0 for a numbered id, which the bitmaps mostly
        /// take (`DuplicateIDSet` hashes it if they do not).
        var hash: UInt64
        var number: NumberedID?

        /// The entry of the id `bytes`, whose `NumberedID` is `number`.
        init(
            eventIndex: Int, start: Int, count: Int, escaped: Bool, bytes: UnsafeRawBufferPointer, number: NumberedID?,
            tables: Int
        ) {
            self.eventIndex = eventIndex
            self.start = start
            self.count = count
            self.escaped = escaped
            self.number = number
            hash = number == nil ? ByteHash.hash(bytes) : 0
            // Numbered ids go to the tables by blocks of 4096 numbers: each thread's bitmap spans
            // the whole range of numbers and holds every `tables`-th block (`tables` bits an id in
            // all). A run stays within a block.
            let spread = number.map { $0.number >> Self.blockBits } ?? hash >> 32
            owner = UInt8(truncatingIfNeeded: spread % UInt64(tables))
        }

        /// Numbers go to the tables by blocks of 2^12.
        static var blockBits: UInt64 { 12 }

        /// Whether `next`, the id of the event at `eventIndex`, continues the run: the next number
        /// of its shape, on the next event, in the same block.
        @inline(__always)
        func isContinued(by next: NumberedID, at eventIndex: Int) -> Bool {
            guard let number, eventIndex == self.eventIndex + runLength else { return false }
            let expected = number.number &+ UInt64(runLength)
            return next.number == expected && next.number & ((1 << Self.blockBits) - 1) != 0 && next.shape == number.shape
        }
    }

    private var decoders: [EventLineDecoder]
    /// For each decoder, its local symbol numbers mapped to the shared table's.
    private var remaps: [[Symbol]]
    /// The shared symbols: each decoder's new names, interned in file order.
    private var shared = SymbolInterner()
    /// The names of the shared symbols.
    var symbols: SymbolNames { shared.names }
    /// The ids seen so far, split between threads (by number for a numbered id, else by hash) so that
    /// each checks its share in file order.
    private var duplicateIDs: [DuplicateIDSet]
    private(set) var summary = InputSummary()
    private var nextLine = 1
    /// How many lines were decoded, blank ones included.
    var linesRead: Int { nextLine - 1 }
    /// The size of the whole log in bytes, when known, to size the id table once.
    private let expectedBytes: Int?
    private var sized = false

    /// The log file the chunks come from, when ids can be read back from it.
    private let file: LogFileBytes?

    init(threads: Int, expectedBytes: Int? = nil, file: LogFileBytes? = nil) {
        self.expectedBytes = expectedBytes
        self.file = file
        decoders = (0..<max(1, threads)).map { _ in EventLineDecoder() }
        duplicateIDs = decoders.map { _ in DuplicateIDSet(file: file) }
        remaps = decoders.map { _ in [Symbol.none] }
    }

    /// Decodes `chunk`, which holds whole lines only and starts at byte `offset` of the log, and
    /// returns its applied events in file order.
    mutating func decode(_ chunk: UnsafeBufferPointer<UInt8>, at offset: Int = 0) -> [LogEvent] {
        let bounds = sliceBounds(chunk)
        // Each chunk's own symbols, mapped to the shared ones at its end: the decoders' tables stay
        // the size of a chunk's customers, not the log's.
        for index in decoders.indices {
            decoders[index].forgetSymbols()
            remaps[index].removeAll(keepingCapacity: true)
            remaps[index].append(.none)
        }
        // Move the decoders out while threads use them, so each holds the only reference to its
        // tables and mutating them never copies.
        let decoderBox = UnsafeMutableBufferPointer<EventLineDecoder>.allocate(capacity: decoders.count)
        _ = decoderBox.initialize(from: decoders)
        decoders.removeAll()
        let slices = UnsafeMutableBufferPointer<Slice>.allocate(capacity: bounds.count)
        slices.initialize(repeating: Slice())
        defer {
            decoders = Array(decoderBox)
            decoderBox.deinitialize()
            decoderBox.deallocate()
            slices.deinitialize()
            slices.deallocate()
        }
        let work = SliceWork(chunk: chunk, bounds: bounds, decoders: decoderBox, slices: slices)
        if bounds.count == 1 {
            work.run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: bounds.count) { work.run($0) }
        }
        // Shared symbols in file order, then the events mapped to them.
        for index in 0..<bounds.count {
            extendRemap(index, decoder: decoderBox[index])
        }
        if !sized, let expectedBytes, chunk.count > 0 {
            // Size the id tables for the whole log from the first chunk, before checking it: growing
            // a table reads every id in it back from the file. Numbered ids need no room there
            // (the bitmaps take them, unless they are sparse, and then the table grows).
            sized = true
            var ids = 0
            var idBytes = 0
            var hashed = 0
            for id in slices.lazy.flatMap({ $0.ids.joined() }) {
                ids += id.runLength
                idBytes += id.count * id.runLength
                if id.number == nil { hashed += 1 }
            }
            let expected = Double(hashed) * Double(expectedBytes) / Double(chunk.count) * 1.1 / Double(duplicateIDs.count)
            for index in duplicateIDs.indices {
                duplicateIDs[index].reserveCapacity(Int(expected), averageLength: ids == 0 ? 16 : idBytes / ids)
            }
        }
        let duplicates = markDuplicates(slices, chunk: chunk, at: file == nil ? nil : offset, bounds: bounds)
        var events: [LogEvent] = []
        events.reserveCapacity(slices.reduce(0) { $0 + $1.events.count })
        for index in 0..<bounds.count {
            appendSlice(slices[index], duplicates: duplicates[index], remap: remaps[index], into: &events)
        }
        summary.applied += events.count
        return events
    }

    /// Splits the chunk into one slice per decoder, at line breaks.
    private func sliceBounds(_ chunk: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        let parts = chunk.count < 1 << 12 ? 1 : decoders.count
        var bounds: [Range<Int>] = []
        var start = 0
        for part in 1...parts {
            var end = part == parts ? chunk.count : max(start, chunk.count * part / parts)
            while end < chunk.count, end > 0, chunk[end - 1] != 0x0A { end += 1 }
            bounds.append(start..<end)
            start = end
        }
        return bounds
    }

    private mutating func extendRemap(_ index: Int, decoder: EventLineDecoder) {
        let local = decoder.names
        let first = remaps[index].count
        guard first <= local.count else { return }
        remaps[index].reserveCapacity(local.count + 1)
        // New names are mostly new customers, each looked up at random in the shared table: their
        // slots are prefetched a few names ahead.
        for raw in first..<min(first + Self.prefetchDistance, local.count + 1) {
            local.withName(of: Symbol(raw: UInt32(raw))) { shared.prefetch($0) }
        }
        for raw in first...local.count {
            if raw + Self.prefetchDistance <= local.count {
                local.withName(of: Symbol(raw: UInt32(raw + Self.prefetchDistance))) { shared.prefetch($0) }
            }
            // A decoder's names are valid UTF-8: it checked them.
            remaps[index].append(local.withName(of: Symbol(raw: UInt32(raw))) { shared.intern($0)! })
        }
    }

    /// Finds the duplicate ids of a chunk, in file order: each thread checks the ids that fall
    /// to it against its own table, so an id is always checked by the same thread.
    private mutating func markDuplicates(
        _ slices: UnsafeMutableBufferPointer<Slice>, chunk: UnsafeBufferPointer<UInt8>, at offset: Int?,
        bounds: [Range<Int>]
    ) -> [[Bool]] {
        let flags = UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<Bool>>.allocate(capacity: slices.count)
        for index in slices.indices {
            flags[index] = .allocate(capacity: slices[index].events.count)
            flags[index].initialize(repeating: false)
        }
        let tables = UnsafeMutableBufferPointer<DuplicateIDSet>.allocate(capacity: duplicateIDs.count)
        _ = tables.initialize(from: duplicateIDs)
        duplicateIDs.removeAll()
        defer {
            duplicateIDs = Array(tables)
            tables.deinitialize()
            tables.deallocate()
            for index in flags.indices { flags[index].deallocate() }
            flags.deallocate()
        }
        let work = DuplicateWork(
            chunk: chunk, offset: offset, bounds: bounds, slices: UnsafeBufferPointer(slices), tables: tables,
            flags: flags)
        if tables.count == 1 {
            work.run(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: tables.count) { work.run($0) }
        }
        return flags.map { Array($0) }
    }

    private mutating func appendSlice(_ slice: Slice, duplicates: [Bool], remap: [Symbol], into events: inout [LogEvent]) {
        let lineOffset = nextLine - 1
        nextLine += slice.lineBreaks
        // `reject` counts the rejected lines itself.
        summary.lines += slice.lines - slice.rejections.count
        for rejection in slice.rejections {
            summary.reject(line: rejection.line + lineOffset, reason: rejection.reason)
        }
        slice.events.withUnsafeBufferPointer { sliceEvents in
            remap.withUnsafeBufferPointer { remap in
                for (index, var event) in sliceEvents.enumerated() {
                    // The customers' entries, looked up at random, prefetched a few events ahead.
                    if index + Self.prefetchDistance < sliceEvents.count {
                        kefu_prefetch(remap.baseAddress! + Int(sliceEvents[index + Self.prefetchDistance].customer.raw))
                    }
                    if duplicates[index] {
                        summary.duplicates += 1
                        continue
                    }
                    event.line += lineOffset
                    event.product = remap[Int(event.product.raw)]
                    event.customer = remap[Int(event.customer.raw)]
                    event.agent = remap[Int(event.agent.raw)]
                    event.toAgent = remap[Int(event.toAgent.raw)]
                    events.append(event)
                }
            }
        }
    }

    /// How many names (`extendRemap`) or events (`appendSlice`) ahead the serial steps of merging
    /// the slices prefetch what they will look up.
    private static var prefetchDistance: Int { 16 }

    /// The per-thread duplicate check of one chunk: thread `index` owns table `index` and the ids
    /// that fall to it (`PendingID.owner`), and marks the events that repeat an earlier id.
    private struct DuplicateWork: @unchecked Sendable {
        let chunk: UnsafeBufferPointer<UInt8>
        /// Where the chunk starts in the log file, when the tables read ids back from it.
        let offset: Int?
        let bounds: [Range<Int>]
        let slices: UnsafeBufferPointer<ChunkDecoder.Slice>
        let tables: UnsafeMutableBufferPointer<DuplicateIDSet>
        let flags: UnsafeMutableBufferPointer<UnsafeMutableBufferPointer<Bool>>

        /// How many ids' home slots are prefetched ahead of inserting them.
        private static var batch: Int { 32 }

        func run(_ index: Int) {
            for sliceIndex in slices.indices {
                let base = chunk.baseAddress! + bounds[sliceIndex].lowerBound
                slices[sliceIndex].ids[index].withUnsafeBufferPointer { ids in
                    var start = 0
                    while start < ids.count {
                        let end = min(start + Self.batch, ids.count)
                        // The table is far larger than the caches: a batch's home slots are
                        // prefetched together, so that their cache misses overlap. Numbered ids
                        // mostly go to the bitmaps, which need no such help.
                        for id in ids[start..<end] where id.number == nil {
                            tables[index].prefetch(hash: id.hash)
                        }
                        for id in ids[start..<end] {
                            if id.runLength > 1 {
                                insertRun(id, into: index, of: sliceIndex, base: base)
                            } else {
                                insert(id, into: index, of: sliceIndex, base: base)
                            }
                        }
                        start = end
                    }
                }
            }
        }

        @inline(__always)
        private func insert(_ id: ChunkDecoder.PendingID, into index: Int, of sliceIndex: Int, base: UnsafePointer<UInt8>) {
            let isNew =
                id.escaped
                ? slices[sliceIndex].escapedIDs.withUnsafeBytes {
                    tables[index].insert(
                        UnsafeRawBufferPointer(rebasing: $0[id.start..<(id.start + id.count)]), hash: id.hash,
                        number: id.number)
                }
                : tables[index].insert(
                    UnsafeRawBufferPointer(start: base + id.start, count: id.count), hash: id.hash, number: id.number,
                    fileOffset: offset.map { $0 + bounds[sliceIndex].lowerBound + id.start })
            if !isNew { flags[sliceIndex][id.eventIndex] = true }
        }

        /// Checks the ids of a run: at once where the bitmaps take them, else one by one, each read
        /// where it is in the chunk (a run's ids are never escaped).
        private func insertRun(_ run: ChunkDecoder.PendingID, into index: Int, of sliceIndex: Int, base: UnsafePointer<UInt8>) {
            let first = run.number!
            let runStarts = slices[sliceIndex].runStarts
            tables[index].insertRun(first, count: run.runLength) { position in
                let start = position == 0 ? run.start : runStarts[run.continuations + position - 1]
                let id = NumberedID(shape: first.shape, number: first.number + UInt64(position))
                return (
                    UnsafeRawBufferPointer(start: base + start, count: id.byteCount),
                    offset.map { $0 + bounds[sliceIndex].lowerBound + start }
                )
            } present: { position in
                flags[sliceIndex][run.eventIndex + position] = true
            }
        }
    }

    /// The per-thread work of one chunk: each index decodes its own slice with its own decoder.
    private struct SliceWork: @unchecked Sendable {
        let chunk: UnsafeBufferPointer<UInt8>
        let bounds: [Range<Int>]
        let decoders: UnsafeMutableBufferPointer<EventLineDecoder>
        let slices: UnsafeMutableBufferPointer<Slice>

        func run(_ index: Int) {
            let range = bounds[index]
            let base = chunk.baseAddress! + range.lowerBound
            var slice = Slice()
            slice.events.reserveCapacity(range.count / 100)
            slice.ids = (0..<decoders.count).map { _ in
                var ids: [PendingID] = []
                ids.reserveCapacity(range.count / 100 / decoders.count)
                return ids
            }
            var start = 0
            let end = range.count
            var number = 0
            // The numbered id of the last event with an id, and those right before it that it
            // continues, not yet added to the slice's ids.
            var run: PendingID?
            // Customers whose symbols the decoder left to find here.
            var customers: [PendingCustomer] = []
            customers.reserveCapacity(Self.customerBatch)
            while start < end {
                number += 1
                var lineEnd = end
                if let newline = memchr(base + start, 0x0A, end - start) {
                    lineEnd = base.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                }
                let next = lineEnd + 1
                if lineEnd > start && base[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                defer { start = next }
                var first = start
                while first < lineEnd, base[first] == 0x20 || base[first] == 0x09 || base[first] == 0x0D { first += 1 }
                if first == lineEnd { continue }
                slice.lines += 1
                let line = UnsafeBufferPointer(start: base + start, count: lineEnd - start)
                switch decoders[index].decode(line, number: number) {
                case .rejected(let reason):
                    slice.rejections.append(RejectedLine(line: number, reason: reason))
                case .event(let event, let id, let customer):
                    if let customer {
                        customers.append(
                            PendingCustomer(
                                event: slice.events.count, offset: start + customer.slice.start,
                                count: customer.slice.count, hash: customer.hash))
                    }
                    if let id {
                        if id.inScratch {
                            if let open = run { slice.add(open) }
                            run = nil
                            decoders[index].withBytes(of: id, line: line) { bytes in
                                slice.add(
                                    PendingID(
                                        eventIndex: slice.events.count, start: slice.escapedIDs.count, count: bytes.count,
                                        escaped: true, bytes: bytes, number: NumberedID(bytes), tables: decoders.count))
                                slice.escapedIDs.append(contentsOf: bytes)
                            }
                        } else {
                            let bytes = UnsafeRawBufferPointer(start: base + start + id.start, count: id.count)
                            let number = NumberedID(bytes)
                            // Sequential ids join the open run rather than make an entry each.
                            if let number, run?.isContinued(by: number, at: slice.events.count) == true {
                                run!.runLength += 1
                                slice.runStarts.append(start + id.start)
                            } else {
                                if let open = run { slice.add(open) }
                                var pending = PendingID(
                                    eventIndex: slice.events.count, start: start + id.start, count: id.count,
                                    escaped: false, bytes: bytes, number: number, tables: decoders.count)
                                pending.continuations = slice.runStarts.count
                                if number == nil {
                                    run = nil
                                    slice.add(pending)
                                } else {
                                    run = pending
                                }
                            }
                        }
                    }
                    slice.events.append(event)
                    if customers.count == Self.customerBatch {
                        intern(&customers, into: &slice, decoder: index, base: base)
                    }
                }
            }
            intern(&customers, into: &slice, decoder: index, base: base)
            if let open = run { slice.add(open) }
            slice.lineBreaks = number
            slices[index] = slice
        }

        /// A customer id whose symbol the decoder left to find (`EventLineDecoder.Outcome`).
        private struct PendingCustomer {
            /// The event's index in its slice.
            var event: Int
            /// Where the id is, from the slice's start.
            var offset: Int
            var count: Int
            var hash: UInt64
        }

        /// How many lines' customers are interned together, their table slots prefetched meanwhile.
        private static var customerBatch: Int { 16 }

        /// Finds the symbols of `customers` and empties it.
        @inline(__always)
        private func intern(
            _ customers: inout [PendingCustomer], into slice: inout Slice, decoder index: Int, base: UnsafePointer<UInt8>
        ) {
            for customer in customers {
                slice.events[customer.event].customer = decoders[index].internCustomer(
                    base + customer.offset, customer.count, hash: customer.hash)
            }
            customers.removeAll(keepingCapacity: true)
        }
    }
}
