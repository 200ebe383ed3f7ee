import KefuCore
import Testing

@testable import KefuRuntime

@Suite("DuplicateIDSet, SymbolInterner")
struct ReadingTablesTests {
    @Test("DuplicateIDSet remembers ids exactly, through growth")
    func duplicateIDSetIsExact() {
        var set = DuplicateIDSet(minimumCapacity: 4)
        let ids = (0..<50_000).map { "evt-\($0 * 7919)" } + ["", "a", "ab", "abcdefgh", "abcdefghi", "客服事件"]
        for id in ids {
            let inserted = set.insert(id)
            #expect(inserted, "\(id)")
        }
        #expect(set.count == ids.count)
        for id in ids {
            let inserted = set.insert(id)
            #expect(!inserted)
        }
        for id in ids { #expect(set.contains(id)) }
        #expect(!set.contains("abcdefg"))
        #expect(!set.contains("evt-1"))
        #expect(!set.contains("abcdefgh\u{0}"))
        #expect(set.count == ids.count)
    }

    @Test("SymbolInterner gives one symbol per byte string and fills the table once")
    func symbolInternerFillsTable() {
        var interner = SymbolInterner()
        func intern(_ s: String) -> Symbol? {
            var s = s
            return s.withUTF8 { interner.intern(UnsafeRawBufferPointer($0)) }
        }
        var symbols: [Symbol] = []
        for i in 0..<5_000 { symbols.append(intern("customer-\(i)")!) }
        #expect(Set(symbols).count == 5_000)
        for i in 0..<5_000 { #expect(intern("customer-\(i)") == symbols[i]) }
        #expect(interner.names.count == 5_000)
        #expect(interner.names.name(of: symbols[4_321]) == "customer-4321")
        #expect(intern("") == Symbol.none)
        let chinese = intern("客户")
        #expect(chinese.map { interner.names.name(of: $0) } == "客户")
        #expect(intern("客户") == chinese)
        #expect(interner.names.count == 5_001)
        let invalid: [UInt8] = [0x63, 0xFF]
        #expect(invalid.withUnsafeBytes { interner.intern($0) } == nil)
    }
}
