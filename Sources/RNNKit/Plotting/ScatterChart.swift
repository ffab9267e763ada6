/// A chart of point sets: predictions against targets, two classes of examples, hidden states
/// projected to a plane.
///
///     var chart = ScatterChart(title: "Prediction against truth", xLabel: "truth", yLabel: "prediction")
///     chart.add("test set", x: targets, y: predictions)
///     show(chart)
///
/// Each set gets a colour from `Palette` and a marker shape of its own (circle, square,
/// diamond, triangle, then again), so sets stay apart in grey scale too. Both axes widen to the
/// nearest "nice" ticks; `xRange` and `yRange` fix them instead, and points outside are not
/// drawn. Points with a NaN or infinite coordinate (or a non-positive one on a log axis) are
/// skipped.
public struct ScatterChart: Figure {
    /// The title above the chart (empty for none).
    public var title: String
    /// The label under the x axis (empty for none).
    public var xLabel: String
    /// The label beside the y axis (empty for none).
    public var yLabel: String
    /// A logarithmic y axis.
    public var logY: Bool
    /// A logarithmic x axis.
    public var logX = false
    /// The x interval to show; nil fits the data, widened to the nearest ticks.
    public var xRange: ClosedRange<Double>? = nil
    /// The y interval to show; nil fits the data, widened to the nearest ticks.
    public var yRange: ClosedRange<Double>? = nil
    /// The natural width in pixels (the page scales the figure down on narrow screens).
    public var width = 640.0
    /// The natural height in pixels.
    public var height = 400.0

    private var series: [XYSeries] = []

    /// An empty chart; add point sets with `add`.
    public init(title: String = "", xLabel: String = "", yLabel: String = "", logY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
    }

    /// Adds the points `(x[i], y[i])` as one set.
    ///
    /// - Parameters:
    ///   - name: the legend entry; an empty name draws the points without one.
    ///   - x, y: the coordinates; they must have the same length.
    public mutating func add(_ name: String, x: [Double], y: [Double]) {
        guard x.count == y.count else {
            fatalError("ScatterChart.add(\"\(name)\"): \(x.count) x values but \(y.count) y values")
        }
        let index = series.count
        series.append(XYSeries(name: name, xs: x, ys: y, style: .markers(shape: index), color: Palette.color(index)))
    }

    /// The chart as an SVG document.
    public var svg: String {
        XYPlot(
            title: title, xLabel: xLabel, yLabel: yLabel,
            xScale: logX ? .logarithmic : .linear, yScale: logY ? .logarithmic : .linear,
            xRange: xRange, yRange: yRange, expandX: true, width: width, height: height,
            series: series, rules: []
        ).render()
    }
}
