/// The shop the synthetic log describes: its products (with the channels customers open the chat
/// from), and its agents in two groups, each with a shift.
struct ShopModel: Sendable {
    struct Product: Sendable {
        let name: String
        /// Indices into `ShopModel.channelNames`, with relative weights.
        let channels: [(channel: GeneratedEvent.Channel, weight: Int)]
        /// How many customers it gets, relative to the other products.
        let weight: Int
    }

    enum Shift: Sendable {
        /// 08:30–17:30 with a lunch break.
        case early
        /// 14:00–00:30 (the next day) with a dinner break: the late agents carry conversations over midnight.
        case late
    }

    struct Agent: Sendable {
        let name: String
        /// 0: 售前 (pre-sales), 1: 售后 (after-sales).
        let group: Int
        let shift: Shift
    }

    static let groupNames = ["售前", "售后"]
    static let channelNames = ["mini_program", "official_account", "h5", "plugin"]

    let products: [Product]
    let agents: [Agent]
    /// How many customers an agent holds in reception at once.
    let capacity: Int

    /// `products` products and `agents` agents (`a01`, `a02`, …): the first half 售前, the rest 售后,
    /// shifts alternating early and late so both groups are covered from morning to past midnight.
    init(products: Int, agents: Int, capacity: Int = 5) {
        let known: [Product] = [
            Product(name: "mini_program_shop", channels: [(0, 75), (3, 25)], weight: 55),
            Product(name: "h5_store", channels: [(2, 100)], weight: 30),
            Product(name: "official_account_mall", channels: [(1, 90), (2, 10)], weight: 20),
            Product(name: "plugin_store", channels: [(3, 100)], weight: 12),
            Product(name: "live_shop", channels: [(0, 60), (2, 40)], weight: 10),
        ]
        self.products = (0..<products).map { index in
            index < known.count
                ? known[index]
                : Product(name: "shop_\(Self.padded(index + 1, width: 2))", channels: [(2, 50), (0, 50)], weight: 8)
        }
        let width = max(2, String(agents).count)
        let presales = (agents + 1) / 2
        self.agents = (0..<agents).map { index in
            Agent(
                name: "a" + Self.padded(index + 1, width: width), group: index < presales ? 0 : 1,
                shift: index % 2 == 0 ? .early : .late)
        }
        self.capacity = capacity
    }

    /// Whether `agent` has the day off: with four agents or more, each takes one day a week, on
    /// different days, so every shift stays covered.
    func isOff(agent: Int, day: Int) -> Bool {
        agents.count >= 4 && (day + agent) % 7 == 6
    }

    /// The roster file of these agents: the `agent,group` CSV that `report --roster` reads.
    var rosterCSV: String {
        "agent,group\n" + agents.map { "\($0.name),\(Self.groupNames[$0.group])\n" }.joined()
    }

    static func padded(_ number: Int, width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
