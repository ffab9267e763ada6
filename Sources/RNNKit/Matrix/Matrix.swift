#if canImport(Glibc)
    import Glibc
#endif

/// A dense matrix of `Double`s stored row by row.
///
/// The library keeps one convention everywhere: **a row is one example of a batch**. A batch
/// of inputs at one time step is `(batch × input)`, a hidden state is `(batch × hidden)`, and a
/// weight is stored the way PyTorch stores it, `(out × in)`, so a layer computes `x Wᵀ + b`.
///
/// Elementwise operators (`+ - * /`) work entry by entry, as in NumPy and PyTorch; a `(1 × n)`
/// row or an `(m × 1)` column on either side is broadcast. The matrix product is `matmul`,
/// and it calls `cblas_dgemm` (see `Matrix+Product.swift`).
///
/// A shape mismatch is a programmer's mistake: it traps with both shapes in the message,
/// `matmul: (3×4) · (5×2)`.
public struct Matrix: Equatable, Sendable {
    /// Number of rows (the batch, for activations).
    public let rows: Int
    /// Number of columns (the features).
    public let cols: Int
    /// The entries, row-major: entry `(r, c)` is `storage[r * cols + c]`.
    public var storage: [Double]

    /// A `rows × cols` matrix filled with `value`.
    public init(rows: Int, cols: Int, repeating value: Double = 0) {
        guard rows >= 0, cols >= 0 else { shapeError("Matrix(rows: \(rows), cols: \(cols)): negative size") }
        self.rows = rows
        self.cols = cols
        self.storage = Array(repeating: value, count: rows * cols)
    }

    /// A `rows × cols` matrix from row-major entries.
    public init(rows: Int, cols: Int, _ values: [Double]) {
        guard values.count == rows * cols else {
            shapeError("Matrix(rows: \(rows), cols: \(cols)): got \(values.count) values, need \(rows * cols)")
        }
        self.rows = rows
        self.cols = cols
        self.storage = values
    }

    /// A matrix from its rows: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowsOfValues: [[Double]]) {
        let cols = rowsOfValues.first?.count ?? 0
        for (r, row) in rowsOfValues.enumerated() where row.count != cols {
            shapeError("Matrix([[...]]): row 0 has \(cols) values but row \(r) has \(row.count)")
        }
        self.init(rows: rowsOfValues.count, cols: cols, rowsOfValues.flatMap { $0 })
    }

    /// A `(1 × n)` row vector.
    public init(row values: [Double]) { self.init(rows: 1, cols: values.count, values) }

    /// An `(n × 1)` column vector.
    public init(column values: [Double]) { self.init(rows: values.count, cols: 1, values) }

    /// A `rows × cols` matrix of zeros.
    public static func zeros(_ rows: Int, _ cols: Int) -> Matrix { Matrix(rows: rows, cols: cols) }

    /// The `n × n` identity.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, cols: n)
        for i in 0..<n { m.storage[i * n + i] = 1 }
        return m
    }

    /// The shape as `(rows, cols)`.
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// The shape written the way error messages and comments write it: `(3×4)`.
    public var shapeDescription: String { "(\(rows)×\(cols))" }

    /// Number of entries.
    public var count: Int { storage.count }

    /// Entry at row `r`, column `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> Double {
        get { storage[r * cols + c] }
        set { storage[r * cols + c] = newValue }
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] { Array(storage[(r * cols)..<((r + 1) * cols)]) }

    /// Column `c` as an array.
    public func column(_ c: Int) -> [Double] { (0..<rows).map { storage[$0 * cols + c] } }

    /// The rows `range` as a new matrix: `(range.count × cols)`.
    public func rows(_ range: Range<Int>) -> Matrix {
        guard range.lowerBound >= 0, range.upperBound <= rows else {
            shapeError("rows(\(range)): out of range for \(shapeDescription)")
        }
        return Matrix(rows: range.count, cols: cols, Array(storage[(range.lowerBound * cols)..<(range.upperBound * cols)]))
    }

    /// The columns `range` as a new matrix: `(rows × range.count)`.
    public func columns(_ range: Range<Int>) -> Matrix {
        guard range.lowerBound >= 0, range.upperBound <= cols else {
            shapeError("columns(\(range)): out of range for \(shapeDescription)")
        }
        var out = Matrix(rows: rows, cols: range.count)
        for r in 0..<rows {
            for (j, c) in range.enumerated() { out.storage[r * range.count + j] = storage[r * cols + c] }
        }
        return out
    }

    /// The transpose, `(cols × rows)`.
    public var T: Matrix {
        var out = Matrix(rows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { out.storage[c * rows + r] = storage[r * cols + c] }
        }
        return out
    }

    /// The matrices side by side: `[(m×a), (m×b)] -> (m × (a+b))`.
    public static func hstack(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        for p in parts where p.rows != first.rows {
            shapeError("hstack: \(first.shapeDescription) beside \(p.shapeDescription)")
        }
        let cols = parts.reduce(0) { $0 + $1.cols }
        var out = Matrix(rows: first.rows, cols: cols)
        for r in 0..<first.rows {
            var c0 = 0
            for p in parts {
                for c in 0..<p.cols { out.storage[r * cols + c0 + c] = p.storage[r * p.cols + c] }
                c0 += p.cols
            }
        }
        return out
    }

    /// The matrices one above the other: `[(a×n), (b×n)] -> ((a+b) × n)`.
    public static func vstack(_ parts: [Matrix]) -> Matrix {
        guard let first = parts.first else { return Matrix(rows: 0, cols: 0) }
        for p in parts where p.cols != first.cols {
            shapeError("vstack: \(first.shapeDescription) above \(p.shapeDescription)")
        }
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, cols: first.cols, parts.flatMap { $0.storage })
    }
}

/// Prints a shape error and traps. `precondition` messages are dropped in `-O` builds, and the
/// library is built in release mode, so the message goes through `fatalError`, which keeps it.
@usableFromInline
func shapeError(_ message: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("shape mismatch: \(message)", file: file, line: line)
}
