#if canImport(Glibc)
    import Glibc
#endif

/// A data file that could not be read, with the file, the line and the reason, printed the way
/// a compiler prints: `airline-passengers.csv:17: error: expected a number of passengers, got "x"`.
public struct DataFileError: Error, CustomStringConvertible, Sendable {
    /// The file as it was given.
    public let path: String
    /// The 1-based line, or `nil` when the file itself is the problem.
    public let line: Int?
    /// What went wrong.
    public let reason: String

    public var description: String {
        if let line { return "\(path):\(line): error: \(reason)" }
        return "\(path): error: \(reason)"
    }
}

/// The monthly totals of international airline passengers, in thousands, January 1949 to
/// December 1960 (Box and Jenkins' series G): 144 months with a rising trend and a yearly season
/// whose swing grows with the level.
///
/// The file is a CSV with the header `month,passengers` and rows like `1949-01,112`; the chapters
/// run with `Chapters/` as working directory, where the file sits.
///
/// - Throws: `DataFileError` naming the file and the line, if the file is missing or a row is not
///   `month,number`.
public func loadAirlinePassengers(path: String = "airline-passengers.csv") throws -> [(month: String, passengers: Double)] {
    var rows: [(month: String, passengers: Double)] = []
    try readLines(path) { number, line in
        if number == 1 {
            guard line == "month,passengers" else {
                throw DataFileError(path: path, line: number, reason: "expected the header \"month,passengers\", got \"\(line)\"")
            }
            return
        }
        if line.isEmpty { return }
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw DataFileError(
                path: path, line: number, reason: "expected 2 fields \"month,passengers\", got \(fields.count): \"\(line)\"")
        }
        guard let value = Double(fields[1]), value.isFinite else {
            throw DataFileError(path: path, line: number, reason: "expected a number of passengers, got \"\(fields[1])\"")
        }
        rows.append((String(fields[0]), value))
    }
    guard !rows.isEmpty else { throw DataFileError(path: path, line: nil, reason: "no data rows") }
    return rows
}

/// Calls `body` with each line of the file (1-based number, text without its line ending).
func readLines(_ path: String, _ body: (Int, String) throws -> Void) throws {
    guard let file = fopen(path, "r") else {
        throw DataFileError(path: path, line: nil, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    // The whole file's bytes, read in chunks, then cut at each "\n" (a "\r" before it dropped too).
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        bytes.append(contentsOf: chunk[..<n])
        if n < chunk.count { break }
    }
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }  // the file's last line ending
    for (index, line) in lines.enumerated() {
        var text = String(decoding: line, as: UTF8.self)
        while text.hasSuffix("\r") { text.removeLast() }
        try body(index + 1, text)
    }
}
