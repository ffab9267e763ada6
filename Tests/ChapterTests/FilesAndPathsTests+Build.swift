import Foundation
import Testing

@testable import BookBuilder

// The build's side of files and paths (see FilesAndPathsTests.swift): the working folder of a
// chapter program, a build of one chapter, links that lead outside the book, and file names.

extension FilesAndPathsTests {
    /// A chapter that reads its data by relative paths and saves `results.csv`: the file lands in
    /// the chapter's own working folder, not in Chapters/, so the next build runs nothing and a
    /// watcher of Chapters/ sees no change; one that writes into a data folder is warned about.
    @Test func aChapterThatSavesAFileWritesInItsOwnFolder() throws {
        let toolchain = try chapterToolchain.get()
        let saves = """
            # Saves

            ```swift
            import Foundation
            let numbers = try! String(contentsOfFile: "numbers.csv", encoding: .utf8)
            let nested = try! String(contentsOfFile: "data/nested.txt", encoding: .utf8)
            try! (numbers + nested).write(toFile: "results.csv", atomically: true, encoding: .utf8)
            print("saved", FileManager.default.currentDirectoryPath.hasSuffix(".build-book/work/01-saves/run"))
            ```
            """
        let book = try TemporaryBook("saves", chapters: ["01-saves.md": saves, "numbers.csv": "1\n2\n"])
        defer { book.remove() }
        try FileManager.default.createDirectory(at: book.chapters.appendingPathComponent("data"), withIntermediateDirectories: true)
        try book.write("data/nested.txt", "3\n")
        let watcher = SourceWatcher(folders: [book.chapters])
        let before = watcher.snapshot()

        let first = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        #expect(first.errors.isEmpty, "\(first.errors)")
        #expect(first.outcomes.first?.results.first?.printedText == "saved true\n")
        #expect(!FileManager.default.fileExists(atPath: book.chapters.appendingPathComponent("results.csv").path))
        let saved = book.root.appendingPathComponent(".build-book/work/01-saves/run/results.csv")
        #expect(try String(contentsOf: saved, encoding: .utf8) == "1\n2\n3\n")
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()).isEmpty, "nothing for make watch to rebuild")
        #expect(first.warnings.isEmpty, "\(first.warnings)")

        let second = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        #expect(second.outcomes.allSatisfy { $0.cached }, "the saved file invalidates no cache")

        // Writing through the data link into Chapters/data/ is still possible, and said.
        try book.write("01-saves.md", saves.replacingOccurrences(of: "\"results.csv\"", with: "\"data/results.csv\""))
        let third = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        let warning = third.warnings.first { $0.message.contains("the chapter wrote into the book's folder while it ran") }
        #expect(warning?.file == "Chapters/01-saves.md", "\(third.warnings)")
        #expect(warning?.message.contains("Chapters/data/results.csv") == true)
    }

    /// `book build 01` runs chapter 01 only and keeps every other page: from the cache when it
    /// holds the chapter's run, else as the existing site has it; the index and search stay whole.
    @Test func buildingOneChapterKeepsTheOthers() throws {
        let toolchain = try chapterToolchain.get()
        func chapter(_ title: String, _ text: String) -> String { "# \(title)\n\nSee @sec-a.\n\n```swift\nprint(\"\(text)\")\n```\n" }
        let book = try TemporaryBook(
            "subset",
            chapters: [
                "01-a.md": "# A\n\n## Start {#sec-a}\n\n```swift\nprint(\"a1\")\n```\n", "02-b.md": chapter("B", "b1"),
                "03-c.md": chapter("C", "c1"),
            ])
        defer { book.remove() }
        _ = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        let pageC = try book.page("03-c")
        try book.write("01-a.md", "# A\n\n## Start {#sec-a}\n\n```swift\nprint(\"a2\")\n```\n")
        try book.write("03-c.md", chapter("C", "c2"))  // changed, not asked for: its old page stays

        var options = book.options(useCache: true)
        options.only = ["01"]
        let report = try Book.build(toolchain: toolchain, options: options)
        #expect(report.outcomes.map(\.source.slug) == ["01-a"])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(try book.page("01-a").contains("a2"))
        #expect(try book.page("02-b").contains("b1"), "02 from the cache")
        #expect(try book.page("02-b").contains("href=\"01-a.html#sec-a\""), "its cross-reference still resolves")
        #expect(try book.page("03-c") == pageC, "03, changed but not asked for, keeps its page")
        let index = String(decoding: try Data(contentsOf: book.site.appendingPathComponent("index.html")), as: UTF8.self)
        #expect(["01-a.html", "02-b.html", "03-c.html"].allSatisfy { index.contains($0) })
        let search = String(decoding: try Data(contentsOf: book.site.appendingPathComponent("assets/search-index.js")), as: UTF8.self)
        #expect(["01-a.html", "02-b.html", "03-c.html"].allSatisfy { search.contains($0) })
    }

    /// No file outside the book is read: an include of `../../etc/passwd`, an include through a
    /// link in Sources/, a chapter that is a link, and a data file that is a link, each refused
    /// with the rule in the message.
    @Test func noFileOutsideTheBookIsRead() throws {
        let outside = try outsideFolder("secret")
        defer { try? FileManager.default.removeItem(at: outside) }
        let secret = outside.appendingPathComponent("secret.swift")
        try Data("// ANCHOR: a\nlet secret = 42\n// ANCHOR_END: a\n# A secret\n".utf8).write(to: secret)
        let includes = """
            # Includes

            ```swift include=../../etc/passwd:root
            ```

            ```swift include=Sources/RNNKit/secret.swift:a
            ```
            """
        let book = try TemporaryBook("outside", chapters: ["01-includes.md": includes, "03-fine.md": Self.tiny])
        defer { book.remove() }
        try FileManager.default.createDirectory(at: book.root.appendingPathComponent("Sources/RNNKit"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            at: book.root.appendingPathComponent("Sources/RNNKit/secret.swift"), withDestinationURL: secret)
        try FileManager.default.createSymbolicLink(at: book.chapters.appendingPathComponent("02-link.md"), withDestinationURL: secret)

        let documents = try Book.processAll(toolchain: nil, options: book.options(useCache: false))
        let errors = documents.flatMap(\.diagnostics).filter { $0.severity == .error }
        #expect(errors.contains { $0.file == "Chapters/01-includes.md" && $0.line == 3 && $0.message.contains("must be inside the book") })
        let viaLink = errors.first { $0.file == "Chapters/01-includes.md" && $0.line == 6 }
        #expect(viaLink?.message.contains("the builder reads no file outside the book's folder, through any path or link") == true)
        let chapterLink = errors.first { $0.file == "Chapters/02-link.md" }
        #expect(chapterLink?.message.contains("outside the book: the builder reads no file outside") == true, "\(errors)")
        #expect(!documents.contains { $0.rendered.body.contains("let secret = 42") || $0.rendered.body.contains("A secret</h1>") })
        #expect(documents.first { $0.source.slug == "03-fine" }?.failed == false, "the other chapters are built")

        try FileManager.default.removeItem(at: book.chapters.appendingPathComponent("02-link.md"))
        try FileManager.default.createSymbolicLink(at: book.chapters.appendingPathComponent("secret.csv"), withDestinationURL: secret)
        let refused = thrownMessage { _ = try Book.processAll(toolchain: nil, options: book.options(useCache: false)) }
        #expect(refused.contains("Chapters/secret.csv: error: 'Chapters/secret.csv' leads to"), "\(refused)")
        #expect(refused.contains("the builder reads no file outside the book's folder"))
        let export = thrownMessage {
            _ = try Book.export(
                chapter: "03", to: outside.appendingPathComponent("e"), options: book.options(useCache: false), libraryPackage: bookRoot)
        }
        #expect(export.isEmpty, "a chapter that names no linked data exports: \(export)")

        // A theme file or the bibliography that is a link outside stops the build the same way.
        try FileManager.default.removeItem(at: book.chapters.appendingPathComponent("secret.csv"))
        try FileManager.default.createSymbolicLink(at: book.chapters.appendingPathComponent("references.bib"), withDestinationURL: secret)
        let bib = thrownMessage { _ = try Book.processAll(toolchain: nil, options: book.options(useCache: false)) }
        #expect(bib.hasPrefix("Chapters/references.bib: error: 'Chapters/references.bib' leads to"), "\(bib)")
        try FileManager.default.removeItem(at: book.chapters.appendingPathComponent("references.bib"))
        try FileManager.default.removeItem(at: book.chapters.appendingPathComponent("theme/book.css"))
        try FileManager.default.createSymbolicLink(at: book.chapters.appendingPathComponent("theme/book.css"), withDestinationURL: secret)
        let theme = thrownMessage { _ = try Book.processAll(toolchain: nil, options: book.options(useCache: false)) }
        #expect(theme.hasPrefix("Chapters/theme/book.css: error: 'Chapters/theme/book.css' leads to"), "\(theme)")
    }

    /// Any file name a student may choose gives a page whose links all resolve, and a build that
    /// runs; a name that cannot work is an error naming the rule.
    @Test func anyChapterFileNameGivesWorkingLinks() throws {
        let toolchain = try chapterToolchain.get()
        let names = ["03-my chapter.md", "04-c#.md", "05-it's.md", "06-señales.md", "07-注意力.md"]
        var chapters: [String: String] = [:]
        for (i, name) in names.enumerated() {
            chapters[name] =
                "# Chapter \(i)\n\n## Part {#sec-p\(i)}\n\nSee @sec-p\((i + 1) % names.count).\n\n```swift\nprint(\"ran \(i)\")\n```\n"
        }
        chapters["08-a:b.md"] = Self.tiny
        let book = try TemporaryBook("names", chapters: chapters)
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        let errors = report.errors
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.file == "Chapters/08-a:b.md")
        #expect(errors.first?.message.contains("no \", \\, : or control character") == true, "\(errors)")
        for (i, slug) in ["03-my-chapter", "04-c", "05-it-s", "06-señales", "07-注意力"].enumerated() {
            #expect(try book.page(slug).contains("ran \(i)"), "\(slug)")
        }
        let broken = try brokenLinks(in: book.site)
        #expect(broken.isEmpty, "\(broken)")
    }

    /// Two names that would give one page: the second is an error naming the rule and the first.
    @Test func twoNamesForOnePageAreAnError() throws {
        let book = try TemporaryBook("clash", chapters: ["03-a b.md": Self.tiny, "03-a-b.md": Self.tiny])
        defer { book.remove() }
        let loaded = try loadChapters(from: book.chapters)
        #expect((try? loaded[0].get())?.slug == "03-a-b")
        guard case .failure(let clash) = loaded[1] else { return #expect(Bool(false), "\(loaded)") }
        #expect(clash.file == "Chapters/03-a-b.md")
        #expect(clash.message.hasPrefix("its page would be 03-a-b.html, the page of Chapters/03-a b.md"))
    }
}
