#if canImport(Glibc)
    import Glibc
#endif

// Numbers as text, the same on every machine.
//
// Swift's own `Double.description` prints the shortest digits that read back to the same
// double (`0.1 + 0.2` prints `0.30000000000000004`), which is right for a debugger and wrong
// for a page: a table of losses wants a fixed number of decimals. These functions ask the C
// library for the digits: glibc's `printf` rounds the exact binary value of the double
// correctly (a tie such as 0.125 → "0.12" goes to even), and a Swift program never calls
// `setlocale`, so the decimal point is always ".". Both are the same on every Linux machine,
// which keeps chapter output byte-identical.

/// `x` with exactly `decimals` digits after the point, correctly rounded.
///
///     fixed(3.14159, 2)    // "3.14"
///     fixed(2.5, 0)        // "2"   (a tie goes to the even neighbour)
///     fixed(-0.00001, 4)   // "0.0000", never "-0.0000"
///     fixed(.nan, 4)       // "nan"
///
/// The rounding is of the double's exact binary value, so `fixed(2.675, 2)` is `"2.67"`: the
/// double nearest 2.675 is 2.67499999999999982236431605997495353221893310546875.
/// A result that rounds to zero loses its minus sign, since "-0.0000" would suggest a sign the
/// reader cannot see. Not-a-number prints as `"nan"` and infinities as `"inf"` and `"-inf"`.
///
/// - Parameters:
///   - x: the number.
///   - decimals: digits after the decimal point; 0 prints no point. Negative counts as 0.
public func fixed(_ x: Double, _ decimals: Int) -> String {
    if let special = nonFiniteText(x) { return special }
    return droppingNegativeZero(cFormat("%.*f", decimals, x))
}

/// `x` in scientific notation with `decimals` digits after the point of the mantissa.
///
///     scientific(123456, 3)    // "1.235e+05"
///     scientific(-0.00042, 1)  // "-4.2e-04"
///
/// The same form as C's `%e` and Python's `"{:.3e}"`: one digit before the point and at least
/// two digits of exponent. Rounding, the sign of zero and non-finite values follow `fixed`.
public func scientific(_ x: Double, _ decimals: Int) -> String {
    if let special = nonFiniteText(x) { return special }
    return droppingNegativeZero(cFormat("%.*e", decimals, x))
}

/// "nan", "inf" or "-inf" for a non-finite `x`; `nil` for a finite one.
func nonFiniteText(_ x: Double) -> String? {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return nil
}

/// "-0.00" → "0.00", "-0.0e+00" → "0.0e+00": a minus sign in front of digits that are all zero.
private func droppingNegativeZero(_ text: String) -> String {
    guard text.hasPrefix("-") else { return text }
    var mantissa = Substring(text.dropFirst())
    if let e = mantissa.firstIndex(of: "e") { mantissa = mantissa[..<e] }
    return mantissa.allSatisfy({ $0 == "0" || $0 == "." }) ? String(text.dropFirst()) : text
}

/// One double through C's `printf` with a precision argument (`%.*f` or `%.*e`).
private func cFormat(_ format: String, _ decimals: Int, _ x: Double) -> String {
    let precision = CInt(clamping: max(0, decimals))
    // 64 bytes hold any `%e` and any `%f` below 1e40 with up to 20 decimals; larger ones ask
    // `vsnprintf` for the length it needs and try once more.
    var capacity = 64
    while true {
        var bytes = [CChar](repeating: 0, count: capacity)
        let needed = withVaList([precision, x]) { args in
            vsnprintf(&bytes, capacity, format, args)
        }
        if Int(needed) < capacity {
            return String(decoding: bytes[..<Int(needed)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        capacity = Int(needed) + 1
    }
}

/// `x` rounded to `digits` significant digits, written with a fixed number of decimals.
///
///     significant(0.0012345, 2)   // "0.0012"
///     significant(2.7456, 2)      // "2.7"
///     significant(1234.7, 3)      // "1235" (no decimals once the digits reach the point)
///
/// For numbers a chapter *trains*: the last bits of a trained loss depend on the CPU (BLAS and
/// the activation kernels choose code paths per machine), and a long run amplifies them, so what
/// a page records should keep only the digits every machine agrees on. Zero prints with
/// `digits - 1` decimals; rounding, the sign of zero and non-finite values follow `fixed`.
///
/// - Parameters:
///   - x: the number.
///   - digits: significant digits to keep (1 or more).
public func significant(_ x: Double, _ digits: Int) -> String {
    if let special = nonFiniteText(x) { return special }
    let kept = max(digits, 1)
    guard x != 0 else { return fixed(0, kept - 1) }
    let magnitude = Int(floor(log10(Swift.abs(x))))  // 10^magnitude ≤ |x| < 10^(magnitude+1)
    return fixed(x, max(kept - 1 - magnitude, 0))
}
