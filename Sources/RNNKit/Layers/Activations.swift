#if canImport(Glibc)
    import Glibc
#endif

// The activations of the book's cells, each with its derivative beside it.
//
// The derivatives of sigmoid and tanh are written from the activation's *output* `y`, because that
// is what a forward pass keeps in its cache: σ'(x) = y(1 − y) and tanh'(x) = 1 − y². Re-evaluating
// the exponential in the backward pass would cost time and give nothing. ReLU's derivative needs
// the input's sign (or, equivalently, whether the output is positive).

// MARK: - Sigmoid

/// The logistic sigmoid, σ(x) = 1 / (1 + e⁻ˣ): squashes any real number into (0, 1), which is
/// why gates use it (a gate is a soft switch between "let nothing through" and "let all through").
///
/// Numerically stable: for x ≥ 0 it evaluates 1 / (1 + e⁻ˣ), for x < 0 the equal form
/// eˣ / (1 + eˣ), so the exponential is never of a large positive number and never overflows.
/// `sigmoid(-800)` is a tiny positive number, not `0/inf` or NaN.
@inlinable
public func sigmoid(_ x: Double) -> Double {
    if x >= 0 { return 1 / (1 + exp(-x)) }
    let e = exp(x)
    return e / (1 + e)
}

/// The sigmoid of every entry (see `sigmoid(_: Double)`).
@inlinable
public func sigmoid(_ x: Matrix) -> Matrix { x.map { sigmoid($0) } }

/// σ'(x) written from the output y = σ(x): σ'(x) = y (1 − y). Largest, 1/4, at x = 0.
@inlinable
public func sigmoidDerivative(fromOutput y: Double) -> Double { y * (1 - y) }

/// σ'(x) = y (1 − y) for every entry of the output `y = sigmoid(x)`.
@inlinable
public func sigmoidDerivative(fromOutput y: Matrix) -> Matrix { y.map { $0 * (1 - $0) } }

// MARK: - Tanh

/// The hyperbolic tangent of every entry: tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ), in (−1, 1).
/// The tanh RNN's squashing function. (For a single `Double`, `tanh` is the C library's.)
@inlinable
public func tanh(_ x: Matrix) -> Matrix { x.map { tanh($0) } }

/// tanh'(x) written from the output y = tanh(x): tanh'(x) = 1 − y². Largest, 1, at x = 0;
/// it shrinks toward 0 as the unit saturates, which is one cause of vanishing gradients.
@inlinable
public func tanhDerivative(fromOutput y: Double) -> Double { 1 - y * y }

/// tanh'(x) = 1 − y² for every entry of the output `y = tanh(x)`.
@inlinable
public func tanhDerivative(fromOutput y: Matrix) -> Matrix { y.map { 1 - $0 * $0 } }

// MARK: - ReLU

/// The rectifier, relu(x) = max(0, x).
@inlinable
public func relu(_ x: Double) -> Double { x > 0 ? x : 0 }

/// relu of every entry.
@inlinable
public func relu(_ x: Matrix) -> Matrix { x.map { $0 > 0 ? $0 : 0 } }

/// relu'(x): 1 where x > 0, else 0. At x = 0 the derivative does not exist; like PyTorch, the
/// library takes 0 there.
@inlinable
public func reluDerivative(_ x: Double) -> Double { x > 0 ? 1 : 0 }

/// relu'(x) for every entry of the input `x` (1 where x > 0, else 0). Passing the output
/// relu(x) gives the same mask, since relu(x) > 0 exactly when x > 0.
@inlinable
public func reluDerivative(_ x: Matrix) -> Matrix { x.map { $0 > 0 ? 1 : 0 } }
