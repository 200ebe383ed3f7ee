import Foundation
import KefuReport

/// kefu-metrics: customer-service indicators from chat event logs.
let usage = """
    usage: kefu-metrics report [options]     compute the indicators of an event log
           kefu-metrics generate [options]   write a realistic synthetic event log
           kefu-metrics --help | COMMAND --help

    examples:
      kefu-metrics report                              the embedded sample week, as a table
      kefu-metrics report --view workload              per agent, with group totals
      kefu-metrics report --events log.jsonl --by day,product --format json
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("kefu-metrics: \(message)\n".utf8))
    exit(2)
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "report":
    do {
        FileHandle.standardOutput.write(Data(try ReportCommand.run(Array(arguments.dropFirst())).utf8))
    } catch {
        fail("\(error)")
    }
case "generate":
    do {
        try GenerateCommand.run(Array(arguments.dropFirst()))
    } catch {
        fail("\(error)")
    }
case "--help", "-h", "help", nil:
    print(usage)
default:
    fail("unknown command '\(arguments[0])'; use report or generate (see kefu-metrics --help)")
}
