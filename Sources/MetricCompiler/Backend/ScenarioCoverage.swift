/// Which golden scenarios check which metrics: a scenario covers a metric when its text names the
/// metric's id as a whole word (in its expectations).
enum ScenarioCoverage {
    static func scan(_ scenarios: [(name: String, text: String)], metricIds: [String]) -> [String: [String]] {
        let ids = Set(metricIds)
        var coverage: [String: [String]] = [:]
        for scenario in scenarios.sorted(by: { $0.name < $1.name }) {
            let words = Set(
                scenario.text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for id in words.intersection(ids) {
                coverage[id, default: []].append(scenario.name)
            }
        }
        return coverage
    }
}
