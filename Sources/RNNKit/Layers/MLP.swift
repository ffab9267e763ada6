/// A three-layer perceptron, Linear → ReLU → Linear → ReLU → Linear: the feed-forward baseline that
/// the forecasting chapter sets against the recurrent nets (it sees a fixed window of past values
/// as one flat input row, and has no state).
///
///     a₁ = x W₁ᵀ + b₁,   h₁ = relu(a₁)
///     a₂ = h₁ W₂ᵀ + b₂,  h₂ = relu(a₂)
///     y  = h₂ W₃ᵀ + b₃
///
/// No activation on the output: it is a regression head (or logits, for a classifier).
/// Parameter names are those of PyTorch's `nn.Sequential(Linear, ReLU, Linear, ReLU, Linear)`:
/// `0.weight, 0.bias, 2.weight, 2.bias, 4.weight, 4.bias`.
public struct MLP: Parameterized, Sendable {
    /// The first layer, `(input → hidden₁)`.
    public var layer1: Linear
    /// The second layer, `(hidden₁ → hidden₂)`.
    public var layer2: Linear
    /// The output layer, `(hidden₂ → output)`.
    public var layer3: Linear

    /// Features per input row.
    public var inputSize: Int { layer1.inputSize }
    /// Features per output row.
    public var outputSize: Int { layer3.outputSize }

    /// An MLP with PyTorch's initialization of each `Linear`, drawn layer by layer.
    public init(inputSize: Int, hiddenSizes: (Int, Int), outputSize: Int, using rng: inout RandomSource) {
        layer1 = Linear(inputSize: inputSize, outputSize: hiddenSizes.0, using: &rng)
        layer2 = Linear(inputSize: hiddenSizes.0, outputSize: hiddenSizes.1, using: &rng)
        layer3 = Linear(inputSize: hiddenSizes.1, outputSize: outputSize, using: &rng)
    }

    /// An MLP from three given layers, whose sizes must chain.
    public init(layer1: Linear, layer2: Linear, layer3: Linear) {
        guard layer1.outputSize == layer2.inputSize, layer2.outputSize == layer3.inputSize else {
            shapeError(
                "MLP: layers (\(layer1.inputSize)→\(layer1.outputSize)), (\(layer2.inputSize)→\(layer2.outputSize)), (\(layer3.inputSize)→\(layer3.outputSize)) do not chain"
            )
        }
        self.layer1 = layer1
        self.layer2 = layer2
        self.layer3 = layer3
    }

    /// `[W₁, b₁, W₂, b₂, W₃, b₃]`.
    public var parameters: [Matrix] {
        get { layer1.parameters + layer2.parameters + layer3.parameters }
        set {
            guard newValue.count == 6 else { shapeError("MLP.parameters: expected 6 matrices, got \(newValue.count)") }
            layer1.parameters = Array(newValue[0..<2])
            layer2.parameters = Array(newValue[2..<4])
            layer3.parameters = Array(newValue[4..<6])
        }
    }

    /// PyTorch's `nn.Sequential` names: the ReLUs are modules 1 and 3, so the layers are 0, 2, 4.
    public var parameterNames: [String] { ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"] }

    /// What `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// x, the input, `(batch × input)`.
        public let input: Matrix
        /// a₁, before the first ReLU, `(batch × hidden₁)`.
        public let a1: Matrix
        /// h₁ = relu(a₁).
        public let h1: Matrix
        /// a₂, before the second ReLU, `(batch × hidden₂)`.
        public let a2: Matrix
        /// h₂ = relu(a₂).
        public let h2: Matrix
    }

    /// y for a batch `x` `(batch × input)`, with the cache `backward` needs.
    public func forward(_ x: Matrix) -> (output: Matrix, cache: Cache) {
        let a1 = layer1.forward(x)  // (batch × hidden₁)
        let h1 = relu(a1)
        let a2 = layer2.forward(h1)  // (batch × hidden₂)
        let h2 = relu(a2)
        let y = layer3.forward(h2)  // (batch × output)
        return (y, Cache(input: x, a1: a1, h1: h1, a2: a2, h2: h2))
    }

    /// y for a batch `x`, when no gradient is needed.
    public func predict(_ x: Matrix) -> Matrix { forward(x).output }

    /// The backward pass of `forward`, given dy = ∂L/∂y `(batch × output)`.
    ///
    /// - Returns: gradients in `parameters` order and dx = ∂L/∂x `(batch × input)`.
    public func backward(_ dy: Matrix, cache: Cache) -> (grads: Gradients, dx: Matrix) {
        let (g3, dh2) = layer3.backward(dy, input: cache.h2)  // through layer 3: into W₃, b₃ and h₂
        let da2 = dh2 * reluDerivative(cache.a2)  // through the second ReLU: 1 where a₂ > 0
        let (g2, dh1) = layer2.backward(da2, input: cache.h1)  // through layer 2: into W₂, b₂ and h₁
        let da1 = dh1 * reluDerivative(cache.a1)  // through the first ReLU
        let (g1, dx) = layer1.backward(da1, input: cache.input)  // through layer 1: into W₁, b₁ and x
        return (g1 + g2 + g3, dx)
    }
}
