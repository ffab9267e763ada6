import Foundation

/// Library code a chapter shows with ```` ```swift include=PATH:NAME ````: the lines between
/// `// ANCHOR: NAME` and `// ANCHOR_END: NAME` in PATH (mdBook's convention), read at every
/// build, so the page always shows the library as it is.
public struct IncludedCode: Sendable, Equatable {
    /// The file, relative to the book's root, e.g. `Sources/RNNKit/Recurrent/LSTM.swift`.
    public var path: String
    public var anchor: String
    /// The lines shown, without the anchor lines and without their common indentation.
    public var code: String
    /// First and last line shown (1-based, in the file).
    public var firstLine: Int
    public var lastLine: Int
}

/// Reads the anchored lines named by `spec` (`PATH:NAME`), relative to `root`. Other anchor
/// lines inside the range are dropped (anchors may nest or overlap). Errors name the fence line.
public func includeCode(_ spec: String, root: URL, file: String, line: Int) throws(Diagnostic) -> IncludedCode {
    guard let colon = spec.lastIndex(of: ":") else {
        throw Diagnostic(file: file, line: line, "an include names a file and an anchor: include=PATH:NAME")
    }
    let path = String(spec[..<colon])
    let anchor = String(spec[spec.index(after: colon)...])
    if path.hasPrefix("/") || path.split(separator: "/").contains("..") {
        throw Diagnostic(file: file, line: line, "include: the path must be inside the book, relative to its root: '\(path)'")
    }
    let url = root.appendingPathComponent(path)
    if let why = BookFiles.refusal(url, root: root, shownAs: path) {
        throw Diagnostic(file: file, line: line, "include: \(why)")
    }
    guard let data = try? Data(contentsOf: url) else {
        let siblings = (try? FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
        let folder = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        let hint = nearestName(to: url.lastPathComponent, among: siblings).map { "; did you mean '\(folder)\($0)'?" } ?? ""
        throw Diagnostic(file: file, line: line, "include: no file '\(path)' (paths are relative to the book's root)\(hint)")
    }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    func isAnchor(_ l: Substring, _ word: String) -> Bool {
        let t = l.trimmingCharacters(in: .whitespaces)
        return t.hasPrefix("// \(word): ") && t.dropFirst(word.count + 5).trimmingCharacters(in: .whitespaces) == anchor
    }
    let starts = lines.indices.filter { isAnchor(lines[$0], "ANCHOR") }
    let ends = lines.indices.filter { isAnchor(lines[$0], "ANCHOR_END") }
    if let problem = anchorProblem(starts: starts, ends: ends, path: path, anchor: anchor) {
        throw Diagnostic(file: file, line: line, "include: " + problem + (starts.isEmpty ? anchorHint(lines, anchor) : ""))
    }
    let (start, end) = (starts[0], ends[0])
    let shown = lines[(start + 1)..<end].filter {
        let t = $0.trimmingCharacters(in: .whitespaces)
        return !(t.hasPrefix("// ANCHOR: ") || t.hasPrefix("// ANCHOR_END: "))
    }
    guard !shown.isEmpty else { throw Diagnostic(file: file, line: line, "include: the anchor '\(anchor)' in '\(path)' holds no lines") }
    let indent =
        shown.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }.min() ?? 0
    let code = shown.map { $0.count >= indent ? String($0.dropFirst(indent)) : "" }.joined(separator: "\n")
    return IncludedCode(path: path, anchor: anchor, code: code, firstLine: start + 2, lastLine: end)
}

/// What is wrong with the anchor lines of `anchor` in `path` (0-based line indices of its
/// `ANCHOR` and `ANCHOR_END` lines), or nil when there is one of each, in that order: a region
/// defined twice would show one of them silently.
func anchorProblem(starts: [Int], ends: [Int], path: String, anchor: String) -> String? {
    let lines = { (indices: [Int]) in indices.map { String($0 + 1) }.joined(separator: " and ") }
    if starts.count > 1 {
        return "'\(path)' has '// ANCHOR: \(anchor)' twice, at lines \(lines(starts)): rename one of them"
    }
    if ends.count > 1 {
        return "'\(path)' has '// ANCHOR_END: \(anchor)' twice, at lines \(lines(ends)): remove one of them"
    }
    guard let start = starts.first else {
        if let end = ends.first {
            return "'\(path)' has '// ANCHOR_END: \(anchor)' at line \(end + 1) but no '// ANCHOR: \(anchor)' before it"
        }
        return "'\(path)' has no line '// ANCHOR: \(anchor)'"
    }
    guard let end = ends.first else {
        return "'\(path)' has '// ANCHOR: \(anchor)' at line \(start + 1) but no '// ANCHOR_END: \(anchor)' after it"
    }
    if end < start {
        return "'\(path)' has '// ANCHOR_END: \(anchor)' at line \(end + 1), before its '// ANCHOR: \(anchor)' at line \(start + 1)"
    }
    return nil
}

/// What a file with no `// ANCHOR: anchor` line has instead: the line that means it but is
/// written otherwise (`//ANCHOR:step`), or the anchor whose name is nearest; "" when neither.
func anchorHint(_ lines: [Substring], _ anchor: String) -> String {
    func squashed(_ l: Substring) -> String { l.filter { $0 != " " && $0 != "\t" }.lowercased() }
    if let k = lines.indices.first(where: { squashed(lines[$0]) == "//anchor:" + anchor.lowercased() }) {
        return " (line \(k + 1) reads '\(lines[k].trimmingCharacters(in: .whitespaces))': write '// ANCHOR: \(anchor)')"
    }
    let names = lines.compactMap { l -> String? in
        let t = l.trimmingCharacters(in: .whitespaces)
        return t.hasPrefix("// ANCHOR: ") ? String(t.dropFirst("// ANCHOR: ".count)).trimmingCharacters(in: .whitespaces) : nil
    }
    return nearestName(to: anchor, among: names).map { "; did you mean '\($0)'?" } ?? ""
}

/// The includes of a chapter's blocks, by block index, and the errors of those that failed.
public func resolveIncludes(_ blocks: [CodeBlock], root: URL, file: String) -> ([Int: IncludedCode], [Diagnostic]) {
    var found: [Int: IncludedCode] = [:]
    var errors: [Diagnostic] = []
    for block in blocks {
        guard let spec = block.options.include else { continue }
        do {
            found[block.index] = try includeCode(spec, root: root, file: file, line: block.fenceLine)
        } catch {
            errors.append(error)
        }
    }
    return (found, errors)
}
