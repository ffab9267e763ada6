extension Matrix {
    /// `count` copies of the `(1 × n)` row `row`, one under the other: `(count × n)`. A bias
    /// broadcast over a batch, ready for `gemm(..., beta: 1)` to add a product into it.
    init(repeatingRow row: Matrix, count: Int) {
        guard row.rows == 1 else { shapeError("Matrix(repeatingRow:): \(row.shapeDescription) is not a row") }
        let n = row.cols
        // Each row copied straight into place (this fills, e.g., the (T·batch × gates) bias matrix
        // of a recurrent layer's input projection, millions of entries).
        let storage = [Double](unsafeUninitializedCapacity: count * n) { buffer, initialized in
            if count * n > 0 {
                row.storage.withUnsafeBufferPointer { source in
                    for r in 0..<count {
                        (buffer.baseAddress! + r * n).initialize(from: source.baseAddress!, count: n)
                    }
                }
            }
            initialized = count * n
        }
        self.init(rows: count, cols: n, storage)
    }
}
