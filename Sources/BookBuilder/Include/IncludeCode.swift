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
    if let why = BookFiles.refusal(root.appendingPathComponent(path), root: root, shownAs: path) {
        throw Diagnostic(file: file, line: line, "include: \(why)")
    }
    guard let data = try? Data(contentsOf: root.appendingPathComponent(path)) else {
        throw Diagnostic(file: file, line: line, "include: no file '\(path)' (paths are relative to the book's root)")
    }
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    func isAnchor(_ l: Substring, _ word: String) -> Bool {
        let t = l.trimmingCharacters(in: .whitespaces)
        return t.hasPrefix("// \(word): ") && t.dropFirst(word.count + 5).trimmingCharacters(in: .whitespaces) == anchor
    }
    guard let start = lines.firstIndex(where: { isAnchor($0, "ANCHOR") }) else {
        throw Diagnostic(file: file, line: line, "include: '\(path)' has no line '// ANCHOR: \(anchor)'")
    }
    guard let end = lines[(start + 1)...].firstIndex(where: { isAnchor($0, "ANCHOR_END") }) else {
        throw Diagnostic(file: file, line: line, "include: '\(path)' has '// ANCHOR: \(anchor)' but no '// ANCHOR_END: \(anchor)' after it")
    }
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
