import KefuMetrics
/// How many terminal columns text takes: CJK and other wide characters take two.
enum TerminalWidth {
    static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 }) { return text.utf8.count }
        return text.unicodeScalars.reduce(0) { $0 + width(of: $1) }
    }

    static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x0300 { return v == 0 ? 0 : 1 }
        if (0x0300...0x036F).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// The ranges of wide characters: CJK, Hangul, full-width forms, emoji.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
        0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    /// `text` padded with spaces to `width` columns, on the left when `right` (right-aligned);
    /// `measured` is its width when the caller has it already.
    static func pad(_ text: String, measured: Int? = nil, to width: Int, right: Bool) -> String {
        let padding = String(repeating: " ", count: max(0, width - (measured ?? of(text))))
        return right ? padding + text : text + padding
    }
}
