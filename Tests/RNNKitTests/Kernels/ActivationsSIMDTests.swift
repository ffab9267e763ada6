import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

/// The vectorizable exp, sigmoid and tanh of the layers' hot loops, against the C library.
@Suite("activation kernels")
struct ActivationsSIMDTests {
    /// |a − b| in units in the last place of b (0 when equal, both NaN, or the same infinity).
    static func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if !a.isFinite || !b.isFinite { return .infinity }
        return abs(a - b) / b.ulp
    }

    /// `count` points evenly spread over `range`, plus a seeded random sample of it.
    static func points(_ range: ClosedRange<Double>, count: Int = 20_000) -> [Double] {
        var rng = RandomSource(seed: 11)
        let even = (0...count).map { range.lowerBound + (range.upperBound - range.lowerBound) * Double($0) / Double(count) }
        return even + (0..<count).map { _ in rng.uniform(range.lowerBound, range.upperBound) }
    }

    @Test("exp is within 2 ulp of glibc's from −745 to 709.7, subnormal results included")
    func expMatchesTheCLibrary() {
        for range in [-1.0...1.0, -40.0...40.0, -745.0...709.7, -1e-8...1e-8] {
            let worst = Self.points(range).map { Self.ulps(kernelExp($0), exp($0)) }.max()!
            #expect(worst <= 2, "range \(range): \(worst) ulp")
        }
    }

    @Test("tanh is within 2 ulp of glibc's, on both sides of the switch at |x| = 0.625")
    func tanhMatchesTheCLibrary() {
        for range in [-0.7...0.7, -25.0...25.0, -1e-8...1e-8, 0.62...0.63] {
            let worst = Self.points(range).map { Self.ulps(kernelTanh($0), tanh($0)) }.max()!
            #expect(worst <= 2, "range \(range): \(worst) ulp")
        }
    }

    @Test("sigmoid is within 2 ulp of sigmoid(_: Double)")
    func sigmoidMatchesTheScalarOne() {
        for range in [-1.0...1.0, -40.0...40.0, -740.0...740.0] {
            let worst = Self.points(range).map { Self.ulps(kernelSigmoid($0), sigmoid($0)) }.max()!
            #expect(worst <= 2, "range \(range): \(worst) ulp")
        }
    }

    @Test("the edges: overflow, underflow, infinities and NaN")
    func edges() {
        #expect(kernelExp(709.78) == exp(709.78))
        #expect(kernelExp(710) == .infinity && kernelExp(.infinity) == .infinity)
        #expect(kernelExp(-745.2) == 0 && kernelExp(-.infinity) == 0)
        #expect(kernelExp(-745) == exp(-745))  // the smallest subnormal, 5e-324
        #expect(kernelExp(0) == 1)
        #expect(kernelExp(.nan).isNaN && kernelTanh(.nan).isNaN && kernelSigmoid(.nan).isNaN)
        #expect(kernelTanh(30) == 1 && kernelTanh(-30) == -1 && kernelTanh(.infinity) == 1 && kernelTanh(-.infinity) == -1)
        #expect(kernelTanh(1e-300) == 1e-300 && kernelTanh(0) == 0)
        #expect(kernelSigmoid(800) == 1 && kernelSigmoid(-800) == 0 && kernelSigmoid(0) == 0.5)
        #expect(kernelSigmoid(.infinity) == 1 && kernelSigmoid(-.infinity) == 0)
    }

    @Test("the buffer loops apply the kernels entry by entry")
    func bufferLoops() {
        let xs = Self.points(-5.0...5.0, count: 100)
        var s = xs, t = xs
        s.withUnsafeMutableBufferPointer { applySigmoid($0.baseAddress!, count: $0.count) }
        t.withUnsafeMutableBufferPointer { applyTanh($0.baseAddress!, count: $0.count) }
        #expect(s == xs.map(kernelSigmoid) && t == xs.map(kernelTanh))
    }
}
