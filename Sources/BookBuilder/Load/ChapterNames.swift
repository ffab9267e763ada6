import Foundation

/// What a chapter's file name may be, and the page it gets.
///
/// A student names a chapter as they like: `03-my chapter.md`, `04-c#.md`, `05-it's.md`,
/// `06-señales.md`, `07-注意力.md`. Its page is named by its *slug*: the name without `.md`, with
/// letters of any script, digits, `-`, `_` and `.` kept and every run of other characters (a
/// space, `#`, `'`, `?`, `%`, `&`) turned into one `-` (`03-my-chapter.html`, `04-c.html`,
/// `05-it-s.html`, `06-señales.html`, `07-注意力.html`), so that every link to it works from a
/// plain `href`. Messages keep naming the file as it is.
public enum ChapterNames {
    /// The rule, as the message for a name that breaks it says it.
    public static let rule =
        "a chapter's file name may hold letters of any script, digits, spaces and punctuation, "
        + "but no \", \\, : or control character (they would break the compiler's file:line messages)"

    /// The page slug of the chapter file `name` (`03-my chapter.md` → `03-my-chapter`).
    public static func slug(of name: String) -> String {
        let stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
        var out = ""
        for c in stem {
            if c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." {
                out.append(c)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") && out.count > 1 { out.removeLast() }
        return out
    }

    /// Nil when `name` may name a chapter; otherwise the message naming the rule.
    public static func refusal(of name: String) -> String? {
        let bad = name.unicodeScalars.first { $0 == "\"" || $0 == "\\" || $0 == ":" || $0.properties.generalCategory == .control }
        guard let bad else { return nil }
        let shown = bad.properties.generalCategory == .control ? "a control character" : "'\(bad)'"
        return "the file name holds \(shown): \(rule); rename the file"
    }

    /// The files among `names` (chapter files, sorted) whose slug another file already has: their
    /// pages would overwrite each other. The message names the rule and the other file.
    public static func clashes(_ names: [String]) -> [String: String] {
        var seen: [String: String] = [:], clashes: [String: String] = [:]
        for name in names {
            let slug = slug(of: name)
            if let first = seen[slug] {
                clashes[name] =
                    "its page would be \(slug).html, the page of Chapters/\(first) (in a page's name, every character "
                    + "other than a letter, a digit, - _ or . becomes -); rename one of them"
            } else {
                seen[slug] = name
            }
        }
        return clashes
    }
}
