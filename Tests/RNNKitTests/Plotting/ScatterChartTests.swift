import Testing

@testable import RNNKit

@Suite struct ScatterChartTests {
    private func chart() -> ScatterChart {
        var chart = ScatterChart(title: "Prediction against truth", xLabel: "truth", yLabel: "prediction")
        chart.add("train", x: [0, 1, 2, 3], y: [0.1, 0.9, 2.2, 2.8])
        chart.add("test", x: [0.5, 1.5, .nan], y: [0.4, 1.7, 1])
        chart.add("outliers", x: [2], y: [-1])
        return chart
    }

    @Test func eachSetHasItsColourMarkerAndLegendEntry() {
        let svg = chart().svg
        let lines = svg.split(separator: "\n")
        #expect(svg.contains("<g fill=\"\(Palette.colors[0])\" fill-opacity=\"0.85\">"))
        #expect(svg.contains("<g fill=\"\(Palette.colors[1])\" fill-opacity=\"0.85\">"))
        // Circles for the first set (4 points + legend), squares and diamonds for the others.
        #expect(lines.filter { $0.hasPrefix("<circle") }.count == 5)
        #expect(lines.filter { $0.hasPrefix("<path") && $0.contains("H") }.count == 3)
        for name in ["train", "test", "outliers"] { #expect(svg.contains(">\(name)</text>")) }
    }

    @Test func bothAxesWidenToNiceTicks() {
        let svg = chart().svg
        #expect(svg.contains(">-1.0</text>") || svg.contains(">-1</text>"))
        #expect(svg.contains(">3.0</text>") || svg.contains(">3</text>"))
    }

    @Test func pointsOutsideAFixedRangeAreNotDrawn() {
        var c = ScatterChart()
        c.add("", x: [0, 1, 5], y: [0, 1, 5])
        c.xRange = 0...2
        c.yRange = 0...2
        #expect(c.svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.count == 2)
    }

    @Test func sameInputSameBytes() {
        #expect(chart().svg == chart().svg)
        #expect(!chart().svg.contains("nan"))
    }
}
