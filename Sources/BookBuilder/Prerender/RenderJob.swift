import Foundation

/// The distinct formulas and code blocks of a build, each sent once to one Node process that
/// renders them with KaTeX and highlight.js (both from Debian's packages, see `VendorAssets`).
struct RenderJob {
    struct MathKey: Hashable {
        var tex: String
        var display: Bool
    }
    private(set) var math: [MathKey] = []
    private(set) var code: [String] = []
    private(set) var mathIndex: [MathKey: Int] = [:]
    private(set) var codeIndex: [String: Int] = [:]

    var isEmpty: Bool { math.isEmpty && code.isEmpty }

    mutating func add(math tex: String, display: Bool) {
        let key = MathKey(tex: tex, display: display)
        guard mathIndex[key] == nil else { return }
        mathIndex[key] = math.count
        math.append(key)
    }

    mutating func add(code text: String) {
        guard codeIndex[text] == nil else { return }
        codeIndex[text] = code.count
        code.append(text)
    }

    /// What Node sends back: per formula its HTML and KaTeX's error (nil when it read it), per
    /// code block its highlighted HTML.
    struct Output: Codable {
        struct Formula: Codable {
            var html: String
            var error: String?
        }
        var formulas: [Formula]
        var code: [String]

        func math(_ index: Int?) -> String? { index.map { formulas[$0].html } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Renders everything in one Node process, or takes the result from `cache` when the same
    /// formulas and code (and the same KaTeX and highlight.js) were rendered before.
    func run(node: String, cache: URL?) throws -> Output {
        let katex = VendorAssets.katexDirectory + "/katex.min.js", hljs = VendorAssets.highlightFile
        let input = try JSONSerialization.data(
            withJSONObject: ["math": math.map { [$0.tex, $0.display] as [Any] }, "code": code], options: [.sortedKeys])
        var hasher = StableHasher()
        hasher.combine("prerender-v1")
        for library in [katex, hljs] {
            hasher.combine(library)
            hasher.combine("\((try? FileManager.default.attributesOfItem(atPath: library)[.size] as? Int) ?? -1)")
        }
        hasher.combine(bytes: input)
        let cached = cache?.appendingPathComponent("prerender-\(hasher.hexDigest).json")
        if let cached, let data = try? Data(contentsOf: cached), let output = try? JSONDecoder().decode(Output.self, from: data),
            output.formulas.count == math.count, output.code.count == code.count
        {
            return output
        }
        let data = try runNode(node, katex: katex, hljs: hljs, input: input)
        guard let output = try? JSONDecoder().decode(Output.self, from: data), output.formulas.count == math.count,
            output.code.count == code.count
        else { throw Failure(description: "Node's answer could not be read") }
        if let cached { store(data, at: cached) }
        return output
    }

    /// The script: KaTeX with the options the page's script uses (so a page looks the same
    /// rendered here or in the browser), then a second time to find KaTeX's error; highlight.js
    /// as `highlightBlock` runs it on `language-swift` code. The answer goes to a file, not
    /// stdout, which highlight.js 9 uses for a notice.
    static let script = """
        const fs = require('fs');
        const [katexPath, hljsPath, inputPath, outputPath] = process.argv.slice(2);
        const katex = require(katexPath);
        const hljs = require(hljsPath);
        const input = JSON.parse(fs.readFileSync(inputPath, 'utf8'));
        const formulas = input.math.map(([tex, display]) => {
          const html = katex.renderToString(tex, { displayMode: display, throwOnError: false });
          try { katex.renderToString(tex, { displayMode: display, throwOnError: true }); return { html }; }
          catch (e) { return { html, error: String(e.message) }; }
        });
        const code = input.code.map((text) => hljs.highlight('swift', text, true).value);
        fs.writeFileSync(outputPath, JSON.stringify({ formulas, code }));
        """

    /// Keeps this build's answer, and only it: each edit of a formula or block makes a new one
    /// (about 2 MB for the book), and `make watch` would otherwise pile them up.
    private func store(_ data: Data, at url: URL) {
        let folder = url.deletingLastPathComponent(), fm = FileManager.default
        try? fm.createDirectory(at: folder, withIntermediateDirectories: true)
        for old in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        where old.hasPrefix("prerender-") && old != url.lastPathComponent {
            try? fm.removeItem(at: folder.appendingPathComponent(old))
        }
        try? data.write(to: url, options: .atomic)
    }

    private func runNode(_ node: String, katex: String, hljs: String, input: Data) throws -> Data {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("book-prerender-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let scriptFile = dir.appendingPathComponent("render.js"), inputFile = dir.appendingPathComponent("input.json")
        let outputFile = dir.appendingPathComponent("output.json")
        try Data(RenderJob.script.utf8).write(to: scriptFile)
        try input.write(to: inputFile)
        let result = try runProcess(node, [scriptFile.path, katex, hljs, inputFile.path, outputFile.path], timeout: 300)
        guard result.succeeded, let data = try? Data(contentsOf: outputFile) else {
            let why = result.stderrText.split(separator: "\n").first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            throw Failure(description: "node failed" + (why.map { ": \($0)" } ?? (result.timedOut ? ": it ran past 300 s" : "")))
        }
        return data
    }
}
