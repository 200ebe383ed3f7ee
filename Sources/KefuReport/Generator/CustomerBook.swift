/// What the generator remembers of each customer between visits: their product (customer ids are
/// per product), when their last visit's events end (a rating may come hours later), and whether
/// they were left in the bot list.
struct CustomerBook: Sendable {
    private(set) var product: [UInt8] = []
    var busyUntil: [Int64] = []
    var inBotList: [Bool] = []

    var count: Int { product.count }

    init(expected: Int) {
        product.reserveCapacity(expected)
        busyUntil.reserveCapacity(expected)
        inBotList.reserveCapacity(expected)
    }

    /// A new customer of `product`; returns their index.
    mutating func add(product: Int) -> Int {
        self.product.append(UInt8(product))
        busyUntil.append(.min)
        inBotList.append(false)
        return self.product.count - 1
    }
}
