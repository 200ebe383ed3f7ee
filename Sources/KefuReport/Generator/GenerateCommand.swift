import Foundation
import KefuMetrics

/// `kefu-metrics generate`: parses the command line and writes a synthetic event log.
public enum GenerateCommand {
    /// The text of `kefu-metrics generate --help`.
    public static let help = """
        usage: kefu-metrics generate --seed N --customers N --days N [--start YYYY-MM-DD] [--products N]
                                     [--agents N] [--explicit] [--bad-lines FRACTION] [--out FILE]
                                     [--roster FILE]

        Writes a realistic synthetic event log (EVENTS.md) of a small shop, for demos and benchmarks:
        customers open the chat, talk to the bot, ask for a person, queue, are received, transferred,
        answered and rated; agents work early and late shifts in two groups (售前, 售后) and change
        their work and connection status through the day. Local time is Asia/Shanghai (+08:00).
        The same options give the same bytes.

        options:
          --seed N              the random seed (an unsigned 64-bit integer)
          --customers N         distinct customers over the whole log; about a fifth of a day's
                                number also return from earlier days
          --days N              local days of the log, each complete from 00:00 to 24:00
          --start DAY           the first day; default 2026-12-01
          --products N          products (mini_program_shop, h5_store, …); default 2, at most 99
          --agents N            agents a01, a02, …, the first half 售前 and the rest 售后; default 6
          --explicit            write every transition: an agent's reply to a customer in the queue
                                or the bot list also gets its transfer_to_human (by agent) and
                                reception_enter (manual) lines, and every transfer_to_human says `by`
          --bad-lines FRACTION  add this fraction of malformed lines (cut-off JSON, unknown type,
                                missing field, bad ts) and half as many repeated ids; default 0
          --out FILE            write the log to FILE; default (or '-'): standard output
          --roster FILE         also write the agents' roster (CSV: agent,group) to FILE

        examples:
          kefu-metrics generate --seed 7 --customers 400 --days 7 --out week.jsonl --roster roster.csv
          kefu-metrics generate --seed 1 --customers 700000 --days 30 --agents 120 --explicit --out big.jsonl
          kefu-metrics generate --seed 3 --customers 2000 --days 3 --bad-lines 0.001 | kefu-metrics report --events -
        """

    /// Parsed arguments.
    public struct Options: Sendable {
        /// What to generate.
        public var generator: GeneratorOptions
        /// Where the log goes; nil: standard output.
        public var out: String?
        /// Where the roster goes, if anywhere.
        public var roster: String?
        /// `--help` was asked for: nothing else is done.
        public var help = false
    }

    /// Reads the command line after `generate`; throws a one-line error for anything unusable.
    public static func parse(_ arguments: [String]) throws(GenerateError) -> Options {
        var seed: UInt64?
        var customers: Int?
        var days: Int?
        var generator = GeneratorOptions(seed: 0, customers: 0, days: 0)
        var out: String?
        var roster: String?
        var index = 0
        func value(_ name: String) throws(GenerateError) -> String {
            index += 1
            guard index < arguments.count else {
                throw GenerateError("\(name) needs a value (see kefu-metrics generate --help)")
            }
            return arguments[index]
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(GenerateError) -> Int {
            let text = try value(name)
            guard let number = Int(text), range.contains(number) else {
                throw GenerateError("\(name): '\(text)' is not a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "--seed":
                let text = try value(argument)
                guard let number = UInt64(text) else {
                    throw GenerateError("--seed: '\(text)' is not an unsigned whole number")
                }
                seed = number
            case "--customers": customers = try integer(argument, 1...100_000_000)
            case "--days": days = try integer(argument, 1...3660)
            case "--products": generator.products = try integer(argument, 1...99)
            case "--agents": generator.agents = try integer(argument, 1...9999)
            case "--start":
                let text = try value(argument)
                guard let day = Day(iso: text), day >= Day(year: 1971, month: 1, day: 1),
                    day <= Day(year: 9000, month: 1, day: 1)
                else {
                    throw GenerateError("--start: '\(text)' is not a date like 2026-12-01 (from 1971)")
                }
                generator.start = day
            case "--explicit": generator.explicit = true
            case "--bad-lines":
                let text = try value(argument)
                guard let fraction = Double(text), fraction >= 0, fraction <= 0.5 else {
                    throw GenerateError("--bad-lines: '\(text)' is not a fraction from 0 to 0.5, like 0.001")
                }
                generator.badLines = fraction
            case "--out": out = try value(argument)
            case "--roster": roster = try value(argument)
            case "--help", "-h":
                return Options(generator: generator, out: nil, roster: nil, help: true)
            default:
                throw GenerateError("unknown option '\(argument)' (see kefu-metrics generate --help)")
            }
            index += 1
        }
        let missing = [("--seed", seed == nil), ("--customers", customers == nil), ("--days", days == nil)]
            .filter(\.1).map(\.0)
        guard missing.isEmpty, let seed, let customers, let days else {
            throw GenerateError(
                "generate needs \(missing.joined(separator: ", ")) (e.g. --seed 7 --customers 400 --days 7)")
        }
        generator.seed = seed
        generator.customers = customers
        generator.days = days
        return Options(generator: generator, out: out == "-" ? nil : out, roster: roster)
    }

    /// Runs the command: writes the log (and the roster), or the help. Throws a one-line error.
    public static func run(_ arguments: [String]) throws(GenerateError) {
        let options = try parse(arguments)
        if options.help {
            FileHandle.standardOutput.write(Data((help + "\n").utf8))
            return
        }
        let generator = LogGenerator(options: options.generator)
        if let roster = options.roster {
            guard FileManager.default.createFile(atPath: roster, contents: Data(generator.rosterCSV.utf8)) else {
                throw GenerateError("cannot write the roster to \"\(roster)\"")
            }
        }
        guard let path = options.out else {
            _ = try generator.write(toDescriptor: 1, name: "standard output")
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw GenerateError("cannot write \"\(path)\": \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        let summary = try generator.write(toDescriptor: descriptor, name: "\"\(path)\"")
        var note = "kefu-metrics: wrote \(summary.events) events"
        if summary.malformedLines + summary.duplicateLines > 0 {
            note += " and \(summary.malformedLines) malformed, \(summary.duplicateLines) repeated lines"
        }
        note += " (\(summary.bytes) bytes) to \(path)\n"
        FileHandle.standardError.write(Data(note.utf8))
    }
}
