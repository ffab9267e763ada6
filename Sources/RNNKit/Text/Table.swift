/// A table of results, printed as monospaced text: a header, a rule, then the rows.
///
///     var table = Table(["model", "hidden", "test MSE"])
///     table.append(["RNN", 32, 0.0123456])
///     table.append(["LSTM", 32, 0.0045])
///     print(table)
///
/// prints
///
///     model  hidden  test MSE
///     ─────  ──────  ────────
///     RNN        32    0.0123
///     LSTM       32    0.0045
///
/// Columns are separated by two spaces. A column whose cells are all numbers is right-aligned,
/// header included, so the decimal points line up; any other column is left-aligned. Real
/// numbers get `decimals` places (4 by default) unless a cell asks for its own with
/// `.number(x, decimals: 6)`. A nonzero number that would print as all zeros (1e-7 at 4
/// decimals), or one of 1e9 or more, is printed in scientific form (`1.0000e-07`) instead:
/// a table must not claim a gradient is zero when it is only small.
public struct Table: CustomStringConvertible, Sendable {
    /// The column titles.
    public var header: [String]
    /// The rows, each with at most `header.count` cells (missing cells print empty).
    public private(set) var rows: [[TableCell]]
    /// Places after the decimal point for real numbers that do not ask for their own.
    public var decimals: Int

    /// A table with the given column titles and rows.
    ///
    /// - Parameters:
    ///   - header: the column titles.
    ///   - rows: the rows; each cell may be a `String`, `Int`, `Double`, `Float`, `Bool` or
    ///     `TableCell`. A row with more cells than the header traps, naming the row.
    ///   - decimals: places for real numbers (default 4).
    public init(_ header: [String], rows: [[any TableCellConvertible]] = [], decimals: Int = 4) {
        self.header = header
        self.rows = []
        self.decimals = decimals
        for row in rows { append(row) }
    }

    /// Adds a row at the bottom.
    public mutating func append(_ row: [any TableCellConvertible]) {
        guard row.count <= header.count else {
            fatalError("Table: row \(rows.count) has \(row.count) cells but the header has \(header.count) columns")
        }
        rows.append(row.map(\.tableCell))
    }

    /// The table as text, one line per row, with no trailing spaces.
    public var description: String {
        let columnCount = header.count
        var texts: [[String]] = []
        var numeric = Array(repeating: true, count: columnCount)
        for row in rows {
            var line: [String] = []
            for c in 0..<columnCount {
                guard c < row.count else { line.append(""); continue }
                switch row[c].content {
                case .text(let s):
                    line.append(s)
                    numeric[c] = false
                case .integer(let n):
                    line.append(String(n))
                case .number(let x, let places):
                    let d = places ?? decimals
                    line.append(wouldHideDigits(x, decimals: d) ? scientific(x, d) : fixed(x, d))
                }
            }
            texts.append(line)
        }
        var widths = header.map(\.count)
        for line in texts {
            for c in 0..<columnCount { widths[c] = max(widths[c], line[c].count) }
        }

        func render(_ cells: [String]) -> String {
            var parts: [String] = []
            for c in 0..<columnCount {
                parts.append(numeric[c] ? padLeft(cells[c], to: widths[c]) : padRight(cells[c], to: widths[c]))
            }
            return trimmingTrailingSpaces(parts.joined(separator: "  "))
        }
        var lines = [render(header)]
        lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        lines += texts.map(render)
        return lines.joined(separator: "\n")
    }
}

private func trimmingTrailingSpaces(_ s: String) -> String {
    var end = s.endIndex
    while end > s.startIndex, s[s.index(before: end)] == " " { end = s.index(before: end) }
    return String(s[..<end])
}
