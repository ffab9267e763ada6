import Foundation

/// `make export CHAPTER=NN DIR=...` (`book export NN --to DIR`): a chapter as a Swift package of
/// its own, which a student can run, change, move, zip and build elsewhere: `Package.swift`,
/// `README.md` (how to run it), `Sources/ChapterNNSlug/main.swift` (the chapter's blocks in order),
/// a copy of the book's library (`Sources/RNNKit`, `Sources/NotebookProtocol`, `Sources/CBLAS`:
/// nothing in the folder points outside it), the data files it reads, and `.book-export`, the
/// mark that lets a later export replace it. `swift run -c release` there prints what the page shows.
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
        // \(file), exported by `make export` as a program of its own.
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

/// The executable target's name: `Chapter`, the chapter's number, then the words of its slug
/// in ASCII capitalised (`06-gru` → `Chapter06Gru`, `06-señales` → `Chapter06Senales`,
/// `07-注意力` → `Chapter07`): a valid Swift module name for any file name a student chooses.
public func exportTargetName(slug: String) -> String {
    let words = slug.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        .split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }
    return "Chapter" + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
}

/// The exported package's manifest: the copied library's three targets and the chapter's program.
public func exportPackageSwift(name: String, file: String) -> String {
    """
    // swift-tools-version: 6.0
    // \(file), exported by `make export`: the chapter as a program of its own, with a copy of
    // the book's model library (Sources/RNNKit), so this folder builds anywhere. Run it with
    // `swift run -c release` in this folder (README.md says more).
    import PackageDescription

    let package = Package(
        name: "\(name)",
        targets: [
            .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", providers: [.apt(["libopenblas-dev"])]),
            .target(name: "NotebookProtocol"),
            .target(name: "RNNKit", dependencies: ["CBLAS", "NotebookProtocol"]),
            .executableTarget(
                name: "\(name)", dependencies: ["RNNKit"],
                // Chapters are written in the Swift 5 language mode, like notebook cells.
                swiftSettings: [.swiftLanguageMode(.v5)]),
        ]
    )

    """
}

/// The exported package's README: what the folder is and how to run it.
public func exportReadme(source: ChapterSource, name: String, data: [String]) -> String {
    let title = source.text.split(separator: "\n").first { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) } ?? source.slug
    let number = source.slug.prefix { $0.isNumber }
    let dataLine =
        data.isEmpty
        ? "The chapter reads no data file."
        : "The data it reads sits beside this README, as it sat beside the chapter: \(data.map { "`\($0)`" }.joined(separator: ", "))."
    return """
        # \(title)

        Chapter `\(source.path)` of the book, exported with `make export CHAPTER=\(number) DIR=...` as a Swift
        package of its own. It holds everything it needs: move it, zip it, build it on another machine.

        ## Run it

        ```sh
        swift run -c release
        ```

        in this folder (the chapter reads its data by relative paths). It needs Swift 6 and OpenBLAS
        (`sudo apt-get install libopenblas-dev` on Debian or Ubuntu). It prints what the chapter's page
        shows: each `check` prints its claim with a tick, each `show` writes its figure to `figure-N.svg`.

        ## What is here

        - `Sources/\(name)/main.swift`: the chapter's blocks, in order, each under a comment naming its line
          in the chapter; change it and run it again.
        - `Sources/RNNKit`, `Sources/NotebookProtocol`, `Sources/CBLAS`: a copy of the book's model library.
        - \(dataLine)
        - `.book-export`: the mark of an export; a later `make export` into this folder replaces what it lists.

        """
}
