/// Anything with trainable parameters: a layer, a cell, a whole model.
///
/// Parameters are listed in a fixed order with names (PyTorch's names where PyTorch has them:
/// `weight_ih_l0`, `bias_hh_l0`, `weight`, `bias`). Gradients come back as a `Gradients` value
/// in the same order, which is what optimizers, clipping and the gradient checker walk over.
public protocol Parameterized {
    /// The parameters, in a fixed order. Setting writes them back (an optimizer's update).
    var parameters: [Matrix] { get set }
    /// One name per parameter, same order.
    var parameterNames: [String] { get }
}

extension Parameterized {
    /// The total number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }
}

/// Gradients of a loss with respect to a model's parameters, in the model's parameter order.
public struct Gradients: Sendable {
    /// One gradient per parameter, each the shape of its parameter.
    public var values: [Matrix]
    public init(_ values: [Matrix]) { self.values = values }
    /// Zero gradients shaped like `parameters`.
    public static func zeros(like parameters: [Matrix]) -> Gradients {
        Gradients(parameters.map { Matrix(rows: $0.rows, cols: $0.cols) })
    }
    /// The global L2 norm over every entry of every gradient: `sqrt(Σ‖gᵢ‖²)`.
    public var globalNorm: Double { values.reduce(0) { $0 + $1.storage.reduce(0) { $0 + $1 * $1 } }.squareRoot() }
    /// Both lists of gradients one after the other (a model's and its head's).
    public static func + (a: Gradients, b: Gradients) -> Gradients { Gradients(a.values + b.values) }
}
