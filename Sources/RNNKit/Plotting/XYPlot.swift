// What `LineChart` and `ScatterChart` share: the frame, axes, gridlines, legend and the
// drawing of each series inside the plot area. Internal; the two charts are the public face.
//
// Layout, top to bottom: title, legend (as many rows as it needs), the plot area, tick labels,
// the x-axis label. Left to right: the y-axis label (turned), tick labels, the plot area.
// Sizes of text are estimated from a table of typical letter widths, since an SVG written ahead of time cannot
// measure the reader's font; the margins leave room for that guess to be a little short.

/// One named set of points and how to draw it.
struct XYSeries {
    enum Style {
        /// A line through the points in order; non-finite points break it.
        case line(dashed: Bool)
        /// A marker at each point: 0 circle, 1 square, 2 diamond, 3 triangle.
        case markers(shape: Int)
    }

    let name: String
    let xs: [Double]
    let ys: [Double]
    let style: Style
    let color: String
}

/// A vertical line across the plot at `x`, with an optional label: a train/test split.
struct VerticalRule {
    let x: Double
    let label: String
}

/// Everything an x-y chart shows.
struct XYPlot {
    var title: String
    var xLabel: String
    var yLabel: String
    var xScale: AxisScale
    var yScale: AxisScale
    var xRange: ClosedRange<Double>?
    var yRange: ClosedRange<Double>?
    /// Whether the x axis widens to the nearest ticks (scatter plots) or ends at the data (lines).
    var expandX: Bool
    var width: Double
    var height: Double
    var series: [XYSeries]
    var rules: [VerticalRule]

    static let padding = 12.0
    static let fontSize = 12.0

    func render() -> String {
        var canvas = SVGCanvas(width: width, height: height)
        let pad = XYPlot.padding

        // Title and legend, from the top.
        var top = pad
        if !title.isEmpty {
            canvas.text(title, width / 2, top + 15, anchor: "middle", "font-size=\"15\" font-weight=\"bold\"")
            top += 26
        }
        let legend = Legend(entries: series.filter { !$0.name.isEmpty }, availableWidth: width - 2 * pad)
        let legendTop = top
        top += legend.height

        // The plot area: its vertical extent first, since the y tick labels set the left margin.
        let plotTop = top + 8
        let plotBottom = height - pad - (xLabel.isEmpty ? 0 : 20) - 20
        let yAxis = Axis.fitted(
            to: series.flatMap(\.ys), scale: yScale, range: yRange, expand: true,
            maxTicks: max(2, Int((plotBottom - plotTop) / 40)))
        let yLabelWidth = yAxis.ticks.map { textWidth($0.label) }.max() ?? 0
        let plotLeft = pad + (yLabel.isEmpty ? 0 : 22) + yLabelWidth + 8
        let plotRight = width - pad - 14
        let xAxis = fittedXAxis(plotWidth: plotRight - plotLeft)

        let frame = PlotFrame(left: plotLeft, right: plotRight, top: plotTop, bottom: plotBottom, x: xAxis, y: yAxis)

        // Gridlines and tick labels.
        canvas.raw("<g stroke=\"currentColor\" stroke-opacity=\"0.15\">")
        for tick in xAxis.ticks { let px = frame.px(axisUnits: tick.position); canvas.line(px, plotTop, px, plotBottom) }
        for tick in yAxis.ticks { let py = frame.py(axisUnits: tick.position); canvas.line(plotLeft, py, plotRight, py) }
        canvas.raw("</g>")
        canvas.raw("<g stroke=\"currentColor\" stroke-opacity=\"0.7\">")
        canvas.line(plotLeft, plotTop, plotLeft, plotBottom)
        canvas.line(plotLeft, plotBottom, plotRight, plotBottom)
        canvas.raw("</g>")
        for tick in xAxis.ticks {
            canvas.text(tick.label, frame.px(axisUnits: tick.position), plotBottom + 16, anchor: "middle")
        }
        for tick in yAxis.ticks {
            canvas.text(tick.label, plotLeft - 6, frame.py(axisUnits: tick.position) + 4, anchor: "end")
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, (plotLeft + plotRight) / 2, height - pad - 2, anchor: "middle", "font-size=\"13\"")
        }
        if !yLabel.isEmpty {
            canvas.verticalText(yLabel, pad + 10, (plotTop + plotBottom) / 2, "font-size=\"13\"")
        }

        // Vertical rules under the data.
        for rule in rules {
            let px = frame.px(rule.x)
            guard px.isFinite, px >= plotLeft, px <= plotRight else { continue }
            canvas.line(
                px, plotTop, px, plotBottom,
                "stroke=\"currentColor\" stroke-opacity=\"0.6\" stroke-dasharray=\"2 3\"")
            if !rule.label.isEmpty { canvas.text(rule.label, px + 4, plotTop + 12, "font-size=\"11\"") }
        }

        for s in series { frame.draw(s, on: &canvas) }
        legend.draw(on: &canvas, top: legendTop, centerX: width / 2)
        return canvas.document(title: title)
    }

    /// The x axis with as many ticks as fit without their labels touching.
    private func fittedXAxis(plotWidth: Double) -> Axis {
        var maxTicks = max(2, Int(plotWidth / 50))
        while true {
            let axis = Axis.fitted(
                to: series.flatMap(\.xs), scale: xScale, range: xRange, expand: expandX, maxTicks: maxTicks,
                wholeNumbersAreCounts: true)
            let widest = axis.ticks.map { textWidth($0.label) }.max() ?? 0
            let spacing = plotWidth / Double(max(axis.ticks.count, 1))
            if widest + 10 <= spacing || maxTicks <= 2 { return axis }
            maxTicks -= 1
        }
    }
}

/// The plot area in pixels and its two axes: maps data to pixels and draws series into it.
struct PlotFrame {
    let left: Double, right: Double, top: Double, bottom: Double
    let x: Axis, y: Axis

    func px(axisUnits u: Double) -> Double { left + (u - x.lower) / (x.upper - x.lower) * (right - left) }
    func py(axisUnits u: Double) -> Double { bottom - (u - y.lower) / (y.upper - y.lower) * (bottom - top) }
    func px(_ value: Double) -> Double { px(axisUnits: x.axisUnits(value)) }
    func py(_ value: Double) -> Double { py(axisUnits: y.axisUnits(value)) }

    /// The point in pixels, or nil when either coordinate has no place on its axis (NaN,
    /// infinite, or not positive on a log axis).
    func pixel(_ xv: Double, _ yv: Double) -> (Double, Double)? {
        let p = (px(xv), py(yv))
        return p.0.isFinite && p.1.isFinite ? p : nil
    }

    func contains(_ p: (Double, Double)) -> Bool {
        p.0 >= left - 1e-9 && p.0 <= right + 1e-9 && p.1 >= top - 1e-9 && p.1 <= bottom + 1e-9
    }

    func draw(_ s: XYSeries, on canvas: inout SVGCanvas) {
        let count = min(s.xs.count, s.ys.count)
        let points = (0..<count).map { pixel(s.xs[$0], s.ys[$0]) }
        switch s.style {
        case .line(let dashed):
            let d = pathData(points)
            if !d.isEmpty {
                let dash = dashed ? " stroke-dasharray=\"7 4\"" : ""
                canvas.path(
                    d, "fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)")
            }
            // A point with no neighbour draws no line; show it as a dot.
            for i in points.indices {
                guard let p = points[i], contains(p) else { continue }
                let before = i > 0 ? points[i - 1] : nil, after = i + 1 < points.count ? points[i + 1] : nil
                if before == nil && after == nil { canvas.circle(p.0, p.1, 2.5, "fill=\"\(s.color)\"") }
            }
        case .markers(let shape):
            canvas.raw("<g fill=\"\(s.color)\" fill-opacity=\"0.85\">")
            for case let p? in points where contains(p) { drawMarker(shape, at: p, on: &canvas) }
            canvas.raw("</g>")
        }
    }

    /// Path data through consecutive points, broken at missing points and clipped to the plot
    /// area (Liang–Barsky), so a line leaving a fixed range stops at its edge.
    func pathData(_ points: [(Double, Double)?]) -> String {
        var d = ""
        var penAt: (Double, Double)? = nil
        for i in 1..<max(points.count, 1) {
            guard let a = points[i - 1], let b = points[i], let (c0, c1) = clip(a, b) else {
                penAt = nil
                continue
            }
            if penAt == nil || penAt! != c0 { d += "M\(coordinate(c0.0)) \(coordinate(c0.1))" }
            d += "L\(coordinate(c1.0)) \(coordinate(c1.1))"
            penAt = c1 == b ? b : nil
        }
        return d
    }

    /// The part of segment `a`–`b` inside the plot area, or nil if none is.
    func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
        if contains(a) && contains(b) { return (a, b) }
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        // Each edge bounds the parameter t of a + t·(b - a): from below where the segment
        // enters through it (p < 0), from above where it leaves (p > 0).
        for (p, q) in [(-dx, a.0 - left), (dx, right - a.0), (-dy, a.1 - top), (dy, bottom - a.1)] {
            if p == 0 {
                if q < 0 { return nil }  // parallel to this edge and outside it
                continue
            }
            let r = q / p
            if p < 0 {
                t0 = max(t0, r)
            } else {
                t1 = min(t1, r)
            }
        }
        if t0 > t1 { return nil }
        let start = t0 == 0 ? a : (a.0 + t0 * dx, a.1 + t0 * dy)
        let end = t1 == 1 ? b : (a.0 + t1 * dx, a.1 + t1 * dy)
        return (start, end)
    }
}

/// Draws marker `shape` (0 circle, 1 square, 2 diamond, 3 triangle) centred at `p`.
func drawMarker(_ shape: Int, at p: (Double, Double), on canvas: inout SVGCanvas, size r: Double = 3.5) {
    let (x, y) = p
    func c(_ v: Double) -> String { coordinate(v) }
    switch shape % 4 {
    case 0: canvas.circle(x, y, r)
    case 1: canvas.path("M\(c(x - r)) \(c(y - r))H\(c(x + r))V\(c(y + r))H\(c(x - r))Z")
    case 2:
        let s = r * 1.35
        canvas.path("M\(c(x)) \(c(y - s))L\(c(x + s)) \(c(y))L\(c(x)) \(c(y + s))L\(c(x - s)) \(c(y))Z")
    default:
        let s = r * 1.3
        canvas.path("M\(c(x)) \(c(y - s))L\(c(x + s)) \(c(y + s * 0.75))L\(c(x - s)) \(c(y + s * 0.75))Z")
    }
}

/// The legend: one entry per named series, a sample of its line or marker and its name, laid
/// out in centred rows that wrap at the figure's width.
struct Legend {
    let entries: [XYSeries]
    let rows: [[(entry: XYSeries, width: Double)]]

    static let rowHeight = 18.0
    static let sampleWidth = 24.0
    static let gap = 20.0

    init(entries: [XYSeries], availableWidth: Double) {
        self.entries = entries
        var rows: [[(entry: XYSeries, width: Double)]] = []
        var current: [(entry: XYSeries, width: Double)] = []
        var used = 0.0
        for e in entries {
            let w = Legend.sampleWidth + 6 + textWidth(e.name)
            if !current.isEmpty && used + Legend.gap + w > availableWidth {
                rows.append(current)
                current = []
                used = 0
            }
            used += (current.isEmpty ? 0 : Legend.gap) + w
            current.append((e, w))
        }
        if !current.isEmpty { rows.append(current) }
        self.rows = rows
    }

    var height: Double { rows.isEmpty ? 0 : Double(rows.count) * Legend.rowHeight + 2 }

    func draw(on canvas: inout SVGCanvas, top: Double, centerX: Double) {
        for (r, row) in rows.enumerated() {
            let total = row.reduce(0) { $0 + $1.width } + Legend.gap * Double(row.count - 1)
            var x = centerX - total / 2
            let midY = top + Double(r) * Legend.rowHeight + Legend.rowHeight / 2
            for (entry, w) in row {
                switch entry.style {
                case .line(let dashed):
                    let dash = dashed ? " stroke-dasharray=\"7 4\"" : ""
                    canvas.line(x, midY, x + Legend.sampleWidth, midY, "stroke=\"\(entry.color)\" stroke-width=\"2\"\(dash)")
                case .markers(let shape):
                    canvas.raw("<g fill=\"\(entry.color)\">")
                    drawMarker(shape, at: (x + Legend.sampleWidth / 2, midY), on: &canvas)
                    canvas.raw("</g>")
                }
                canvas.text(entry.name, x + Legend.sampleWidth + 6, midY + 4)
                x += w + Legend.gap
            }
        }
    }
}
