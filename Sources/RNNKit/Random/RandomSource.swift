/// A seeded random number generator that gives the same numbers on every machine and Swift version.
///
/// SplitMix64 (Steele, Lea and Flood 2014): a 64-bit counter advanced by a constant and mixed by
/// two multiply-xorshift rounds. Swift's own `SystemRandomNumberGenerator` is not seedable, and
/// the standard library's `Double.random(in:using:)` may change its algorithm between versions, so
/// doubles are built here from the top 53 bits: `Double(bits >> 11) · 2⁻⁵³`, uniform in `[0, 1)`.
///
/// Every random function of the library takes the generator as an argument, so a chapter's seed
/// is visible on its page: `var rng = RandomSource(seed: 42)`.
public struct RandomSource: RandomNumberGenerator, Sendable {
    /// The generator's state; the next output is a mix of `state + 0x9E3779B97F4A7C15`.
    public private(set) var state: UInt64

    /// A generator seeded with `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A double uniform in `[0, 1)`, from the top 53 bits.
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A double uniform in `[low, high)`.
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// A standard normal double, by the Box-Muller transform (one of the pair; the other is dropped
    /// so that each call consumes exactly two uniforms).
    public mutating func normal(mean: Double = 0, std: Double = 1) -> Double {
        let u1 = 1 - uniform()  // in (0, 1], so the log is finite
        let u2 = uniform()
        return mean + std * (-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2)
    }

    /// An integer uniform in `0..<n`, by rejection so that no value is favoured.
    public mutating func int(below n: Int) -> Int {
        guard n > 0 else { fatalError("RandomSource.int(below: \(n)): the bound must be at least 1") }
        let bound = UInt64(n)
        let limit = UInt64.max - UInt64.max % bound
        while true {
            let x = next()
            if x < limit { return Int(x % bound) }
        }
    }

    /// The indices `0..<n` in a random order (Fisher-Yates).
    public mutating func permutation(_ n: Int) -> [Int] {
        var a = Array(0..<n)
        if n < 2 { return a }
        for i in stride(from: n - 1, to: 0, by: -1) { a.swapAt(i, int(below: i + 1)) }
        return a
    }
}

extension Matrix {
    /// A matrix with entries uniform in `[low, high)`.
    public static func uniform(_ rows: Int, _ cols: Int, _ low: Double, _ high: Double, using rng: inout RandomSource) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.storage.count { m.storage[i] = rng.uniform(low, high) }
        return m
    }

    /// A matrix with normal entries.
    public static func normal(_ rows: Int, _ cols: Int, mean: Double = 0, std: Double = 1, using rng: inout RandomSource) -> Matrix {
        var m = Matrix(rows: rows, cols: cols)
        for i in 0..<m.storage.count { m.storage[i] = rng.normal(mean: mean, std: std) }
        return m
    }
}

#if canImport(Glibc)
    import Glibc
    @usableFromInline func _log(_ x: Double) -> Double { Glibc.log(x) }
    @usableFromInline func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#endif
