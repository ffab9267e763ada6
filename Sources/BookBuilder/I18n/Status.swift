import Foundation

/// How far one file's translation has come: its distinct messages, by state.
public struct TranslationStatus: Equatable, Sendable {
    public var file: String
    public var translated = 0
    public var fuzzy = 0
    public var missing = 0

    public var total: Int { translated + fuzzy + missing }
}

extension I18n {
    /// Per file (home page, then chapters), the messages that `catalog` translates, marks fuzzy,
    /// or lacks (no entry, or an empty msgstr). A message that occurs twice in a file counts once.
    public static func status(sources: [(path: String, text: String)], catalog: Catalog) -> [TranslationStatus] {
        sources.map { source in
            var status = TranslationStatus(file: source.path)
            var seen = Set<String>()
            for m in messages(in: source.text, file: source.path) where seen.insert(m.text).inserted {
                if let e = catalog.entry(m.text), e.isTranslated {
                    status.translated += 1
                } else if let e = catalog.entry(m.text), e.isFuzzy {
                    status.fuzzy += 1
                } else {
                    status.missing += 1
                }
            }
            return status
        }
    }

    /// `book i18n --status`: a table per language, a row per file and a total.
    public static func statusLines(root: URL) throws -> [String] {
        let sources = try sources(root: root)
        var lines: [String] = []
        for language in languages {
            let path = "po/\(language).po"
            let url = root.appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                lines.append("\(path): not there yet (make i18n creates it)")
                continue
            }
            let catalog = try Catalog(text: String(decoding: data, as: UTF8.self), path: path)
            let rows = status(sources: sources, catalog: catalog) + [pageWordStatus(catalog)]
            let width = max(rows.map(\.file.count).max() ?? 0, 5)
            func row(_ name: String, _ t: Int, _ f: Int, _ m: Int) -> String {
                let percent = t + f + m == 0 ? 100 : 100 * t / (t + f + m)
                return name.padding(toLength: width, withPad: " ", startingAt: 0)
                    + String(format: " %10d %6d %8d %5d %%", t, f, m, percent)
            }
            lines.append("\(path):")
            lines.append("file".padding(toLength: width, withPad: " ", startingAt: 0) + " translated  fuzzy  missing  done")
            for r in rows { lines.append(row(r.file, r.translated, r.fuzzy, r.missing)) }
            let sum = rows.reduce(into: (0, 0, 0)) { $0 = ($0.0 + $1.translated, $0.1 + $1.fuzzy, $0.2 + $1.missing) }
            lines.append(row("total", sum.0, sum.1, sum.2))
        }
        return lines
    }
}
