/// A matrix drawn as a grid of coloured cells, with a colour bar that reads colours back as
/// numbers: a weight matrix, the gates of an LSTM over time, a confusion matrix.
///
///     var map = Heatmap(w, title: "W_hh after training", xLabel: "from unit", yLabel: "to unit")
///     map.showValues = true
///     show(map)
///
/// Row `r` of the matrix is row `r` of the grid, top to bottom, as the matrix prints. Colours
/// follow `scale` (`ColorScale`): by default blue–white–red centred on zero when the entries
/// have both signs, viridis otherwise. `range` fixes the values at the two ends of the colour
/// bar (entries beyond take the end colours), so two heatmaps can share one scale. NaN entries
/// are left empty.
///
/// Cells are square, as large as fit in `width` (at most 40 pixels). When there are too many
/// rows or columns to label each one, only every second (fifth, tenth, ...) label is written.
/// Heatmaps are for matrices up to about a hundred by a hundred: each cell is one SVG element.
public struct Heatmap: Figure {
    /// The values, one cell each.
    public var matrix: Matrix
    /// The title above the chart (empty for none).
    public var title: String
    /// Names of the columns, left to right (default "0", "1", ...).
    public var columnLabels: [String]
    /// Names of the rows, top to bottom (default "0", "1", ...).
    public var rowLabels: [String]
    /// The label under the column labels (empty for none).
    public var xLabel: String
    /// The label beside the row labels (empty for none).
    public var yLabel: String
    /// How values become colours.
    public var scale: ColorScale = .automatic
    /// The values at the bottom and top of the colour bar; nil fits the data.
    public var range: ClosedRange<Double>? = nil
    /// Writes each value in its cell (when the cell is large enough to hold it).
    public var showValues = false
    /// Decimals of the values written in cells.
    public var decimals = 2
    /// The widest the figure may be, in pixels.
    public var width = 640.0

    /// A heatmap of `matrix`.
    public init(
        _ matrix: Matrix, title: String = "", rowLabels: [String]? = nil, columnLabels: [String]? = nil,
        xLabel: String = "", yLabel: String = ""
    ) {
        if let rowLabels, rowLabels.count != matrix.rows {
            fatalError("Heatmap: \(rowLabels.count) row labels for a \(matrix.shapeDescription) matrix")
        }
        if let columnLabels, columnLabels.count != matrix.cols {
            fatalError("Heatmap: \(columnLabels.count) column labels for a \(matrix.shapeDescription) matrix")
        }
        self.matrix = matrix
        self.title = title
        self.rowLabels = rowLabels ?? (0..<matrix.rows).map(String.init)
        self.columnLabels = columnLabels ?? (0..<matrix.cols).map(String.init)
        self.xLabel = xLabel
        self.yLabel = yLabel
    }

    /// The colour scale in use and the values at its two ends.
    func resolvedScale() -> (scale: ColorScale, low: Double, high: Double) {
        let finite = matrix.storage.filter(\.isFinite)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        var chosen = scale
        if chosen == .automatic { chosen = lo < 0 && hi > 0 ? .diverging : .sequential }
        if let range { return (chosen, range.lowerBound, range.upperBound) }
        if chosen == .diverging {
            let a = Swift.max(abs(lo), abs(hi))
            return (chosen, a == 0 ? -1 : -a, a == 0 ? 1 : a)
        }
        return lo == hi ? (chosen, lo - 1, hi + 1) : (chosen, lo, hi)
    }

    /// The colour of `value` as RGB in 0...255.
    func color(_ value: Double, scale: ColorScale, low: Double, high: Double) -> (Double, Double, Double) {
        let t = high > low ? (value - low) / (high - low) : 0.5
        return ColorScale.interpolate(scale == .diverging ? ColorScale.blueWhiteRed : ColorScale.viridis, t)
    }

    /// The heatmap as an SVG document.
    public var svg: String {
        let pad = XYPlot.padding
        let (scale, low, high) = resolvedScale()
        let rows = matrix.rows, cols = matrix.cols

        // Margins: labels on the left and below, the colour bar on the right.
        let rowLabelWidth = rowLabels.map { textWidth($0) }.max() ?? 0
        let left = pad + (yLabel.isEmpty ? 0 : 22) + rowLabelWidth + 6
        let barTicks = Axis.fitted(to: [low, high], scale: .linear, range: low...high, expand: false, maxTicks: 5).ticks
        let barLabelWidth = barTicks.map { textWidth($0.label) }.max() ?? 0
        let right = 16 + 14 + 6 + barLabelWidth + pad
        let top = pad + (title.isEmpty ? 0 : 26) + 4
        let bottomLabels = 18 + (xLabel.isEmpty ? 0 : 20) + pad

        let cell = Swift.min(40, (width - left - right) / Double(Swift.max(cols, 1)), 440 / Double(Swift.max(rows, 1)))
        let gridWidth = cell * Double(cols), gridHeight = cell * Double(rows)
        let figureWidth = left + gridWidth + right
        let figureHeight = top + Swift.max(gridHeight, 80) + bottomLabels

        var canvas = SVGCanvas(width: figureWidth, height: figureHeight)
        if !title.isEmpty {
            canvas.text(title, figureWidth / 2, pad + 15, anchor: "middle", "font-size=\"15\" font-weight=\"bold\"")
        }

        // Cells. Adjacent rectangles leave hairline seams when antialiased; crispEdges avoids them.
        canvas.raw("<g shape-rendering=\"crispEdges\">")
        for r in 0..<rows {
            for c in 0..<cols where matrix[r, c].isFinite {
                let fill = hexColor(color(matrix[r, c], scale: scale, low: low, high: high))
                canvas.rect(left + Double(c) * cell, top + Double(r) * cell, cell, cell, "fill=\"\(fill)\"")
            }
        }
        canvas.raw("</g>")

        if showValues {
            let fontSize = Swift.min(11, cell * 0.4)
            for r in 0..<rows {
                for c in 0..<cols where matrix[r, c].isFinite {
                    let text = fixed(matrix[r, c], decimals)
                    guard textWidth(text, fontSize: fontSize) <= cell - 2, fontSize >= 6 else { continue }
                    // Black on light cells, white on dark ones (cell colours do not change with the theme).
                    let ink = luminance(color(matrix[r, c], scale: scale, low: low, high: high)) > 0.35 ? "#000000" : "#FFFFFF"
                    canvas.text(
                        text, left + (Double(c) + 0.5) * cell, top + (Double(r) + 0.5) * cell + fontSize * 0.35,
                        anchor: "middle", "font-size=\"\(coordinate(fontSize))\" fill=\"\(ink)\"")
                }
            }
        }

        // Row and column labels, thinned to every k-th when the cells are too small for all.
        let rowEvery = labelStride(needed: 14, cell: cell)
        for r in Swift.stride(from: 0, to: rows, by: rowEvery) {
            canvas.text(rowLabels[r], left - 6, top + (Double(r) + 0.5) * cell + 4, anchor: "end")
        }
        let widestColumnLabel = columnLabels.map { textWidth($0) }.max() ?? 0
        let colEvery = labelStride(needed: widestColumnLabel + 6, cell: cell)
        for c in Swift.stride(from: 0, to: cols, by: colEvery) {
            canvas.text(columnLabels[c], left + (Double(c) + 0.5) * cell, top + gridHeight + 15, anchor: "middle")
        }
        if !xLabel.isEmpty {
            canvas.text(xLabel, left + gridWidth / 2, figureHeight - pad - 2, anchor: "middle", "font-size=\"13\"")
        }
        if !yLabel.isEmpty {
            canvas.verticalText(yLabel, pad + 10, top + gridHeight / 2, "font-size=\"13\"")
        }

        // The colour bar: thin slices from `low` (bottom) to `high` (top), then its ticks.
        let barLeft = left + gridWidth + 16, barWidth = 14.0
        let barHeight = Swift.max(gridHeight, 80)
        let slices = 48
        canvas.raw("<g shape-rendering=\"crispEdges\">")
        for i in 0..<slices {
            let t = (Double(i) + 0.5) / Double(slices)
            let fill = hexColor(color(low + t * (high - low), scale: scale, low: low, high: high))
            let y0 = top + barHeight * (1 - Double(i + 1) / Double(slices))
            canvas.rect(barLeft, y0, barWidth, barHeight / Double(slices), "fill=\"\(fill)\"")
        }
        canvas.raw("</g>")
        canvas.rect(barLeft, top, barWidth, barHeight, "fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.7\"")
        for tick in barTicks {
            let y = top + barHeight * (1 - (tick.position - low) / (high - low))
            canvas.line(barLeft + barWidth, y, barLeft + barWidth + 3, y, "stroke=\"currentColor\"")
            canvas.text(tick.label, barLeft + barWidth + 6, y + 4)
        }
        return canvas.document(title: title)
    }
}

/// Every how many labels to write (1, 2, 5, 10, 20, ...) so that each has `needed` pixels.
private func labelStride(needed: Double, cell: Double) -> Int {
    var stride = 1
    let steps = [1, 2, 5]
    var i = 0, scale = 1
    while Double(stride) * cell < needed {
        i += 1
        if i == steps.count { i = 0; scale *= 10 }
        stride = steps[i] * scale
    }
    return stride
}
