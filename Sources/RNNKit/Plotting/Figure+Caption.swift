// A figure shown with a caption (`show(chart, label:, caption:)`) has its caption under it on the
// page, numbered; drawing the chart's own title inside the image as well would say it twice.

/// A figure that draws a title inside its image.
public protocol TitledFigure: Figure {
    /// The title drawn above the figure (empty for none).
    var title: String { get set }
}

extension LineChart: TitledFigure {}
extension ScatterChart: TitledFigure {}
extension Heatmap: TitledFigure {}
extension Diagram: TitledFigure {}

extension Figure {
    /// The SVG to show above a caption: without the title a `TitledFigure` would draw inside it.
    public var svgUnderCaption: String {
        guard var titled = self as? any TitledFigure, !titled.title.isEmpty else { return svg }
        titled.title = ""
        return titled.svg
    }
}
