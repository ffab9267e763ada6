#if canImport(Glibc)
    import Glibc
#endif

/// Adam (Kingma and Ba 2015), exactly as `torch.optim.Adam` (no AMSGrad), and, with
/// `decoupledWeightDecay`, as `torch.optim.AdamW` (Loshchilov and Hutter 2019).
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
/// **Weight decay** λ pulls every weight towards zero, in one of two ways:
///
///     L2 (torch.optim.Adam's weight_decay):   g ← g + λ θ                before the moments
///     decoupled (torch.optim.AdamW):          θ ← θ − η λ θ = θ (1 − η λ)  before the Adam step
///
/// They differ: L2 adds λθ to the gradient, which Adam then divides by √v, so a weight with large
/// gradients is hardly decayed; AdamW shrinks every weight by the same factor 1 − ηλ per step,
/// whatever its gradients. The default is λ = 0 (PyTorch's Adam; its AdamW defaults to 0.01,
/// which `Adam.adamW` takes).
///
/// **Parameter groups** (PyTorch's `param_groups`): parameters can have their own η and λ, say no
/// decay on biases and embeddings. A parameter in no group uses the optimizer's own values.
///
///     var opt = Adam(learningRate: 0.01)
///     opt.step(&model.parameters, grads)
///     var w = Adam.adamW(learningRate: 0.01, weightDecay: 0.01,
///                        groups: [.init(model.parameterNames, where: { $0.hasSuffix("bias") }, weightDecay: 0)])
public struct Adam: Sendable {
    /// Some parameters with their own step size and weight decay.
    public struct ParameterGroup: Sendable, Equatable {
        /// The parameters' positions in the model's `parameters`.
        public var indices: [Int]
        /// η for these parameters, or `nil` for the optimizer's.
        public var learningRate: Double?
        /// λ for these parameters, or `nil` for the optimizer's.
        public var weightDecay: Double?

        /// A group of the parameters at `indices`.
        public init(indices: [Int], learningRate: Double? = nil, weightDecay: Double? = nil) {
            self.indices = indices
            self.learningRate = learningRate
            self.weightDecay = weightDecay
        }

        /// A group of the parameters whose names (a model's `parameterNames`) satisfy `belongs`.
        public init(_ names: [String], where belongs: (String) -> Bool, learningRate: Double? = nil, weightDecay: Double? = nil) {
            self.init(indices: names.indices.filter { belongs(names[$0]) }, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    /// η, the step size (PyTorch's default 10⁻³).
    public var learningRate: Double
    /// β₁, the decay of the first-moment average (default 0.9: about the last 10 gradients).
    public var beta1: Double
    /// β₂, the decay of the second-moment average (default 0.999: about the last 1000).
    public var beta2: Double
    /// ε, keeps the division finite where v is zero (default 10⁻⁸).
    public var epsilon: Double
    /// λ, the weight decay (default 0: none).
    public var weightDecay: Double
    /// `false`: λ is an L2 penalty added to the gradient (`torch.optim.Adam`); `true`: decoupled,
    /// θ shrinks by 1 − ηλ each step (`torch.optim.AdamW`).
    public var decoupledWeightDecay: Bool
    /// Parameters with their own η and λ; each parameter in at most one group.
    public var groups: [ParameterGroup]
    /// t, the number of steps taken.
    public private(set) var stepCount = 0
    /// m, the first moment of each parameter.
    public private(set) var firstMoments: [Matrix] = []
    /// v, the second moment of each parameter.
    public private(set) var secondMoments: [Matrix] = []

    public init(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0, decoupledWeightDecay: Bool = false, groups: [ParameterGroup] = []
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decoupledWeightDecay = decoupledWeightDecay
        self.groups = groups
    }

    /// AdamW, `torch.optim.AdamW`'s defaults: decoupled weight decay λ = 0.01.
    public static func adamW(
        learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8,
        weightDecay: Double = 0.01, groups: [ParameterGroup] = []
    ) -> Adam {
        Adam(
            learningRate: learningRate, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
            decoupledWeightDecay: true, groups: groups)
    }

    /// (η, λ) of parameter i for each of `count` parameters: its group's, else the optimizer's.
    /// Traps when a group names a parameter that does not exist or one that another group has.
    func hyperparameters(count: Int) -> [(learningRate: Double, weightDecay: Double)] {
        var out = Array(repeating: (learningRate, weightDecay), count: count)
        var owner = Array(repeating: -1, count: count)
        for (k, group) in groups.enumerated() {
            for i in group.indices {
                guard i >= 0 && i < count else { fatalError("Adam: group \(k) names parameter \(i) of \(count)") }
                guard owner[i] < 0 else { fatalError("Adam: parameter \(i) is in groups \(owner[i]) and \(k)") }
                owner[i] = k
                out[i] = (group.learningRate ?? learningRate, group.weightDecay ?? weightDecay)
            }
        }
        return out
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
        let rootCorrection2 = correction2.squareRoot()
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for (i, (eta, lambda)) in hyperparameters(count: params.count).enumerated() {
            // θ ← θ (1 − ηλ) (AdamW) or g ← g + λθ (L2); then m ← β₁ m + (1 − β₁) g,
            // v ← β₂ v + (1 − β₂) g², θ ← θ − η m̂ / (√v̂ + ε), entry by entry
            adamUpdate(
                &params[i], firstMoment: &firstMoments[i], secondMoment: &secondMoments[i], gradient: grads.values[i],
                beta1: b1, beta2: b2, epsilon: eps, stepSize: eta / correction1, rootCorrection2: rootCorrection2,
                l2: decoupledWeightDecay ? 0 : lambda, shrink: decoupledWeightDecay ? 1 - eta * lambda : 1)
        }
    }
}
