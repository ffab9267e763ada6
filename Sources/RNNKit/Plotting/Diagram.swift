/// An architecture diagram drawn from code: boxes for layers and states, circles for operations
/// (⊙, +, σ, tanh), arrows between them, and free labels, as SVG in the page's colours.
///
/// Coordinates are the figure's own pixels, y downwards, as in SVG. Each drawing call returns the
/// node it drew, so arrows can name their ends; an arrow starts and ends on the outlines of its
/// nodes, and may bend through waypoints. Text and arrows use `currentColor`, so the figure
/// follows the page's light or dark theme; fills are palette colours at low opacity, readable on
/// both. Every label is XML-escaped, and every coordinate is printed with two decimals, so the
/// same code gives the same bytes on every machine.
///
///     var d = Diagram(title: "One step", width: 300, height: 160)
///     let x = d.text("x_t", x: 150, y: 140)
///     let cell = d.box("tanh cell", x: 150, y: 80, width: 100, height: 40, color: 0)
///     let h = d.text("h_t", x: 150, y: 20)
///     d.arrow(from: x, to: cell)
///     d.arrow(from: cell, to: h)
///     show(d)
public struct Diagram: Figure, Sendable {
    /// The bold line at the top (empty: none).
    public var title: String
    /// The size of the figure in pixels.
    public var width: Double
    public var height: Double

    /// An arrow from one node to another, through `via`.
    struct Arrow: Sendable {
        var from: DiagramNode
        var to: DiagramNode
        var via: [(Double, Double)]
        var label: String
        var labelOffset: (Double, Double)
        var dashed: Bool
    }

    /// A dashed frame around a group of nodes (a cell), with its name in the top-left corner.
    struct Region: Sendable {
        var x, y, width, height: Double
        var label: String
    }

    /// Text placed freely.
    struct Label: Sendable {
        var text: String
        var x, y: Double
        var anchor: String
        var size: Double
    }

    private(set) var nodes: [DiagramNode] = []
    private(set) var arrows: [Arrow] = []
    private(set) var regions: [Region] = []
    private(set) var labels: [Label] = []

    /// An empty diagram of `width` × `height` pixels; a title adds a line at the top, so leave
    /// about 30 pixels for it.
    public init(title: String = "", width: Double, height: Double) {
        self.title = title
        self.width = width
        self.height = height
    }

    /// Draws a box centred at `(x, y)` and returns it. `color` picks a palette colour for the
    /// fill (`nil`: outline only).
    @discardableResult
    public mutating func box(
        _ label: String, x: Double, y: Double, width: Double = 70, height: Double = 34, color: Int? = nil
    ) -> DiagramNode {
        add(DiagramNode(x: x, y: y, shape: .box(width: width, height: height), label: label, color: color))
    }

    /// Draws a circle centred at `(x, y)`: an operation such as "⊙", "+", "σ" or "tanh".
    @discardableResult
    public mutating func circle(
        _ label: String, x: Double, y: Double, radius: Double = 14, color: Int? = nil
    ) -> DiagramNode {
        add(DiagramNode(x: x, y: y, shape: .circle(radius: radius), label: label, color: color))
    }

    /// A bare label at `(x, y)` that arrows can attach to (an input or an output at the edge).
    /// Arrows stop at an invisible box of `width` × `height` around it.
    @discardableResult
    public mutating func text(_ label: String, x: Double, y: Double, width: Double = 30, height: Double = 22) -> DiagramNode {
        add(DiagramNode(x: x, y: y, shape: .text(width: width, height: height), label: label))
    }

    /// Draws an arrow from `from` to `to`, bending through the points `via` in order. `label`
    /// is written beside the middle of the arrow, shifted by `labelOffset`; `dashed` draws it
    /// dashed (a connection that is optional, or carried to the next step).
    public mutating func arrow(
        from: DiagramNode, to: DiagramNode, via: [(Double, Double)] = [], label: String = "",
        labelOffset: (Double, Double) = (6, -6), dashed: Bool = false
    ) {
        arrows.append(Arrow(from: from, to: to, via: via, label: label, labelOffset: labelOffset, dashed: dashed))
    }

    /// A dashed frame from `(x, y)` (top left) of `width` × `height`, named `label`.
    public mutating func region(_ label: String, x: Double, y: Double, width: Double, height: Double) {
        regions.append(Region(x: x, y: y, width: width, height: height, label: label))
    }

    /// Free text at `(x, y)` (its baseline); `anchor` is "start", "middle" or "end".
    public mutating func label(_ text: String, x: Double, y: Double, anchor: String = "middle", size: Double = 12) {
        labels.append(Label(text: text, x: x, y: y, anchor: anchor, size: size))
    }

    private mutating func add(_ node: DiagramNode) -> DiagramNode {
        nodes.append(node)
        return node
    }

    /// The points an arrow runs through: the outline of `from`, the waypoints, the outline of `to`.
    ///
    /// An arrow between a box and a waypoint (or a node) that lies straight above, below or
    /// beside it leaves the box at right angles, at the waypoint's own x (or y), so bent arrows
    /// stay made of horizontal and vertical pieces; otherwise it leaves along the ray to the
    /// box's centre.
    static func points(of arrow: Arrow) -> [(Double, Double)] {
        let firstTarget = arrow.via.first ?? (arrow.to.x, arrow.to.y)
        let lastSource = arrow.via.last ?? (arrow.from.x, arrow.from.y)
        let start = attachment(arrow.from, towards: firstTarget)
        let end = attachment(arrow.to, towards: lastSource)
        return [start] + arrow.via + [end]
    }

    /// Where an arrow towards `p` meets `node`'s outline (see `points(of:)`).
    static func attachment(_ node: DiagramNode, towards p: (Double, Double)) -> (Double, Double) {
        switch node.shape {
        case .box(let w, let h), .text(let w, let h):
            if Swift.abs(p.0 - node.x) <= w / 2 && p.1 != node.y {
                return (p.0, node.y + (p.1 > node.y ? h / 2 : -h / 2))  // straight up or down
            }
            if Swift.abs(p.1 - node.y) <= h / 2 && p.0 != node.x {
                return (node.x + (p.0 > node.x ? w / 2 : -w / 2), p.1)  // straight left or right
            }
        case .circle:
            break
        }
        let q = node.boundaryPoint(towards: p.0, p.1)
        return (q.x, q.y)
    }

    /// The point halfway along a polyline, by length.
    static func midpoint(_ points: [(Double, Double)]) -> (Double, Double) {
        var lengths: [Double] = []
        for i in 1..<points.count {
            let dx = points[i].0 - points[i - 1].0, dy = points[i].1 - points[i - 1].1
            lengths.append((dx * dx + dy * dy).squareRoot())
        }
        var remaining = lengths.reduce(0, +) / 2
        for i in 1..<points.count {
            let piece = lengths[i - 1]
            if remaining <= piece && piece > 0 {
                let t = remaining / piece
                return (
                    points[i - 1].0 + t * (points[i].0 - points[i - 1].0),
                    points[i - 1].1 + t * (points[i].1 - points[i - 1].1)
                )
            }
            remaining -= piece
        }
        return points[points.count - 1]
    }

    /// The figure as SVG: regions, then arrows, then nodes on top of them, then free labels.
    public var svg: String {
        var canvas = SVGCanvas(width: width, height: height, top: croppedTop)
        if !title.isEmpty {
            canvas.text(title, width / 2, 20, anchor: "middle", "font-size=\"15\" font-weight=\"bold\"")
        }
        for r in regions {
            canvas.rect(
                r.x, r.y, r.width, r.height,
                "rx=\"10\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.45\" stroke-dasharray=\"6 4\"")
            if !r.label.isEmpty { canvas.text(r.label, r.x + 8, r.y + 16, "font-size=\"12\" font-style=\"italic\"") }
        }
        canvas.raw("<g stroke=\"currentColor\" stroke-opacity=\"0.8\" stroke-width=\"1.5\" fill=\"none\">")
        var heads: [String] = []
        for a in arrows {
            let p = Diagram.points(of: a)
            let d = "M" + p.map { "\(coordinate($0.0)) \(coordinate($0.1))" }.joined(separator: "L")
            canvas.path(d, a.dashed ? "stroke-dasharray=\"5 4\"" : "")
            heads.append(Diagram.arrowHead(from: p[p.count - 2], to: p[p.count - 1]))
        }
        canvas.raw("</g>")
        canvas.raw("<g fill=\"currentColor\" fill-opacity=\"0.8\">")
        for head in heads { canvas.path(head) }
        canvas.raw("</g>")
        for a in arrows where !a.label.isEmpty {
            let m = Diagram.midpoint(Diagram.points(of: a))
            canvas.text(a.label, m.0 + a.labelOffset.0, m.1 + a.labelOffset.1, "font-size=\"12\"")
        }
        for n in nodes {
            let fill = n.color.map { "fill=\"\(Palette.color($0))\" fill-opacity=\"0.2\"" } ?? "fill=\"none\""
            let stroke = n.color.map { "stroke=\"\(Palette.color($0))\"" } ?? "stroke=\"currentColor\" stroke-opacity=\"0.8\""
            switch n.shape {
            case .box(let w, let h):
                canvas.rect(n.x - w / 2, n.y - h / 2, w, h, "rx=\"6\" \(fill) \(stroke) stroke-width=\"1.5\"")
            case .circle(let r):
                canvas.circle(n.x, n.y, r, "\(fill) \(stroke) stroke-width=\"1.5\"")
            case .text:
                break
            }
            canvas.text(n.label, n.x, n.y + 4.5, anchor: "middle", "font-size=\"13\"")
        }
        for l in labels {
            canvas.text(l.text, l.x, l.y, anchor: l.anchor, "font-size=\"\(coordinate(l.size))\"")
        }
        return canvas.document(title: title)
    }

    /// A filled triangle whose tip is at `to`, pointing along the segment from `from`.
    static func arrowHead(from: (Double, Double), to: (Double, Double)) -> String {
        let dx = to.0 - from.0, dy = to.1 - from.1
        let length = Swift.max((dx * dx + dy * dy).squareRoot(), 1e-9)
        let (ux, uy) = (dx / length, dy / length)  // along the arrow
        let (nx, ny) = (-uy, ux)  // across it
        let back = (to.0 - 9 * ux, to.1 - 9 * uy)
        let left = (back.0 + 4 * nx, back.1 + 4 * ny), right = (back.0 - 4 * nx, back.1 - 4 * ny)
        return "M\(coordinate(to.0)) \(coordinate(to.1))L\(coordinate(left.0)) \(coordinate(left.1))"
            + "L\(coordinate(right.0)) \(coordinate(right.1))Z"
    }
}
