import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The rule for every file the builder reads: it is inside the book's folder, whatever path or
/// link leads to it. A chapter, a data file, an included library file or a theme file that is a
/// link to `/etc/passwd` (or into a folder beside the book) is refused, with this rule in the
/// message, and never read.
public enum BookFiles {
    /// The rule, as messages say it.
    public static let rule = "the builder reads no file outside the book's folder, through any path or link"

    /// Where `url` really is: every link on the way followed (`realpath`), or nil when it does not
    /// exist (a dangling link, a missing file).
    public static func realPath(_ url: URL) -> String? {
        guard let resolved = realpath(url.path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether `url` exists and really is inside `root` (both resolved).
    public static func isInside(_ url: URL, root: URL) -> Bool {
        guard let target = realPath(url), let base = realPath(root) else { return false }
        return target == base || target.hasPrefix(base.hasSuffix("/") ? base : base + "/")
    }

    /// Nil when `url` may be read; otherwise why not, naming the rule: `shownAs` (the path as the
    /// book names it) is a link to a place outside the book.
    public static func refusal(_ url: URL, root: URL, shownAs: String) -> String? {
        guard FileManager.default.fileExists(atPath: url.path), !isInside(url, root: root) else { return nil }
        let target = realPath(url) ?? url.path
        return "'\(shownAs)' leads to '\(target)', outside the book: \(rule) (copy the file into the book instead)"
    }

    /// The data of the chapters folder: its top-level entries that are not chapters or other
    /// Markdown, not the theme and not the bibliography, sorted by name. Data is what a chapter
    /// program may read, and what its working folder links to.
    public static func dataEntries(in chapters: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: chapters.path)) ?? []
        return names.filter { name in
            let ext = (name as NSString).pathExtension.lowercased()
            return !name.hasPrefix(".") && ext != "md" && ext != "markdown" && name != "theme" && name != "references.bib"
        }.sorted()
    }

    /// Every file under `folder` (recursively; links followed only when they stay inside `root`),
    /// by path relative to `folder`, sorted; and an error for every entry that leads outside
    /// `root`, named `displayPrefix/relative` (e.g. `Chapters/x.csv`). `names`: only these
    /// top-level entries of `folder` (all when nil).
    public static func walk(_ folder: URL, root: URL, displayPrefix: String, only names: [String]? = nil) -> (
        files: [String], outside: [Diagnostic]
    ) {
        var files: [String] = [], outside: [Diagnostic] = []
        let fm = FileManager.default
        func visit(_ relative: String, _ url: URL) {
            if let why = refusal(url, root: root, shownAs: "\(displayPrefix)/\(relative)") {
                outside.append(Diagnostic(file: "\(displayPrefix)/\(relative)", line: 0, why))
                return
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
            guard isDirectory.boolValue else { return files.append(relative) }
            let children = ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for child in children { visit(relative + "/" + child, url.appendingPathComponent(child)) }
        }
        for name in names ?? ((try? fm.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() {
            visit(name, folder.appendingPathComponent(name))
        }
        return (files.sorted(), outside)
    }

    /// Every entry the build reads from `chapters` (data, theme, bibliography, front page) that
    /// leads outside `root`, one error each. Chapters are left to `loadChapters`, which gives each
    /// its own page with the error.
    public static func linksOutside(chapters: URL, root: URL) -> [Diagnostic] {
        walk(chapters, root: root, displayPrefix: "Chapters", only: dataEntries(in: chapters) + ["index.md", "references.bib", "theme"])
            .outside
    }
}

extension BookFiles {
    /// Throws, naming the rule and every such entry, when an entry of the chapters folder (data,
    /// theme, bibliography, front page) leads outside the book: the build reads none of them.
    public static func refuseLinksOutside(_ options: Book.Options) throws {
        let found = linksOutside(chapters: options.chapters, root: options.root)
        guard !found.isEmpty else { return }
        throw BuildFailure(found.map(\.description).joined(separator: "\n"))
    }
}
