/// An enum of the fact schema: a closed set of names, such as the event types.
struct EnumModel: Sendable {
    let name: String
    let doc: String?
    let cases: [String]
    let location: SourceLocation
    var swiftName: String { SwiftNames.type(name) }
}

/// A typed field of a fact stream.
struct FieldModel: Sendable, Hashable {
    let name: String
    let type: SpecType
    let doc: String?
    var swiftName: String { SwiftNames.member(name) }
}

/// A fact stream: one kind of fact the runtime produces and metrics read.
struct StreamModel: Sendable {
    let name: String
    let swiftName: String
    let doc: String?
    let fields: [FieldModel]
    let location: SourceLocation
    let sourcePath: String

    func field(_ name: String) -> FieldModel? {
        fields.first { $0.name == name }
    }
}

/// The fact schema: every enum and stream that specs can read.
struct Schema: Sendable {
    var enums: [EnumModel] = []
    var streams: [StreamModel] = []
    var sourcePaths: [String] = []

    func enumeration(_ name: String) -> EnumModel? {
        enums.first { $0.name == name }
    }

    func stream(_ name: String) -> StreamModel? {
        streams.first { $0.name == name }
    }

    /// Builds the schema from every file's declarations, reporting duplicates and unknown types.
    static func build(from files: [SpecFileSyntax], diagnostics: inout DiagnosticCollector) -> Schema {
        var schema = Schema()
        var seenTypes: [String: SourceLocation] = [:]
        for file in files where !file.enums.isEmpty || !file.streams.isEmpty {
            schema.sourcePaths.append(file.source.path)
            for declaration in file.enums {
                if let first = seenTypes[declaration.name.text] {
                    diagnostics.error(
                        "duplicate declaration of '\(declaration.name.text)'", at: declaration.name.location,
                        notes: [.init(message: "first declared here", location: first)])
                    continue
                }
                seenTypes[declaration.name.text] = declaration.name.location
                var seenCases = Set<String>()
                for name in declaration.cases where !seenCases.insert(name.text).inserted {
                    diagnostics.error("duplicate case '\(name.text)' in enum '\(declaration.name.text)'", at: name.location)
                }
                schema.enums.append(
                    EnumModel(
                        name: declaration.name.text, doc: declaration.doc, cases: declaration.cases.map(\.text),
                        location: declaration.name.location))
            }
        }
        let enumNames = Set(schema.enums.map(\.name))
        var seenStreams: [String: SourceLocation] = [:]
        for file in files {
            for declaration in file.streams {
                if let first = seenStreams[declaration.name.text] {
                    diagnostics.error(
                        "duplicate stream '\(declaration.name.text)'", at: declaration.name.location,
                        notes: [.init(message: "first declared here", location: first)])
                    continue
                }
                seenStreams[declaration.name.text] = declaration.name.location
                var fields: [FieldModel] = []
                var seenFields = Set<String>()
                for field in declaration.fields {
                    guard seenFields.insert(field.name.text).inserted else {
                        diagnostics.error(
                            "duplicate field '\(field.name.text)' in stream '\(declaration.name.text)'",
                            at: field.name.location)
                        continue
                    }
                    let value: ValueType
                    if let builtIn = ValueType(schemaName: field.type.text) {
                        value = builtIn
                    } else if enumNames.contains(field.type.text) {
                        value = .enumeration(field.type.text)
                    } else {
                        diagnostics.unknown(
                            "type", field.type.text, at: field.type.location,
                            candidates: ValueType.builtInNames + enumNames.sorted())
                        continue
                    }
                    fields.append(
                        FieldModel(name: field.name.text, type: SpecType(value, optional: field.isOptional), doc: field.doc))
                }
                if fields.first(where: { $0.name == "seq" })?.type != SpecType(.int) {
                    diagnostics.error(
                        "stream '\(declaration.name.text)' needs a field 'seq: int' (the event order, which makes 'first' and 'last' deterministic)",
                        at: declaration.name.location)
                }
                schema.streams.append(
                    StreamModel(
                        name: declaration.name.text, swiftName: declaration.typeName.text, doc: declaration.doc,
                        fields: fields, location: declaration.name.location, sourcePath: file.source.path))
            }
        }
        return schema
    }
}
