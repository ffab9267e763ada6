/// The words of a word list, one per line (the files of `Chapters/words/`), in file order.
///
/// Blank lines are skipped and a trailing carriage return is dropped. A missing or unreadable
/// file throws `DataFileError` naming the path; a line with a space or tab in it throws one
/// naming the line, since a word list holds single words.
public func loadWordList(path: String) throws -> [String] {
    var words = [String]()
    try readLines(path) { number, line in
        if line.isEmpty { return }
        if line.contains(" ") || line.contains("\t") {
            throw DataFileError(path: path, line: number, reason: "expected one word per line, got \"\(line)\"")
        }
        words.append(line)
    }
    return words
}
