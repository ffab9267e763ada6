/// One entry of a PO file as read: its strings, its flags and where it is (for messages at
/// `po/zh_CN.po:LINE`).
public struct CatalogEntry: Equatable, Sendable {
    public var msgctxt: String?
    public var msgid = ""
    public var msgidPlural: String?
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`, ... for a plural entry.
    public var msgstr: [String] = []
    public var flags: [String] = []
    public var references: [String] = []
    /// The line of the entry's first line, and of its `msgstr` keyword.
    public var line = 0
    public var msgstrLine = 0

    public var isFuzzy: Bool { flags.contains("fuzzy") }
    /// Translated: a msgstr that is not empty, and not fuzzy.
    public var isTranslated: Bool { !isFuzzy && !(msgstr.first ?? "").isEmpty }
}

/// A PO file read into its entries (obsolete `#~` entries left out; the header is the entry whose
/// msgid is empty). Multi-line strings, escapes, flags, msgctxt and plural forms are read.
public struct Catalog: Sendable {
    public var path: String
    public var entries: [CatalogEntry] = []
    private var byKey: [String: Int] = [:]

    /// Reads `text`; a line that is not PO is an error at `path:LINE`.
    public init(text: String, path: String) throws(Diagnostic) {
        self.path = path
        var reader = CatalogReader(path: path)
        for (k, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            try reader.read(line.hasSuffix("\r") ? line.dropLast() : line, number: k + 1)
        }
        reader.finish()
        entries = reader.entries
        for (k, e) in entries.enumerated() where !e.msgid.isEmpty { byKey[Self.key(e.msgctxt, e.msgid)] = k }
    }

    private static func key(_ context: String?, _ msgid: String) -> String { (context.map { $0 + "\u{4}" } ?? "") + msgid }

    /// The entry of `msgid` (in `context`), or nil.
    public func entry(_ msgid: String, context: String? = nil) -> CatalogEntry? {
        byKey[Self.key(context, msgid)].map { entries[$0] }
    }

    /// The translation of `msgid` when it is translated and not fuzzy, or nil.
    public func translation(_ msgid: String, context: String? = nil) -> String? {
        guard let e = entry(msgid, context: context), e.isTranslated else { return nil }
        return e.msgstr[0]
    }
}

/// Reads a PO file line by line.
private struct CatalogReader {
    /// The string that a continuation line (`"..."`) appends to.
    enum Target { case context, id, idPlural, str(Int) }

    let path: String
    var entries: [CatalogEntry] = []
    var current = CatalogEntry()
    var started = false
    var target: Target?

    init(path: String) { self.path = path }

    mutating func read(_ line: Substring, number: Int) throws(Diagnostic) {
        let t = line.drop { $0 == " " || $0 == "\t" }
        if t.isEmpty { return finish() }
        if t.hasPrefix("#~") { return }  // an obsolete entry
        if t.hasPrefix("#") {
            if !current.msgstr.isEmpty { finish() }
            begin(number)
            target = nil
            if t.hasPrefix("#,") {
                current.flags += t.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else if t.hasPrefix("#:") {
                current.references += t.dropFirst(2).split(separator: " ").map(String.init)
            }
            return
        }
        if t.hasPrefix("\"") {
            guard target != nil else { throw Diagnostic(file: path, line: number, "a string continues no msgid or msgstr") }
            return try append(t, number)
        }
        try keyword(t, number)
    }

    private mutating func keyword(_ t: Substring, _ number: Int) throws(Diagnostic) {
        guard let space = t.firstIndex(of: " ") else { throw Diagnostic(file: path, line: number, "this line is not PO: '\(t)'") }
        let word = t[..<space]
        if (word == "msgctxt" || word == "msgid") && !current.msgstr.isEmpty { finish() }
        begin(number)
        switch word {
        case "msgctxt":
            current.msgctxt = ""
            target = .context
        case "msgid": target = .id
        case "msgid_plural":
            current.msgidPlural = ""
            target = .idPlural
        case "msgstr":
            current.msgstr = [""]
            current.msgstrLine = number
            target = .str(0)
        case _ where word.hasPrefix("msgstr[") && word.hasSuffix("]"):
            guard let n = Int(word.dropFirst(7).dropLast()), n == current.msgstr.count else {
                throw Diagnostic(file: path, line: number, "\(word) is out of order")
            }
            if n == 0 { current.msgstrLine = number }
            current.msgstr.append("")
            target = .str(n)
        default: throw Diagnostic(file: path, line: number, "unknown PO keyword '\(word)'")
        }
        try append(t[space...], number)
    }

    private mutating func append(_ t: Substring, _ number: Int) throws(Diagnostic) {
        let value = try poString(t, path: path, line: number)
        switch target {
        case .context: current.msgctxt! += value
        case .id: current.msgid += value
        case .idPlural: current.msgidPlural! += value
        case .str(let n): current.msgstr[n] += value
        case nil: break
        }
    }

    private mutating func begin(_ number: Int) {
        if !started {
            started = true
            current.line = number
        }
    }

    mutating func finish() {
        if started, !current.msgstr.isEmpty { entries.append(current) }
        current = CatalogEntry()
        started = false
        target = nil
    }
}

/// The value of a quoted PO string (`"a \"b\"\n"`), escapes read; an error when it is not one.
func poString(_ t: Substring, path: String, line: Int) throws(Diagnostic) -> String {
    let s = t.trimmingCharacters(in: .whitespaces)
    guard s.count >= 2, s.hasPrefix("\""), s.hasSuffix("\"") else {
        throw Diagnostic(file: path, line: line, "a PO string must be in double quotes, found '\(s)'")
    }
    var out = ""
    var chars = Array(s.dropFirst().dropLast())[...]
    while let ch = chars.popFirst() {
        guard ch == "\\" else {
            if ch == "\"" { throw Diagnostic(file: path, line: line, "a \" inside a PO string must be written \\\"") }
            out.append(ch)
            continue
        }
        guard let e = chars.popFirst() else { throw Diagnostic(file: path, line: line, "a PO string ends in a lone backslash") }
        switch e {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "\\", "\"": out.append(e)
        default: throw Diagnostic(file: path, line: line, "unknown escape '\\\(e)' in a PO string (write \\\\ for a backslash)")
        }
    }
    return out
}
