/// A lookup table of learned vectors, one row per token: PyTorch's `nn.Embedding`.
///
///     x = E[i]        (the row of token i)
///
/// which is the one-hot product `oneHot(i) · E` without the multiplications by zero. Its
/// backward pass follows from that product: ∂L/∂E = oneHot(i)ᵀ · ∂L/∂x, so the gradient of x is
/// added into row i and every other row gets nothing. A token that appears twice in a batch gets
/// both contributions added (a scatter-add, not an assignment).
///
/// Initialization follows PyTorch: every entry N(0, 1).
///
/// **Padding index** (PyTorch's `padding_idx`): the token that fills the end of short sequences
/// in a padded batch. Its row starts at zero and its gradient is always zero, so training never
/// moves it: the padding stays the zero vector, and nothing is learned from where no text is.
public struct Embedding: Parameterized, Sendable {
    /// E, the table, `(vocabulary × dimension)`: row i is the vector of token i.
    public var weight: Matrix
    /// The padding token p, or `nil`: `backward` leaves row p of ∂L/∂E at zero.
    public let paddingIndex: Int?

    /// The number of tokens (rows of E).
    public var vocabularySize: Int { weight.rows }
    /// The length of each vector (columns of E).
    public var dimension: Int { weight.cols }

    /// A table with PyTorch's initialization: entries N(0, 1), then row `paddingIndex` (if any)
    /// set to zero, as `nn.Embedding(…, padding_idx=p)` does (every entry is drawn first, so the
    /// other rows are the ones drawn without a padding index).
    public init(vocabularySize: Int, dimension: Int, paddingIndex: Int? = nil, using rng: inout RandomSource) {
        weight = .normal(vocabularySize, dimension, using: &rng)
        self.paddingIndex = paddingIndex
        if let p = paddingIndex {
            checkIndex(p, 0)
            for j in 0..<dimension { weight[p, j] = 0 }  // the padding vector starts at zero
        }
    }

    /// A table with given rows, `(vocabulary × dimension)`, and optionally a padding token (its
    /// row is kept as given, as PyTorch's `from_pretrained(…, padding_idx=p)` keeps it).
    public init(weight: Matrix, paddingIndex: Int? = nil) {
        self.weight = weight
        self.paddingIndex = paddingIndex
        if let p = paddingIndex { checkIndex(p, 0) }
    }

    /// `[weight]`.
    public var parameters: [Matrix] {
        get { [weight] }
        set {
            guard newValue.count == 1, newValue[0].shape == weight.shape else {
                shapeError("Embedding.parameters: expected [\(weight.shapeDescription)], got \(newValue.map(\.shapeDescription))")
            }
            weight = newValue[0]
        }
    }

    /// PyTorch's name: `["weight"]`.
    public var parameterNames: [String] { ["weight"] }

    /// The rows of `indices`: x[b] = E[indices[b]], `(indices.count × dimension)`.
    public func forward(_ indices: [Int]) -> Matrix {
        let d = dimension
        var x = Matrix(rows: indices.count, cols: d)
        for (b, i) in indices.enumerated() {
            checkIndex(i, b)
            for j in 0..<d { x.storage[b * d + j] = weight.storage[i * d + j] }  // x[b] = E[i]
        }
        return x
    }

    /// ∂L/∂E given dx = ∂L/∂x `(indices.count × dimension)` for the same `indices`.
    public func backward(_ dx: Matrix, indices: [Int]) -> Gradients {
        var dE = Matrix(rows: vocabularySize, cols: dimension)
        accumulate(dx, indices: indices, into: &dE)
        return Gradients([dE])
    }

    /// Every step of a sequence: `steps[t]` are the tokens of step t (one per batch row), and the
    /// result is `xs[t] = forward(steps[t])`, ready for a recurrent layer.
    public func forward(_ steps: [[Int]]) -> [Matrix] { steps.map { forward($0) } }

    /// ∂L/∂E for a whole sequence: the scatter-add of every step's `dxs[t]` into the rows of
    /// `steps[t]`.
    public func backward(_ dxs: [Matrix], steps: [[Int]]) -> Gradients {
        guard dxs.count == steps.count else {
            shapeError("Embedding.backward: \(dxs.count) step gradients for \(steps.count) steps")
        }
        var dE = Matrix(rows: vocabularySize, cols: dimension)
        for t in steps.indices { accumulate(dxs[t], indices: steps[t], into: &dE) }
        return Gradients([dE])
    }

    /// dE[indices[b]] += dx[b] for every row b: the one-hot product's backward, oneHotᵀ · dx;
    /// except the padding token's row, which gets nothing.
    private func accumulate(_ dx: Matrix, indices: [Int], into dE: inout Matrix) {
        guard dx.rows == indices.count && dx.cols == dimension else {
            shapeError("Embedding(\(vocabularySize)×\(dimension)).backward: dx \(dx.shapeDescription) for \(indices.count) indices")
        }
        let d = dimension
        for (b, i) in indices.enumerated() {
            checkIndex(i, b)
            if i == paddingIndex { continue }  // the padding row's gradient stays zero
            for j in 0..<d { dE.storage[i * d + j] += dx.storage[b * d + j] }  // into row i only
        }
    }

    private func checkIndex(_ i: Int, _ b: Int) {
        guard i >= 0 && i < vocabularySize else {
            fatalError("Embedding(\(vocabularySize)×\(dimension)): index \(i) of row \(b) is not a token (0..<\(vocabularySize))")
        }
    }
}
