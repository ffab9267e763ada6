import Foundation

extension Book {
    /// `book build`: every chapter, the book passes, the KaTeX check, then the whole site, written
    /// atomically. Pages of failing chapters are written too, with their errors in place.
    /// `book build 01` runs only chapter 01, and keeps the other pages whole (see `processForSite`).
    public static func build(toolchain: Toolchain, options: Options) throws -> Report {
        try BookFiles.refuseLinksOutside(options)
        let vendor = try VendorAssets.collect()
        let theme = try Theme.load(from: options.chapters.appendingPathComponent("theme"))
        let context = BookContext(options: options, toolchain: toolchain, dataHash: "")
        var (documents, asked) = try processForSite(toolchain: toolchain, options: options)
        let (title, intro) = renderIntro(at: options.chapters.appendingPathComponent("index.md"))
        // The Chinese edition (Site/zh/), from the same runs, when the book has po/zh_CN.po.
        let chinese = try I18n.translatedSite(documents: documents, options: options, theme: theme, bibliography: context.bibliography)
        let files = try renderSite(
            bookTitle: title, introHTML: intro, chapters: documents.map(\.rendered), theme: theme, bibliography: context.bibliography,
            languageSwitch: chinese?.englishSwitch ?? { _ in "" })
        // Math and code rendered at build time, in one Node process that is also the KaTeX check.
        let pages = files + includedSourcePages(documents, root: options.root) + (chinese?.files ?? [])
        let prerendered = PrerenderPages(cache: options.cache).run(
            pages, formulas: documents.flatMap { d in d.math.map { (d.source.path, $0) } })
        for i in documents.indices {
            documents[i].sink.report(prerendered.katexWarnings.filter { $0.file == documents[i].source.path }, .mathCheck)
        }
        let kept = keepingPages(
            prerendered.files, of: documents.filter { !asked.contains($0.source.path) && $0.program != nil && $0.run == nil },
            from: options.site)
        try writeSite(kept + vendor, to: options.site)
        var report = Report(
            outcomes: documents.filter { asked.contains($0.source.path) },
            bookWarnings: strayMarkdownFiles(in: options.chapters) + Bibliography.problems(in: options.chapters)
                + [prerendered.failure].compactMap { $0 })
        report.bookErrors = chinese?.errors ?? []
        return report
    }

    /// Every chapter's document, and the paths of the chapters asked for. With no chapter named,
    /// all are asked for. With some (`book build 01`), only those run; every other chapter takes
    /// its run from the cache and runs nothing, so that the sidebar, the index, the search and
    /// the cross-references still hold the whole book.
    static func processForSite(toolchain: Toolchain, options: Options) throws -> ([ChapterDocument], Set<String>) {
        guard !options.only.isEmpty else {
            let all = try processAll(toolchain: toolchain, options: options)
            return (all, Set(all.map(\.source.path)))
        }
        let dataHash = hashDataFiles(in: options.chapters, root: options.root)
        let asked = try processEach(
            options, through: chapterPasses, BookContext(options: options, toolchain: toolchain, dataHash: dataHash))
        var others = options
        others.only = []
        others.cachedRunsOnly = true
        let paths = Set(asked.map(\.source.path))
        let all = try processEach(others, through: chapterPasses, BookContext(options: others, toolchain: toolchain, dataHash: dataHash))
        var documents = all.map { d in asked.first { $0.source.path == d.source.path } ?? d }
        let context = BookContext(options: options, toolchain: toolchain, dataHash: "")
        for pass in bookPasses { try pass.run(&documents, context) }
        return (documents, paths)
    }

    /// `files` with the pages of `stale` (chapters not asked for whose run is not in the cache)
    /// as they are in the existing `site`, when it holds them: a subset build never blanks a page.
    static func keepingPages(_ files: [SiteFile], of stale: [ChapterDocument], from site: URL) -> [SiteFile] {
        let pages = Set(stale.flatMap { ["\($0.source.slug).html", "zh/\($0.source.slug).html"] })
        return files.map { file in
            guard pages.contains(file.path), let old = try? Data(contentsOf: site.appendingPathComponent(file.path)) else { return file }
            return SiteFile(path: file.path, contents: old)
        }
    }

    /// `book update`: runs the chapters and rewrites their ```output blocks with what the blocks
    /// printed now. The only command that writes into a chapter; each file is replaced atomically.
    public static func update(toolchain: Toolchain, options: Options) throws -> (report: Report, changed: [String]) {
        let documents = try processAll(toolchain: toolchain, options: options)
        var changed: [String] = []
        for document in documents where !document.mismatches.isEmpty {
            // The file as it is on disk (the loaded text has no BOM and \n line endings), so that
            // everything but the changed output blocks stays byte for byte.
            let url = options.root.appendingPathComponent(document.source.path)
            let original = String(decoding: try Data(contentsOf: url), as: UTF8.self)
            let text = rewriteExpectedOutputs(original, blocks: document.blocks, results: document.results)
            guard text != original else { continue }
            try Data(text.utf8).write(to: url, options: .atomic)
            changed.append(document.source.path)
        }
        return (
            Report(
                outcomes: documents, bookWarnings: strayMarkdownFiles(in: options.chapters) + Bibliography.problems(in: options.chapters)),
            changed
        )
    }

    /// The front page's title and introduction, from `Chapters/index.md` when there is one.
    static func renderIntro(at url: URL) -> (title: String, html: String) {
        let fallback = "Recurrent Neural Networks, Run"
        guard let data = try? Data(contentsOf: url) else { return (fallback, "<h1>\(fallback)</h1>") }
        let text = String(decoding: data, as: UTF8.self)
        let rendered = renderMarkdownPage(text, file: "Chapters/index.md", slug: "index")
        return (rendered.title == "index" ? fallback : rendered.title, rendered.body)
    }
}
