import Testing

@testable import RNNKit

@Suite struct DiagramTests {
    @Test func arrowsStartAndEndOnTheOutlines() {
        let circle = DiagramNode(x: 100, y: 100, shape: .circle(radius: 10), label: "+")
        let p = circle.boundaryPoint(towards: 100, 200)  // straight down
        #expect(p.x == 100 && p.y == 110)
        let box = DiagramNode(x: 0, y: 0, shape: .box(width: 40, height: 20), label: "W")
        let right = box.boundaryPoint(towards: 100, 0)
        #expect(right.x == 20 && right.y == 0)
        // Along the diagonal (1, 1) the box's top/bottom side (half height 10) is met first.
        let corner = box.boundaryPoint(towards: 50, 50)
        #expect(corner.x == 10 && corner.y == 10)
        #expect(box.boundaryPoint(towards: 0, 0) == (x: 0, y: 0))
    }

    @Test func anArrowIsAPathFromOutlineToOutlineWithAHeadAtItsEnd() {
        var d = Diagram(width: 200, height: 100)
        let a = d.box("A", x: 40, y: 50, width: 40, height: 20)
        let b = d.circle("B", x: 160, y: 50, radius: 10)
        d.arrow(from: a, to: b)
        let svg = d.svg
        #expect(svg.contains("<path d=\"M60.00 50.00L150.00 50.00\"/>"))
        // The head's tip is the arrow's end, its base 9 pixels back, 4 either side.
        #expect(svg.contains("<path d=\"M150.00 50.00L141.00 54.00L141.00 46.00Z\"/>"))
        #expect(svg.contains(">A</text>") && svg.contains(">B</text>"))
    }

    @Test func waypointsBendTheArrowAndItsLabelSitsHalfwayAlong() {
        var d = Diagram(width: 200, height: 200)
        let a = d.text("a", x: 0, y: 0, width: 0, height: 0)
        let b = d.text("b", x: 100, y: 100, width: 0, height: 0)
        d.arrow(from: a, to: b, via: [(100, 0)], label: "Whh", labelOffset: (0, 0))
        let svg = d.svg
        #expect(svg.contains("<path d=\"M0.00 0.00L100.00 0.00L100.00 100.00\"/>"))
        // Total length 200: halfway is the corner.
        #expect(svg.contains("<text x=\"100.00\" y=\"0.00\" font-size=\"12\">Whh</text>"))
        // A box leaves at right angles towards a waypoint straight above it.
        let box = DiagramNode(x: 50, y: 50, shape: .box(width: 60, height: 20), label: "h")
        let up = Diagram.attachment(box, towards: (65, 0))
        #expect(up.0 == 65 && up.1 == 40)
        let side = Diagram.attachment(box, towards: (200, 55))
        #expect(side.0 == 80 && side.1 == 55)
        let mid = Diagram.midpoint([(0, 0), (10, 0), (10, 30)])
        #expect(mid.0 == 10 && mid.1 == 10)
    }

    @Test func labelsAreEscapedAndColoursComeFromThePalette() {
        var d = Diagram(title: "<script>&", width: 100, height: 100)
        d.box("a<b", x: 50, y: 50, color: 1)
        d.label("\"q\"", x: 10, y: 10)
        d.region("cell's", x: 5, y: 5, width: 90, height: 90)
        let svg = d.svg
        #expect(!svg.contains("<script>"))
        #expect(svg.contains("<title>&lt;script&gt;&amp;</title>"))
        #expect(svg.contains(">a&lt;b</text>") && svg.contains(">&quot;q&quot;</text>"))
        #expect(svg.contains(">cell&apos;s</text>"))
        #expect(svg.contains("fill=\"\(Palette.color(1))\" fill-opacity=\"0.2\""))
        #expect(svg.contains("stroke-dasharray=\"6 4\""))
    }

    @Test func theSameDiagramGivesTheSameBytes() {
        func make() -> Diagram {
            var d = Diagram(title: "t", width: 120, height: 80)
            let x = d.text("xₜ", x: 20, y: 40)
            let h = d.circle("tanh", x: 90, y: 40, radius: 16, color: 0)
            d.arrow(from: x, to: h, label: "W", dashed: true)
            return d
        }
        #expect(make().svg == make().svg)
        #expect(make().svg.contains("stroke-dasharray=\"5 4\""))
    }
}
