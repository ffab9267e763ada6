#if canImport(Glibc)
    import Glibc
#endif

// Elementwise arithmetic. Each operator is a plain loop over contiguous storage, which the
// optimizer vectorizes. A `(1 × n)` row or an `(m × 1)` column is broadcast against an `(m × n)`
// matrix, as PyTorch does for a bias; any other mismatch traps with both shapes.

extension Matrix {
    /// Applies `f` to every entry.
    @inlinable
    public func map(_ f: (Double) -> Double) -> Matrix {
        var out = self
        out.storage.withUnsafeMutableBufferPointer { o in
            for i in o.indices { o[i] = f(o[i]) }
        }
        return out
    }

    /// Combines two matrices entry by entry, broadcasting a row or column vector on either side.
    @inlinable
    public static func zip(_ a: Matrix, _ b: Matrix, _ name: String, _ f: (Double, Double) -> Double) -> Matrix {
        if a.rows == b.rows && a.cols == b.cols {
            var out = a
            out.storage.withUnsafeMutableBufferPointer { o in
                b.storage.withUnsafeBufferPointer { bb in
                    for i in o.indices { o[i] = f(o[i], bb[i]) }
                }
            }
            return out
        }
        let rows = Swift.max(a.rows, b.rows), cols = Swift.max(a.cols, b.cols)
        func fits(_ m: Matrix) -> Bool { (m.rows == rows || m.rows == 1) && (m.cols == cols || m.cols == 1) }
        guard fits(a), fits(b) else { shapeError("\(name): \(a.shapeDescription) and \(b.shapeDescription)") }
        var out = Matrix(rows: rows, cols: cols)
        for r in 0..<rows {
            let ra = a.rows == 1 ? 0 : r, rb = b.rows == 1 ? 0 : r
            for c in 0..<cols {
                let x = a.storage[ra * a.cols + (a.cols == 1 ? 0 : c)]
                let y = b.storage[rb * b.cols + (b.cols == 1 ? 0 : c)]
                out.storage[r * cols + c] = f(x, y)
            }
        }
        return out
    }

    @inlinable public static func + (a: Matrix, b: Matrix) -> Matrix { zip(a, b, "+") { $0 + $1 } }
    @inlinable public static func - (a: Matrix, b: Matrix) -> Matrix { zip(a, b, "-") { $0 - $1 } }
    /// Entry-by-entry (Hadamard) product. The matrix product is `matmul`.
    @inlinable public static func * (a: Matrix, b: Matrix) -> Matrix { zip(a, b, "*") { $0 * $1 } }
    @inlinable public static func / (a: Matrix, b: Matrix) -> Matrix { zip(a, b, "/") { $0 / $1 } }

    @inlinable public static func + (a: Matrix, s: Double) -> Matrix { a.map { $0 + s } }
    @inlinable public static func - (a: Matrix, s: Double) -> Matrix { a.map { $0 - s } }
    @inlinable public static func * (a: Matrix, s: Double) -> Matrix { a.map { $0 * s } }
    @inlinable public static func / (a: Matrix, s: Double) -> Matrix { a.map { $0 / s } }
    @inlinable public static func + (s: Double, a: Matrix) -> Matrix { a.map { s + $0 } }
    @inlinable public static func - (s: Double, a: Matrix) -> Matrix { a.map { s - $0 } }
    @inlinable public static func * (s: Double, a: Matrix) -> Matrix { a.map { s * $0 } }
    @inlinable public static prefix func - (a: Matrix) -> Matrix { a.map { -$0 } }

    @inlinable public static func += (a: inout Matrix, b: Matrix) { a = a + b }
    @inlinable public static func -= (a: inout Matrix, b: Matrix) { a = a - b }
    @inlinable public static func *= (a: inout Matrix, s: Double) { a = a * s }

    /// Adds `b` into `self` in place (same shape), without allocating: the accumulator of BPTT.
    @inlinable
    public mutating func add(_ b: Matrix, scaledBy s: Double = 1) {
        guard rows == b.rows && cols == b.cols else { shapeError("add: \(shapeDescription) += \(b.shapeDescription)") }
        storage.withUnsafeMutableBufferPointer { o in
            b.storage.withUnsafeBufferPointer { bb in
                for i in o.indices { o[i] += s * bb[i] }
            }
        }
    }

    /// Sum of all entries.
    public func sum() -> Double { storage.reduce(0, +) }

    /// Mean of all entries.
    public func mean() -> Double { storage.isEmpty ? 0 : sum() / Double(storage.count) }

    /// Sum over the rows (the batch): `(m × n) -> (1 × n)`. The gradient of a broadcast bias.
    public func sumRows() -> Matrix {
        var out = Matrix(rows: 1, cols: cols)
        let (rows, cols) = (self.rows, self.cols)
        // Row by row, so each column's sum is accumulated top to bottom; the inner loop over the
        // columns vectorizes (unchecked indices, since the bounds are those of the loops).
        out.storage.withUnsafeMutableBufferPointer { o in
            storage.withUnsafeBufferPointer { x in
                for r in 0..<rows {
                    for c in 0..<cols { o[c] += x[r * cols + c] }
                }
            }
        }
        return out
    }

    /// Sum over the columns: `(m × n) -> (m × 1)`.
    public func sumColumns() -> Matrix {
        var out = Matrix(rows: rows, cols: 1)
        for r in 0..<rows {
            var s = 0.0
            for c in 0..<cols { s += storage[r * cols + c] }
            out.storage[r] = s
        }
        return out
    }

    /// The Frobenius norm, `sqrt(Σ aᵢⱼ²)`.
    public func norm() -> Double { storage.reduce(0) { $0 + $1 * $1 }.squareRoot() }

    /// The largest absolute entry.
    public func maxAbs() -> Double { storage.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// The largest entry's value.
    public func max() -> Double { storage.max() ?? -.infinity }

    /// The smallest entry's value.
    public func min() -> Double { storage.min() ?? .infinity }

    /// For each row, the column of its largest entry (a classifier's prediction).
    public func argmaxPerRow() -> [Int] {
        (0..<rows).map { r in
            var best = 0
            for c in 1..<Swift.max(cols, 1) where storage[r * cols + c] > storage[r * cols + best] { best = c }
            return best
        }
    }

    /// True when any entry is NaN or infinite.
    public var hasNonFinite: Bool { storage.contains { !$0.isFinite } }

    /// True when every entry is within `tolerance` of `other`'s (same shape).
    public func isClose(to other: Matrix, tolerance: Double = 1e-12) -> Bool {
        rows == other.rows && cols == other.cols
            && Swift.zip(storage, other.storage).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
    }
}

extension Matrix {
    /// Clamps every entry to [lower, upper], in place: min(max(x, lower), upper).
    mutating func clamp(_ lower: Double, _ upper: Double) {
        storage.withUnsafeMutableBufferPointer { p in
            for j in 0..<p.count { p[j] = Swift.min(Swift.max(p[j], lower), upper) }
        }
    }
}
