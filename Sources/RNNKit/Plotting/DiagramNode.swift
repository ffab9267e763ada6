#if canImport(Glibc)
    import Glibc
#endif

/// One shape of a `Diagram`: a box (a layer, a state, a weight matrix) or a circle (an operation
/// such as ⊙, +, σ or tanh), with its label. Arrows attach to its outline.
///
/// A node is a value the diagram hands back when it draws the shape, so that arrows can name
/// their ends: `d.arrow(from: x, to: cell)`.
public struct DiagramNode: Sendable, Equatable {
    /// The outline of a node.
    public enum Shape: Sendable, Equatable {
        /// A rectangle with rounded corners, `width` × `height`.
        case box(width: Double, height: Double)
        /// A circle of the given radius.
        case circle(radius: Double)
        /// No outline: a bare label, for inputs and outputs at the edges of a figure.
        case text(width: Double, height: Double)
    }

    /// The centre, in the figure's pixels (y grows downwards, as in SVG).
    public var x: Double
    public var y: Double
    /// The outline.
    public var shape: Shape
    /// The text in the middle.
    public var label: String
    /// The index of the palette colour that fills the shape (`nil`: no fill).
    public var color: Int?

    public init(x: Double, y: Double, shape: Shape, label: String, color: Int? = nil) {
        self.x = x
        self.y = y
        self.shape = shape
        self.label = label
        self.color = color
    }

    /// Where the ray from the centre towards `(tx, ty)` leaves the outline: arrows start and end
    /// there, so they touch the shape instead of running into its middle.
    ///
    /// For a circle that is the centre plus `radius` along the ray; for a box (or a bare label's
    /// box) the ray is scaled until it meets the nearer of the box's sides. A target at the
    /// centre itself gives the centre.
    public func boundaryPoint(towards tx: Double, _ ty: Double) -> (x: Double, y: Double) {
        let dx = tx - x, dy = ty - y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 0 else { return (x, y) }
        switch shape {
        case .circle(let r):
            return (x + r * dx / length, y + r * dy / length)
        case .box(let w, let h), .text(let w, let h):
            // The largest s with |s·dx| ≤ w/2 and |s·dy| ≤ h/2.
            let sx = dx == 0 ? Double.infinity : (w / 2) / Swift.abs(dx)
            let sy = dy == 0 ? Double.infinity : (h / 2) / Swift.abs(dy)
            let s = Swift.min(sx, sy)
            return (x + s * dx, y + s * dy)
        }
    }
}
