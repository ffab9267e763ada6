import Foundation

/// `book export NN --to DIR`: a chapter as a Swift package of its own, which a student can run,
/// change and take away: `Package.swift` (depending on the book's library by path),
/// `Sources/<Name>/main.swift` (the chapter's blocks in order) and the data files it reads.
/// `swift run -c release` there prints what the page shows.
public struct ExportedChapter: Sendable, Equatable {
    /// Files by path relative to the package folder.
    public var files: [(path: String, contents: Data)]

    public static func == (a: ExportedChapter, b: ExportedChapter) -> Bool {
        a.files.map(\.path) == b.files.map(\.path) && a.files.map(\.contents) == b.files.map(\.contents)
    }
}

/// The chapter's program as one `main.swift`: `import RNNKit`, every block that runs in the
/// chapter's flow in order (under a comment naming its chapter line), `norun` and `fails` blocks
/// as comments (one never runs, the other stops the program), include blocks left out. `check`
/// and `show` are the library's own: with no builder to talk to, they print each claim with a tick
/// and write each figure to `figure-N.svg` (RNNKit's `Standalone`), so the program prints what
/// its page shows.
public func exportMainSwift(blocks: [CodeBlock], file: String) -> String {
    var out = """
        // \(file), exported by `book export` as a program of its own.
        // Run it with `swift run -c release` in the package folder (see Package.swift): each
        // `check` prints its claim with a tick, each `show` writes its figure to figure-N.svg.
        import RNNKit

        #if canImport(Glibc)
            import Glibc
        #endif


        """
    for block in blocks where block.options.include == nil {
        let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
        var kind = ""
        if block.options.exercise { kind = " (exercise)" }
        if block.options.solution { kind = " (solution)" }
        if block.options.norun || block.options.fails {
            let why = block.options.norun ? "shown, not run" : "expected to fail"
            out += "// \(file):\(block.firstLine) (\(why); remove the // to try it)\n"
            out += code.split(separator: "\n", omittingEmptySubsequences: false).map { "// " + $0 }.joined(separator: "\n") + "\n\n"
        } else {
            out += "// \(file):\(block.firstLine)\(kind)\n\(code)\n\n"
        }
    }
    return out
}

/// The whole package of a chapter. `libraryPath` is the book's root (the package holding RNNKit),
/// `dataFiles` the files beside the chapters that its code names.
public func exportChapter(
    blocks: [CodeBlock], source: ChapterSource, libraryPath: URL, dataFiles: [(name: String, contents: Data)]
) -> ExportedChapter {
    let name = "Chapter" + source.slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    let package = """
        // swift-tools-version: 6.0
        // \(source.path), exported by `book export`: the chapter as a program of its own.
        import PackageDescription

        let package = Package(
            name: "\(name)",
            dependencies: [
                // The book's model library, by path (move this folder and change the path).
                .package(path: "\(libraryPath.path)")
            ],
            targets: [
                .executableTarget(
                    name: "\(name)",
                    dependencies: [.product(name: "RNNKit", package: "\(libraryPath.lastPathComponent)")],
                    // Chapters are written in the Swift 5 language mode, like notebook cells.
                    swiftSettings: [.swiftLanguageMode(.v5)])
            ]
        )

        """
    var files: [(String, Data)] = [
        ("Package.swift", Data(package.utf8)),
        ("Sources/\(name)/main.swift", Data(exportMainSwift(blocks: blocks, file: source.path).utf8)),
    ]
    for data in dataFiles { files.append((data.name, data.contents)) }
    return ExportedChapter(files: files)
}

/// The data files of `chaptersDirectory` (not chapters, not the theme, not the bibliography)
/// whose names appear in the blocks' code.
public func dataFilesNamed(in blocks: [CodeBlock], chaptersDirectory: URL) -> [(name: String, contents: Data)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: chaptersDirectory.path)) ?? []
    let code = blocks.map(\.code).joined(separator: "\n")
    return names.sorted().filter { name in
        !name.hasSuffix(".md") && name != "references.bib" && name != "theme" && code.contains(name)
    }.compactMap { name in
        (try? Data(contentsOf: chaptersDirectory.appendingPathComponent(name))).map { (name, $0) }
    }
}

extension Book {
    /// `book export NN --to DIR`: writes the chapter's package into `directory` (created if
    /// needed; files of the same names are replaced). `libraryPackage` holds RNNKit (default: the root).
    public static func export(chapter: String, to directory: URL, options: Options, libraryPackage: URL? = nil) throws
        -> ExportedChapter
    {
        let loaded = try loadChapters(from: options.chapters)
        let sources = loaded.compactMap { try? $0.get() }
        guard let source = sources.first(where: { $0.slug == chapter || $0.slug.hasPrefix(chapter + "-") || $0.path == chapter })
        else {
            throw BuildFailure("no chapter '\(chapter)' (chapters: \(sources.map(\.slug).joined(separator: ", ")))")
        }
        // The chapter read as the build reads it: the same document, through the same passes.
        let context = BookContext(options: options, toolchain: nil, dataHash: "")
        let document = run(ChapterDocument(source: source), through: [ParseChapter(), ExtractCells()], context)
        if let first = document.sink.of(.chapter).first(where: { $0.severity == .error }) { throw BuildFailure(first.description) }
        let blocks = document.blocks
        let exported = exportChapter(
            blocks: blocks, source: source, libraryPath: (libraryPackage ?? options.root).standardizedFileURL,
            dataFiles: dataFilesNamed(in: blocks, chaptersDirectory: options.chapters))
        let fm = FileManager.default
        for file in exported.files {
            let url = directory.appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url, options: .atomic)
        }
        return exported
    }
}
