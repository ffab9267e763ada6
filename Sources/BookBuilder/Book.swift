import Foundation

/// The builder's pipeline, stage by stage:
///
///     load chapters → shield math → parse (cmark-gfm) → extract blocks and options →
///     generate one program per chapter → compile → run → split output per block →
///     render pages → write the site atomically
///
/// Each stage is a function in the folder of its name; this file only strings them together,
/// caches runs, and runs chapters in parallel.
public enum Book {
    /// Where things are and how to build.
    public struct Options: Sendable {
        public var root: URL
        public var chapters: URL
        public var site: URL
        /// Run cache; `nil` runs every chapter afresh.
        public var cache: URL?
        /// Compiled chapter programs.
        public var work: URL
        /// Time budget of a chapter without its own `<!-- book: timeout=N -->`.
        public var defaultTimeout: Double = 120
        /// Only these chapter slugs (all when empty).
        public var only: [String] = []
        /// The library's rounding-perturbation seed for the chapter programs (`RNNKIT_PERTURB`;
        /// by default the builder's own environment's), or `nil` for the normal arithmetic.
        /// Perturbed runs are cached apart, and a moved output is reported as varying with rounding.
        public var perturbation: String? = perturbationFromEnvironment()
        /// Programs compiled once and run again without compiling, within this process (the
        /// chapter tests run each chapter three times); `nil` compiles every time.
        public var compiledPrograms: CompiledPrograms? = nil

        public init(root: URL, useCache: Bool = true) {
            self.root = root
            chapters = root.appendingPathComponent("Chapters")
            site = root.appendingPathComponent("Site")
            cache = useCache ? root.appendingPathComponent(".build-book/cache") : nil
            work = root.appendingPathComponent(".build-book/work")
        }
    }

    /// Everything the pipeline learned about one chapter.
    public struct ChapterOutcome: Sendable {
        public var source: ChapterSource
        public var blocks: [CodeBlock] = []
        public var results: [BlockResult] = []
        /// Errors (and warnings) located in the chapter.
        public var diagnostics: [Diagnostic] = []
        /// Blocks whose output differs from their ```output block.
        public var mismatches: [Diagnostic] = []
        public var rendered: RenderedChapter
        /// Seconds the chapter program ran (compile not included); nil when it did not run.
        public var runSeconds: Double?
        public var compileSeconds: Double?
        /// The run came from the cache.
        public var cached = false
        /// The chapter's math, for the KaTeX check.
        public var math: [MathSpan] = []
        /// What the authoring features learned, the inline values' results among it.
        public var authoring = AuthoringContext()

        public var failed: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Stages 2 to 9 for one chapter.
    public static func process(_ source: ChapterSource, toolchain: Toolchain, options: Options, dataHash: String) -> ChapterOutcome {
        var diagnostics: [Diagnostic] = []
        // Shield math; a dollar that is never closed is a warning, and the rest of the math still renders.
        var shielded = shieldMath(source.text, file: source.path)
        diagnostics += shielded.warnings
        if source.text.allSatisfy({ $0.isWhitespace }) {
            diagnostics.append(Diagnostic(file: source.path, line: 0, .warning, "the chapter is empty: its page has no title and no text"))
        }
        let scanned = scanAuthoring(shielded.text, file: source.path)  // citations, labels, references, inline values
        shielded.text = scanned.text
        let parsed = parseMarkdown(shielded.text)
        let (blocks, extractErrors) = extractBlocks(parsed, file: source.path)
        diagnostics += extractErrors
        var (authoring, authoringErrors) = AuthoringContext.prepare(
            marks: scanned.marks, blocks: blocks, slug: source.slug, root: options.root,
            bibliography: Bibliography.load(from: options.chapters.appendingPathComponent("references.bib")).0, file: source.path)
        let (programBlocks, inlineErrors) = authoring.programBlocks(blocks, file: source.path)
        authoringErrors += inlineErrors

        var outcome = ChapterOutcome(
            source: source, blocks: blocks,
            rendered: RenderedChapter(slug: source.slug, title: source.slug, body: "", contents: [], sections: []))
        var results = Array(repeating: BlockResult(), count: blocks.count)
        // What the run reported is in the cells already (errors, failed checks, blocks not run);
        // the page shows the other diagnostics beside them, and each error only once.
        var runDiagnostics: [Diagnostic] = []
        if !diagnostics.contains(where: { $0.severity == .error }) {
            let program = generateProgram(blocks: programBlocks, file: source.path)
            let timeout = timeBudget(of: source.text, defaultSeconds: options.defaultTimeout)
            let optimize = wantsOptimizedBuild(source.text)
            let key = RunCache.key(
                program: program, toolchain: toolchain, timeout: timeout, dataHash: dataHash, optimize: optimize,
                perturbation: options.perturbation)
            let cache = options.cache.map(RunCache.init(directory:))
            var record = cache?.load(slug: source.slug, key: key)
            outcome.cached = record != nil
            if record == nil {
                let fresh = compileAndRun(
                    program: program, slug: source.slug, toolchain: toolchain, options: options, timeout: timeout, optimize: optimize,
                    key: key)
                record = fresh.run
                // A timeout (the machine may only have been busy) or a failure of the machine
                // (no work folder, no swiftc) is not the chapter's result: the next build retries it.
                if fresh.cacheable, let record, let cache { cache.store(record, slug: source.slug) }
            }
            if let record {
                outcome.compileSeconds = record.compile.seconds
                if let run = record.run {
                    outcome.runSeconds = run.seconds
                    let split = splitOutput(run, blocks: blocks, file: source.path, timeout: timeout)
                    results = split.results
                    authoring.read(run)
                    runDiagnostics = authoring.relocated(split.diagnostics, file: source.path)
                    authoringErrors += authoring.figureDiagnostics(file: source.path)
                } else {
                    let errors = compilerDiagnostics(record.compile.stderrText + record.compile.stdoutText, file: source.path)
                    diagnostics +=
                        errors.isEmpty
                        ? [
                            Diagnostic(
                                file: source.path, line: 0,
                                "the chapter did not compile:\n\(withoutMachinePaths(record.compile.stderrText))")
                        ] : errors
                }
            }
        }
        // Compare with the expected outputs of the blocks that ran.
        for (block, result) in zip(blocks, results) {
            guard let expected = block.expected, result.ran else { continue }
            if let seed = options.perturbation,
                let difference = firstDifference(expected: expected.text, actual: result.printedText, tolerance: expected.tolerance)
            {
                outcome.mismatches.append(
                    Diagnostic(file: source.path, line: expected.fenceLine, .warning, difference.roundingMessage(seed: seed)))
            } else if let difference = compareOutput(expected: expected.text, actual: result.printedText, tolerance: expected.tolerance) {
                let beyond = expected.tolerance == .standard ? "" : " beyond its tolerance \(expected.tolerance.description)"
                outcome.mismatches.append(
                    Diagnostic(
                        file: source.path, line: expected.fenceLine, .warning,
                        "the block's output differs from its output block\(beyond): \(difference) (run `make update` to accept it)"))
            }
        }
        outcome.results = results
        outcome.authoring = authoring
        diagnostics += authoringErrors
        outcome.math = shielded.math
        outcome.diagnostics = (diagnostics + runDiagnostics).sorted { ($0.line, $0.message) < ($1.line, $1.message) }
        outcome.rendered = renderChapter(
            slug: source.slug, parsed: parsed, math: shielded.math, blocks: blocks, results: results,
            diagnostics: diagnostics + outcome.mismatches, authoring: authoring)
        // Errors and warnings outside any block (unbalanced math, a near-miss fence, a compile error
        // in no block) go on top of the page, in line order.
        let outside = diagnostics.filter { $0.severity != .note && ($0.line == 0 || !blocksCover($0.line, blocks)) }
        if !outside.isEmpty {
            let list = outside.map { "<pre class=\"\($0.severity == .error ? "error" : "warning")\">\(escapeHTML($0.description))</pre>\n" }
            outcome.rendered.body = list.joined() + outcome.rendered.body
        }
        return outcome
    }

    private static func blocksCover(_ line: Int, _ blocks: [CodeBlock]) -> Bool {
        blocks.contains { line >= $0.fenceLine && line <= blockEndLine($0) }
    }

    /// Stages 6 and 7 (compile, run), which the cache can skip. `cacheable` is false when the
    /// result says more about the machine than about the chapter (a timeout, a failure to start).
    static func compileAndRun(
        program: String, slug: String, toolchain: Toolchain, options: Options, timeout: Double, optimize: Bool, key: String
    ) -> (run: ChapterRun, cacheable: Bool) {
        let work = options.work.appendingPathComponent(slug)
        do {
            let compile = { try compileChapter(program: program, toolchain: toolchain, workDirectory: work, optimize: optimize) }
            let (compiled, executable) =
                try options.compiledPrograms?.compiled(program + (optimize ? "\n// -O" : ""), in: work, compile: compile) ?? compile()
            guard compiled.succeeded else { return (ChapterRun(key: key, compile: compiled, run: nil), !compiled.timedOut) }
            let run = try runChapter(
                executable: executable, chaptersDirectory: options.chapters, timeout: timeout, perturbation: options.perturbation)
            return (ChapterRun(key: key, compile: compiled, run: run), !run.timedOut)
        } catch {
            let failure = ProcessResult(
                stdout: Data(), stderr: Data("error: \(error)".utf8), status: 1, signaled: false, timedOut: false, outputLimitHit: false,
                seconds: 0)
            return (ChapterRun(key: key, compile: failure, run: nil), false)
        }
    }

    /// Loads and processes every chapter (in parallel, one per core), in chapter order.
    public static func processAll(toolchain: Toolchain, options: Options) throws -> [ChapterOutcome] {
        let loaded = try loadChapters(from: options.chapters)
        let dataHash = hashDataFiles(in: options.chapters)
        let selected = loaded.filter { item in
            guard !options.only.isEmpty else { return true }
            switch item {
            case .success(let c): return options.only.contains { c.slug == $0 || c.slug.hasPrefix($0 + "-") || c.path == $0 }
            case .failure(let d): return options.only.contains { d.file.hasSuffix($0) }
            }
        }
        let outcomes = LockedArray<ChapterOutcome?>(repeating: nil, count: selected.count)
        DispatchQueue.concurrentPerform(iterations: selected.count) { i in
            switch selected[i] {
            case .success(let source):
                outcomes[i] = process(source, toolchain: toolchain, options: options, dataHash: dataHash)
            case .failure(let diagnostic):
                let slug = String(diagnostic.file.split(separator: "/").last ?? "").replacingAll(".md", with: "")
                var outcome = ChapterOutcome(
                    source: ChapterSource(path: diagnostic.file, slug: slug, text: ""),
                    rendered: RenderedChapter(slug: slug, title: slug, body: "", contents: [], sections: []))
                outcome.diagnostics = [diagnostic]
                outcome.rendered.body = "<h1>\(escapeHTML(slug))</h1>\n<pre class=\"error\">\(escapeHTML(diagnostic.description))</pre>\n"
                outcomes[i] = outcome
            }
        }
        return resolveCrossReferences(outcomes.values.compactMap { $0 }, partial: !options.only.isEmpty)
    }

    /// What a build did, for the command line to print.
    public struct Report: Sendable {
        public var outcomes: [ChapterOutcome]
        /// Warnings about the book rather than one chapter (a Markdown file that is not a chapter).
        public var bookWarnings: [Diagnostic] = []
        public init(outcomes: [ChapterOutcome], bookWarnings: [Diagnostic] = []) {
            self.outcomes = outcomes
            self.bookWarnings = bookWarnings
        }
        public var errors: [Diagnostic] { outcomes.flatMap { $0.diagnostics.filter { $0.severity == .error } } }
        public var warnings: [Diagnostic] {
            bookWarnings + outcomes.flatMap { $0.diagnostics.filter { $0.severity == .warning } + $0.mismatches }
        }
        /// Notes: the blocks that did not run because their chapter stopped before them.
        public var notes: [Diagnostic] { outcomes.flatMap { $0.diagnostics.filter { $0.severity == .note } } }
    }

    /// `book build`: every chapter, then the whole site, written atomically. Pages of failing
    /// chapters are written too, with their errors in place.
    public static func build(toolchain: Toolchain, options: Options) throws -> Report {
        let vendor = try VendorAssets.collect()
        let theme = try Theme.load(from: options.chapters.appendingPathComponent("theme"))
        var outcomes = try processAll(toolchain: toolchain, options: options)
        // KaTeX's own errors, as warnings at their lines (terminal only: the page shows them in red).
        let katex = checkMath(outcomes.flatMap { o in o.math.map { (o.source.path, $0) } }, cache: options.cache)
        for i in outcomes.indices { outcomes[i].diagnostics += katex.filter { $0.file == outcomes[i].source.path } }
        let (title, intro) = renderIntro(at: options.chapters.appendingPathComponent("index.md"))
        var files = try renderSite(
            bookTitle: title, introHTML: intro, chapters: outcomes.map(\.rendered), theme: theme,
            bibliography: Bibliography.load(from: options.chapters.appendingPathComponent("references.bib")).0)
        files += vendor
        try writeSite(files, to: options.site)
        return Report(outcomes: outcomes, bookWarnings: strayMarkdownFiles(in: options.chapters))
    }

    /// `book update`: runs the chapters and rewrites their ```output blocks with what the blocks
    /// printed now. The only command that writes into a chapter; each file is replaced atomically.
    public static func update(toolchain: Toolchain, options: Options) throws -> (report: Report, changed: [String]) {
        let outcomes = try processAll(toolchain: toolchain, options: options)
        var changed: [String] = []
        for outcome in outcomes where !outcome.mismatches.isEmpty {
            // The file as it is on disk (the loaded text has no BOM and \n line endings), so that
            // everything but the changed output blocks stays byte for byte.
            let url = options.root.appendingPathComponent(outcome.source.path)
            let original = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let text = rewriteExpectedOutputs(original, blocks: outcome.blocks, results: outcome.results)
            guard text != original else { continue }
            try Data(text.utf8).write(to: url, options: .atomic)
            changed.append(outcome.source.path)
        }
        return (Report(outcomes: outcomes, bookWarnings: strayMarkdownFiles(in: options.chapters)), changed)
    }

    /// The front page's title and introduction, from `Chapters/index.md` when there is one.
    static func renderIntro(at url: URL) -> (title: String, html: String) {
        let fallback = "Recurrent Neural Networks, Run"
        guard let data = try? Data(contentsOf: url) else { return (fallback, "<h1>\(fallback)</h1>") }
        let text = String(decoding: data, as: UTF8.self)
        let shielded = shieldMath(text, file: "Chapters/index.md")
        let parsed = parseMarkdown(shielded.text)
        let rendered = renderChapter(slug: "index", parsed: parsed, math: shielded.math, blocks: [], results: [], diagnostics: [])
        return (rendered.title == "index" ? fallback : rendered.title, rendered.body)
    }
}

/// An array that several threads fill, each its own index.
final class LockedArray<Element>: @unchecked Sendable {
    private var storage: [Element]
    private let lock = NSLock()
    init(repeating value: Element, count: Int) { storage = Array(repeating: value, count: count) }
    subscript(i: Int) -> Element {
        get { lock.lock(); defer { lock.unlock() }; return storage[i] }
        set { lock.lock(); storage[i] = newValue; lock.unlock() }
    }
    var values: [Element] { lock.lock(); defer { lock.unlock() }; return storage }
}
