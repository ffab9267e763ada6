/// The page words (`PageWord`) in the catalogs: each is an entry of its own, in context `page`, so
/// that translators own the words the renderer writes as they own the chapters' text.
extension I18n {
    /// The msgctxt of the page words' entries.
    static let pageContext = "page"

    /// The template entries of the page words, after the chapters': one per word, its English
    /// pattern as msgid, where it shows as the extracted comment.
    static func pageWordEntries() -> [TemplateEntry] {
        PageWord.allCases.map { word in
            TemplateEntry(msgid: word.rawValue, references: [], comments: ["page word: \(word.comment)"], context: pageContext)
        }
    }

    /// The page words of `catalog`: each translated entry in context `page` that keeps its
    /// placeholders; English for the others.
    static func pageWords(_ catalog: Catalog) -> PageWords {
        PageWords { word in
            guard let entry = catalog.entry(word.rawValue, context: pageContext), entry.isTranslated,
                pageWordProblems(entry, path: catalog.path).isEmpty
            else { return nil }
            return entry.msgstr[0]
        }
    }

    /// How many page words `catalog` translates, marks fuzzy or lacks, as a row of `book i18n --status`.
    static func pageWordStatus(_ catalog: Catalog) -> TranslationStatus {
        var status = TranslationStatus(file: "page words")
        for word in PageWord.allCases {
            let entry = catalog.entry(word.rawValue, context: pageContext)
            if entry?.isTranslated == true {
                status.translated += 1
            } else if entry?.isFuzzy == true {
                status.fuzzy += 1
            } else {
                status.missing += 1
            }
        }
        return status
    }
}

/// The problems of a page word's translation: each placeholder (`{number}`) of the English pattern
/// that it drops, and each it adds, as errors at the msgstr's line. Other entries have none.
func pageWordProblems(_ entry: CatalogEntry, path: String) -> [Diagnostic] {
    guard entry.msgctxt == I18n.pageContext, entry.isTranslated else { return [] }
    let (missing, added) = unmatchedItems(pageWordPlaceholders(entry.msgid), pageWordPlaceholders(entry.msgstr[0]))
    var problems: [Diagnostic] = []
    for placeholder in missing {
        problems.append(
            Diagnostic(
                file: path, line: entry.msgstrLine,
                "the translation of the page word '\(entry.msgid)' lacks the placeholder \(placeholder) (keep it exactly as written)"))
    }
    for placeholder in added {
        problems.append(
            Diagnostic(
                file: path, line: entry.msgstrLine,
                "the translation of the page word '\(entry.msgid)' has the placeholder \(placeholder), which the English does not have"))
    }
    return problems
}
