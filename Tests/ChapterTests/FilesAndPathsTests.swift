import Foundation
import Testing

@testable import BookBuilder

// Files and paths, end to end (issue 21): what an export writes and where it refuses to; where a
// chapter program runs and what happens to the files it writes; a build of one chapter keeps the
// others; no file outside the book is read through any path or link; any file name a student
// chooses for a chapter gives working links.

/// A folder outside every book, for targets and for the files links point to.
func outsideFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("book-outside-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The message of the error `body` throws (BuildFailure or Diagnostic), or "" when it throws none.
func thrownMessage(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return ""
}

/// Every relative `href` of the HTML files of `site` that names no file there (fragment dropped,
/// percent-escapes decoded), as `page: href`.
func brokenLinks(in site: URL) throws -> [String] {
    let pattern = try NSRegularExpression(pattern: #"href="([^"]*)""#)
    var broken: [String] = []
    for page in try FileManager.default.contentsOfDirectory(atPath: site.path) where page.hasSuffix(".html") {
        let html = String(decoding: try Data(contentsOf: site.appendingPathComponent(page)), as: UTF8.self)
        let ns = html as NSString
        for match in pattern.matches(in: html, range: NSRange(location: 0, length: ns.length)) {
            let href = ns.substring(with: match.range(at: 1)).replacingOccurrences(of: "&amp;", with: "&")
            let file = String(href.split(separator: "#", omittingEmptySubsequences: false)[0])
            guard !file.isEmpty, !file.contains("://"), !file.hasPrefix("mailto:") else { continue }
            let decoded = file.removingPercentEncoding ?? file
            if !FileManager.default.fileExists(atPath: site.appendingPathComponent(decoded).path) { broken.append("\(page): \(href)") }
        }
    }
    return broken
}

@Suite(.serialized, .timeLimit(.minutes(20))) struct FilesAndPathsTests {
    static let tiny = """
        # Tiny

        ```swift
        print("tiny")
        ```
        """

    /// The book's own folder, any folder inside it or holding it, and a non-empty folder that no
    /// export wrote are refused, naming the rule; an earlier export's folder is written again.
    @Test func exportRefusesTheBookAndForeignFoldersAndReexports() throws {
        let book = try TemporaryBook("export-target", chapters: ["06-gru.md": Self.tiny, "07-señales.md": Self.tiny])
        defer { book.remove() }
        let options = book.options(useCache: false)
        for inside in [book.root, book.chapters.appendingPathComponent("x"), book.root.deletingLastPathComponent()] {
            let message = thrownMessage { _ = try Book.export(chapter: "06", to: inside, options: options, libraryPackage: bookRoot) }
            #expect(message.contains("an export never writes inside the book's own folder"), "\(inside.path): \(message)")
            let forced = thrownMessage {
                _ = try Book.export(chapter: "06", to: inside, options: options, libraryPackage: bookRoot, force: true)
            }
            #expect(forced.contains("never writes inside the book's own folder"), "--force never writes into the book")
        }
        #expect(!FileManager.default.fileExists(atPath: book.root.appendingPathComponent("Package.swift").path))
        let own = thrownMessage { _ = try Book.export(chapter: "06", to: book.root, options: options, libraryPackage: bookRoot) }
        #expect(own.hasPrefix("the export folder \(book.root.path) is the book's own folder"), "\(own)")

        let foreign = try outsideFolder("my gru")
        defer { try? FileManager.default.removeItem(at: foreign) }
        try Data("// a package of mine\n".utf8).write(to: foreign.appendingPathComponent("Package.swift"))
        let refused = thrownMessage { _ = try Book.export(chapter: "06", to: foreign, options: options, libraryPackage: bookRoot) }
        #expect(refused.contains("is not empty and was not written by an earlier export (it has no .book-export file)"), "\(refused)")
        #expect(refused.contains("FORCE=1"))
        #expect(try String(contentsOf: foreign.appendingPathComponent("Package.swift"), encoding: .utf8) == "// a package of mine\n")

        _ = try Book.export(chapter: "06", to: foreign, options: options, libraryPackage: bookRoot, force: true)
        let manifest = try String(contentsOf: foreign.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(manifest.contains("name: \"Chapter06Gru\""), "the target is named from the real number and slug")
        #expect(!manifest.contains(bookRoot.path) && !manifest.contains(".package(path"), "nothing points outside the folder")
        for file in [
            "README.md", ".book-export", "Sources/Chapter06Gru/main.swift", "Sources/RNNKit/Matrix/Matrix+Product.swift",
            "Sources/CBLAS/module.modulemap",
        ] {
            #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent(file).path), "\(file)")
        }
        #expect(try String(contentsOf: foreign.appendingPathComponent("README.md"), encoding: .utf8).contains("swift run -c release"))

        // Again, into its own earlier export: allowed without force, and the old program goes.
        _ = try Book.export(chapter: "07", to: foreign, options: options, libraryPackage: bookRoot)
        #expect(FileManager.default.fileExists(atPath: foreign.appendingPathComponent("Sources/Chapter07Senales/main.swift").path))
        #expect(!FileManager.default.fileExists(atPath: foreign.appendingPathComponent("Sources/Chapter06Gru/main.swift").path))

        #expect(ExportTarget.shellQuoted(foreign.path) == "'\(foreign.path)'", "a path with a space is quoted in the hint")
        #expect(ExportTarget.shellQuoted("/tmp/gru") == "/tmp/gru")
        #expect(ExportTarget.shellQuoted("/tmp/it's") == #"'/tmp/it'\''s'"#)
    }

    /// A real chapter that reads data (07: `words/`), exported, moved to another folder, built
    /// and run there: it carries its data and prints what its page shows.
    @Test func anExportedDataChapterMovesBuildsAndRuns() throws {
        let first = try outsideFolder("export-07")
        let moved = try outsideFolder("moved")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: moved)
        }
        let exported = try Book.export(
            chapter: "07", to: first.appendingPathComponent("text"), options: Book.Options(root: bookRoot, useCache: false))
        #expect(
            exported.files.contains { $0.path == "words/english.txt" }, "\(exported.files.map(\.path).filter { !$0.hasPrefix("Sources") })")
        let package = moved.appendingPathComponent("text")
        try FileManager.default.moveItem(at: first.appendingPathComponent("text"), to: package)

        let swift = try findExecutable("swift")
        let scratch = bookRoot.appendingPathComponent(".build-export").path
        let build = try runProcess(
            swift, ["build", "-c", "release", "--package-path", package.path, "--scratch-path", scratch], timeout: 1800)
        #expect(build.succeeded, "\(build.stdoutText)\(build.stderrText)")
        let bin = try runProcess(
            swift, ["build", "-c", "release", "--package-path", package.path, "--scratch-path", scratch, "--show-bin-path"])
        let executable = bin.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) + "/Chapter07Text"
        let run = try runProcess(executable, [], workingDirectory: package, timeout: 300)
        #expect(run.succeeded, "\(run.stderrText)")
        #expect(run.stdoutText.contains("english     3000 words, e.g. androgen ginkgos quarts"), "\(run.stdoutText.prefix(400))")
        #expect(run.stdoutText.contains("✓") && !run.stdoutText.contains("✗"))

        // Exported again into the same folder, another chapter: the library copy is left as it
        // was (only the chapter is compiled), the word lists go, and the program prints exactly
        // what its page shows (each check with a tick, each figure to a file).
        let book = try TemporaryBook("reexport", chapters: ["03-exported.md": exportedChapter, "numbers.csv": "1\n2\n3\n"])
        defer { book.remove() }
        _ = try Book.export(chapter: "03", to: package, options: book.options(useCache: false), libraryPackage: bookRoot)
        #expect(!FileManager.default.fileExists(atPath: package.appendingPathComponent("words").path))
        let again = try runProcess(
            swift, ["build", "-c", "release", "--package-path", package.path, "--scratch-path", scratch], timeout: 900)
        #expect(again.succeeded, "\(again.stdoutText)\(again.stderrText)")
        #expect(!again.stdoutText.contains("Compiling RNNKit"), "the library is not compiled again")
        let own = try runProcess(
            bin.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) + "/Chapter03Exported", [], workingDirectory: package,
            timeout: 60)
        #expect(own.stdoutText == "total 6.0\n✓ the numbers add up to 6\n[figure 1 written to figure-1.svg]\n[fig-n: The numbers]\ndone\n")
        #expect(FileManager.default.fileExists(atPath: package.appendingPathComponent("figure-1.svg").path))
    }

    /// Chapter 12 reads `airline-passengers.csv` through the library's default path, which its
    /// code never names: the export carries it all the same.
    @Test func anExportCarriesDataNamedByTheLibrarysDefaults() throws {
        let target = try outsideFolder("export-12")
        defer { try? FileManager.default.removeItem(at: target) }
        let exported = try Book.export(chapter: "12", to: target, options: Book.Options(root: bookRoot, useCache: false))
        let data = exported.files.map(\.path).filter { !$0.hasPrefix("Sources/") && $0 != "Package.swift" && $0 != "README.md" }
        #expect(data == ["airline-passengers.csv"])
    }
}
