import Foundation

/// The book's translation catalogs: `po/messages.pot`, extracted from the chapters, and one
/// `po/LANGUAGE.po` per translation, merged with GNU gettext's `msgmerge`.
public enum I18n {
    /// The translations the book has.
    public static let languages = ["zh_CN"]

    /// The messages of one Markdown file, in source order: its prose, and its swift blocks'
    /// captions and check claims at their lines.
    public static func messages(in text: String, file: String) -> [I18nMessage] {
        var cutter = ProseCutter(file: file)
        cutter.cut(text: text)
        var all = cutter.messages
        for block in cutter.swiftBlocks { all += notebookStrings(block.lines, firstLine: block.firstLine, file: file) }
        return all.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }

    /// The book's sources of messages in book order, the home page first: (path, text). A chapter
    /// that cannot be read is an error.
    public static func sources(root: URL) throws -> [(path: String, text: String)] {
        let chapters = root.appendingPathComponent("Chapters")
        var out: [(String, String)] = []
        let index = chapters.appendingPathComponent("index.md")
        if let data = FileManager.default.contents(atPath: index.path) {
            switch decodeChapter([UInt8](data), path: "Chapters/index.md", slug: "index") {
            case .success(let s): out.append((s.path, s.text))
            case .failure(let d): throw d
            }
        }
        for result in try loadChapters(from: chapters) {
            switch result {
            case .success(let s): out.append((s.path, s.text))
            case .failure(let d): throw d
            }
        }
        return out
    }

    /// The text of `po/messages.pot` for the book at `root`.
    public static func template(root: URL) throws -> String {
        let all = try sources(root: root).flatMap { messages(in: $0.text, file: $0.path) }
        return templateText(templateEntries(all) + pageWordEntries())
    }

    /// `book i18n`: writes `po/messages.pot`, then merges it into each `po/LANGUAGE.po` (creating
    /// it with a header the first time). Returns what it did, a line each.
    public static func extract(root: URL) throws -> [String] {
        let po = root.appendingPathComponent("po")
        try FileManager.default.createDirectory(at: po, withIntermediateDirectories: true)
        let pot = po.appendingPathComponent("messages.pot")
        let text = try template(root: root)
        let old = FileManager.default.contents(atPath: pot.path)
        try Data(text.utf8).write(to: pot, options: .atomic)
        let count = text.components(separatedBy: "\nmsgid ").count - 2
        var done = ["po/messages.pot: \(count) messages\(old == Data(text.utf8) ? ", unchanged" : "")"]
        for language in languages {
            let catalog = po.appendingPathComponent("\(language).po")
            if !FileManager.default.fileExists(atPath: catalog.path) {
                try Data(catalogHeader(language: language).utf8).write(to: catalog, options: .atomic)
                done.append("po/\(language).po: created")
            }
            try runGettext("msgmerge", ["--quiet", "--update", "--backup=off", "--previous", catalog.path, pot.path])
            done.append("po/\(language).po: merged with msgmerge")
        }
        return done
    }

    /// Runs a gettext tool; a missing tool or a failure is a `BuildFailure` with its message.
    static func runGettext(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw BuildFailure("cannot run \(tool): \(error.localizedDescription) (install Debian's gettext package)")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw BuildFailure("\(tool) is not installed: install Debian's gettext package (sudo apt-get install gettext)")
        }
        guard process.terminationStatus == 0 else {
            throw BuildFailure("\(tool) failed (exit status \(process.terminationStatus)): \(message)")
        }
    }
}
