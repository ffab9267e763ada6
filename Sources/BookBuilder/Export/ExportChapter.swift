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
/// as comments (one never runs, the other stops the program), include blocks left out, and at
/// the end stand-ins for `check` and `show` that print a tick and write figures to SVG files.
public func exportMainSwift(blocks: [CodeBlock], file: String) -> String {
    var out = """
        // \(file), exported by `book export` as a program of its own.
        // Run it with `swift run -c release` in the package folder (see Package.swift).
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
    out += """
        // MARK: - The page's `check` and `show`, for a program of its own

        /// A claim of the chapter: prints it with a tick, or stops the program when it does not hold.
        func check(_ condition: Bool, _ claim: String, file: StaticString = #filePath, line: UInt = #line) {
            if condition {
                print("✓ \\(claim)")
            } else {
                print("✗ \\(claim)")
                fatalError("\\(file):\\(line): check failed: \\(claim)")
            }
        }

        /// How many figures the program has shown (a static, so it is ready before the first block).
        enum _Figures { nonisolated(unsafe) static var count = 0 }

        /// A figure of the chapter: written to figure-N.svg in the current folder.
        func show(_ figure: some Figure) {
            _Figures.count += 1
            let name = "figure-\\(_Figures.count).svg"
            if let f = fopen(name, "w") {
                fputs(figure.svg, f)
                fclose(f)
            }
            print("[figure \\(_Figures.count) written to \\(name)]")
        }

        /// A numbered figure of the chapter: written to figure-N.svg, with its caption.
        func show(_ figure: some Figure, label: String, caption: String) {
            show(figure)
            print("[\\(label): \\(caption)]")
        }

        """
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
        let shielded = shieldMath(source.text, file: source.path)
        let parsed = parseMarkdown(scanAuthoring(shielded.text, file: source.path).text)
        let (blocks, errors) = extractBlocks(parsed, file: source.path)
        if let first = errors.first { throw BuildFailure(first.description) }
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
