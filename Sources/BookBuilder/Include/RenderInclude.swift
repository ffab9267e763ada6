import Foundation

/// The cell of an include block: the library's lines, highlighted, with a caption naming the file
/// and the lines, linked to the site's own copy of the file at those lines (`Site/source/PATH.html`,
/// see `includedSourcePages`), so that a copied `Site/` keeps working.
func renderInclude(_ included: IncludedCode?, words: PageWords = .english) -> String {
    guard let included else { return "" }  // the error is shown in place
    let lines =
        included.firstLine == included.lastLine
        ? words.html(.includeLine, ["number": "\(included.firstLine)"])
        : words.html(.includeLines, ["first": "\(included.firstLine)", "last": "\(included.lastLine)"])
    return "<figure class=\"include\">\n<pre class=\"code\"><code class=\"language-swift\">\(escapeHTML(included.code))</code></pre>\n"
        + "<figcaption><a href=\"\(escapeHTML(sourcePagePath(included.path)))#L\(included.firstLine)\">\(escapeHTML(included.path))</a>, "
        + "\(lines) <span class=\"include-anchor\">(ANCHOR: \(escapeHTML(included.anchor)))</span></figcaption>\n</figure>\n"
}

/// Where the site keeps its copy of a library file: `source/Sources/RNNKit/X.swift.html`.
func sourcePagePath(_ path: String) -> String { "source/\(path).html" }

/// One page per library file that a chapter includes: the whole file, numbered, each line
/// addressable as `#L12` (the include's link opens at its first line). The code is highlighted
/// with the rest of the site's code when the build renders it; the page needs no script.
public func includedSourcePages(_ documents: [ChapterDocument], root: URL) -> [SiteFile] {
    let paths = Set(documents.flatMap { $0.authoring.includes.values.map(\.path) }).sorted()
    return paths.compactMap { path in
        guard let data = try? Data(contentsOf: root.appendingPathComponent(path)) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let code = text.hasSuffix("\n") ? String(text.dropLast()) : text
        return SiteFile(path: sourcePagePath(path), text: sourcePage(path: path, code: code))
    }
}

/// The page of one library file. Its links are relative to its folder under Site/.
func sourcePage(path: String, code: String) -> String {
    let up = String(repeating: "../", count: sourcePagePath(path).split(separator: "/").count - 1)
    let count = code.split(separator: "\n", omittingEmptySubsequences: false).count
    let numbers = (1...count).map { "<span id=\"L\($0)\">\($0)</span>" }.joined(separator: "\n")
    return """
        <!DOCTYPE html>
        <html lang="en" data-theme="light">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escapeHTML(path))</title>
        <link rel="stylesheet" href="\(up)assets/book.css">
        <script>
          try { if ((localStorage.getItem("book-theme") || (matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light")) === "dark")
            document.documentElement.setAttribute("data-theme", "dark"); } catch (e) {}
        </script>
        </head>
        <body class="source-page">
        <main>
        <article>
        <p class="source-back"><a href="\(up)index.html">← The book</a></p>
        <h1>\(escapeHTML(path))</h1>
        <p class="cell-note">The book's copy of this library file, as it was when the site was built.</p>
        <div class="source-file"><pre class="line-numbers" aria-hidden="true">\(numbers)</pre><pre class="code"><code class="language-swift">\(escapeHTML(code))</code></pre></div>
        </article>
        </main>
        </body>
        </html>

        """
}
