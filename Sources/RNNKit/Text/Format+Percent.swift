/// A fraction as a whole percentage, rounded half away from zero: `percent(0.847)` is `"85%"`,
/// `percent(0.125)` is `"13%"`, `percent(1)` is `"100%"`.
///
/// For a share printed in prose or a table, where a reader wants two digits, not a fraction.
public func percent(_ x: Double) -> String { "\(Int((100 * x).rounded()))%" }
