#if canImport(Glibc)
    import Glibc
#endif

// Axes: which part of the number line a chart shows, where its ticks go and how they are
// labelled.
//
// Ticks fall on "nice" numbers: a step of 1, 2 or 5 times a power of ten, the largest number
// of ticks that fits, and never less than 1 on an x axis whose values are all whole numbers. A tick's value is kept as an exact decimal, an integer `n` times `10^e`,
// so its label is written digit by digit and never shows binary noise (`0.30000000000000004`);
// every label of an axis has the same number of decimals, the ones the step needs.

/// How values map to positions along an axis.
enum AxisScale: Sendable {
    /// Equal distances for equal differences.
    case linear
    /// Equal distances for equal ratios: position is `log10(value)`. Zero and negative values
    /// have no position and are skipped like NaN.
    case logarithmic
}

/// One tick: its position in axis units (`log10` of the value on a log axis) and its label.
struct Tick: Equatable {
    let position: Double
    let label: String
}

/// An axis, ready to draw: the interval it shows, in axis units, and its ticks.
struct Axis {
    let scale: AxisScale
    /// Low end of the axis, in axis units.
    let lower: Double
    /// High end of the axis, in axis units.
    let upper: Double
    let ticks: [Tick]

    /// A value in axis units: the value itself, or its `log10`. Not finite when the value has
    /// no place on the axis.
    func axisUnits(_ value: Double) -> Double {
        switch scale {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : .nan
        }
    }

    /// Where `value` falls, as a fraction of the axis: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        (axisUnits(value) - lower) / (upper - lower)
    }

    /// An axis that shows `values` (non-finite ones, and non-positive ones on a log axis, are
    /// ignored).
    ///
    /// - Parameters:
    ///   - range: the interval to show instead of the data's, if given.
    ///   - expand: whether to widen the data's interval out to the nearest ticks (y axes do;
    ///     a time axis usually should not).
    ///   - maxTicks: the most tick intervals wanted.
    ///   - wholeNumbersAreCounts: when every value is a whole number, tick only whole numbers
    ///     (an x axis of epochs or steps; not a colour bar that happens to run from 0 to 1).
    static func fitted(
        to values: [Double], scale: AxisScale, range: ClosedRange<Double>?, expand: Bool, maxTicks: Int,
        wholeNumbersAreCounts: Bool = false
    ) -> Axis {
        switch scale {
        case .linear:
            let counts =
                wholeNumbersAreCounts && values.contains(where: \.isFinite) && values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
            return linear(values, range: range, expand: expand, maxTicks: maxTicks, counts: counts)
        case .logarithmic: return logarithmic(values, range: range, maxTicks: maxTicks)
        }
    }

    private static func linear(_ values: [Double], range: ClosedRange<Double>?, expand: Bool, maxTicks: Int, counts: Bool) -> Axis {
        var (lo, hi) = (range?.lowerBound, range?.upperBound)
        if lo == nil || hi == nil || !(lo!.isFinite && hi!.isFinite) {
            let finite = values.filter(\.isFinite)
            (lo, hi) = (finite.min() ?? 0, finite.max() ?? 1)
        }
        var (low, high) = (lo!, hi!)
        if low == high {
            // One value: show a unit either side of it (or a tenth of it, for large values).
            let pad = low == 0 ? 1 : max(abs(low) / 10, 1e-300)
            (low, high) = (low - pad, high + pad)
        }
        var step = NiceStep.linear(span: high - low, maxIntervals: maxTicks)
        // Counts (epochs, steps, lengths): no tick between two of them (no epoch 1.5).
        if counts, step.size < 1 {
            step = NiceStep(mantissa: 1, exponent: 0)
        }
        if expand && range == nil {
            low = step.value(step.index(below: low))
            high = step.value(step.index(above: high))
        }
        let first = step.index(above: low), last = step.index(below: high)
        let ticks = first <= last ? (first...last).map { Tick(position: step.value($0), label: step.label($0)) } : []
        return Axis(scale: .linear, lower: low, upper: high, ticks: ticks)
    }

    private static func logarithmic(_ values: [Double], range: ClosedRange<Double>?, maxTicks: Int) -> Axis {
        var low: Double, high: Double
        let fixedRange = range.flatMap { $0.lowerBound > 0 && $0.upperBound.isFinite ? $0 : nil }
        if let fixedRange {
            (low, high) = (log10(fixedRange.lowerBound), log10(fixedRange.upperBound))
        } else {
            let positive = values.filter { $0.isFinite && $0 > 0 }
            low = (positive.min() ?? 1).decadeBelow
            high = (positive.max() ?? 10).decadeAbove
        }
        if low == high { high += 1 }
        let decades = high.rounded(.up) - low.rounded(.down)

        var ticks: [Tick] = []
        if decades <= 2 {
            // A narrow range: 1, 2 and 5 in each decade.
            for exponent in Int(low.rounded(.down))...Int(high.rounded(.up)) {
                for mantissa in [1, 2, 5] {
                    let position = Double(exponent) + log10(Double(mantissa))
                    if position >= low - 1e-9 && position <= high + 1e-9 {
                        ticks.append(Tick(position: position, label: logLabel(mantissa, exponent)))
                    }
                }
            }
        } else {
            // Many decades: a tick every `stride` decades, stride itself 1, 2, 5, 10, 20, ...
            let stride = NiceStep.linear(span: decades, maxIntervals: maxTicks).integerStride
            if fixedRange == nil {
                low = (low / Double(stride)).rounded(.down) * Double(stride)
                high = (high / Double(stride)).rounded(.up) * Double(stride)
            }
            var k = Int((low / Double(stride)).rounded(.up)) * stride
            while Double(k) <= high + 1e-9 {
                ticks.append(Tick(position: Double(k), label: logLabel(1, k)))
                k += stride
            }
        }
        return Axis(scale: .logarithmic, lower: low, upper: high, ticks: ticks)
    }
}

extension Double {
    /// `log10` of the power of ten at or below this positive value.
    fileprivate var decadeBelow: Double { log10(self).rounded(.down) }
    /// `log10` of the power of ten at or above this positive value.
    fileprivate var decadeAbove: Double { log10(self).rounded(.up) }
}

/// A tick step of `mantissa · 10^exponent` with `mantissa` 1, 2 or 5.
struct NiceStep: Equatable {
    let mantissa: Int
    let exponent: Int

    /// The smallest 1-2-5 step that cuts `span` into at most `maxIntervals` pieces.
    static func linear(span: Double, maxIntervals: Int) -> NiceStep {
        let raw = span / Double(max(maxIntervals, 1))
        guard raw.isFinite, raw > 0 else { return NiceStep(mantissa: 1, exponent: 0) }
        var exponent = Int(log10(raw).rounded(.down))
        // `log10` of a number just below a power of ten can round up to it; step back once.
        if exactPower(exponent) > raw { exponent -= 1 }
        for mantissa in [1, 2, 5] where Double(mantissa) * exactPower(exponent) >= raw * (1 - 1e-12) {
            return NiceStep(mantissa: mantissa, exponent: exponent)
        }
        return NiceStep(mantissa: 1, exponent: exponent + 1)
    }

    /// The step as a double.
    var size: Double { Double(mantissa) * exactPower(exponent) }

    /// The step as a whole number of at least 1 (for strides counted in decades).
    var integerStride: Int { max(1, Int(size.rounded())) }

    /// The value of tick `k`: `k · step`, computed as `(k · mantissa) / 10^-exponent` so that
    /// it is the double nearest the exact decimal.
    func value(_ k: Int) -> Double { decimalValue(k * mantissa, exponent) }

    /// The index of the last tick at or below `x`.
    func index(below x: Double) -> Int { clampedInt((x / size + 1e-9).rounded(.down)) }

    /// The index of the first tick at or above `x`.
    func index(above x: Double) -> Int { clampedInt((x / size - 1e-9).rounded(.up)) }

    /// The label of tick `k`, written from the exact decimal `k · mantissa · 10^exponent`.
    func label(_ k: Int) -> String { decimalLabel(k * mantissa, exponent) }
}

/// `10^e` as a double: exact up to `e = 22`, and correctly rounded beyond.
func exactPower(_ e: Int) -> Double {
    if e >= 0 && e <= 22 {
        var p = 1.0
        for _ in 0..<e { p *= 10 }
        return p
    }
    return pow(10, Double(e))
}

/// The double nearest `n · 10^e`.
func decimalValue(_ n: Int, _ e: Int) -> Double {
    e >= 0 ? Double(n) * exactPower(e) : Double(n) / exactPower(-e)
}

/// `n · 10^e` written out exactly: `(3, -1)` is "0.3", `(25, 0)` is "25", `(-5, -2)` is
/// "-0.05", and zero has the decimals of its neighbours, `(0, -2)` is "0.00". Numbers whose step is 10^6 or more, or 10^-6 or less, are written in short
/// scientific form: `(12, 6)` is "1.2e7".
func decimalLabel(_ n: Int, _ e: Int) -> String {
    if n == 0 { return e < 0 && e > -6 ? "0." + String(repeating: "0", count: -e) : "0" }
    let sign = n < 0 ? "-" : ""
    let digits = String(n.magnitude)
    if e >= 6 || e <= -6 {
        let exponent = e + digits.count - 1
        var mantissa = String(digits.first!)
        let rest = digits.dropFirst().reversed().drop { $0 == "0" }.reversed()
        if !rest.isEmpty { mantissa += "." + String(rest) }
        return "\(sign)\(mantissa)e\(exponent)"
    }
    if e >= 0 { return sign + digits + String(repeating: "0", count: e) }
    let places = -e
    let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
    let split = padded.index(padded.endIndex, offsetBy: -places)
    return sign + padded[..<split] + "." + padded[split...]
}

/// The label of `mantissa · 10^exponent` on a log axis: plain decimals from 0.0001 to 10000
/// ("0.01", "500"), short scientific form beyond ("1e-30", "2e5").
func logLabel(_ mantissa: Int, _ exponent: Int) -> String {
    if exponent >= -4 && exponent <= 4 { return decimalLabel(mantissa, exponent) }
    return "\(mantissa)e\(exponent)"
}

private func clampedInt(_ x: Double) -> Int {
    guard x.isFinite else { return x > 0 ? Int.max / 4 : -(Int.max / 4) }
    return Int(max(min(x, 1e15), -1e15))
}
