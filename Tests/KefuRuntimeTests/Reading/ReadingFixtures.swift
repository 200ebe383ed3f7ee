import CZlib
import Foundation
import KefuCore
import KefuMetrics

@testable import KefuRuntime

/// Builders of event-log inputs for the reading tests: everything in code or in temporary files.
enum ReadingFixtures {
    /// Reads `text` as an in-memory log.
    static func log(_ text: String) -> EventLog {
        EventLogReader.read(bytes: Array(text.utf8))
    }

    /// Reads a one-line log and returns its event, or nil if the line was rejected.
    static func event(_ line: String) -> (event: LogEvent, symbols: SymbolNames)? {
        let log = log(line)
        guard let event = log.events.first else { return nil }
        return (event, log.symbols)
    }

    /// The reason a one-line log's line was rejected; nil if it was not.
    static func rejection(_ line: String) -> String? {
        log(line).summary.errors.first?.reason
    }

    /// The name of `symbol` in a log's table.
    static func name(_ symbol: Symbol, _ symbols: SymbolNames) -> String {
        symbols.name(of: symbol)
    }

    /// A JSON line from its fields, in order, values written as given (already JSON).
    static func line(_ fields: KeyValuePairs<String, String>) -> String {
        "{" + fields.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    /// A valid line of each type, with every field its type requires and nothing optional.
    static func minimalLine(_ type: EventType, ts: String = "2026-12-01T09:00:00+08:00") -> [(String, String)] {
        var fields: [(String, String)] = [("ts", ts), ("type", type.rawValue)]
        if type != .agentStatus { fields += [("product", "p1"), ("customer", "c1")] }
        switch type {
        case .receptionEnter, .agentMessage, .receptionEnd, .transfer, .ratingInvite, .rating, .agentStatus:
            fields.append(("agent", "a1"))
        default: break
        }
        if type == .transfer { fields.append(("to_agent", "a2")) }
        if type == .receptionEnter { fields.append(("mode", "auto")) }
        if type == .rating { fields.append(("score", "satisfied")) }
        return fields
    }

    /// A JSON line of string fields.
    static func jsonLine(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",") + "}"
    }

    /// `count` (< 54 000) valid customer messages with ids `e0`…, one second apart from 2026-12-01T09:00:00Z.
    static func messages(_ count: Int, idPrefix: String = "e") -> [String] {
        (0..<count).map { i in
            let second = String(format: "%02d", i % 60)
            let minute = String(format: "%02d", i / 60 % 60)
            let hour = String(format: "%02d", 9 + i / 3600)
            return "{\"id\":\"\(idPrefix)\(i)\",\"ts\":\"2026-12-01T\(hour):\(minute):\(second)Z\",\"type\":\"customer_message\",\"product\":\"p1\",\"customer\":\"c\(i % 7)\"}"
        }
    }

    /// Gzip-compresses `bytes` with zlib (windowBits 31: a gzip header and trailer).
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        let status = deflateInit2_(
            &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY,
            zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK)
        defer { deflateEnd(&stream) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 64)
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = UInt32(inBuffer.count)
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = UInt32(outBuffer.count)
                let result = deflate(&stream, Z_FINISH)
                precondition(result == Z_STREAM_END)
                return outBuffer.count - Int(stream.avail_out)
            }
        }
        return Array(output[..<produced])
    }

    /// A fresh temporary directory, removed by the caller with `remove`.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("kefu-reading-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func remove(_ url: URL) {
        try? FileManager.default.removeItem(at: url)
    }
}
