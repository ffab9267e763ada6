/// A chart of one or more lines: a training loss over epochs, a series and its forecast.
///
///     var chart = LineChart(title: "Airline passengers", xLabel: "month", yLabel: "passengers")
///     chart.add("passengers", y: passengers)                    // x = 0, 1, 2, ...
///     chart.add("forecast", y: forecast, startingAt: 132, dashed: true)
///     chart.addVerticalLine(at: 132, label: "test")
///     show(chart)
///
/// The x axis runs from the smallest to the largest x of the data; the y axis widens to the
/// nearest "nice" ticks (steps of 1, 2 or 5 times a power of ten), with light gridlines at
/// every tick. Set `xRange` or `yRange` to fix an axis instead; lines that leave it are cut at
/// its edge. With `logY`, the y axis is logarithmic, one tick per decade (or per few decades),
/// which shows a gradient norm that falls from 1e5 to 1e-30 as a straight line.
///
/// A point whose x or y is NaN or infinite, or not positive on a log axis, is left out and the
/// line has a gap there: a training run that diverged shows where it stopped. Series take the
/// colours of `Palette` in the order they are added; every named series gets a legend entry.
public struct LineChart: Figure {
    /// The title above the chart (empty for none).
    public var title: String
    /// The label under the x axis (empty for none).
    public var xLabel: String
    /// The label beside the y axis (empty for none).
    public var yLabel: String
    /// A logarithmic y axis: for quantities that span many orders of magnitude.
    public var logY: Bool
    /// A logarithmic x axis.
    public var logX = false
    /// The x interval to show; nil fits the data.
    public var xRange: ClosedRange<Double>? = nil
    /// The y interval to show; nil fits the data, widened to the nearest ticks.
    public var yRange: ClosedRange<Double>? = nil
    /// The natural width in pixels (the page scales the figure down on narrow screens).
    public var width = 640.0
    /// The natural height in pixels.
    public var height = 360.0

    private var series: [XYSeries] = []
    private var rules: [VerticalRule] = []

    /// An empty chart; add lines with `add`.
    public init(title: String = "", xLabel: String = "", yLabel: String = "", logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
    }

    /// Adds a line through the points `(x[i], y[i])`, in order.
    ///
    /// - Parameters:
    ///   - name: the legend entry; an empty name draws the line without one.
    ///   - x, y: the coordinates; they must have the same length.
    ///   - dashed: draws the line dashed, to set a prediction apart from the data.
    ///   - color: the palette colour's index (`Palette.color`); by default the next one in
    ///     order. Give two lines the same index to pair them (a model's training and test
    ///     curves, one dashed).
    public mutating func add(_ name: String, x: [Double], y: [Double], dashed: Bool = false, color: Int? = nil) {
        guard x.count == y.count else {
            fatalError("LineChart.add(\"\(name)\"): \(x.count) x values but \(y.count) y values")
        }
        let chosen = Palette.color(color ?? series.count)
        series.append(XYSeries(name: name, xs: x, ys: y, style: .line(dashed: dashed), color: chosen))
    }

    /// Adds a line through `y` drawn at x = `start`, `start + 1`, ...: a sequence over time steps.
    ///
    /// - Parameters:
    ///   - name: the legend entry; an empty name draws the line without one.
    ///   - y: the values.
    ///   - start: the x of the first value (default 0): a forecast that begins where the data ends.
    ///   - dashed: draws the line dashed.
    public mutating func add(_ name: String, y: [Double], startingAt start: Double = 0, dashed: Bool = false) {
        add(name, x: y.indices.map { start + Double($0) }, y: y, dashed: dashed)
    }

    /// Draws a dotted vertical line across the chart at `x`, with an optional label at its top:
    /// where the training data ends and the test data begins.
    public mutating func addVerticalLine(at x: Double, label: String = "") {
        rules.append(VerticalRule(x: x, label: label))
    }

    /// The chart as an SVG document.
    public var svg: String {
        XYPlot(
            title: title, xLabel: xLabel, yLabel: yLabel,
            xScale: logX ? .logarithmic : .linear, yScale: logY ? .logarithmic : .linear,
            xRange: xRange, yRange: yRange, expandX: false, width: width, height: height,
            series: series, rules: rules
        ).render()
    }
}
