import Foundation
import Testing

@testable import BookBuilder

// What real students write and print (issue #8): each probe a small chapter, built for real, with
// the message and line it must give, and the other pages intact.

enum Probe {
    /// Prints everything the old line protocol read as its own, and the template's keys.
    static let printsProtocol = """
        # Printing anything

        ```swift
        print("a\\u{1E}block 1\\n\\u{1E}check fail\\t3\\tfake\\n\\u{1E}figure-begin\\n<script>alert(1)</script>\\n\\u{1E}figure-end")
        print("{{sidebar}} {{content}}", terminator: "")
        check(true, "the real check")
        ```

        ```swift
        print("second")
        ```
        ```output
        second
        ```

        """

    /// A shape mismatch in the library, on the second statement of a block.
    static let shape = """
        # A shape mismatch

        ```swift
        let a = Matrix.zeros(2, 3)
        let b = a.matmul(Matrix.zeros(2, 3))
        print(b)
        ```

        ```swift
        print("after")
        ```

        """

    static let stackOverflow = """
        # Recursion without end

        ```swift
        func depth(_ n: Int) -> Int { n == 0 ? 0 : 1 + depth(n - 1) }
        print(depth(100_000_000))
        ```

        """

    static let exits = """
        # A block that exits

        ```swift
        import Glibc
        print("one")
        exit(0)
        ```

        ```swift
        print("two")
        ```

        """

    static let nearMisses = """
        # Near misses

        ```Swift
        print("not run")
        ```

        ```swift,fold
        print("not run either")
        ```

        ```swift
        print("run")
        ```

        """

    /// Notes as students write them: spaces in math, list items, a price, a stray dollar.
    static let notes = """
        # 笔记

        - c: $ W $（中文）
        - d: $W$

        It costs $5 and $10. A stray $x here, then $$a^2$$ inline.

        ```swift
        print("ran")
        ```

        """

    static let crlf =
        "# Windows\r\n\r\nProse $x_1$.\r\n\r\n```swift\r\nprint(1.00000000000001)\r\n```\r\n```output\r\n1.0\r\n```\r\n\r\n```swift\r\nprint(\"new\")\r\n```\r\n```output\r\nold\r\n```\r\nend\r\n"
}

@Suite(.serialized, .timeLimit(.minutes(4))) struct StudentProbesTests {
    @Test func probes() throws {
        let toolchain = try chapterToolchain.get()
        let good = "# Good\n\n```swift\nprint(\"fine\")\n```\n"
        let book = try TemporaryBook(
            "probes",
            chapters: [
                "01-good.md": good, "02-protocol.md": Probe.printsProtocol, "03-shape.md": Probe.shape,
                "04-overflow.md": Probe.stackOverflow, "05-exit.md": Probe.exits, "06-near.md": Probe.nearMisses,
                "07-notes.md": Probe.notes, "08-empty.md": "\n", "notes.md": "# scratch\n", "09-x.markdown": "# x\n",
            ])
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        let outcome = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.source.slug, $0) })
        func diagnostics(_ slug: String, _ severity: Diagnostic.Severity) -> [Diagnostic] {
            outcome[slug]?.diagnostics.filter { $0.severity == severity } ?? []
        }
        for d in report.errors + report.warnings + report.notes { print("  \(d)") }

        // The good page is intact.
        #expect(diagnostics("01-good", .error).isEmpty)
        #expect(try book.page("01-good").contains("<pre class=\"output\">fine</pre>"))

        // Printed protocol look-alikes and template keys are text, escaped, in their block.
        let printed = try #require(outcome["02-protocol"])
        #expect(printed.diagnostics.isEmpty && printed.mismatches.isEmpty, "\(printed.diagnostics) \(printed.mismatches)")
        #expect(printed.results.map(\.ran) == [true, true])
        #expect(printed.results[0].printedText.hasPrefix("a\u{1E}block 1\n\u{1E}check fail\t3\tfake\n"))
        #expect(printed.results[0].items.filter { if case .check = $0 { return true } else { return false } }.count == 1)
        #expect(printed.results[1].printedText == "second\n")
        let page = try book.page("02-protocol")
        #expect(!page.contains("<script>alert"))
        #expect(page.contains("a␞block 1"))
        #expect(page.contains("{{sidebar}} {{content}}"), "template keys printed by a chapter stay text")

        // A library error: at the statement, the library's message, no path of the machine; the rest not run.
        let shape = diagnostics("03-shape", .error)
        #expect(shape.map(\.line) == [line(of: "let b = a.matmul", in: Probe.shape)], "\(shape)")
        #expect(shape.first?.message.hasPrefix("the program trapped: shape mismatch") == true, "\(shape)")
        #expect(try book.page("03-shape").contains(bookRoot.path) == false)
        #expect(try book.page("03-shape").contains("/Sources/") == false)
        #expect(diagnostics("03-shape", .note).map(\.line) == [line(of: "print(\"after\")", in: Probe.shape) - 1])
        #expect(outcome["03-shape"]?.results.last?.notRun != nil)

        // A stack overflow is called one, at the function's line.
        let overflow = diagnostics("04-overflow", .error)
        #expect(overflow.map(\.line) == [line(of: "func depth", in: Probe.stackOverflow)], "\(overflow)")
        #expect(overflow.first?.message.hasPrefix("stack overflow") == true)

        // exit(0) in a block: an error there, the next block not run.
        let exits = diagnostics("05-exit", .error)
        #expect(exits.first?.message.contains("did a block call exit?") == true, "\(exits)")
        #expect(outcome["05-exit"]?.results.map(\.ran) == [true, false])
        #expect(outcome["05-exit"]?.results.last?.notRun != nil)

        // Near-miss fences: a warning at each fence line; the real block still runs.
        let near = diagnostics("06-near", .warning)
        #expect(near.map(\.line) == [line(of: "```Swift", in: Probe.nearMisses), line(of: "```swift,fold", in: Probe.nearMisses)])
        #expect(near.first?.message.contains("write '```swift'") == true)
        #expect(outcome["06-near"]?.results.map(\.printedText) == ["run\n"])

        // Notes: list items stay apart, prices are text, the stray dollar is a warning at its line, the block runs.
        let notes = diagnostics("07-notes", .warning)
        #expect(notes.map(\.line) == [line(of: "A stray", in: Probe.notes)], "\(notes)")
        #expect(outcome["07-notes"]?.results.first?.printedText == "ran\n")
        let notesPage = try book.page("07-notes")
        #expect(notesPage.hasFormula(" W ") && notesPage.contains("</span>（中文）"))
        #expect(notesPage.hasFormula("W"))
        #expect(notesPage.contains("It costs $5 and $10."))
        #expect(notesPage.hasFormula("a^2", "display"))

        // An empty chapter, a Markdown file without the NN- prefix, a .markdown file: warnings naming them.
        #expect(diagnostics("08-empty", .warning).first?.message.contains("the chapter is empty") == true)
        #expect(report.bookWarnings.map(\.file) == ["Chapters/09-x.markdown", "Chapters/notes.md"])

        // Two builds give byte-identical sites.
        let site = book.siteFiles()
        let again = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        #expect(again.outcomes.filter { !$0.cached }.isEmpty)
        for (path, bytes) in site where book.siteFiles()[path] != bytes { Issue.record("\(path) changed between two builds") }
        #expect(book.siteFiles().count == site.count)
    }

    @Test func updateKeepsCRLFAndTheByteOrderMarkAndChangesOnlyWhatDiffers() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook("crlf")
        defer { book.remove() }
        let original = Array("\u{FEFF}".utf8) + Array(Probe.crlf.utf8)
        try book.write("01-windows.md", bytes: original)
        let (report, changed) = try Book.update(toolchain: toolchain, options: book.options(useCache: true))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(changed == ["Chapters/01-windows.md"])
        let updated = [UInt8](try Data(contentsOf: book.chapters.appendingPathComponent("01-windows.md")))
        let expected = Array("\u{FEFF}".utf8) + Array(Probe.crlf.replacingAll("\r\nold\r\n", with: "\r\nnew\r\n").utf8)
        #expect(updated == expected, "\(String(decoding: updated, as: UTF8.self).debugDescription)")
    }

    @Test func aTimeoutIsNotCached() throws {
        let toolchain = try chapterToolchain.get()
        let hang = "<!-- book: timeout=1 -->\n# Hang\n\n```swift\nvar n = 0\nwhile true { n += 1 }\n```\n"
        let book = try TemporaryBook("timeout", chapters: ["01-hang.md": hang])
        defer { book.remove() }
        let first = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        #expect(first.errors.first?.message.contains("time budget of 1 s") == true)
        let second = try Book.build(toolchain: toolchain, options: book.options(useCache: true))
        #expect(second.outcomes.map(\.cached) == [false], "the timeout is retried, not read from the cache")
    }

    @Test func aSecondBuildWaitsOrRefuses() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("book-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        var first: BuildLock? = try BuildLock(root: root, wait: false)
        #expect(first != nil)
        #expect(throws: BuildFailure.self) { try BuildLock(root: root, wait: false) }
        do {
            _ = try BuildLock(root: root, wait: false)
        } catch {
            #expect("\(error)".contains("another build is running (pid \(getpid()))"))
        }
        first = nil  // the first build ends
        let afterwards = try BuildLock(root: root, wait: false)
        withExtendedLifetime(afterwards) {}
    }

    @Test func everyChildLeadsAGroupTheInterruptHandlerKnows() throws {
        // What Ctrl-C relies on: each process the builder starts leads its own group and sits in
        // the table the interrupt handler kills, read here the way the handler reads it.
        let started = Date()
        let thread = Thread {
            _ = try? runProcess("/bin/sleep", ["30"], timeout: 60)
        }
        thread.start()
        var pid: pid_t = 0
        while pid == 0 && Date().timeIntervalSince(started) < 5 {
            // Other tests run processes at the same time: take only this test's `sleep`, never theirs.
            pid =
                (0..<InterruptHandler.capacity).map { InterruptHandler.groups[$0] }.first { group in
                    group > 0
                        && (try? String(contentsOfFile: "/proc/\(group)/cmdline", encoding: .utf8)) == "/bin/sleep\u{0}30\u{0}"
                } ?? 0
            usleep(10_000)
        }
        #expect(pid > 0)
        #expect(getpgid(pid) == pid, "the child leads its own process group")
        kill(-pid, SIGKILL)  // what the handler does for each group
        usleep(200_000)
        #expect(kill(pid, 0) != 0 || (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(" Z ") == true)
    }
}
