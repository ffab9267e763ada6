#if canImport(Glibc)
    import Glibc
#endif

/// A fully connected layer, y = x Wᵀ + b: PyTorch's `nn.Linear`, weight stored `(out × in)`.
///
/// It is the "head" of the book's recurrent models: on the last hidden state for many-to-one,
/// on every hidden state for many-to-many.
///
/// Initialization follows PyTorch: every entry of `weight` and `bias` uniform in
/// ±1/√in (PyTorch's Kaiming-uniform with a = √5 works out to exactly that bound), so the
/// pre-activations start at a scale that does not depend on the input width.
public struct Linear: Parameterized, Sendable {
    /// W, the weight, `(out × in)`: row j holds the input weights of output unit j.
    public var weight: Matrix
    /// b, the bias, `(1 × out)`, broadcast over the batch.
    public var bias: Matrix

    /// Features per input row (the `in` of `(out × in)`).
    public var inputSize: Int { weight.cols }
    /// Features per output row.
    public var outputSize: Int { weight.rows }

    /// A layer with PyTorch's initialization: W and b uniform in ±1/√inputSize.
    public init(inputSize: Int, outputSize: Int, using rng: inout RandomSource) {
        let k = 1 / Double(inputSize).squareRoot()
        weight = .uniform(outputSize, inputSize, -k, k, using: &rng)
        bias = .uniform(1, outputSize, -k, k, using: &rng)
    }

    /// A layer with exact values: `weight` `(out × in)` and `bias` `(1 × out)`.
    public init(weight: Matrix, bias: Matrix) {
        guard bias.rows == 1 && bias.cols == weight.rows else {
            shapeError("Linear(weight: \(weight.shapeDescription), bias: \(bias.shapeDescription)): bias must be (1×\(weight.rows))")
        }
        self.weight = weight
        self.bias = bias
    }

    /// `[weight, bias]`.
    public var parameters: [Matrix] {
        get { [weight, bias] }
        set {
            guard newValue.count == 2, newValue[0].shape == weight.shape, newValue[1].shape == bias.shape else {
                shapeError(
                    "Linear.parameters: expected [\(weight.shapeDescription), \(bias.shapeDescription)], got \(newValue.map(\.shapeDescription))"
                )
            }
            weight = newValue[0]
            bias = newValue[1]
        }
    }

    /// PyTorch's names: `["weight", "bias"]`.
    public var parameterNames: [String] { ["weight", "bias"] }

    /// y = x Wᵀ + b: `(batch × in) -> (batch × out)`.
    public func forward(_ x: Matrix) -> Matrix {
        guard x.cols == inputSize else {
            shapeError("Linear(in: \(inputSize), out: \(outputSize)).forward: input \(x.shapeDescription) has \(x.cols) columns")
        }
        var y = Matrix(repeatingRow: bias, count: x.rows)  // b in every row: (batch × out)
        Matrix.gemm(x, weight, into: &y, transposeB: true, beta: 1)  // y = x Wᵀ + b
        return y
    }

    /// The backward pass of `forward`, given dy = ∂L/∂y `(batch × out)` and the input `x` it saw.
    ///
    /// - Returns: `grads` = [∂L/∂W, ∂L/∂b] and `dx` = ∂L/∂x.
    public func backward(_ dy: Matrix, input x: Matrix) -> (grads: Gradients, dx: Matrix) {
        guard dy.rows == x.rows && dy.cols == outputSize && x.cols == inputSize else {
            shapeError("Linear(in: \(inputSize), out: \(outputSize)).backward: dy \(dy.shapeDescription), x \(x.shapeDescription)")
        }
        // y_bj = Σ_i x_bi W_ji + b_j, so:
        let dW = Matrix.gemm(dy, x, transposeA: true)  // ∂L/∂W = dyᵀ x, summed over the batch: (out × in)
        let db = dy.sumRows()  // ∂L/∂b = Σ_batch dy: the bias was broadcast to every row. (1 × out)
        let dx = Matrix.gemm(dy, weight)  // ∂L/∂x = dy W: (batch × out)·(out × in) = (batch × in)
        return (Gradients([dW, db]), dx)
    }
}
