import Testing

@testable import RNNKit

@Suite struct LineChartTests {
    private func passengersChart() -> LineChart {
        var chart = LineChart(title: "Airline passengers", xLabel: "month", yLabel: "passengers")
        let ys = (0..<144).map { 104 + 518 * Double($0) / 143 }
        chart.add("passengers", y: ys)
        chart.add("forecast", y: Array(ys[120...]), startingAt: 120, dashed: true)
        chart.addVerticalLine(at: 120, label: "test")
        return chart
    }

    @Test func documentHasSizeAndViewBox() {
        let svg = passengersChart().svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(" width=\"640.00\" height=\"360.00\" viewBox=\"0 0 640.00 360.00\""))
        #expect(svg.contains("style=\"max-width:100%;height:auto\""))
        #expect(svg.hasSuffix("</svg>"))
        #expect(svg.contains("<title>Airline passengers</title>"))
    }

    @Test func axesTextAndGridFollowTheTheme() {
        let svg = passengersChart().svg
        #expect(svg.contains("fill=\"currentColor\""))
        #expect(svg.contains("<g stroke=\"currentColor\" stroke-opacity=\"0.15\">"))
        // Series colours come from the palette, in order.
        #expect(svg.contains("stroke=\"\(Palette.colors[0])\""))
        #expect(svg.contains("stroke=\"\(Palette.colors[1])\""))
        #expect(svg.contains("stroke-dasharray=\"7 4\""))
    }

    @Test func ticksLabelsAndLegendArePresent() {
        let svg = passengersChart().svg
        for label in ["100", "400", "700", "0", "60", "140"] { #expect(svg.contains(">\(label)</text>")) }
        for text in ["passengers", "forecast", "month", "test"] { #expect(svg.contains(">\(text)</text>")) }
    }

    @Test func everyTextIsEscaped() {
        var chart = LineChart(title: "<script>alert('x')</script> & \"q\"", xLabel: "a<b", yLabel: "c>d")
        chart.add("x & y", y: [1, 2, 3])
        chart.addVerticalLine(at: 1, label: "'split'")
        let svg = chart.svg
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(svg.contains(">x &amp; y</text>"))
        #expect(svg.contains(">a&lt;b</text>"))
        #expect(svg.contains(">c&gt;d</text>"))
        #expect(svg.contains(">&apos;split&apos;</text>"))
    }

    @Test func logAxisLabelsDecades() {
        var chart = LineChart(title: "gradient norm", logY: true)
        chart.add("RNN", y: (0..<50).map { exactPower(5) * pow(10, -0.7 * Double($0)) })
        let svg = chart.svg
        // 1e5 down to 1e-29.3: 35 decades, too many to label each; a tick every 10 decades.
        for label in ["1e-30", "1e-20", "1e-10", "1", "1e10"] { #expect(svg.contains(">\(label)</text>")) }
        #expect(!svg.contains(">1e5</text>"))
    }

    @Test func nonFinitePointsBreakTheLine() {
        var chart = LineChart()
        chart.add("with gaps", y: [1, 2, .nan, 4, 5, .infinity, 7, 8])
        let svg = chart.svg
        let path = svg.split(separator: "\n").first { $0.hasPrefix("<path") }!
        // Three pieces: 1–2, 4–5, 7–8.
        #expect(path.filter { $0 == "M" }.count == 3)
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test func anIsolatedPointIsADot() {
        var chart = LineChart()
        chart.add("", y: [1, .nan, 3, .nan, 5])
        let svg = chart.svg
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.count == 3)
        #expect(!svg.contains("<path"))
    }

    @Test func unnamedSeriesHaveNoLegend() {
        var chart = LineChart()
        chart.add("", y: [1, 2, 3])
        #expect(!chart.svg.contains("stroke-width=\"2\"/>"))  // the legend sample is a <line .../>
    }

    @Test func sameInputSameBytes() {
        #expect(passengersChart().svg == passengersChart().svg)
        #expect(!passengersChart().svg.contains("id="))
    }

    @Test func linesAreClippedToAFixedRange() {
        var chart = LineChart()
        chart.add("a", y: [0.1, 0.2, 0.25, 0.31, 0.1])
        chart.yRange = 0...0.28
        let svg = chart.svg
        let path = String(svg.split(separator: "\n").first { $0.hasPrefix("<path") }!)
        // The line leaves the top edge and comes back: two pieces.
        #expect(path.filter { $0 == "M" }.count == 2)
    }

    @Test func clippingFollowsTheEdges() throws {
        let axis = Axis(scale: .linear, lower: 0, upper: 1, ticks: [])
        let frame = PlotFrame(left: 0, right: 100, top: 0, bottom: 100, x: axis, y: axis)
        let inside = try #require(frame.clip((10, 10), (20, 20)))
        #expect(inside.0 == (10, 10) && inside.1 == (20, 20))
        let crossing = try #require(frame.clip((50, 50), (150, 50)))
        #expect(crossing.0 == (50, 50) && crossing.1 == (100, 50))
        #expect(frame.clip((110, 10), (120, 90)) == nil)
        let through = try #require(frame.clip((-50, 50), (150, 50)))
        #expect(through.0 == (0, 50) && through.1 == (100, 50))
    }

    @Test func aColourIndexPairsTwoLines() {
        var chart = LineChart(title: "pair")
        chart.add("train", x: [0, 1], y: [1, 0], dashed: true, color: 3)
        chart.add("test", x: [0, 1], y: [1, 1], color: 3)
        chart.add("next", x: [0, 1], y: [0, 0])
        let svg = chart.svg
        let strokes = svg.split(separator: "\n").filter { $0.contains("stroke=\"\(Palette.color(3))\"") }.count
        #expect(strokes >= 2)  // both paths (and their legend samples) in colour 3
        #expect(svg.contains("stroke=\"\(Palette.color(2))\""))  // the third line: its own index
    }
}

#if canImport(Glibc)
    import Glibc
#endif
