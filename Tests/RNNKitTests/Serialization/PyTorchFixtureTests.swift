import Testing

@testable import RNNKit

/// Files written by the reference implementation (`safetensors.numpy`, by
/// `Fixtures/make_safetensors.py`), read by the library.
@Suite("Safetensors written by Python")
struct PyTorchFixtureTests {
    /// `Tests/RNNKitTests/Fixtures/<name>`, found from this source file's path.
    static func fixture(_ name: String, file: String = #filePath) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // "Serialization/PyTorchFixtureTests.swift"
        return parts.joined(separator: "/") + "/Fixtures/" + name
    }

    @Test("nn.GRU's state dict from Python loads, and the GRU gives the outputs NumPy computed (to 1e-14)")
    func gruFromPython() throws {
        let state = try SafetensorsFile(contentsOf: Self.fixture("gru_state.safetensors"))
        #expect(state.metadata == ["format": "pt", "module": "torch.nn.GRU(3, 4)"])
        #expect(Set(state.names) == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        var rng = RandomSource(seed: 0)
        var gru = GRU(inputSize: 3, hiddenSize: 4, using: &rng)
        try gru.loadSafetensors(from: Self.fixture("gru_state.safetensors"))
        #expect(gru.weightIH.storage == state["weight_ih_l0"]!.values)
        #expect(gru.biasHH == state["bias_hh_l0"]!.matrix)

        let check = try SafetensorsFile(contentsOf: Self.fixture("gru_check.safetensors"))
        let input = check["input"]!, output = check["output"]!
        #expect(input.shape == [5, 2, 3] && output.shape == [5, 2, 4])  // (steps, batch, features): time-major
        let xs = (0..<5).map { t in Matrix(rows: 2, cols: 3, Array(input.values[(6 * t)..<(6 * t + 6)])) }
        let (hs, _, _) = gru.forward(xs)
        for t in 0..<5 {
            let expected = Matrix(rows: 2, cols: 4, Array(output.values[(8 * t)..<(8 * t + 8)]))
            #expect(hs[t].isClose(to: expected, tolerance: 1e-14), "step \(t)")
        }
        // The same weight stored as F32: widened, it is each Double rounded to a Float.
        let f32 = check["weight_ih_l0_f32"]!
        #expect(f32.dtype == .f32 && f32.shape == [12, 3])
        #expect(f32.values == gru.weightIH.storage.map { Double(Float($0)) })
    }
}
