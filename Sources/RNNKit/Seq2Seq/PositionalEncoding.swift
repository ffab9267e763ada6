#if canImport(Glibc)
    import Glibc
#endif

/// The Transformer's sinusoidal positional encodings (Vaswani et al., 2017): row t is position t's
/// vector of `size` numbers, sines and cosines of t at geometrically spaced frequencies.
///
///     P[t, 2i]     = sin(t / 10000^(2i/size))
///     P[t, 2i + 1] = cos(t / 10000^(2i/size))
///
/// Attention by itself ignores order: permute the positions and every output is permuted the same
/// way. Added to the inputs, these vectors tell the positions apart. Each pair (2i, 2i + 1) turns
/// by a fixed angle per step, so P[t + k] is a fixed rotation of P[t] for every t: "k positions
/// later" is a linear map, which a query and key projection can learn.
///
/// - Returns: `(positions × size)`; `size` must be even.
public func positionalEncoding(positions: Int, size: Int) -> Matrix {
    guard size > 0, size % 2 == 0 else { shapeError("positionalEncoding: size \(size) must be even and positive") }
    var p = Matrix(rows: positions, cols: size)
    for t in 0..<positions {
        for i in 0..<(size / 2) {
            let angle = Double(t) / pow(10000, Double(2 * i) / Double(size))  // t / 10000^(2i/size)
            p[t, 2 * i] = sin(angle)
            p[t, 2 * i + 1] = cos(angle)
        }
    }
    return p
}
