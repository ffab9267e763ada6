import Foundation

extension Book {
    /// The chapters of `options.only` (all when empty), each through `passes`, in chapter order,
    /// in parallel (one per core), telling `options.progress` as each starts and finishes. A chapter
    /// that cannot be read (not UTF-8) gets a page that says so.
    static func processEach(_ options: Options, through passes: [any ChapterPass], _ context: BookContext) throws
        -> [ChapterDocument]
    {
        let loaded = try loadChapters(from: options.chapters)
        try checkRequested(options.only, among: loaded)
        let selected = loaded.filter { item in options.only.isEmpty || options.only.contains { item.isNamed(by: $0) } }
        let documents = LockedArray<ChapterDocument?>(repeating: nil, count: selected.count)
        DispatchQueue.concurrentPerform(iterations: selected.count) { i in
            let document: ChapterDocument
            switch selected[i] {
            case .success(let source):
                options.progress?.started(source.slug)
                document = run(ChapterDocument(source: source), through: passes, context)
            case .failure(let diagnostic):
                document = ChapterDocument(unreadable: diagnostic)
            }
            documents[i] = document
            options.progress?.finished(document)
        }
        return documents.values.compactMap { $0 }
    }
}

extension Book {
    /// Fails, listing the book's chapters, when a requested chapter (`book build 42`) names none of
    /// them: building nothing and exiting 0 would look like a success.
    static func checkRequested(_ requested: [String], among loaded: [Result<ChapterSource, Diagnostic>]) throws {
        let unknown = requested.filter { name in !loaded.contains { $0.isNamed(by: name) } }
        guard !unknown.isEmpty else { return }
        let names = loaded.map { item in
            switch item {
            case .success(let c): return c.slug
            case .failure(let d): return String(d.file.split(separator: "/").last ?? "")
            }
        }
        let quoted = unknown.map { "'\($0)'" }.joined(separator: ", ")
        throw BuildFailure(
            "no chapter is named \(quoted); the chapters are: \(names.joined(separator: ", ")) "
                + "(name one by its number, e.g. 01, or its slug)")
    }
}

extension Result where Success == ChapterSource, Failure == Diagnostic {
    /// Whether `name` (a number such as `05`, a slug, or a path) names this chapter.
    func isNamed(by name: String) -> Bool {
        switch self {
        case .success(let c): return c.slug == name || c.slug.hasPrefix(name + "-") || c.path == name
        case .failure(let d): return d.file.hasSuffix(name)
        }
    }
}

extension ChapterDocument {
    /// The document of a chapter file that could not be read: its page holds the error.
    init(unreadable diagnostic: Diagnostic) {
        let slug = ChapterNames.slug(of: String(diagnostic.file.split(separator: "/").last ?? ""))
        self.init(source: ChapterSource(path: diagnostic.file, slug: slug, text: ""))
        sink.report(diagnostic, .chapter)
        rendered.body = "<h1>\(escapeHTML(slug))</h1>\n<pre class=\"error\">\(escapeHTML(diagnostic.description))</pre>\n"
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
