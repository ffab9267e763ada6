import Testing

@testable import RNNKit

@Suite struct SVGCanvasTests {
    @Test func escapesTheFiveXMLCharacters() {
        #expect(xmlEscaped("<a href='x'>\"&\"</a>") == "&lt;a href=&apos;x&apos;&gt;&quot;&amp;&quot;&lt;/a&gt;")
        #expect(xmlEscaped("∂L/∂h — 梯度") == "∂L/∂h — 梯度")
    }

    @Test func dropsControlCharactersXMLForbids() {
        #expect(xmlEscaped("a\u{1E}b\u{0}c") == "a b c")
    }

    @Test func coordinatesHaveTwoDecimals() {
        var canvas = SVGCanvas(width: 100, height: 50)
        canvas.line(0, 1.005, 1.0 / 3.0, -0.0)
        canvas.text("hi", 1, 2, anchor: "middle")
        #expect(
            canvas.document(title: "") == """
                <svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100.00" height="50.00" viewBox="0 0 100.00 50.00" style="max-width:100%;height:auto" role="img" font-family="sans-serif" font-size="12" fill="currentColor">
                <line x1="0.00" y1="1.00" x2="0.33" y2="0.00"/>
                <text x="1.00" y="2.00" text-anchor="middle">hi</text>
                </svg>
                """)
    }

    @Test func paletteIsOkabeIto() {
        #expect(Palette.colors == ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442"])
        #expect(Palette.color(7) == "#0072B2")
    }

    @Test func textWidthEstimate() {
        #expect(textWidth("") == 0)
        #expect(textWidth("100") == 3 * 0.56 * 12)
        #expect(textWidth("梯度") == 24)
    }
}

@Suite struct PaletteTests {
    /// WCAG contrast ratio between two colours.
    private func contrast(_ a: String, _ b: String) -> Double {
        func rgb(_ hex: String) -> (Double, Double, Double) {
            let v = Int(hex.dropFirst(), radix: 16)!
            return (Double(v >> 16), Double((v >> 8) & 0xFF), Double(v & 0xFF))
        }
        let (la, lb) = (luminance(rgb(a)), luminance(rgb(b)))
        return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
    }

    @Test func firstFourColoursReadOnWhiteAndOnDarkGrey() {
        for color in Palette.colors.prefix(4) {
            #expect(contrast(color, "#FFFFFF") >= 3, "\(color) on white")
            #expect(contrast(color, "#222222") >= 3, "\(color) on #222")
        }
        // Yellow comes last because it nearly vanishes on white.
        #expect(contrast(Palette.colors.last!, "#FFFFFF") < 1.5)
    }

    @Test func emptyChartsStillDraw() {
        #expect(LineChart().svg.hasSuffix("</svg>"))
        #expect(ScatterChart().svg.contains(">1.0</text>"))
        #expect(Heatmap(Matrix(rows: 0, cols: 0)).svg.hasSuffix("</svg>"))
    }
}
