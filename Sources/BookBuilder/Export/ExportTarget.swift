import Foundation

/// Where an export may write. Three rules, each refused with a message that names it:
/// never inside the book's own folder (nor a folder that holds the book: `DIR=.` would replace
/// the book's `Package.swift`); never into a folder that is not empty unless an earlier export
/// wrote it (it holds `.book-export`) or the student forces it (`FORCE=1`, `--force`).
public enum ExportTarget {
    /// The mark an export leaves: its first line says what wrote it, the others list its files.
    public static let marker = ".book-export"

    /// `directory` made absolute, with every link on the way that exists resolved (so that a
    /// link into the book is seen for what it is).
    static func resolved(_ directory: URL) -> String {
        var existing = directory.standardizedFileURL
        var rest: [String] = []
        while BookFiles.realPath(existing) == nil && existing.path != "/" {
            rest.insert(existing.lastPathComponent, at: 0)
            existing = existing.deletingLastPathComponent()
        }
        let base = BookFiles.realPath(existing) ?? existing.path
        return rest.reduce(base) { ($0 == "/" ? "" : $0) + "/" + $1 }
    }

    /// Throws when `directory` breaks a rule (see the type's comment).
    public static func check(_ directory: URL, book root: URL, force: Bool) throws {
        let target = resolved(directory)
        let book = BookFiles.realPath(root) ?? root.standardizedFileURL.path
        let inside = target.hasPrefix(book + "/"), holds = book.hasPrefix(target == "/" ? "/" : target + "/")
        if target == book || inside || holds {
            let placement = target == book ? "is the book's own folder" : inside ? "is inside the book" : "holds the book"
            throw BuildFailure(
                "the export folder \(directory.path) \(placement) (\(book)): an export never writes inside the book's own folder "
                    + "(it would replace the book's Package.swift and sources); choose a folder outside it, e.g. DIR=/tmp/chapter")
        }
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw BuildFailure("the export folder \(directory.path) is a file, not a folder") }
        let contents = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        guard !contents.isEmpty, !contents.contains(marker), !force else { return }
        throw BuildFailure(
            "the export folder \(directory.path) is not empty and was not written by an earlier export (it has no \(marker) file): "
                + "an export writes only into a new or empty folder, or one it wrote before; choose another folder, or force it "
                + "with FORCE=1 (make export) or --force (book export), which replaces the files of the same names")
    }

    /// Writes `exported` into `directory`: removes the files an earlier export listed in its mark
    /// that this one does not write (so that nothing the chapter no longer needs lingers), writes
    /// each file whose bytes changed (an unchanged library copy keeps its dates, so a second
    /// export rebuilds only the chapter), then the new mark.
    public static func write(_ exported: ExportedChapter, to directory: URL, from file: String) throws {
        let fm = FileManager.default
        let mark = directory.appendingPathComponent(marker)
        let writing = Set(exported.files.map(\.path))
        if let old = try? String(contentsOf: mark, encoding: .utf8) {
            for path in old.split(separator: "\n").dropFirst().map(String.init)
            where !writing.contains(path) && !path.split(separator: "/").contains("..") && !path.hasPrefix("/") {
                try? fm.removeItem(at: directory.appendingPathComponent(path))
                removeEmptyFolders(above: path, in: directory)
            }
        }
        for file in exported.files {
            let url = directory.appendingPathComponent(file.path)
            if (try? Data(contentsOf: url)) == file.contents { continue }
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, options: .atomic)
        }
        let listing = ["written by `make export` from \(file); the files it wrote:"] + exported.files.map(\.path)
        try Data((listing.joined(separator: "\n") + "\n").utf8).write(to: mark, options: .atomic)
    }

    /// Removes the folders of `path` (relative to `directory`) that the removal left empty,
    /// deepest first (`words/` once its last list is gone).
    static func removeEmptyFolders(above path: String, in directory: URL) {
        var parts = path.split(separator: "/").dropLast()
        while !parts.isEmpty {
            let folder = directory.appendingPathComponent(parts.joined(separator: "/"))
            guard (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.isEmpty == true else { return }
            try? FileManager.default.removeItem(at: folder)
            parts = parts.dropLast()
        }
    }

    /// `path` as a shell word: as it is when it holds only safe characters, else in single quotes
    /// (`'/tmp/my gru'`, a quote inside written `'\''`).
    public static func shellQuoted(_ path: String) -> String {
        let safe = path.unicodeScalars.allSatisfy {
            ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || "/._-+=@%,:".unicodeScalars.contains($0)))
        }
        return safe && !path.isEmpty ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

extension Book {
    /// `book export NN --to DIR`: writes the chapter's package into `directory` (created if
    /// needed), after `ExportTarget.check`. `libraryPackage` holds RNNKit (default: the root).
    public static func export(
        chapter: String, to directory: URL, options: Options, libraryPackage: URL? = nil, force: Bool = false
    ) throws -> ExportedChapter {
        let directory = directory.standardizedFileURL
        try ExportTarget.check(directory, book: options.root, force: force)
        let loaded = try loadChapters(from: options.chapters, root: options.root)
        try checkRequested([chapter], among: loaded)
        guard let found = loaded.first(where: { $0.isNamed(by: chapter) }) else { throw BuildFailure("no chapter '\(chapter)'") }
        let source: ChapterSource
        switch found {
        case .success(let s): source = s
        case .failure(let d): throw BuildFailure(d.description)
        }
        // The chapter read as the build reads it: the same document, through the same passes.
        let context = BookContext(options: options, toolchain: nil, dataHash: "")
        let document = run(ChapterDocument(source: source), through: [ParseChapter(), ExtractCells()], context)
        if let first = document.sink.of(.chapter).first(where: { $0.severity == .error }) { throw BuildFailure(first.description) }
        let library = try exportLibraryFiles(package: (libraryPackage ?? options.root).standardizedFileURL)
        let data = try dataFilesNamed(in: document.blocks, chaptersDirectory: options.chapters, root: options.root, library: library)
        let exported = exportChapter(blocks: document.blocks, source: source, library: library, dataFiles: data)
        try ExportTarget.write(exported, to: directory, from: source.path)
        return exported
    }
}
