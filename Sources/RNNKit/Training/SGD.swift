/// Stochastic gradient descent, optionally with momentum, exactly as `torch.optim.SGD`
/// (no dampening, no Nesterov, no weight decay).
///
/// Without momentum (μ = 0) a step is θ ← θ − η g. With momentum each parameter keeps a velocity
/// buffer v:
///
///     v ← μ v + g        (on the first step, v ← g)
///     θ ← θ − η v
///
/// so a gradient that keeps its sign builds up speed, up to η/(1 − μ) times its size, while one
/// that flips sign from step to step cancels itself. Note PyTorch's form: the learning rate
/// multiplies the buffer, not the gradient inside it (some books write v ← μ v + η g; the two
/// agree only while η is constant).
///
///     var opt = SGD(learningRate: 0.1, momentum: 0.9)
///     opt.step(&model.parameters, grads)
public struct SGD: Sendable {
    /// η, the step size.
    public var learningRate: Double
    /// μ, how much of the previous velocity each step keeps (0 = plain SGD; 0.9 is usual).
    public var momentum: Double
    /// The velocity of each parameter, created by the first step.
    public private(set) var velocities: [Matrix] = []

    /// - Parameters:
    ///   - learningRate: η.
    ///   - momentum: μ, default 0 (plain gradient descent).
    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Updates `params` in place from `grads` (same order, same shapes).
    public mutating func step(_ params: inout [Matrix], _ grads: Gradients) {
        checkOptimizerShapes("SGD", params, grads)
        if momentum == 0 {
            for i in params.indices { params[i].add(grads.values[i], scaledBy: -learningRate) }  // θ ← θ − η g
            return
        }
        if velocities.isEmpty {
            velocities = grads.values  // first step: v ← g
        } else {
            guard velocities.count == params.count else {
                fatalError("SGD.step: this optimizer was used for \(velocities.count) parameters, now called with \(params.count)")
            }
            for i in params.indices {
                velocities[i] *= momentum  // μ v
                velocities[i].add(grads.values[i])  // + g
            }
        }
        for i in params.indices { params[i].add(velocities[i], scaledBy: -learningRate) }  // θ ← θ − η v
    }
}

/// Traps with both lists of shapes when parameters and gradients do not match.
func checkOptimizerShapes(_ name: String, _ params: [Matrix], _ grads: Gradients) {
    guard params.count == grads.values.count, zip(params, grads.values).allSatisfy({ $0.shape == $1.shape }) else {
        shapeError("\(name).step: parameters \(params.map(\.shapeDescription)), gradients \(grads.values.map(\.shapeDescription))")
    }
}
