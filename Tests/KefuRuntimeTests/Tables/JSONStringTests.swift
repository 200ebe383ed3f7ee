import KefuCore
import Testing

/// JSON string literals, as the report writes strings and rejection reasons quote log text.
@Suite struct JSONStringTests {
    @Test("quotes, backslashes and control characters are escaped, DEL included; other text is kept")
    func escapes() {
        #expect(JSONString.quoted("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSONString.quoted("\n\r\t") == #""\n\r\t""#)
        #expect(JSONString.quoted("\u{1}\u{1F}\u{7F}") == #""\u0001\u001f\u007f""#)
        #expect(JSONString.quoted("客户😀") == "\"客户😀\"")
        #expect(JSONString.quoted("") == "\"\"")
    }

    @Test("a limit keeps that many characters and marks the cut with …")
    func limit() {
        #expect(JSONString.quoted("abcdef", limit: 3) == "\"abc…\"")
        #expect(JSONString.quoted("abc", limit: 3) == "\"abc\"")
        #expect(JSONString.quoted("\"\"\"\"", limit: 2) == #""\"\"…""#)
    }
}
