import Foundation

/// One entry of `Chapters/references.bib`.
public struct BibEntry: Sendable, Equatable {
    /// `article`, `inproceedings`, `book` or `misc`.
    public var type: String
    public var key: String
    /// Authors as written in the file, one per element ("Hochreiter, Sepp").
    public var authors: [String]
    public var title: String
    public var year: String
    /// The journal, the proceedings (booktitle) or the publisher; for `misc`, `howpublished`.
    public var venue: String
    public var url: String
    /// Line of the `@type{key,` line.
    public var line: Int

    /// The family names of the authors: "Hochreiter" from "Hochreiter, Sepp" or "Sepp Hochreiter".
    public var familyNames: [String] {
        authors.map { a in
            if let comma = a.firstIndex(of: ",") { return a[..<comma].trimmingCharacters(in: .whitespaces) }
            return String(a.split(separator: " ").last ?? Substring(a))
        }
    }

    /// How a citation names the work: "Hochreiter & Schmidhuber, 1997", "Cho et al., 2014".
    public var shortLabel: String {
        let names = familyNames
        let who: String
        switch names.count {
        case 0: who = title
        case 1: who = names[0]
        case 2: who = "\(names[0]) & \(names[1])"
        default: who = "\(names[0]) et al."
        }
        return "\(who), \(year)"
    }

    /// Authors in reading order, "Sepp Hochreiter and Jürgen Schmidhuber".
    public var authorList: String {
        let names = authors.map { a -> String in
            guard let comma = a.firstIndex(of: ",") else { return a }
            let given = a[a.index(after: comma)...].trimmingCharacters(in: .whitespaces)
            let family = a[..<comma].trimmingCharacters(in: .whitespaces)
            return given.isEmpty ? family : "\(given) \(family)"
        }
        switch names.count {
        case 0: return ""
        case 1: return names[0]
        case 2: return "\(names[0]) and \(names[1])"
        default: return names.dropLast().joined(separator: ", ") + ", and " + names.last!
        }
    }
}

/// The book's references, read from a BibTeX file.
public struct Bibliography: Sendable, Equatable {
    public var entries: [BibEntry]
    /// Where the entries came from, e.g. `Chapters/references.bib`.
    public var path: String

    public init(entries: [BibEntry] = [], path: String = "Chapters/references.bib") {
        self.entries = entries
        self.path = path
    }

    public subscript(key: String) -> BibEntry? { entries.first { $0.key == key } }

    /// The mistakes of the book's `references.bib` in `chapters` (each at its line of the file):
    /// reported once for the book, not at each chapter that cites the entry.
    public static func problems(in chapters: URL) -> [Diagnostic] {
        load(from: chapters.appendingPathComponent("references.bib")).1
    }

    /// Reads `url`; a missing file is an empty bibliography.
    public static func load(from url: URL, path: String = "Chapters/references.bib") -> (Bibliography, [Diagnostic]) {
        guard let data = try? Data(contentsOf: url) else { return (Bibliography(path: path), []) }
        return parseBibTeX(String(decoding: data, as: UTF8.self), path: path)
    }
}

/// Parses the BibTeX subset the book uses: `@article`, `@inproceedings`, `@book`, `@misc`, with
/// fields in braces or quotes (`author`, `title`, `year`, `journal`, `booktitle`, `publisher`,
/// `howpublished`, `url`; others are ignored). Braces that protect capitals (`{LSTM}`) are
/// removed. An unknown entry type, a missing key, title, author or year, a repeated key, a
/// missing comma or brace is an error at its line of the file.
public func parseBibTeX(_ text: String, path: String) -> (Bibliography, [Diagnostic]) {
    var reader = BibTeXReader(text, path: path)
    while !reader.atEnd {
        if reader.s[reader.i] == "%" {  // a comment, to the end of its line
            while !reader.atEnd, reader.s[reader.i] != "\n" { reader.advance() }
        } else if reader.s[reader.i] == "@" {
            reader.advance()
            reader.readEntry()
        } else {
            reader.advance()
        }
    }
    return (Bibliography(entries: reader.entries, path: path), reader.diagnostics)
}

/// The state of `parseBibTeX`: where it is in the text (and on which line), what it read.
struct BibTeXReader {
    let s: [Unicode.Scalar]
    let path: String
    var i = 0
    var line = 1
    var entries: [BibEntry] = []
    var diagnostics: [Diagnostic] = []
    /// The last value read ran into the next entry (reported once, there).
    var valueLeftOpen = false

    init(_ text: String, path: String) {
        s = Array(text.unicodeScalars)
        self.path = path
    }

    var atEnd: Bool { i >= s.count }

    mutating func advance() {
        if s[i] == "\n" { line += 1 }
        i += 1
    }

    mutating func skipSpace() { while i < s.count, s[i].properties.isWhitespace { advance() } }

    mutating func word() -> String {
        var w = String.UnicodeScalarView()
        while i < s.count, s[i].properties.isAlphabetic || s[i].properties.numericType != nil || "-_:./".unicodeScalars.contains(s[i]) {
            w.append(s[i])
            advance()
        }
        return String(w)
    }

    /// Whether a new entry (`@type{` at the start of a line) begins at `k`, just after a newline:
    /// where a value or an entry left open must have ended.
    func entryStarts(at k: Int) -> Bool {
        var j = k
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        guard j < s.count, s[j] == "@" else { return false }
        j += 1
        while j < s.count, s[j].properties.isAlphabetic { j += 1 }
        return j > k + 1 && j < s.count && s[j] == "{"
    }

    /// Whether a field (`name =`) begins at `k`, just after a newline.
    func fieldStarts(at k: Int) -> Bool {
        var j = k
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        let name = j
        while j < s.count, s[j].properties.isAlphabetic { j += 1 }
        guard j > name else { return false }
        while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
        return j < s.count && s[j] == "="
    }

    /// A braced or quoted value, or a bare word (a number). A value still open on a line where
    /// a field or an entry begins is an error, and ends there.
    mutating func value(field: String, key: String) -> String {
        skipSpace()
        valueLeftOpen = false
        guard i < s.count else { return "" }
        let valueLine = line
        var v = String.UnicodeScalarView()
        if s[i] == "{" || s[i] == "\"" {
            let quoted = s[i] == "\""
            var depth = 0
            advance()
            while i < s.count {
                if s[i] == "\n", entryStarts(at: i + 1) || fieldStarts(at: i + 1) {
                    diagnostics.append(
                        Diagnostic(
                            file: path, line: valueLine,
                            "the value of '\(field)' in the entry '\(key)' is not closed: a '\(quoted ? "\"" : "}")' is missing"))
                    valueLeftOpen = true
                    break
                }
                if quoted && s[i] == "\"" && depth == 0 || !quoted && s[i] == "}" && depth == 0 {
                    advance()
                    break
                }
                if s[i] == "{" { depth += 1 } else if s[i] == "}" { depth -= 1 }
                v.append(s[i])
                advance()
            }
        } else {
            return word()
        }
        let cleaned = String(v).replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .replacingOccurrences(of: "\\&", with: "&").replacingOccurrences(of: "--", with: "–")
        return cleaned.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// One entry, after its `@`: `type{key, field = {value}, ...}`. Each mistake is an error at
    /// its line; an entry with a key is kept all the same (its citations then work, and the
    /// mistake is reported once, here, not at each citation), a repeated key's second entry is not.
    mutating func readEntry() {
        let entryLine = line
        let type = word().lowercased()
        skipSpace()
        guard i < s.count, s[i] == "{" else {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "expected '{' after @\(type)"))
            return
        }
        advance()
        skipSpace()
        let key = word()
        if key.isEmpty {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "the entry has no key: write @\(type){key, ...}"))
        }
        let fields = readFields(of: key, entryLine: entryLine)
        guard !key.isEmpty else { return }
        if !["article", "inproceedings", "book", "misc"].contains(type) {
            diagnostics.append(
                Diagnostic(file: path, line: entryLine, "unknown entry type @\(type) (known: article, inproceedings, book, misc)"))
        }
        let missing = ["author", "title", "year"].filter { fields[$0] == nil }
        if !missing.isEmpty {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "the entry '\(key)' has no \(missing.joined(separator: ", "))"))
        }
        if let first = entries.first(where: { $0.key == key }) {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "the key '\(key)' is already used at line \(first.line)"))
            return
        }
        let authors = (fields["author"] ?? "").components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }
        let venue = fields["journal"] ?? fields["booktitle"] ?? fields["publisher"] ?? fields["howpublished"] ?? ""
        entries.append(
            BibEntry(
                type: type, key: key, authors: authors.filter { !$0.isEmpty }, title: fields["title"] ?? key,
                year: fields["year"] ?? "n.d.", venue: venue, url: fields["url"] ?? "", line: entryLine))
    }

    /// The fields of entry `key`, up to its closing brace. A missing comma between fields, a
    /// malformed field and a missing closing brace are errors; the reader goes on at the next entry.
    mutating func readFields(of key: String, entryLine: Int) -> [String: String] {
        var fields: [String: String] = [:]
        var needComma = true  // after the key and after each value
        valueLeftOpen = false
        while true {
            skipSpace()
            guard i < s.count else {
                diagnostics.append(Diagnostic(file: path, line: entryLine, "the entry '\(key)' is not closed: a '}' is missing at its end"))
                break
            }
            if s[i] == "," {
                advance()
                needComma = false
                continue
            }
            if s[i] == "}" {
                advance()
                break
            }
            if i > 0, s[i - 1] == "\n" || s[i - 1] == " " || s[i - 1] == "\t", entryStarts(at: i) {
                guard !valueLeftOpen else { break }  // reported already
                diagnostics.append(
                    Diagnostic(
                        file: path, line: entryLine,
                        "the entry '\(key)' is not closed: a '}' is missing before the next entry (line \(line))"))
                break
            }
            let fieldLine = line
            let name = word().lowercased()
            skipSpace()
            guard !name.isEmpty, i < s.count, s[i] == "=" else {
                diagnostics.append(Diagnostic(file: path, line: fieldLine, "expected 'field = {value}' in the entry '\(key)'"))
                while i < s.count, !(s[i] == "\n" && entryStarts(at: i + 1)) { advance() }
                break
            }
            if needComma {
                diagnostics.append(
                    Diagnostic(file: path, line: fieldLine, "a ',' is missing before the field '\(name)' in the entry '\(key)'"))
            }
            advance()
            fields[name] = value(field: name, key: key)
            needComma = !valueLeftOpen  // a value left open is reported once
        }
        return fields
    }
}
