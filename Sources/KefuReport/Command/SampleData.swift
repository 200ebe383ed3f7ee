import KefuMetrics
import Foundation

/// The sample week that ships with the tool: a small shop's log and its roster.
enum SampleData {
    static func events() throws(ReportError) -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "sample", withExtension: "jsonl"),
            let data = try? Data(contentsOf: url)
        else { throw ReportError("the embedded sample log is missing from this build") }
        return [UInt8](data)
    }

    static func roster() throws(ReportError) -> String {
        guard let url = Bundle.module.url(forResource: "sample-roster", withExtension: "csv"),
            let data = try? Data(contentsOf: url)
        else { throw ReportError("the embedded sample roster is missing from this build") }
        return String(decoding: data, as: UTF8.self)
    }
}
