/// The lines of a text file, in file order: the running text of `Chapters/corpus/`, one
/// quotation per line.
///
/// Blank lines are skipped and a trailing carriage return is dropped. A missing or unreadable
/// file throws `DataFileError` naming the path.
public func loadLines(path: String) throws -> [String] {
    var lines = [String]()
    try readLines(path) { _, line in
        if !line.isEmpty { lines.append(line) }
    }
    return lines
}
