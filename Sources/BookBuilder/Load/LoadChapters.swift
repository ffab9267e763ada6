import Foundation

/// Stage 1: load chapters. Reads every `NN-slug.md` in `directory`, sorted by name, and checks
/// that each is UTF-8 (a file that is not gets a diagnostic naming the first bad line), that its
/// name keeps to `ChapterNames.rule` and gives a page of its own, and that it is inside the book
/// (`BookFiles.rule`: a chapter that is a link to a file outside is never read).
///
/// - Parameters:
///   - directory: the chapters folder, e.g. `<root>/Chapters`.
///   - displayPrefix: how paths appear in messages, e.g. `Chapters`.
///   - root: the book's folder (default: the chapters folder's parent).
public func loadChapters(from directory: URL, displayPrefix: String = "Chapters", root: URL? = nil) throws -> [Result<
    ChapterSource, Diagnostic
>] {
    let names: [String]
    do {
        names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter(isChapterFileName).sorted()
    } catch {
        throw BuildFailure("cannot read the chapters folder \(directory.path): \(error.localizedDescription)")
    }
    let root = root ?? directory.deletingLastPathComponent()
    let clashes = ChapterNames.clashes(names)
    return names.map { name in
        let path = "\(displayPrefix)/\(name)"
        let url = directory.appendingPathComponent(name)
        if let why = ChapterNames.refusal(of: name) ?? clashes[name] ?? BookFiles.refusal(url, root: root, shownAs: path) {
            return .failure(Diagnostic(file: path, line: 0, why))
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            return .failure(Diagnostic(file: path, line: 0, "cannot read the file: \(error.localizedDescription)"))
        }
        return decodeChapter(bytes, path: path, slug: ChapterNames.slug(of: name))
    }
}

/// Markdown files in the chapters folder that are not chapters (no `NN-` prefix, or `.markdown`):
/// a warning each, naming the file, for they are left out of the book. `index.md` is the front page.
public func strayMarkdownFiles(in directory: URL, displayPrefix: String = "Chapters") -> [Diagnostic] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.sorted().compactMap { name in
        let lower = name.lowercased()
        guard lower.hasSuffix(".md") || lower.hasSuffix(".markdown"), name != "index.md", !isChapterFileName(name) else { return nil }
        return Diagnostic(
            file: "\(displayPrefix)/\(name)", line: 0, .warning,
            "this Markdown file is not a chapter and is left out of the book: chapters are named NN-slug.md (two digits, a dash, a name, e.g. 07-text.md)"
        )
    }
}

/// A chapter file is `NN-something.md`: two or more digits, a dash, a name.
public func isChapterFileName(_ name: String) -> Bool {
    guard name.hasSuffix(".md") else { return false }
    let digits = name.prefix { $0.isASCII && $0.isNumber }
    return digits.count >= 2 && name.dropFirst(digits.count).hasPrefix("-")
}

/// Decodes a chapter's bytes as UTF-8, or names the first line that is not.
public func decodeChapter(_ bytes: [UInt8], path: String, slug: String) -> Result<ChapterSource, Diagnostic> {
    var line = 1
    var start = 0
    // Validate line by line so that the diagnostic can name the line.
    for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: "\n") {
        if String(validating: bytes[start..<i], as: UTF8.self) == nil {
            return .failure(Diagnostic(file: path, line: line, "the chapter is not valid UTF-8 (save it as UTF-8)"))
        }
        line += 1
        start = i + 1
    }
    var text = String(decoding: bytes, as: UTF8.self)
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    // Windows line endings would shift nothing but leave \r in code; normalise them.
    if text.contains("\r\n") { text = text.replacingOccurrences(of: "\r\n", with: "\n") }
    return .success(ChapterSource(path: path, slug: slug, text: text))
}
