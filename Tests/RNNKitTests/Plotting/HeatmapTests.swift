import Testing

@testable import RNNKit

@Suite struct HeatmapTests {
    private let w = Matrix([[-2, 0, 1], [0.5, 2, -1]])

    @Test func oneCellPerEntryAndAColourBar() {
        let svg = Heatmap(w, title: "W").svg
        let rects = svg.split(separator: "\n").filter { $0.hasPrefix("<rect") }
        // 6 cells, 48 slices of the colour bar, the bar's frame.
        #expect(rects.count == 6 + 48 + 1)
        #expect(svg.contains("<title>W</title>"))
        #expect(svg.contains("viewBox=\"0 0 "))
    }

    @Test func signedValuesUseTheDivergingScaleCentredOnZero() {
        let map = Heatmap(w)
        let (scale, low, high) = map.resolvedScale()
        #expect(scale == .diverging && low == -2 && high == 2)
        #expect(hexColor(map.color(0, scale: scale, low: low, high: high)) == "#F7F7F7")
        #expect(hexColor(map.color(-2, scale: scale, low: low, high: high)) == "#053061")
        #expect(hexColor(map.color(2, scale: scale, low: low, high: high)) == "#67001F")
        #expect(map.svg.contains("fill=\"#F7F7F7\""))
    }

    @Test func positiveValuesUseViridis() {
        let map = Heatmap(Matrix([[0, 0.5], [1, 0.25]]))
        let (scale, low, high) = map.resolvedScale()
        #expect(scale == .sequential && low == 0 && high == 1)
        #expect(hexColor(map.color(0, scale: scale, low: low, high: high)) == "#440154")
        #expect(hexColor(map.color(1, scale: scale, low: low, high: high)) == "#FDE725")
        #expect(hexColor(map.color(0.5, scale: scale, low: low, high: high)) == "#21918C")
    }

    @Test func aFixedRangeSetsTheEnds() {
        var map = Heatmap(Matrix([[0, 0.5]]))
        map.range = -1...1
        map.scale = .diverging
        let (_, low, high) = map.resolvedScale()
        #expect(low == -1 && high == 1)
        #expect(map.svg.contains(">-1.0</text>") || map.svg.contains(">-1</text>"))
    }

    @Test func labelsAndValuesAreWrittenAndEscaped() {
        var map = Heatmap(w, title: "gates", rowLabels: ["i", "f<g"], columnLabels: ["t=1", "t=2", "t=3"], xLabel: "time", yLabel: "gate")
        map.showValues = true
        let svg = map.svg
        for text in ["i", "f&lt;g", "t=1", "t=3", "time", "gate", "-2.00", "0.50"] { #expect(svg.contains(">\(text)</text>")) }
        // Dark cells get white text, light ones black.
        #expect(svg.contains("fill=\"#FFFFFF\">-2.00</text>"))
        #expect(svg.contains("fill=\"#000000\">0.00</text>"))
    }

    @Test func cellsAreSquareAndAtMostFortyPixels() {
        let svg = Heatmap(w).svg
        #expect(svg.split(separator: "\n").filter { $0.contains("width=\"40.00\" height=\"40.00\"") }.count == 6)
        let wide = Heatmap(Matrix(rows: 2, cols: 50)).svg
        #expect(!wide.contains("width=\"40.00\" height=\"40.00\""))
    }

    @Test func valuesBeyondTheRangeTakeTheEndColours() {
        var map = Heatmap(w)
        map.range = -1...1
        let (scale, low, high) = map.resolvedScale()
        #expect(hexColor(map.color(5, scale: scale, low: low, high: high)) == "#67001F")
        #expect(hexColor(map.color(-5, scale: scale, low: low, high: high)) == "#053061")
    }

    @Test func nanCellsAreLeftEmpty() {
        let svg = Heatmap(Matrix([[1, .nan], [2, 3]])).svg
        #expect(svg.split(separator: "\n").filter { $0.hasPrefix("<rect") }.count == 3 + 48 + 1)
        #expect(!svg.contains("nan"))
    }

    @Test func crowdedLabelsAreThinned() {
        let big = Matrix(rows: 4, cols: 100, repeating: 1)
        let svg = Heatmap(big).svg
        #expect(svg.contains(">10</text>") && !svg.contains(">11</text>"))
    }

    @Test func sameInputSameBytes() {
        #expect(Heatmap(w, title: "W").svg == Heatmap(w, title: "W").svg)
    }
}
