import Testing

@testable import RNNKit

// Chart labels in the chapter's notation: `_` and `^` as sub- and superscripts, the variable in italics.
@Suite struct LabelTextTests {
    @Test func aVariableWithASubscriptIsItalicAndLowered() {
        #expect(labelRuns("x_t") == [.variable("x"), .sub("t")])
        #expect(labelRuns("W_hh") == [.variable("W"), .sub("hh")])
        #expect(labelRuns("input gate i_t") == [.plain("input gate "), .variable("i"), .sub("t")])
        #expect(labelRuns("h_{t-1} and more") == [.variable("h"), .sub("t-1"), .plain(" and more")])
        #expect(
            labelRuns("‖∂h_T/∂h_k‖") == [.plain("‖∂"), .variable("h"), .sub("T"), .plain("/∂"), .variable("h"), .sub("k"), .plain("‖")])
        #expect(labelRuns("W_hh^s") == [.variable("W"), .sub("hh"), .sup("s")])
    }

    @Test func theEndOfAWordIsNotAVariableAndAStrayMarkStaysText() {
        #expect(labelRuns("max_t") == [.plain("max"), .sub("t")])
        #expect(labelRuns("a_") == [.plain("a_")])
        #expect(labelRuns("x_{}") == [.plain("x_{}")])
        #expect(labelRuns("plain text, 2 × 3") == [.plain("plain text, 2 × 3")])
        #expect(plainLabel("W_{hh} & h_t") == "Whh & ht")
    }

    @Test func theMarkupShiftsTheBaselineAndBackAndEscapes() {
        #expect(labelMarkup("a<b", fontSize: 12) == "a&lt;b")
        #expect(
            labelMarkup("x_t < 1", fontSize: 20)
                == "<tspan font-style=\"italic\">x</tspan><tspan dy=\"6.00\" font-size=\"15.00\">t</tspan><tspan dy=\"-6.00\"> &lt; 1</tspan>"
        )
        #expect(
            labelMarkup("W_hh^s", fontSize: 20)
                == "<tspan font-style=\"italic\">W</tspan><tspan dy=\"6.00\" font-size=\"15.00\">hh</tspan><tspan dy=\"-14.00\" font-size=\"15.00\">s</tspan>"
        )
    }

    @Test func scriptsAreSmallerButNeverBelowElevenPixels() {
        #expect(scriptSize(20) == 15)
        #expect(scriptSize(13) == 11)
        #expect(scriptSize(12) == 11)
        #expect(scriptSize(10) == 10, "never larger than the text")
    }

    @Test func chartTextUsesTheNotationAndTheTitleElementIsPlain() {
        var chart = LineChart(title: "Gate i_t", xLabel: "step t", yLabel: "h_t")
        chart.add("f_t", y: [0.1, 0.2, 0.3])
        let svg = chart.svg
        #expect(svg.contains("<title>Gate it</title>"))
        #expect(svg.contains("<tspan font-style=\"italic\">h</tspan><tspan dy=\"3.90\" font-size=\"11.00\">t</tspan>"), "\(svg)")
        #expect(!svg.contains("h_t") && !svg.contains("f_t"))
        // The sub- and superscripts are measured at their size: the legend is not laid out for "f_t".
        #expect(textWidth("x_t") < textWidth("x t"))
    }

    @Test func aStepAxisOfFewStepsTicksOnlyWholeSteps() {
        var chart = LineChart(xLabel: "epoch", yLabel: "loss")
        chart.add("loss", x: [1, 2, 3], y: [0.9, 0.5, 0.4])
        let xTicks = Axis.fitted(to: [1, 2, 3], scale: .linear, range: nil, expand: false, maxTicks: 10, wholeNumbersAreCounts: true)
        #expect(xTicks.ticks.map(\.label) == ["1", "2", "3"])
        #expect(!chart.svg.contains(">1.5<"))
        // Not counts: fractional data, or an axis that is not one of counts, keeps fractional ticks.
        let fractional = Axis.fitted(to: [1, 2.5], scale: .linear, range: nil, expand: false, maxTicks: 10, wholeNumbersAreCounts: true)
        #expect(fractional.ticks.map(\.label).contains("1.2"))
        let bar = Axis.fitted(to: [0, 1], scale: .linear, range: 0...1, expand: false, maxTicks: 5)
        #expect(bar.ticks.count == 6)
    }

    @Test func aCaptionedFigureLeavesItsTitleToTheCaption() {
        var chart = LineChart(title: "Training loss", xLabel: "step", yLabel: "loss")
        chart.add("loss", y: [1, 0.5])
        #expect(chart.svg.contains(">Training loss</text>"))
        #expect(!chart.svgUnderCaption.contains("Training loss"))
        var diagram = Diagram(title: "One step", width: 100, height: 80)
        #expect(diagram.svg.contains("One step"))
        #expect(!diagram.svgUnderCaption.contains("One step"))
        diagram.title = ""
        #expect(diagram.svgUnderCaption == diagram.svg)
    }
}
