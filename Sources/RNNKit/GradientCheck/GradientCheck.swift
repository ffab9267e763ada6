/// Checks a hand-written backward pass against the definition of the derivative.
///
/// The numeric gradient of a loss L at a point p is computed entry by entry with central
/// differences,
///
///     ∂L/∂pᵢ ≈ (L(p + ε eᵢ) − L(p − ε eᵢ)) / 2ε,
///
/// whose error is O(ε²) (the O(ε) terms of the two Taylor expansions cancel), against O(ε) for a
/// one-sided difference. With doubles and the default ε = 10⁻⁶ the truncation error is about
/// 10⁻¹² and the rounding error about 10⁻¹⁶·|L|/ε ≈ 10⁻¹⁰·|L|, so an analytic gradient that is
/// right agrees to a relative error near 10⁻⁸ or better, while a wrong one is off by 10⁻² or
/// more. The book's tests ask for 10⁻⁷.
///
/// It costs two loss evaluations per entry, so check small models; the result is exact enough
/// that it needs no statistics.
public enum GradientCheck {
    /// The central-difference gradient of `loss` at `point`, one entry at a time.
    ///
    /// - Parameters:
    ///   - point: where to differentiate; any shape.
    ///   - epsilon: the step ε (default 10⁻⁶, see the type's documentation).
    ///   - loss: the scalar function of the matrix.
    /// - Returns: a matrix shaped like `point`.
    public static func numericGradient(at point: Matrix, epsilon: Double = 1e-6, _ loss: (Matrix) -> Double) -> Matrix {
        var grad = Matrix(rows: point.rows, cols: point.cols)
        var p = point
        for i in 0..<p.storage.count {
            let original = p.storage[i]
            p.storage[i] = original + epsilon
            let up = loss(p)  // L(p + ε eᵢ)
            p.storage[i] = original - epsilon
            let down = loss(p)  // L(p − ε eᵢ)
            p.storage[i] = original
            grad.storage[i] = (up - down) / (2 * epsilon)
        }
        return grad
    }

    /// The central-difference gradient of `loss` with respect to each of several matrices (the
    /// inputs of every time step, say), perturbing one entry of one matrix at a time.
    public static func numericGradients(at points: [Matrix], epsilon: Double = 1e-6, _ loss: ([Matrix]) -> Double) -> [Matrix] {
        var ps = points
        return points.indices.map { k in
            numericGradient(at: points[k], epsilon: epsilon) { pk in
                ps[k] = pk
                defer { ps[k] = points[k] }
                return loss(ps)
            }
        }
    }

    /// The relative error ‖a − b‖ / max(‖a‖ + ‖b‖, tiny), Frobenius norms.
    ///
    /// It compares directions and sizes at once and is scale-free: gradients of size 10⁻⁶ and of
    /// size 10³ are judged alike. It is 0 when both are zero (the `tiny` floor only avoids 0/0)
    /// and at most 1.
    public static func relativeError(_ a: Matrix, _ b: Matrix) -> Double {
        guard a.shape == b.shape else { shapeError("relativeError: \(a.shapeDescription) and \(b.shapeDescription)") }
        let diff = (a - b).norm()
        return diff / Swift.max(a.norm() + b.norm(), Double.leastNormalMagnitude)
    }

    /// Compares `analytic`, gradients of `loss` with respect to every parameter of `model`, with
    /// numeric ones.
    ///
    /// Models are value types, so each perturbed model is a copy with one entry changed; `model`
    /// itself is never modified.
    ///
    /// - Returns: one `(name, relativeError)` per parameter, in `parameters` order.
    public static func check<M: Parameterized>(
        _ model: M, analytic: Gradients, epsilon: Double = 1e-6, loss: (M) -> Double
    ) -> [(name: String, relativeError: Double)] {
        let params = model.parameters
        guard analytic.values.count == params.count else {
            shapeError("GradientCheck.check: \(analytic.values.count) gradients for \(params.count) parameters")
        }
        return params.indices.map { i in
            let numeric = numericGradient(at: params[i], epsilon: epsilon) { p in
                var m = model
                m.parameters[i] = p
                return loss(m)
            }
            return (model.parameterNames[i], relativeError(analytic.values[i], numeric))
        }
    }
}
