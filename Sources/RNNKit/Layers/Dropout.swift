/// Inverted dropout (Srivastava et al. 2014, in the form PyTorch's `nn.Dropout` uses).
///
/// In training, every entry is zeroed with probability `p` and the survivors are scaled by
/// 1/(1 − p):
///
///     y = x ⊙ m,   m_ij = 0 with probability p, 1/(1 − p) otherwise
///
/// so that E[y] = x and the network needs no rescaling at evaluation time, when dropout is the
/// identity. The mask `m` holds the scale already; the backward pass is the same product,
/// dx = dy ⊙ m, because y is linear in x with the mask fixed.
///
/// A mask is drawn from the `RandomSource` passed in, one uniform u per entry in row-major order,
/// the entry kept when u ≥ p (so it is dropped with probability exactly p). `p = 1` drops
/// everything and gives zeros, as PyTorch does.
public struct Dropout: Sendable {
    /// The probability of zeroing an entry, in [0, 1].
    public var p: Double

    /// Dropout with probability `p` (PyTorch's default is 0.5).
    public init(p: Double = 0.5) {
        guard p >= 0 && p <= 1 else { fatalError("Dropout(p: \(p)): p must be in [0, 1]") }
        self.p = p
    }

    /// A fresh mask `(rows × cols)`: each entry 0 with probability p, 1/(1 − p) otherwise.
    public func mask(rows: Int, cols: Int, using rng: inout RandomSource) -> Matrix {
        let keep = p < 1 ? 1 / (1 - p) : 0  // p = 1: nothing survives, and 1/0 is avoided
        var m = Matrix(rows: rows, cols: cols)
        for k in 0..<m.storage.count { m.storage[k] = rng.uniform() >= p ? keep : 0 }
        return m
    }

    /// Applies dropout to `x` when `training`; in evaluation it is the identity (and draws nothing).
    ///
    /// - Returns: the output and the mask used (`nil` when nothing was dropped), for `backward`.
    public func forward(_ x: Matrix, training: Bool, using rng: inout RandomSource) -> (output: Matrix, mask: Matrix?) {
        guard training && p > 0 else { return (x, nil) }
        let m = mask(rows: x.rows, cols: x.cols, using: &rng)
        return (x * m, m)
    }

    /// Applies a given `mask`: y = x ⊙ m. With a mask fixed, dropout is an ordinary function,
    /// which is how a gradient check can test it.
    public func forward(_ x: Matrix, mask: Matrix) -> Matrix {
        guard x.shape == mask.shape else { shapeError("Dropout.forward: x \(x.shapeDescription), mask \(mask.shapeDescription)") }
        return x * mask
    }

    /// dx = dy ⊙ m: the gradient flows only through the kept entries, with the same scale.
    /// A `nil` mask (evaluation, or p = 0) passes `dy` through.
    public func backward(_ dy: Matrix, mask: Matrix?) -> Matrix {
        guard let mask else { return dy }
        guard dy.shape == mask.shape else { shapeError("Dropout.backward: dy \(dy.shapeDescription), mask \(mask.shapeDescription)") }
        return dy * mask
    }
}
