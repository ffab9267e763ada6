import Foundation

/// The whole package of a chapter: manifest, README, program, the library's sources (by path in
/// the package: `Sources/RNNKit/...`) and the data files (by path beside the chapters:
/// `words/english.txt`).
public func exportChapter(
    blocks: [CodeBlock], source: ChapterSource, library: [(path: String, contents: Data)], dataFiles: [(name: String, contents: Data)]
) -> ExportedChapter {
    let name = exportTargetName(slug: source.slug)
    let entries = Array(Set(dataFiles.map { String($0.name.split(separator: "/").first ?? "") + ($0.name.contains("/") ? "/" : "") }))
    var files: [(path: String, contents: Data)] = [
        ("Package.swift", Data(exportPackageSwift(name: name, file: source.path).utf8)),
        ("README.md", Data(exportReadme(source: source, name: name, data: entries.sorted()).utf8)),
        ("Sources/\(name)/main.swift", Data(exportMainSwift(blocks: blocks, file: source.path).utf8)),
    ]
    files += library
    for data in dataFiles { files.append((data.name, data.contents)) }
    return ExportedChapter(files: files)
}

/// The library's sources an export copies, by path in the package: every file of
/// `Sources/RNNKit`, `Sources/NotebookProtocol` and `Sources/CBLAS` of `package`. A link that
/// leads outside `package` is refused (`BookFiles.rule`).
public func exportLibraryFiles(package: URL) throws -> [(path: String, contents: Data)] {
    var files: [(path: String, contents: Data)] = []
    for target in ["RNNKit", "NotebookProtocol", "CBLAS"] {
        let folder = package.appendingPathComponent("Sources/\(target)")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw BuildFailure("the model library is not at \(folder.path) (is --package the book's root?)")
        }
        let walked = BookFiles.walk(folder, root: package, displayPrefix: "Sources/\(target)")
        if let first = walked.outside.first { throw BuildFailure(first.description) }
        for file in walked.files {
            files.append(("Sources/\(target)/\(file)", try Data(contentsOf: folder.appendingPathComponent(file))))
        }
    }
    return files
}

/// The data a chapter reads, by path beside the chapters (`words/english.txt`): every data entry
/// of `chaptersDirectory` (`BookFiles.dataEntries`; a folder with all it holds) that the blocks
/// name in a string (`"words/`, `"airline-passengers.csv"`), or that is the default path of a
/// library function the blocks call (`loadAirlinePassengers()` reads `airline-passengers.csv`;
/// see `libraryDefaultPaths`). A link that leads outside `root` is refused.
public func dataFilesNamed(
    in blocks: [CodeBlock], chaptersDirectory: URL, root: URL? = nil, library: [(path: String, contents: Data)] = []
) throws -> [(name: String, contents: Data)] {
    let code = blocks.filter { $0.options.include == nil }.map(\.code).joined(separator: "\n")
    let defaults = libraryDefaultPaths(library)
    let named = BookFiles.dataEntries(in: chaptersDirectory).filter { name in
        code.contains("\"" + name) || defaults.contains { $0.path == name && code.contains($0.function + "(") }
    }
    let walked = BookFiles.walk(
        chaptersDirectory, root: root ?? chaptersDirectory.deletingLastPathComponent(), displayPrefix: "Chapters", only: named)
    if let first = walked.outside.first { throw BuildFailure(first.description) }
    return try walked.files.map { ($0, try Data(contentsOf: chaptersDirectory.appendingPathComponent($0))) }
}

/// The library's functions whose parameter has a default file name (`public func
/// loadAirlinePassengers(path: String = "airline-passengers.csv")`): a chapter that calls one
/// reads that file without naming it.
public func libraryDefaultPaths(_ library: [(path: String, contents: Data)]) -> [(function: String, path: String)] {
    guard let pattern = try? NSRegularExpression(pattern: #"func\s+(\w+)\s*\([^)]*?:\s*String\s*=\s*"([^"]+)""#) else { return [] }
    var found: [(function: String, path: String)] = []
    for file in library where file.path.hasSuffix(".swift") {
        let text = String(decoding: file.contents, as: UTF8.self)
        let ns = text as NSString
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            found.append((ns.substring(with: match.range(at: 1)), ns.substring(with: match.range(at: 2))))
        }
    }
    return found
}
