/// Accumulates indented lines of generated text.
struct CodePrinter {
    private(set) var text = ""
    private var indentation = ""

    mutating func print(_ line: String = "") {
        if line.isEmpty {
            text += "\n"
            return
        }
        for part in line.split(separator: "\n", omittingEmptySubsequences: false) {
            text += part.isEmpty ? "\n" : indentation + part + "\n"
        }
    }

    /// Prints a compiler directive at the start of the line, where Swift expects it.
    mutating func directive(_ line: String) {
        text += line + "\n"
    }

    mutating func indent() { indentation += "    " }
    mutating func outdent() { indentation.removeLast(4) }

    mutating func withIndentation(_ body: (inout CodePrinter) -> Void) {
        indent()
        body(&self)
        outdent()
    }

    /// Prints `///` doc lines, wrapped at about 100 columns.
    mutating func doc(_ text: String) {
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty, line.count + word.count + 1 > 96 - indentation.count {
                    print("/// " + line)
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            print(line.isEmpty ? "///" : "/// " + line)
        }
    }
}
