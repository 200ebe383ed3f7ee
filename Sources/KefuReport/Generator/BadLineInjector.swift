/// Adds the imperfections of real logs after good lines, with `--bad-lines FRACTION`: malformed
/// lines (cut-off JSON, an unknown type, a missing required field, an unparseable timestamp) and,
/// half as often, a line delivered twice (same id). They are added, never substituted, so the
/// valid events, and the report on them, are those of the same seed without `--bad-lines`.
struct BadLineInjector {
    private var random: SplitMix64
    /// Chance of a malformed line after each good line, per million.
    private let malformedPerMillion: Int
    /// Chance of a repeated line after each good line, per million.
    private let duplicatePerMillion: Int
    private(set) var malformed = 0
    private(set) var duplicates = 0

    var isActive: Bool { malformedPerMillion > 0 || duplicatePerMillion > 0 }

    init(fraction: Double, random: SplitMix64) {
        self.random = random
        malformedPerMillion = Int((fraction * 1_000_000).rounded())
        duplicatePerMillion = fraction > 0 ? max(1, malformedPerMillion / 2) : 0
    }

    /// Perhaps adds a bad line after the good line of `event` that begins at `lineStart` in the
    /// sink's buffer.
    mutating func after(
        _ event: GeneratedEvent, lineStart: Int, writer: inout EventLineWriter, into sink: inout ByteSink
    ) {
        if random.perMillion(duplicatePerMillion) {
            // The platform delivered the line again.
            let line = sink.bytes(from: lineStart)
            let copy = Array(line)
            copy.withUnsafeBufferPointer { sink.append($0) }
            duplicates += 1
        }
        guard random.perMillion(malformedPerMillion) else { return }
        malformed += 1
        var subject = event
        if subject.kind == .agentStatus {
            // A customer line still: so each bad line has exactly the one fault it is meant to have.
            subject.kind = .customerMessage
        }
        switch random.below(4) {
        case 0:
            // Cut off mid-line, as by a crash while writing.
            let line = Array(sink.bytes(from: lineStart))
            let cut = line.count / 2
            line.withUnsafeBufferPointer { sink.append(UnsafeBufferPointer(rebasing: $0[..<cut])) }
            sink.append(UInt8(ascii: "\n"))
        case 1:
            writer.writeHead(at: event.time, type: "customer_typing", into: &sink)
            writer.writeSubject(of: subject, into: &sink)
            sink.append("}\n")
        case 2:
            // A reception_enter without its agent.
            writer.writeHead(at: event.time, type: "reception_enter", into: &sink)
            writer.writeSubject(of: subject, into: &sink)
            sink.append(",\"mode\":\"auto\"}\n")
        default:
            writer.writeHead(at: event.time, type: "customer_message", spaceForT: true, into: &sink)
            writer.writeSubject(of: subject, into: &sink)
            sink.append("}\n")
        }
    }
}
