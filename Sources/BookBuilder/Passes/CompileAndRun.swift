import Foundation

/// Compiles the chapter's program against the library and runs it in its own process and folder,
/// or takes the run from the cache when nothing it depends on changed. A program that does not
/// compile gives the compiler's errors at the chapter's lines.
struct CompileAndRun: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        // No toolchain: the pages are read and rendered, nothing runs (the builder's own tests).
        guard let program = document.program, let toolchain = context.toolchain else { return }
        let slug = document.source.slug
        let key = RunCache.key(
            program: program, toolchain: toolchain, timeout: document.timeout, dataHash: context.dataHash,
            optimize: document.optimize, perturbation: context.options.perturbation)
        let cache = context.options.cache.map(RunCache.init(directory:))
        if let cached = cache?.load(slug: slug, key: key) {
            document.run = cached
            document.cached = true
        } else if !context.options.cachedRunsOnly {
            let fresh = compileAndRun(program: program, key: key, document, toolchain, context.options)
            document.run = fresh.run
            // A timeout (the machine may only have been busy) or a failure of the machine
            // (no work folder, no swiftc) is not the chapter's result: the next build retries it.
            if fresh.cacheable, let cache { cache.store(fresh.run, slug: slug) }
            // Said once, by the run that wrote: a cached run writes nothing.
            if !fresh.written.isEmpty { document.sink.report(wroteIntoTheBook(fresh.written, document), .run) }
        }
        guard let run = document.run else { return }
        document.compileSeconds = run.compile.seconds
        document.runSeconds = run.run?.seconds
        if run.run == nil { document.sink.report(compileErrors(run.compile, file: document.source.path), .chapter) }
    }

    /// The errors of a compile that failed, at the chapter's lines; the whole output when the
    /// compiler named no line.
    func compileErrors(_ compile: ProcessResult, file: String) -> [Diagnostic] {
        let errors = compilerDiagnostics(compile.stderrText + compile.stdoutText, file: file)
        guard errors.isEmpty else { return errors }
        return [Diagnostic(file: file, line: 0, "the chapter did not compile:\n\(withoutMachinePaths(compile.stderrText))")]
    }

    /// Compile, then run. `cacheable` is false when the result says more about the machine than
    /// about the chapter (a timeout, a failure to start).
    func compileAndRun(
        program: String, key: String, _ document: ChapterDocument, _ toolchain: Toolchain, _ options: Book.Options
    ) -> (run: ChapterRun, cacheable: Bool, written: [String]) {
        let work = options.work.appendingPathComponent(document.source.slug)
        do {
            let compile = { try compileChapter(program: program, toolchain: toolchain, workDirectory: work, optimize: document.optimize) }
            // Within one process (the chapter tests), a program compiled once is run again as it is.
            let (compiled, executable) =
                try options.compiledPrograms?.compiled(program + (document.optimize ? "\n// -O" : ""), in: work, compile: compile)
                ?? compile()
            guard compiled.succeeded else { return (ChapterRun(key: key, compile: compiled, run: nil), !compiled.timedOut, []) }
            let directory = try prepareRunDirectory(
                runDirectory(work: options.work, slug: document.source.slug, perturbation: options.perturbation), chapters: options.chapters
            )
            let book = SourceWatcher(folders: [options.chapters])
            let before = book.snapshot()
            let run = try runChapter(
                executable: executable, workingDirectory: directory, timeout: document.timeout, perturbation: options.perturbation)
            let written = filesWritten(before: before, after: book.snapshot(), chapters: options.chapters)
            return (ChapterRun(key: key, compile: compiled, run: run), !run.timedOut, written)
        } catch {
            let failure = ProcessResult(
                stdout: Data(), stderr: Data("error: \(error)".utf8), status: 1, signaled: false, timedOut: false,
                outputLimitHit: false, seconds: 0)
            return (ChapterRun(key: key, compile: failure, run: nil), false, [])
        }
    }

    /// The warning for a chapter that wrote into `Chapters/` (through `../` or an absolute path,
    /// or into a data link): what it wrote is data to every later build, which re-runs every
    /// chapter, and a save that `make watch` rebuilds for.
    func wroteIntoTheBook(_ written: [String], _ document: ChapterDocument) -> Diagnostic {
        let names = written.prefix(3).joined(separator: ", ") + (written.count > 3 ? " and \(written.count - 3) more" : "")
        return Diagnostic(
            file: document.source.path, line: 0, .warning,
            "the chapter wrote into the book's folder while it ran (\(names)): a chapter runs in a folder of its own, "
                + ".build-book/work/\(document.source.slug)/run/, and writes there with a relative path ('results.csv'); "
                + "a file written into Chapters/ is data to every chapter and re-runs them all")
    }
}
