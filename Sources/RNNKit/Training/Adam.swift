#if canImport(Glibc)
    import Glibc
#endif

/// Adam (Kingma and Ba 2015), exactly as `torch.optim.Adam` with its defaults (no AMSGrad, no
/// weight decay).
///
/// Each parameter keeps running averages of its gradient and of its squared gradient, and the
/// step divides one by the root of the other, so every entry moves by about η whatever the scale
/// of its gradient. At step t (counting from 1):
///
///     m ← β₁ m + (1 − β₁) g              first moment (the mean of g)
///     v ← β₂ v + (1 − β₂) g²             second moment (the mean of g²)
///     θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// The factors 1 − βᵗ undo the bias of starting m and v at zero: without them the first steps
/// would be far too small. (The form above, with ε added after the correction of √v, is PyTorch's;
/// the paper writes m̂ / (√v̂ + ε), which is the same thing.)
///
///     var opt = Adam(learningRate: 0.01)
///     opt.step(&model.parameters, grads)
public struct Adam: Sendable {
    /// η, the step size (PyTorch's default 10⁻³).
    public var learningRate: Double
    /// β₁, the decay of the first-moment average (default 0.9: about the last 10 gradients).
    public var beta1: Double
    /// β₂, the decay of the second-moment average (default 0.999: about the last 1000).
    public var beta2: Double
    /// ε, keeps the division finite where v is zero (default 10⁻⁸).
    public var epsilon: Double
    /// t, the number of steps taken.
    public private(set) var stepCount = 0
    /// m, the first moment of each parameter.
    public private(set) var firstMoments: [Matrix] = []
    /// v, the second moment of each parameter.
    public private(set) var secondMoments: [Matrix] = []

    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    /// Updates `params` in place from `grads` (same order, same shapes).
    public mutating func step(_ params: inout [Matrix], _ grads: Gradients) {
        checkOptimizerShapes("Adam", params, grads)
        if firstMoments.isEmpty {
            firstMoments = params.map { Matrix(rows: $0.rows, cols: $0.cols) }
            secondMoments = firstMoments
        }
        guard firstMoments.count == params.count else {
            fatalError("Adam.step: this optimizer was used for \(firstMoments.count) parameters, now called with \(params.count)")
        }
        stepCount += 1
        let t = Double(stepCount)
        let correction1 = 1 - pow(beta1, t)  // 1 − β₁ᵗ
        let correction2 = 1 - pow(beta2, t)  // 1 − β₂ᵗ
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for i in params.indices {
            // m ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  θ ← θ − α m̂ / (√v̂ + ε), entry by entry
            adamUpdate(
                &params[i], firstMoment: &firstMoments[i], secondMoment: &secondMoments[i], gradient: grads.values[i],
                beta1: b1, beta2: b2, epsilon: eps, stepSize: stepSize, rootCorrection2: rootCorrection2)
        }
    }
}
