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

    /// Reads `url`; a missing file is an empty bibliography.
    public static func load(from url: URL, path: String = "Chapters/references.bib") -> (Bibliography, [Diagnostic]) {
        guard let data = try? Data(contentsOf: url) else { return (Bibliography(path: path), []) }
        return parseBibTeX(String(decoding: data, as: UTF8.self), path: path)
    }
}

/// Parses the BibTeX subset the book uses: `@article`, `@inproceedings`, `@book`, `@misc`, with
/// fields in braces or quotes (`author`, `title`, `year`, `journal`, `booktitle`, `publisher`,
/// `howpublished`, `url`; others are ignored). Braces that protect capitals (`{LSTM}`) are
/// removed. An unknown entry type, a missing title, author or year, or a repeated key is an error
/// at its line.
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

    /// A braced or quoted value, or a bare word (a number).
    mutating func value() -> String {
        skipSpace()
        guard i < s.count else { return "" }
        var v = String.UnicodeScalarView()
        if s[i] == "{" {
            var depth = 0
            repeat {
                if s[i] == "{" { depth += 1 } else if s[i] == "}" { depth -= 1 }
                v.append(s[i])
                advance()
            } while i < s.count && depth > 0
            v.removeFirst()
            if !v.isEmpty { v.removeLast() }
        } else if s[i] == "\"" {
            advance()
            while i < s.count, s[i] != "\"" {
                v.append(s[i])
                advance()
            }
            if i < s.count { advance() }
        } else {
            return word()
        }
        let cleaned = String(v).replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
            .replacingOccurrences(of: "\\&", with: "&").replacingOccurrences(of: "--", with: "–")
        return cleaned.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// One entry, after its `@`: `type{key, field = {value}, ...}`, kept when it is well formed.
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
        let fields = readFields(of: key)
        guard ["article", "inproceedings", "book", "misc"].contains(type) else {
            diagnostics.append(
                Diagnostic(file: path, line: entryLine, "unknown entry type @\(type) (known: article, inproceedings, book, misc)"))
            return
        }
        var missing = ["author", "title", "year"].filter { fields[$0] == nil }
        if key.isEmpty { missing.insert("key", at: 0) }
        guard missing.isEmpty else {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "the entry '\(key)' has no \(missing.joined(separator: ", "))"))
            return
        }
        if let first = entries.first(where: { $0.key == key }) {
            diagnostics.append(Diagnostic(file: path, line: entryLine, "the key '\(key)' is already used at line \(first.line)"))
            return
        }
        let authors = fields["author"]!.components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }
        let venue = fields["journal"] ?? fields["booktitle"] ?? fields["publisher"] ?? fields["howpublished"] ?? ""
        entries.append(
            BibEntry(
                type: type, key: key, authors: authors, title: fields["title"]!, year: fields["year"]!, venue: venue,
                url: fields["url"] ?? "", line: entryLine))
    }

    /// The fields of entry `key`, up to its closing brace; a malformed field is an error, and
    /// the reader skips to the next `@`.
    mutating func readFields(of key: String) -> [String: String] {
        var fields: [String: String] = [:]
        while i < s.count {
            skipSpace()
            if i < s.count, s[i] == "," { advance(); skipSpace() }
            if i < s.count, s[i] == "}" { advance(); break }
            let name = word().lowercased()
            skipSpace()
            guard !name.isEmpty, i < s.count, s[i] == "=" else {
                diagnostics.append(Diagnostic(file: path, line: line, "expected 'field = {value}' in the entry '\(key)'"))
                while i < s.count, s[i] != "@" { advance() }
                break
            }
            advance()
            fields[name] = value()
        }
        return fields
    }
}
