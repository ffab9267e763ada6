import Foundation

/// What compiling and running one chapter left behind: all the builder needs to redo the pages
/// without running anything.
public struct ChapterRun: Codable, Sendable, Equatable {
    /// The key this run was made under.
    public var key: String
    public var compile: ProcessResult
    /// `nil` when the program did not compile.
    public var run: ProcessResult?
}

/// The run cache: one JSON file per chapter in `directory`, kept when the chapter's key matches.
///
/// The key hashes everything a run depends on: the generated program (so every block's code and
/// options), the library build, the compiler version, the optimisation asked for, the time budget,
/// the rounding perturbation (`RNNKIT_PERTURB`) and the data files beside the chapters.
/// Expected-output blocks and prose are not in it: editing them re-runs nothing.
public struct RunCache: Sendable {
    public var directory: URL

    public init(directory: URL) { self.directory = directory }

    public static func key(
        program: String, toolchain: Toolchain, timeout: Double, dataHash: String, optimize: Bool = false, perturbation: String? = nil
    ) -> String {
        var h = StableHasher()
        h.combine("book-run-v2")  // v2: notebook records on their own channel
        h.combine(program)
        h.combine(toolchain.libraryHash)
        h.combine(toolchain.compilerVersion)
        h.combine("\(timeout)")
        h.combine(dataHash)
        if optimize { h.combine("-O") }  // the chapter's own code built with -O runs differently
        if let perturbation { h.combine("RNNKIT_PERTURB=\(perturbation)") }  // a perturbed run is never a normal one
        // The compiler's other flags (debug info for line numbers in traps, the language mode).
        h.combine(toolchain.compileArguments(source: URL(fileURLWithPath: "/"), output: URL(fileURLWithPath: "/")).joined(separator: " "))
        return h.hexDigest
    }

    public func load(slug: String, key: String) -> ChapterRun? {
        guard let data = try? Data(contentsOf: file(slug)),
            let run = try? JSONDecoder().decode(ChapterRun.self, from: data), run.key == key
        else { return nil }
        return run
    }

    public func store(_ run: ChapterRun, slug: String) {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(run) else { return }
        try? data.write(to: file(slug), options: .atomic)
    }

    private func file(_ slug: String) -> URL { directory.appendingPathComponent("\(slug).json") }
}

/// A hash of every data file of the chapters folder (`BookFiles.dataEntries`, folders walked;
/// Markdown anywhere is never data: editing prose re-runs nothing), so that a changed data file
/// re-runs the chapters. A link that leads outside `root` (the book, by default the chapters
/// folder's parent) is never read: `BookFiles.linksOutside` refuses the build.
public func hashDataFiles(in directory: URL, root: URL? = nil) -> String {
    var h = StableHasher()
    let root = root ?? directory.deletingLastPathComponent()
    let walked = BookFiles.walk(directory, root: root, displayPrefix: "Chapters", only: BookFiles.dataEntries(in: directory))
    for file in walked.files where !["md", "markdown"].contains((file as NSString).pathExtension.lowercased()) {
        h.combine(String(file.split(separator: "/").last ?? ""))
        h.combine(bytes: (try? Data(contentsOf: directory.appendingPathComponent(file))) ?? Data())
    }
    return h.hexDigest
}
