import Testing

@testable import RNNKit

@Suite struct AxisTests {
    private func labels(_ axis: Axis) -> [String] { axis.ticks.map(\.label) }

    @Test func stepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(NiceStep.linear(span: 10, maxIntervals: 5) == NiceStep(mantissa: 2, exponent: 0))
        #expect(NiceStep.linear(span: 518, maxIntervals: 7) == NiceStep(mantissa: 1, exponent: 2))
        #expect(NiceStep.linear(span: 1, maxIntervals: 10) == NiceStep(mantissa: 1, exponent: -1))
        #expect(NiceStep.linear(span: 0.0101, maxIntervals: 5) == NiceStep(mantissa: 5, exponent: -3))
        #expect(NiceStep.linear(span: 3e7, maxIntervals: 6) == NiceStep(mantissa: 5, exponent: 6))
    }

    @Test func airlinePassengersGetHundreds() {
        let axis = Axis.fitted(to: [104, 622], scale: .linear, range: nil, expand: true, maxTicks: 7)
        #expect(axis.lower == 100 && axis.upper == 700)
        #expect(labels(axis) == ["100", "200", "300", "400", "500", "600", "700"])
    }

    @Test func labelsShareTheDecimalsOfTheStep() {
        let unit = Axis.fitted(to: [0, 1], scale: .linear, range: nil, expand: true, maxTicks: 5)
        #expect(labels(unit) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        let small = Axis.fitted(to: [-0.003, 0.0071], scale: .linear, range: nil, expand: true, maxTicks: 5)
        #expect(labels(small) == ["-0.005", "0.000", "0.005", "0.010"])
        #expect(small.lower == -0.005 && small.upper == 0.01)
    }

    @Test func tickValuesAreTheNearestDoubles() {
        // 3 × 0.1 would be 0.30000000000000004; the tick is 3 / 10.
        let axis = Axis.fitted(to: [0, 1], scale: .linear, range: nil, expand: true, maxTicks: 10)
        #expect(axis.ticks[3].position == 0.3)
        #expect(axis.ticks[3].label == "0.3")
    }

    @Test func largeStepsUseShortScientificLabels() {
        let axis = Axis.fitted(to: [0, 3e7], scale: .linear, range: nil, expand: true, maxTicks: 6)
        #expect(labels(axis) == ["0", "5e6", "1e7", "1.5e7", "2e7", "2.5e7", "3e7"])
    }

    @Test func withoutExpansionTheAxisEndsAtTheData() {
        let axis = Axis.fitted(to: [0, 143], scale: .linear, range: nil, expand: false, maxTicks: 8)
        #expect(axis.lower == 0 && axis.upper == 143)
        #expect(labels(axis) == ["0", "20", "40", "60", "80", "100", "120", "140"])
    }

    @Test func aFixedRangeIsKept() {
        let axis = Axis.fitted(to: [5, 1000], scale: .linear, range: 0...0.28, expand: true, maxTicks: 6)
        #expect(axis.lower == 0 && axis.upper == 0.28)
        #expect(labels(axis) == ["0.00", "0.05", "0.10", "0.15", "0.20", "0.25"])
    }

    @Test func degenerateDataStillGetsAnAxis() {
        let one = Axis.fitted(to: [3, 3, .nan], scale: .linear, range: nil, expand: true, maxTicks: 5)
        #expect(one.lower < 3 && one.upper > 3 && !one.ticks.isEmpty)
        let none = Axis.fitted(to: [.nan, .infinity], scale: .linear, range: nil, expand: true, maxTicks: 5)
        #expect(none.lower == 0 && none.upper == 1)
    }

    @Test func logAxisOverManyDecadesTicksEveryFewDecades() {
        let axis = Axis.fitted(to: [3e-30, 1e5, 42], scale: .logarithmic, range: nil, expand: true, maxTicks: 8)
        #expect(axis.lower == -30 && axis.upper == 5)
        #expect(labels(axis) == ["1e-30", "1e-25", "1e-20", "1e-15", "1e-10", "1e-5", "1", "1e5"])
    }

    @Test func logAxisOverFewDecadesTicksOneTwoFive() {
        let narrow = Axis.fitted(to: [0.3, 0.9], scale: .logarithmic, range: nil, expand: true, maxTicks: 8)
        #expect(labels(narrow) == ["0.1", "0.2", "0.5", "1"])
        // Zero and negative values have no place on a log axis and are ignored.
        let skipping = Axis.fitted(to: [0, -1, 10, 1000], scale: .logarithmic, range: nil, expand: true, maxTicks: 8)
        #expect(labels(skipping) == ["10", "20", "50", "100", "200", "500", "1000"])
        #expect(skipping.axisUnits(0).isNaN && skipping.axisUnits(-1).isNaN)
        #expect(skipping.fraction(100) == 0.5)
    }

    @Test func exactDecimalLabels() {
        #expect(decimalLabel(3, -1) == "0.3")
        #expect(decimalLabel(-5, -2) == "-0.05")
        #expect(decimalLabel(0, -2) == "0.00")
        #expect(decimalLabel(25, 0) == "25")
        #expect(decimalLabel(4, 3) == "4000")
        #expect(decimalLabel(12, 6) == "1.2e7")
        #expect(decimalLabel(-2, -7) == "-2e-7")
        #expect(logLabel(1, -4) == "0.0001")
        #expect(logLabel(2, -5) == "2e-5")
        #expect(exactPower(22) == 1e22)
        #expect(decimalValue(7, -1) == 0.7)
    }
}
