import Foundation

/// A stage beside shield math: what KaTeX would say of each formula, found at build time when
/// Node.js is installed (the page itself renders with `throwOnError: false`, so a formula KaTeX
/// cannot read shows in red, with its source, in place, with or without this check). Each error
/// becomes a warning at the formula's line. Results are kept in `cache` by a hash of the formulas,
/// so a build with no new math starts no Node process.
public func checkMath(_ formulas: [(file: String, span: MathSpan)], cache: URL?) -> [Diagnostic] {
    guard !formulas.isEmpty, let node = try? findExecutable("node") else { return [] }
    let katex = VendorAssets.katexDirectory + "/katex.min.js"
    guard FileManager.default.fileExists(atPath: katex) else { return [] }
    var hasher = StableHasher()
    hasher.combine("katex-v1")
    for f in formulas {
        hasher.combine(f.span.tex)
        hasher.combine(f.span.display ? "d" : "i")
    }
    let cached = cache?.appendingPathComponent("katex-\(hasher.hexDigest).json")
    var messages: [String?]? = cached.flatMap { try? Data(contentsOf: $0) }.flatMap { try? JSONDecoder().decode([String?].self, from: $0) }
    if messages?.count != formulas.count {
        messages = runKaTeX(node: node, katex: katex, formulas.map { ($0.span.tex, $0.span.display) })
        if let messages, let cached, let data = try? JSONEncoder().encode(messages) {
            try? FileManager.default.createDirectory(at: cached.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? data.write(to: cached, options: .atomic)
        }
    }
    guard let messages, messages.count == formulas.count else { return [] }
    return zip(formulas, messages).compactMap { f, message in
        message.map { katexWarning(file: f.file, line: f.span.line, $0) }
    }
}

/// The warning for a formula KaTeX cannot read, at its line.
func katexWarning(file: String, line: Int, _ message: String) -> Diagnostic {
    Diagnostic(
        file: file, line: line, .warning, "KaTeX cannot render this formula (it shows in red on the page): \(collapseSpaces(message))")
}

/// One Node process renders every formula with KaTeX and answers, per formula, null or the error.
private func runKaTeX(node: String, katex: String, _ formulas: [(String, Bool)]) -> [String?]? {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("book-katex-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = """
        const katex = require(process.argv[2]);
        const items = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
        process.stdout.write(JSON.stringify(items.map(([tex, display]) => {
          try { katex.renderToString(tex, { displayMode: display, throwOnError: true }); return null; }
          catch (e) { return String(e.message); }
        })));
        """
    do {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let scriptFile = dir.appendingPathComponent("check.js"), input = dir.appendingPathComponent("formulas.json")
        try Data(script.utf8).write(to: scriptFile)
        let items: [[Any]] = formulas.map { [$0.0, $0.1] }
        try JSONSerialization.data(withJSONObject: items).write(to: input)
        let result = try runProcess(node, [scriptFile.path, katex, input.path], timeout: 60)
        guard result.succeeded else { return nil }
        return try JSONDecoder().decode([String?].self, from: result.stdout)
    } catch {
        return nil
    }
}
