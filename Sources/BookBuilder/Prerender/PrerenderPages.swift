import Foundation

/// A step on the written pages, for `book build`: every formula is rendered by KaTeX and every
/// Swift block highlighted by highlight.js when the book is built, so that a page loads neither
/// script (about 1.1 MB). One Node process does the whole book: each distinct formula and code
/// block once, from Debian's libjs-katex and libjs-highlight.js. The same run is the book's KaTeX
/// check: a formula KaTeX cannot read becomes a warning at its line in `formulas`' file (the page
/// shows it in red, with its source, as the browser would).
///
/// Without Node.js, or when it fails, the pages are returned as they were and the page's script
/// renders them in the browser (the warning about the failure says so). Results are kept in
/// `cache` under a hash of everything sent, so a build with no new math or code starts no Node.
public struct PrerenderPages: Sendable {
    public var cache: URL?
    public init(cache: URL?) { self.cache = cache }

    public struct Result: Sendable {
        public var files: [SiteFile]
        /// KaTeX's errors, at their formula's line (for `formulas` the step was given).
        public var katexWarnings: [Diagnostic]
        /// Why nothing was rendered (Node.js failed), for the terminal; nil when all went well or
        /// when Node.js is not installed.
        public var failure: Diagnostic?
    }

    /// The site's HTML files with their math and code rendered; other files as they were.
    public func run(_ files: [SiteFile], formulas: [(file: String, span: MathSpan)]) -> Result {
        let pages = files.map { $0.path.hasSuffix(".html") ? PagePieces(String(decoding: $0.contents, as: UTF8.self)) : nil }
        var job = RenderJob()
        for f in formulas { job.add(math: f.span.tex, display: f.span.display) }
        for page in pages.compactMap({ $0 }) {
            for piece in page.pieces {
                switch piece {
                case .math(let tex, let display): job.add(math: tex, display: display)
                case .code(let text): job.add(code: text)
                case .html: break
                }
            }
        }
        guard !job.isEmpty, let node = try? findExecutable("node") else { return Result(files: files, katexWarnings: [], failure: nil) }
        let rendered: RenderJob.Output
        do {
            rendered = try job.run(node: node, cache: cache)
        } catch {
            let why = Diagnostic(
                file: "Site", line: 0, .warning,
                "math and code were not rendered at build time (the pages render them in the browser): \(error)")
            return Result(files: files, katexWarnings: [], failure: why)
        }
        var out = files
        for (i, page) in pages.enumerated() {
            guard let page else { continue }
            let html = page.joined(
                math: { rendered.math(job.mathIndex[RenderJob.MathKey(tex: $0, display: $1)]) },
                code: { job.codeIndex[$0].map { rendered.code[$0] } })
            out[i] = SiteFile(path: files[i].path, text: html)
        }
        let warnings = formulas.compactMap { f -> Diagnostic? in
            guard let k = job.mathIndex[RenderJob.MathKey(tex: f.span.tex, display: f.span.display)],
                let message = rendered.formulas[k].error
            else { return nil }
            return katexWarning(file: f.file, line: f.span.line, message)
        }
        return Result(files: out, katexWarnings: warnings, failure: nil)
    }
}
