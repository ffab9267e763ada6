// How a matrix prints: `print(w)` in a chapter shows its shape, then its rows as an aligned grid.
//
//     (2×3)
//     [ 0.1235  -1.0000   2.5000]
//     [ 3.0000   0.0000  -0.5000]

extension Matrix: CustomStringConvertible {
    /// The shape, then the rows with 4 decimals; large matrices show their corners only.
    /// See `formatted(decimals:maxRows:maxColumns:)`.
    public var description: String { formatted() }

    /// The matrix as text: a shape header `(rows×cols)`, then one bracketed line per row.
    ///
    /// Every entry is printed with `decimals` digits after the point and right-aligned to the
    /// widest entry, so the columns line up in a monospaced font, as NumPy and PyTorch print.
    ///
    /// **Scientific form.** When some nonzero entry would print as all zeros (a gradient of
    /// 1e-12 at 4 decimals) or some entry reaches 1e9, every entry is printed in scientific
    /// form (`1.2346e-12`) instead, with `decimals` digits in the mantissa: a vanishing gradient
    /// must not print as a row of zeros. PyTorch switches its whole tensor the same way.
    ///
    /// **Large matrices.** With more than `maxRows` rows, only the first and last
    /// `(maxRows - 1) / 2` rows are shown, with a row of `⋮` between them; with more than
    /// `maxColumns` columns, the first and last `(maxColumns - 1) / 2` columns with `…`
    /// between. The header still gives the full shape.
    ///
    /// - Parameters:
    ///   - decimals: digits after the point (default 4).
    ///   - maxRows: rows shown in full up to this count (default 12).
    ///   - maxColumns: columns shown in full up to this count (default 8, which keeps a row of
    ///     4-decimal numbers within 80 characters).
    public func formatted(decimals: Int = 4, maxRows: Int = 12, maxColumns: Int = 8) -> String {
        let header = shapeDescription
        if rows == 0 || cols == 0 { return header }

        let shownRows = Matrix.shownIndices(count: rows, limit: maxRows)
        let shownCols = Matrix.shownIndices(count: cols, limit: maxColumns)
        let useScientific = storage.contains { wouldHideDigits($0, decimals: decimals) }
        func text(_ x: Double) -> String { useScientific ? scientific(x, decimals) : fixed(x, decimals) }

        // Cells as text; `nil` marks the elided column.
        var cells: [[String]?] = []
        for r in shownRows {
            guard let r else { cells.append(nil); continue }
            cells.append(shownCols.map { c in c.map { text(self[r, $0]) } ?? "…" })
        }
        let width = cells.compactMap { $0 }.flatMap { $0 }.map(\.count).max() ?? 1

        // The elided column is one character wide; the elided row puts `⋮` under each number.
        var lines = [header]
        for row in cells {
            var slots: [String] = []
            for (j, c) in shownCols.enumerated() {
                if c == nil { slots.append(row == nil ? " " : "…") } else { slots.append(padLeft(row?[j] ?? "⋮", to: width)) }
            }
            lines.append("[" + slots.joined(separator: "  ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    /// The indices to show out of `count`: all of them, or the first and last few with `nil`
    /// standing for the elided middle.
    static func shownIndices(count: Int, limit: Int) -> [Int?] {
        if count <= Swift.max(limit, 1) { return Array(0..<count) }
        let edge = Swift.max((limit - 1) / 2, 1)
        return Array(0..<edge) + [nil] + Array((count - edge)..<count)
    }
}

/// Whether fixed notation with `decimals` places would misrepresent `x`: a nonzero number that
/// prints as all zeros, or one so large (at least 1e9) that its digits run off the page.
func wouldHideDigits(_ x: Double, decimals: Int) -> Bool {
    guard x.isFinite, x != 0 else { return false }
    if abs(x) >= 1e9 { return true }
    // Anything of at least 10^-decimals keeps a digit; only smaller numbers need the digits
    // themselves looked at (the exact cut-off, near half of 10^-decimals, is the rounding's).
    if abs(x) >= exactPower(-Swift.max(decimals, 0)) { return false }
    return fixed(x, decimals).allSatisfy { $0 == "0" || $0 == "." || $0 == "-" }
}

/// `text` with spaces in front, to `width` characters.
func padLeft(_ text: String, to width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
}

/// `text` with spaces after, to `width` characters.
func padRight(_ text: String, to width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
}
