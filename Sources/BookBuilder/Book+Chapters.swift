import Foundation

extension Book {
    /// The chapters of `options.only` (all when empty), each through `passes`, in chapter order,
    /// in parallel (one per core). A chapter that cannot be read (not UTF-8) gets a page that says so.
    static func processEach(_ options: Options, through passes: [any ChapterPass], _ context: BookContext) throws
        -> [ChapterDocument]
    {
        let selected = try loadChapters(from: options.chapters).filter { item in
            guard !options.only.isEmpty else { return true }
            switch item {
            case .success(let c): return options.only.contains { c.slug == $0 || c.slug.hasPrefix($0 + "-") || c.path == $0 }
            case .failure(let d): return options.only.contains { d.file.hasSuffix($0) }
            }
        }
        let documents = LockedArray<ChapterDocument?>(repeating: nil, count: selected.count)
        DispatchQueue.concurrentPerform(iterations: selected.count) { i in
            switch selected[i] {
            case .success(let source): documents[i] = run(ChapterDocument(source: source), through: passes, context)
            case .failure(let diagnostic): documents[i] = ChapterDocument(unreadable: diagnostic)
            }
        }
        return documents.values.compactMap { $0 }
    }
}

extension ChapterDocument {
    /// The document of a chapter file that could not be read: its page holds the error.
    init(unreadable diagnostic: Diagnostic) {
        let slug = String(diagnostic.file.split(separator: "/").last ?? "").replacingAll(".md", with: "")
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
