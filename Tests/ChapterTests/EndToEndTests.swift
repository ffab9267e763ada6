import Foundation
import Testing

@testable import BookBuilder

// The whole builder on small books made for the purpose: real chapter programs are compiled
// against the release library (`chapterToolchain`, built once for all chapter tests), run, split,
// rendered and written. Each book lives in its own temporary folder with the repository's theme.

/// A book in a temporary folder: `Chapters/` with the repository's theme, and the chapters given.
struct TemporaryBook {
    let root: URL
    var chapters: URL { root.appendingPathComponent("Chapters") }
    var site: URL { root.appendingPathComponent("Site") }

    init(_ name: String, chapters: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("book-e2e-\(name)-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
        try fm.copyItem(
            at: bookRoot.appendingPathComponent("Chapters/theme"), to: root.appendingPathComponent("Chapters/theme"))
        for (file, text) in chapters { try write(file, text) }
    }

    func write(_ file: String, _ text: String) throws { try write(file, bytes: Array(text.utf8)) }

    func write(_ file: String, bytes: [UInt8]) throws {
        try Data(bytes).write(to: chapters.appendingPathComponent(file))
    }

    func read(_ file: String) throws -> String {
        String(decoding: try Data(contentsOf: chapters.appendingPathComponent(file)), as: UTF8.self)
    }

    /// Build options: a short default budget, and the run cache only when asked for.
    func options(useCache: Bool) -> Book.Options {
        var options = Book.Options(root: root, useCache: useCache)
        options.defaultTimeout = 60
        return options
    }

    /// The text of a page of the written site.
    func page(_ slug: String) throws -> String {
        String(decoding: try Data(contentsOf: site.appendingPathComponent("\(slug).html")), as: UTF8.self)
    }

    /// Every file of the written site and its bytes.
    func siteFiles() -> [String: Data] {
        var files: [String: Data] = [:]
        let walker = FileManager.default.enumerator(at: site, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            files[String(url.path.dropFirst(site.path.count + 1))] = try? Data(contentsOf: url)
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(at: root) }
}

extension String {
    /// Whether this page shows the formula `tex` (written exactly so in the chapter) in `mode`
    /// (`inline` or `display`): rendered by KaTeX when the book was built (its source kept in the
    /// MathML annotation), or left for the browser when Node.js is missing.
    func hasFormula(_ tex: String, _ mode: String = "inline") -> Bool {
        let raw = "<span class=\"math \(mode)\">\(escapeHTML(tex))</span>"
        if contains(raw) { return true }
        let annotation = "<annotation encoding=\"application/x-tex\">\(escapeHTML(tex))</annotation>"
        return components(separatedBy: "<span class=\"math \(mode)\">").dropFirst().contains { piece in
            piece.range(of: annotation).map { a in piece.range(of: "<span class=\"math ").map { a.lowerBound < $0.lowerBound } ?? true }
                ?? false
        }
    }
}

/// The 1-based line of `text` that contains `needle` (the first one).
func line(of needle: String, in text: String) -> Int {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    return (lines.firstIndex { $0.contains(needle) } ?? -1) + 1
}

// MARK: - A book of faults

/// One chapter that works, and one for every fault a chapter can have.
enum FaultyBook {
    static let good = """
        # A good chapter

        Some prose with $x_1$ and a table.

        ```swift
        let xs = [1.0, 2.0, 3.0]
        let total = xs.reduce(0, +)
        print("total", total)
        print("<script>alert('x')</script> & <b>")
        check(total == 6, "the total is 6")
        ```
        ```output
        total 6.0
        <script>alert('x')</script> & <b>
        ```

        The last block prints without a final newline.

        ```swift
        print(total * 2, terminator: "")
        ```
        ```output
        12.0
        ```

        """

    static let compileError = """
        # A compile error

        ```swift
        let a = 1
        print(a)
        ```

        Prose between.

        ```swift
        let b: Int = "not a number"
        print(b)
        ```

        """

    static let trap = """
        # A trap

        ```swift
        let xs = [1, 2, 3]
        print("before the trap")
        ```

        ```swift
        let i = xs.count + 2
        print(xs[i])
        ```

        ```swift
        print("never printed")
        ```

        """

    static let failedCheck = """
        # A failed check

        ```swift
        let loss = 0.5
        print("loss", loss)
        check(loss < 1, "the loss is below 1")
        check(loss < 0.1, "the loss fell below 0.1")
        print("never printed")
        ```

        """

    static let failsBlocks = """
        # Blocks that fail on purpose

        ```swift
        let xs = [1, 2, 3]
        ```

        ```swift fails
        print("about to index past the end")
        print(xs[10])
        ```

        ```swift fails
        check(xs.count == 4, "there are four numbers")
        ```

        ```swift
        print("still running with", xs.count, "numbers")
        check(true, "the chapter went on")
        ```
        ```output
        still running with 3 numbers
        ```

        """

    static let failsButDoesNot = """
        # A fails block that does not fail

        ```swift fails
        print("all fine")
        ```

        ```swift
        print("after")
        ```

        """

    static let hang = """
        <!-- book: timeout=2 -->
        # A hang

        ```swift
        print("start")
        ```

        ```swift
        while true {}
        ```

        """

    static let failsBlockHang = """
        <!-- book: timeout=2 -->
        # A fails block that hangs

        ```swift fails
        while true {}
        ```

        """

    static let flood = """
        # Forty megabytes

        ```swift
        let line = String(repeating: "x", count: 999)
        for _ in 0..<40_000 { print(line) }
        print("done")
        ```

        """

    static let unbalancedMath = """
        # Unbalanced math

        Fine $x$, but the $y is never closed.

        ```swift
        print(1)
        ```

        """

    static let unknownOption = """
        # An unknown option

        ```swift fast
        print(1)
        ```

        """

    /// "Café" in Latin-1 on line 3.
    static let latin1: [UInt8] = Array("# Not UTF-8\n\n".utf8) + [0x43, 0x61, 0x66, 0xE9, 0x0A] + Array("\nMore.\n".utf8)
}

@Suite(.serialized, .timeLimit(.minutes(3))) struct EndToEndTests {
    @Test func aBookOfFaults() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook(
            "faults",
            chapters: [
                "01-good.md": FaultyBook.good, "02-compile-error.md": FaultyBook.compileError, "03-trap.md": FaultyBook.trap,
                "04-check.md": FaultyBook.failedCheck, "05-fails.md": FaultyBook.failsBlocks,
                "06-fails-not.md": FaultyBook.failsButDoesNot, "07-hang.md": FaultyBook.hang,
                "08-flood.md": FaultyBook.flood, "10-math.md": FaultyBook.unbalancedMath,
                "11-option.md": FaultyBook.unknownOption, "12-fails-hang.md": FaultyBook.failsBlockHang,
            ])
        defer { book.remove() }
        try book.write("09-latin1.md", bytes: FaultyBook.latin1)

        let start = Date()
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        print("a book of 12 faulty chapters built in \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
        for o in report.outcomes {
            let compiled = o.compileSeconds.map { String(format: "compiled in %.2f s", $0) } ?? "not compiled"
            let ran = o.runSeconds.map { String(format: ", ran in %.2f s", $0) } ?? ""
            print("  \(o.source.path): \(compiled)\(ran)")
        }
        for d in report.errors { print("  \(d)") }
        let outcome = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.source.slug, $0) })
        func errors(_ slug: String) -> [Diagnostic] { outcome[slug]?.diagnostics.filter { $0.severity == .error } ?? [] }

        // Every chapter has a page, failing or not, and the build reports the errors.
        #expect(report.outcomes.count == 12)
        for o in report.outcomes {
            #expect(
                FileManager.default.fileExists(atPath: book.site.appendingPathComponent("\(o.source.slug).html").path), "\(o.source.slug)")
        }
        #expect(FileManager.default.fileExists(atPath: book.site.appendingPathComponent("index.html").path))
        #expect(!report.errors.isEmpty)
        #expect(Set(report.errors.map(\.file)).count == 9, "every faulty chapter but the fails one and the math one: \(report.errors)")

        // 01: output and checks on the page, printed HTML escaped, expected output matching.
        let good = try #require(outcome["01-good"])
        #expect(errors("01-good").isEmpty, "\(errors("01-good"))")
        #expect(good.mismatches.isEmpty, "\(good.mismatches)")
        #expect(good.results.map(\.printedText) == ["total 6.0\n<script>alert('x')</script> & <b>\n", "12.0"])
        let goodPage = try book.page("01-good")
        #expect(goodPage.contains("<pre class=\"output\">total 6.0\n&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;</pre>"))
        #expect(!goodPage.contains("<script>alert"), "printed HTML is escaped")
        #expect(goodPage.contains("<span class=\"mark\">✓</span> the total is 6"))
        #expect(goodPage.hasFormula("x_1"))

        // 02: the compiler error at its Markdown line; the block before it did not run either.
        let compileErrors = errors("02-compile-error")
        #expect(compileErrors.first?.line == line(of: "let b: Int", in: FaultyBook.compileError))
        #expect(compileErrors.first?.message.contains("cannot convert value of type 'String'") == true, "\(compileErrors)")
        #expect(try book.page("02-compile-error").contains("cannot convert value of type"))

        // 03: an index out of range traps at its statement, and the block after it is marked not run.
        let trap = errors("03-trap")
        #expect(trap.map(\.line) == [line(of: "print(xs[i])", in: FaultyBook.trap)], "\(trap)")
        #expect(trap.first?.message == "the program trapped: Index out of range")
        #expect(outcome["03-trap"]?.results.map(\.ran) == [true, true, false])
        #expect(
            outcome["03-trap"]?.results.last?.notRun
                == "Not run: the chapter stopped at line \(line(of: "print(xs[i])", in: FaultyBook.trap)).")
        #expect(try book.page("03-trap").contains("<p class=\"cell-note not-run\">Not run: the chapter stopped at line"))
        #expect(try book.page("03-trap").components(separatedBy: "Index out of range").count == 2, "the error once in its cell")
        #expect(outcome["03-trap"]?.results.first?.printedText == "before the trap\n")

        // 04: a failed check at the check's line, the passed one before it shown.
        #expect(
            errors("04-check") == [
                Diagnostic(
                    file: "Chapters/04-check.md", line: line(of: "loss < 0.1", in: FaultyBook.failedCheck),
                    "check failed: the loss fell below 0.1")
            ])
        #expect(outcome["04-check"]?.results.first?.printedText == "loss 0.5\n")
        let checkPage = try book.page("04-check")
        #expect(checkPage.contains("<span class=\"mark\">✓</span> the loss is below 1"))
        #expect(checkPage.contains("<span class=\"mark\">✗</span> the loss fell below 0.1"))

        // 05: fails blocks that fail are no error, and the chapter goes on after them.
        let fails = try #require(outcome["05-fails"])
        #expect(errors("05-fails").isEmpty, "\(errors("05-fails"))")
        #expect(fails.mismatches.isEmpty, "\(fails.mismatches)")
        #expect(fails.results.map(\.ran) == [true, true, true, true])
        #expect(fails.results[1].printedText == "about to index past the end\n")
        #expect(
            fails.results[1].items.contains {
                if case .error(let m) = $0 { return m.hasPrefix("the block failed, as expected") } else { return false }
            })
        #expect(
            fails.results[2].items.contains(
                .check(line: line(of: "there are four", in: FaultyBook.failsBlocks), claim: "there are four numbers", passed: false)))
        #expect(
            fails.results[3].items.contains(
                .check(line: line(of: "the chapter went on", in: FaultyBook.failsBlocks), claim: "the chapter went on", passed: true)))

        // 06: a fails block that does not fail is an error at its fence; the rest still runs.
        #expect(errors("06-fails-not").map(\.line) == [line(of: "```swift fails", in: FaultyBook.failsButDoesNot)])
        #expect(outcome["06-fails-not"]?.results.map(\.printedText) == ["all fine\n", "after\n"])

        // 07 and 12: a hang is stopped at its budget, in the main program or in a fails block's child.
        let hang = errors("07-hang")
        #expect(hang.map(\.line) == [line(of: "while true", in: FaultyBook.hang)])
        #expect(hang.first?.message.contains("time budget of 2 s") == true)
        #expect(outcome["07-hang"]?.results.first?.printedText == "start\n")
        #expect(errors("12-fails-hang").first?.message.contains("time budget of 2 s") == true)
        #expect((outcome["07-hang"]?.runSeconds ?? 99) < 10)

        // 08: forty megabytes are stopped with a clear message, and the page stays small.
        let flood = errors("08-flood")
        #expect(flood.count == 1)
        #expect(
            (line(of: "let line =", in: FaultyBook.flood)...line(of: "print(\"done\")", in: FaultyBook.flood)).contains(
                flood.first?.line ?? 0))
        #expect(flood.first?.message.contains("was stopped") == true, "\(flood)")
        let floodPage = try book.page("08-flood")
        #expect(floodPage.utf8.count < 200_000)
        #expect(floodPage.contains("output cut"))

        // 09: not UTF-8, named at its line; 10: unbalanced math at its line; 11: an unknown option.
        #expect(errors("09-latin1").map(\.line) == [3])
        #expect(errors("09-latin1").first?.message.contains("UTF-8") == true)
        #expect(try book.page("09-latin1").contains("Chapters/09-latin1.md:3: error:"))
        #expect(errors("10-math").isEmpty, "unbalanced math is a warning, and the blocks run")
        #expect(outcome["10-math"]?.diagnostics.map(\.line) == [3])
        #expect(outcome["10-math"]?.results.first?.printedText == "1\n")
        #expect(try book.page("10-math").contains("Chapters/10-math.md:3: warning: unbalanced math"))
        #expect(try book.page("10-math").hasFormula("x"), "the other formula renders")
        #expect(errors("11-option").map(\.line) == [3])
        #expect(errors("11-option").first?.message.contains("unknown block option 'fast'") == true)
    }

    @Test func theCacheRunsOnlyWhatChanged() throws {
        let toolchain = try chapterToolchain.get()
        let first = "# First\n\nProse.\n\n```swift\nlet a = 21\nprint(a * 2)\n```\n```output\n42\n```\n"
        let second = "# Second\n\n```swift\nprint(\"two\")\n```\n```output\ntwo\n```\n"
        let book = try TemporaryBook("cache", chapters: ["01-first.md": first, "02-second.md": second])
        defer { book.remove() }
        let options = book.options(useCache: true)

        let built = try Book.build(toolchain: toolchain, options: options)
        #expect(built.errors.isEmpty && built.warnings.isEmpty, "\(built.errors) \(built.warnings)")
        #expect(built.outcomes.map(\.cached) == [false, false])
        let site = book.siteFiles()
        #expect(site["01-first.html"] != nil && site["assets/search-index.js"] != nil)

        // Nothing changed: nothing runs, and the site is the same to the byte.
        let again = try Book.build(toolchain: toolchain, options: options)
        #expect(again.outcomes.map(\.cached) == [true, true])
        #expect(again.outcomes.allSatisfy { $0.runSeconds != nil }, "cached runs keep their results")
        let siteAgain = book.siteFiles()
        #expect(siteAgain.keys.sorted() == site.keys.sorted())
        for (path, bytes) in site where siteAgain[path] != bytes { Issue.record("\(path) changed between two builds") }

        // One chapter's code edited: only that chapter runs.
        try book.write("02-second.md", second.replacingAll("\"two\"", with: "\"deux\"").replacingAll("\ntwo\n", with: "\ndeux\n"))
        let edited = try Book.build(toolchain: toolchain, options: options)
        #expect(edited.outcomes.map(\.cached) == [true, false])
        #expect(edited.warnings.isEmpty, "\(edited.warnings)")
        #expect(try book.page("02-second").contains("<pre class=\"output\">deux</pre>"))

        // Prose, headings and output blocks edited: nothing runs, the page shows the new prose.
        try book.write("01-first.md", first.replacingAll("Prose.", with: "New prose.").replacingAll("# First", with: "# First, renamed"))
        let prose = try Book.build(toolchain: toolchain, options: options)
        #expect(prose.outcomes.map(\.cached) == [true, true])
        let page = try book.page("01-first")
        #expect(page.contains("<p>New prose.</p>"))
        #expect(page.contains("First, renamed"))
        #expect(try book.page("02-second").contains("First, renamed"), "the sidebar of the other page follows")
    }

    @Test func updateRewritesOnlyTheOutputBlocks() throws {
        let toolchain = try chapterToolchain.get()
        let chapter = """
            # Update

            Prose $a_1$ that stays, 梯度 and all.

            ```swift
            for i in 1...3 { print("line", i) }
            ```
            ```output
            old output
            ```

            ```swift
            print("same")
            ```
            ```output
            same
            ```

            ```swift hide
            print("no output block")
            ```
            The end, without a final newline.
            """
        let book = try TemporaryBook("update", chapters: ["01-update.md": chapter])
        defer { book.remove() }
        let options = book.options(useCache: true)

        let checked = try Book.build(toolchain: toolchain, options: options)
        #expect(checked.errors.isEmpty)
        #expect(
            checked.warnings.map(\.line) == [line(of: "old output", in: chapter) - 1], "the stale output block is a warning at its fence")

        let (report, changed) = try Book.update(toolchain: toolchain, options: options)
        #expect(report.errors.isEmpty)
        #expect(changed == ["Chapters/01-update.md"])
        #expect(report.outcomes.map(\.cached) == [true], "update reuses the cached run")
        let updated = try book.read("01-update.md")
        #expect(updated == chapter.replacingAll("old output\n", with: "line 1\nline 2\nline 3\n"))

        // Now it matches: another update changes nothing, and the build has no warning.
        let (_, changedAgain) = try Book.update(toolchain: toolchain, options: options)
        #expect(changedAgain.isEmpty)
        #expect(try Book.build(toolchain: toolchain, options: options).warnings.isEmpty)
        #expect(try book.read("01-update.md") == updated)
    }
}
