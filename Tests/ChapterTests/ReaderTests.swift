import Foundation
import Testing

@testable import BookBuilder

// The reader's side of a built page, checked in a real browser: axe-core 4 finds no serious or
// critical problem on any page in either theme at desktop and phone width; the keyboard works
// (arrows, search keys, skip link, anchors, phone menu); print.html prints as a book. The
// browser work is done by the Python scripts in Reader/ (selenium drives Debian's chromium);
// these tests are skipped, and say so, when chromium, chromedriver, selenium,
// axe-selenium-python or poppler's tools are missing.

/// Whether the browser tools are installed, and which one is missing if not.
enum ReaderTools {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reader")

    static let missing: String? = {
        for tool in ["python3", "chromium", "chromedriver", "pdfinfo", "pdftoppm", "pdftotext"]
        where run("/usr/bin/env", ["which", tool]).status != 0 {
            return tool
        }
        if run("/usr/bin/env", ["python3", "-c", "import selenium, axe_selenium_python"]).status != 0 {
            return "the Python packages selenium and axe-selenium-python"
        }
        return nil
    }()

    static var present: Bool {
        if let missing { print("ReaderTests skipped: \(missing) is not installed") }
        return missing == nil
    }

    /// Runs a program to its end; its status and its standard output and error together.
    static func run(_ program: String, _ arguments: [String]) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Runs one of the Reader/ scripts with python3.
    static func script(_ name: String, _ arguments: [String]) -> (status: Int32, output: String) {
        run("/usr/bin/env", ["python3", scripts.appendingPathComponent(name).path] + arguments)
    }
}

/// Two chapters with every kind of element a page can hold (callout, equation, figure, code,
/// output, exercise, cross-references, a citation) and one output line far wider than the column.
enum ReaderBook {
    static let longOutput = """


        ## Long lines

        ```swift
        print((1...30).map { "word\\($0)" }.joined(separator: "-"))
        ```

        """

    static let chapters = [
        "01-gates.md": AuthoringBook.first + longOutput, "02-later.md": AuthoringBook.second,
        "references.bib": AuthoringBook.bib,
    ]

    /// Builds the book once for all the tests of the suite.
    static let built: Result<TemporaryBook, Error> = Result {
        let book = try TemporaryBook("reader", chapters: chapters)
        let report = try Book.build(toolchain: try chapterToolchain.get(), options: book.options(useCache: false))
        guard report.errors.isEmpty else { throw BuildFailed(errors: "\(report.errors)") }
        return book
    }

    struct BuildFailed: Error { let errors: String }
}

@Suite(.serialized, .enabled(if: ReaderTools.present), .timeLimit(.minutes(10))) struct ReaderTests {
    @Test func axeFindsNothingSeriousOnAnyPageInEitherTheme() throws {
        let book = try ReaderBook.built.get()
        let pages = ["index.html", "01-gates.html", "02-later.html", "bibliography.html", "print.html"]
        let (status, output) = ReaderTools.script("axe_check.py", [book.site.path] + pages)
        // One result line per page, width (1280 and 390 px) and theme: the check really ran everywhere.
        let results = output.split(separator: "\n").filter { $0.hasSuffix("serious or critical") }
        #expect(results.count == pages.count * 2 * 2, "\(output)")
        #expect(results.allSatisfy { $0.hasSuffix(": 0 serious or critical") }, "\(output)")
        #expect(status == 0, "\(output)")
    }

    @Test func theKeyboardWorks() throws {
        let book = try ReaderBook.built.get()
        let (status, output) = ReaderTools.script("keyboard_check.py", [book.site.path, "01-gates.html", "02-later.html"])
        #expect(output.split(separator: "\n").filter { $0.hasPrefix("ok ") }.count == 12, "\(output)")
        #expect(status == 0, "\(output)")
    }

    @Test func printHtmlPrintsAsABook() throws {
        let book = try ReaderBook.built.get()
        let pdf = book.root.appendingPathComponent("book.pdf").path
        let (status, output) = ReaderTools.script("print_check.py", [book.site.path, pdf])
        #expect(status == 0, "\(output)")
        let lines = output.split(separator: "\n").map(String.init)
        let count = lines.first { $0.hasPrefix("pages ") }.flatMap { Int($0.dropFirst(6)) } ?? 0
        // Title and contents, then each chapter from a new page: three or four pages, not more.
        #expect((3...4).contains(count), "\(output)")
        let pages = lines.filter { $0.hasPrefix("page ") }.map { $0.split(separator: " ", maxSplits: 5).map(String.init) }
        #expect(pages.count == count, "\(output)")
        // Each chapter's title opens a page (its number then its title, or the title alone).
        func opensChapter(_ page: [String]) -> Bool {
            page.count == 6 && ["Gates", "Later"].contains { page[5] == $0 || page[5].hasSuffix(" " + $0) }
        }
        #expect(pages.filter(opensChapter).count == 2, "\(output)")
        // No page is nearly empty, except a chapter's last, which ends where the chapter does.
        for (number, page) in pages.enumerated() where number + 1 < pages.count && !opensChapter(pages[number + 1]) {
            #expect((Double(page[3]) ?? 0) > 0.15, "page \(number + 1): \(output)")
        }
        // The wide output line is wrapped, not cut: all thirty words are on paper.
        let text = ReaderTools.run("/usr/bin/env", ["pdftotext", pdf, "-"]).output
        // (pdftotext drops a hyphen that ends a line, so the words are compared without them.)
        let printed = text.filter { !" \n-".contains($0) }
        #expect(printed.contains((1...30).map { "word\($0)" }.joined()), "\(text)")
    }
}
