import Testing

@testable import RNNKit

@Suite struct ClippingTests {
    @Test func clipByNormAboveTheThreshold() {
        var g = Gradients([Matrix(row: [3, 0]), Matrix(row: [0, 4])])  // global norm 5
        let before = clipGradientsByNorm(&g, maxNorm: 1)
        #expect(before == 5)  // the norm before clipping is returned
        let coef = 1 / (5 + 1e-6)
        #expect(g.values[0] == Matrix(row: [3 * coef, 0]) && g.values[1] == Matrix(row: [0, 4 * coef]))
        #expect(abs(g.globalNorm - 1) < 1e-6 && g.globalNorm < 1)  // a hair below maxNorm
    }

    @Test func clipByNormBelowTheThresholdLeavesGradientsUntouchedBitForBit() {
        var rng = RandomSource(seed: 11)
        let original = Gradients([Matrix.normal(3, 3, using: &rng) * 0.1, Matrix.normal(1, 3, using: &rng) * 0.1])
        var g = original
        let norm = clipGradientsByNorm(&g, maxNorm: 10)
        #expect(norm == original.globalNorm)
        for (a, b) in zip(g.values, original.values) {
            #expect(a.storage.map(\.bitPattern) == b.storage.map(\.bitPattern))
        }
        // At exactly the threshold, coef = c / (c + 1e-6) < 1, so PyTorch (and the library) scale.
        var h = Gradients([Matrix(row: [3, 4])])
        clipGradientsByNorm(&h, maxNorm: 5)
        #expect(h.values[0][0, 0] < 3)
    }

    @Test func clipByValueClampsEachEntry() {
        var g = Gradients([Matrix(row: [-7, -0.5, 0, 0.2, 9])])
        clipGradientsByValue(&g, limit: 1)
        #expect(g.values[0] == Matrix(row: [-1, -0.5, 0, 0.2, 1]))
    }
}
