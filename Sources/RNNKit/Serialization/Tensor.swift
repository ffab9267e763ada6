/// A tensor as a safetensors file holds it: a shape and its entries in row-major order (the last
/// index varies fastest, as in NumPy and PyTorch), with the element type it is stored as.
///
/// The library computes in `Double`, so entries are `Double`s here whatever the file stores:
/// F64 is read exactly, F32 is widened (exactly too: every Float is a Double).
public struct Tensor: Equatable, Sendable {
    /// The element types this library reads and writes.
    public enum DType: String, Sendable {
        /// 64-bit IEEE 754 (`torch.float64`, `numpy.float64`): what the library writes.
        case f64 = "F64"
        /// 32-bit IEEE 754 (`torch.float32`, PyTorch's default): read and widened to Double.
        case f32 = "F32"

        /// Bytes per entry.
        public var size: Int { self == .f64 ? 8 : 4 }
    }

    /// The element type in the file.
    public var dtype: DType
    /// The size along each dimension, outermost first: `[]` is a scalar, `[n]` a vector, `[r, c]` a matrix.
    public var shape: [Int]
    /// The entries, row-major; `values.count` is the product of `shape`.
    public var values: [Double]

    /// A tensor of `shape` with row-major `values`, stored as `dtype` (F64 by default).
    public init(shape: [Int], values: [Double], dtype: DType = .f64) {
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == values.count else {
            shapeError("Tensor(shape: \(shape)): got \(values.count) values, need \(shape.reduce(1, *))")
        }
        self.shape = shape
        self.values = values
        self.dtype = dtype
    }

    /// A matrix as a 2-D tensor `[rows, cols]`, or, with `asVector`, a `(1 × n)` row as the 1-D
    /// tensor `[n]` (how PyTorch stores a bias).
    public init(_ matrix: Matrix, asVector: Bool = false) {
        guard !asVector || matrix.rows == 1 else { shapeError("Tensor(asVector:): \(matrix.shapeDescription) is not one row") }
        self.init(shape: asVector ? [matrix.cols] : [matrix.rows, matrix.cols], values: matrix.storage)
    }

    /// The tensor as a matrix: `[r, c]` gives `(r × c)`, a vector `[n]` the row `(1 × n)`, a
    /// scalar `(1 × 1)`. Higher ranks have no matrix: they trap.
    public var matrix: Matrix {
        switch shape.count {
        case 0: return Matrix(rows: 1, cols: 1, values)
        case 1: return Matrix(rows: 1, cols: shape[0], values)
        case 2: return Matrix(rows: shape[0], cols: shape[1], values)
        default: shapeError("Tensor.matrix: shape \(shape) has \(shape.count) dimensions")
        }
    }
}
