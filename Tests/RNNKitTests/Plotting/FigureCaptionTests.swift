import Testing

@testable import RNNKit

// A figure under a caption: no title in the image, and a diagram starts at its drawing.
@Suite struct FigureCaptionTests {
    func diagram() -> Diagram {
        var d = Diagram(title: "One step", width: 200, height: 150)
        let x = d.text("x_t", x: 100, y: 140)
        let cell = d.box("cell", x: 100, y: 100, width: 80, height: 40)
        d.arrow(from: x, to: cell)
        return d
    }

    @Test func aTitledDiagramKeepsItsWholeHeight() {
        #expect(diagram().svg.contains("height=\"150.00\" viewBox=\"0 0 200.00 150.00\""))
    }

    @Test func underACaptionTheBandLeftForTheTitleIsCutAway() {
        let svg = diagram().svgUnderCaption
        #expect(!svg.contains("One step"))
        // The box's top is at 80: the image starts 10 pixels above it.
        #expect(svg.contains("height=\"80.00\" viewBox=\"0 70.00 200.00 80.00\""), "\(svg)")
        #expect(svg.contains("<rect x=\"60.00\" y=\"80.00\""), "drawings keep their coordinates")
    }

    @Test func aDiagramDrawnToItsTopIsNotCut() {
        var d = Diagram(width: 100, height: 60)
        _ = d.box("top", x: 50, y: 20, width: 40, height: 40)
        #expect(d.svg.contains("viewBox=\"0 0 100.00 60.00\""))
    }
}
