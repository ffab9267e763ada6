/// The mean squared error and its gradient: PyTorch's `nn.MSELoss()` with its default
/// `reduction="mean"`.
///
///     L = (1/N) Σᵢ (pᵢ − yᵢ)²,        ∂L/∂pᵢ = 2 (pᵢ − yᵢ) / N
///
/// where N counts *every entry* (batch × features), not just the batch: a `(32 × 1)` prediction
/// divides by 32, a `(32 × 3)` one by 96. The gradient is what the layer below the loss receives.
///
/// - Parameters:
///   - prediction: the model's output, any shape.
///   - target: the wanted output, the same shape.
public func mseLoss(_ prediction: Matrix, _ target: Matrix) -> (loss: Double, grad: Matrix) {
    guard prediction.shape == target.shape else {
        shapeError("mseLoss: prediction \(prediction.shapeDescription), target \(target.shapeDescription)")
    }
    let n = Double(prediction.count)
    var grad = prediction
    var sum = 0.0
    for i in 0..<grad.storage.count {
        let e = prediction.storage[i] - target.storage[i]  // the error pᵢ − yᵢ
        sum += e * e
        grad.storage[i] = 2 * e / n  // ∂L/∂pᵢ
    }
    return (sum / n, grad)
}
