import KefuMetrics
/// Which group each agent belongs to, from a CSV file with the header `agent,group`.
public struct Roster: Sendable {
    public private(set) var groups: [String: String] = [:]

    public init(groups: [String: String] = [:]) {
        self.groups = groups
    }

    /// Parses the CSV text; the error says which line is wrong.
    public init(csv text: String, path: String) throws(ReportError) {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: " \t\r")
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first, header.replacing(" ", with: "") == "agent,group" else {
            throw ReportError("\(path):1: a roster starts with the header 'agent,group'")
        }
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: " \t\"")
            }
            guard fields.count == 2, !fields[0].isEmpty else {
                throw ReportError("\(path):\(index + 1): expected 'agent,group', found '\(line)'")
            }
            groups[fields[0]] = fields[1]
        }
    }

    /// The agent's group; an agent missing from the roster is in the group "".
    public func group(of agent: String) -> String {
        groups[agent] ?? ""
    }
}

extension Substring {
    func trimmingCharacters(in characters: String) -> String {
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
