/// Maps a few short keywords (field names, enum raw values) to values, matching straight from bytes.
///
/// Each keyword of up to 24 bytes is packed into three words; a lookup packs the candidate the same
/// way and compares integers, so no `String` is built on the per-line path.
struct KeywordTable<Value> {
    private struct Key: Equatable {
        var w0: UInt64 = 0
        var w1: UInt64 = 0
        var w2: UInt64 = 0
        var count: Int = 0
    }

    private var keys: [Key] = []
    private var values: [Value] = []
    /// The raw names, for messages.
    private(set) var names: [String] = []

    static var maximumLength: Int { 24 }

    init(_ entries: [(String, Value)]) {
        for (name, value) in entries {
            var name = name
            let key = name.withUTF8 { Self.pack(UnsafeRawBufferPointer($0)) }
            precondition(key != nil, "keyword \(name) is longer than \(Self.maximumLength) bytes")
            keys.append(key!)
            values.append(value)
            names.append(name)
        }
    }

    @inline(__always)
    private static func pack(_ bytes: UnsafeRawBufferPointer) -> Key? {
        let count = bytes.count
        guard count <= maximumLength else { return nil }
        var key = Key()
        key.count = count
        guard let base = bytes.baseAddress else { return key }
        @inline(__always)
        func word(_ from: Int) -> UInt64 {
            if from + 8 <= count { return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: from, as: UInt64.self)) }
            var value: UInt64 = 0
            var i = from
            while i < count {
                value |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << UInt64((i - from) << 3)
                i += 1
            }
            return value
        }
        key.w0 = word(0)
        if count > 8 { key.w1 = word(8) }
        if count > 16 { key.w2 = word(16) }
        return key
    }

    /// The value of the keyword spelled by `bytes`, if any.
    @inline(__always)
    func match(_ bytes: UnsafeRawBufferPointer) -> Value? {
        guard let key = Self.pack(bytes) else { return nil }
        for index in keys.indices where keys[index] == key {
            return values[index]
        }
        return nil
    }
}

extension KeywordTable where Value: RawRepresentable, Value.RawValue == String {
    /// A table of the raw values of `cases`.
    init(cases: [Value]) {
        self.init(cases.map { ($0.rawValue, $0) })
    }
}
