import Foundation
import Testing

@testable import BookBuilder

// The authoring features end to end, with real chapter programs: a book whose chapters use
// every feature builds and links across chapters; `book watch` rebuilds after a save (and the
// time is printed); an exported chapter builds as a package of its own and prints what the page
// shows.

enum AuthoringBook {
    static let first = """
        # Gates

        The forget gate [@hochreiter1997lstm] is explained in @sec-cell.

        ## The cell {#sec-cell}

        > [!WARNING]
        > Do not forget the bias.

        $$
        c_t = f_t c_{t-1}
        $$ {#eq-cell}

        ```swift
        let values = [1.0, 2.0, 3.0]
        var chart = LineChart(title: "values", xLabel: "i", yLabel: "v")
        chart.add("v", y: values)
        show(chart, label: "fig-values", caption: "Three values")
        let mean = values.reduce(0, +) / Double(values.count)
        print("mean", mean)
        ```

        The mean is `{swift} fixed(mean, 2)`; @fig-values shows them and @eq-cell holds.

        ```swift exercise
        var doubled: [Double] = []  // double each value
        ```

        ```swift solution
        doubled = values.map { $0 * 2 }
        check(doubled == [2, 4, 6], "each value doubled")
        ```
        """

    static let second = """
        # Later

        Back to @fig-values and @sec-cell.

        ```swift
        print("later")
        ```
        """

    static let bib = """
        @article{hochreiter1997lstm, author = {Hochreiter, Sepp and Schmidhuber, Jürgen}, title = {Long Short-Term Memory},
          journal = {Neural Computation}, year = {1997}}
        """
}

@Suite(.serialized) struct AuthoringEndToEndTests {
    @Test func aBookUsingEveryFeatureBuilds() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook(
            "authoring",
            chapters: ["01-gates.md": AuthoringBook.first, "02-later.md": AuthoringBook.second, "references.bib": AuthoringBook.bib])
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        #expect(report.errors.isEmpty, "\(report.errors)")
        let first = try book.page("01-gates")
        #expect(first.contains("<a class=\"xref\" href=\"#sec-cell\">Section\u{A0}1.1</a>"))
        #expect(first.contains("<span class=\"figure-number\">Figure 1.1:</span> Three values"))
        #expect(first.contains("title=\"computed when the chapter ran: fixed(mean, 2)\">2.00</span>"))
        #expect(first.contains("<p class=\"check pass\""))
        #expect(first.contains("callout-warning"))
        #expect(first.contains("Hochreiter &amp; Schmidhuber, 1997"))
        #expect(try book.page("02-later").contains("<a class=\"xref\" href=\"01-gates.html#fig-values\">Figure\u{A0}1.1</a>"))
        let files = book.siteFiles()
        #expect(files["bibliography.html"] != nil && files["print.html"] != nil && files["export/01-gates/main.swift"] != nil)
        #expect(files["assets/build-stamp.js"] == nil, "only watched builds leave a stamp")
        // The builder's private-use markers (math, cells, authoring tokens) never reach a written
        // file; KaTeX's own files (its fonts' code points) aside.
        for (path, data) in files where !path.hasPrefix("assets/katex/") {
            let marker = String(decoding: data, as: UTF8.self).unicodeScalars.first { (0xE000...0xF8FF).contains($0.value) }
            #expect(marker == nil, "\(path) holds the private-use character U+\(String(marker?.value ?? 0, radix: 16, uppercase: true))")
        }
    }

    @Test func brokenSolutionsAndInlineValuesFailAtTheirLines() throws {
        let toolchain = try chapterToolchain.get()
        let broken = AuthoringBook.first.replacingOccurrences(of: "$0 * 2", with: "$0 * 3")
            .replacingOccurrences(of: "`{swift} fixed(mean, 2)`", with: "`{swift} values[7]`")
        let book = try TemporaryBook("authoring-broken", chapters: ["01-gates.md": broken, "references.bib": AuthoringBook.bib])
        defer { book.remove() }
        let report = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        // The inline value traps (index out of range) at its prose line, before the solution runs.
        #expect(report.errors.map(\.line) == [line(of: "values[7]", in: broken)], "\(report.errors)")
        #expect(report.errors.first?.message.hasPrefix("in the inline value `values[7]`: the program trapped") == true)

        let onlySolution = AuthoringBook.first.replacingOccurrences(of: "$0 * 2", with: "$0 * 3")
        try book.write("01-gates.md", onlySolution)
        let second = try Book.build(toolchain: toolchain, options: book.options(useCache: false))
        #expect(second.errors.map(\.line) == [line(of: "check(doubled", in: onlySolution)], "\(second.errors)")
        #expect(second.errors.first?.message == "check failed: each value doubled")
    }

    /// Save-to-stamp latency of `book watch`, printed; a page polls the stamp every 0.5 s, so the
    /// page reloads at most half a second after the stamp.
    @Test func watchRebuildsAfterEachSave() throws {
        let toolchain = try chapterToolchain.get()
        let book = try TemporaryBook("watch", chapters: ["01-gates.md": AuthoringBook.first, "references.bib": AuthoringBook.bib])
        defer { book.remove() }
        let options = book.options(useCache: true)
        let rounds = LockedArray<Double?>(repeating: nil, count: 4)
        let errors = LockedArray<Int>(repeating: 0, count: 4)
        let thread = Thread {
            try? Book.watch(
                options: options, library: book.root.appendingPathComponent("Library"), rounds: 3, toolchain: { _ in toolchain },
                onRound: { round in
                    rounds[round.stamp] = round.seconds
                    errors[round.stamp] = round.report?.errors.count ?? 99
                })
        }
        thread.start()
        let stampFile = book.site.appendingPathComponent("assets/build-stamp.js")
        func waitForStamp(_ n: Int) -> Double? {
            let start = Date()
            while Date().timeIntervalSince(start) < 120 {
                if let text = try? String(contentsOf: stampFile, encoding: .utf8), text == buildStampScript(String(n)) {
                    return Date().timeIntervalSince(start)
                }
                Thread.sleep(forTimeInterval: 0.01)
            }
            return nil
        }
        #expect(waitForStamp(1) != nil)
        Thread.sleep(forTimeInterval: 0.3)
        try book.write("01-gates.md", AuthoringBook.first.replacingOccurrences(of: "is explained in", with: "is the subject of"))
        let prose = waitForStamp(2)
        #expect(prose != nil)
        #expect(try book.page("01-gates").contains("is the subject of"))
        Thread.sleep(forTimeInterval: 0.3)
        try book.write(
            "01-gates.md",
            AuthoringBook.first.replacingOccurrences(of: "is explained in", with: "is the subject of")
                .replacingOccurrences(of: "print(\"mean\", mean)", with: "print(\"the mean\", mean)"))
        let code = waitForStamp(3)
        #expect(code != nil)
        #expect(try book.page("01-gates").contains("the mean 2.0"))
        #expect(errors.values.dropFirst().allSatisfy { $0 == 0 }, "\(errors.values)")
        print(
            String(
                format:
                    "watch: save to stamp %.2f s for a prose edit, %.2f s for an edited block (builds %.2f s, %.2f s); a page reloads within 0.5 s of the stamp",
                prose ?? -1, code ?? -1, rounds[2] ?? -1, rounds[3] ?? -1))
    }

    /// An exported chapter is a package of its own: its program, the library, its data. (It is
    /// built and run, and prints what the page shows, in FilesAndPathsTests.)
    @Test func anExportedChapterIsAPackage() throws {
        let book = try TemporaryBook("export", chapters: ["03-exported.md": exportedChapter, "numbers.csv": "1\n2\n3\n"])
        defer { book.remove() }
        let out = try outsideFolder("exported")
        defer { try? FileManager.default.removeItem(at: out) }
        let exported = try Book.export(chapter: "03", to: out, options: book.options(useCache: false), libraryPackage: bookRoot)
        let own = exported.files.map(\.path).filter { !$0.hasPrefix("Sources/") || $0.hasPrefix("Sources/Chapter") }
        #expect(own == ["Package.swift", "README.md", "Sources/Chapter03Exported/main.swift", "numbers.csv"])
        #expect(exported.files.contains { $0.path == "Sources/RNNKit/Notebook/NotebookChannel.swift" })
    }
}

/// A chapter for the export tests: it reads a data file, has a `fails` block the export leaves
/// out, and shows a figure.
let exportedChapter = """
    # Exported

    ```swift
    import Foundation
    let lines = try! String(contentsOfFile: "numbers.csv", encoding: .utf8).split(separator: "\\n")
    let total = lines.compactMap { Double($0) }.reduce(0, +)
    print("total", total)
    check(total == 6, "the numbers add up to 6")
    ```

    ```swift fails
    fatalError("not in the export")
    ```

    ```swift
    var chart = LineChart(title: "n", xLabel: "i", yLabel: "v")
    chart.add("n", y: [1, 2, 3])
    show(chart, label: "fig-n", caption: "The numbers")
    print("done")
    ```
    """
