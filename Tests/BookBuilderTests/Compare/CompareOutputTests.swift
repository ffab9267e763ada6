import Testing

@testable import BookBuilder

// An ```output block against what its swift block printed: numbers agree within a relative
// tolerance of 1e-9, everything else must be identical.

@Suite struct CompareOutputTests {
    @Test func identicalTextAgrees() {
        #expect(compareOutput(expected: "loss 0.5\nstep 2\n", actual: "loss 0.5\nstep 2\n") == nil)
        #expect(compareOutput(expected: "", actual: "") == nil)
    }

    @Test func numbersWithinOneBillionthAgree() {
        #expect(compareOutput(expected: "loss 0.123456789012", actual: "loss 0.123456789013") == nil)
        #expect(compareOutput(expected: "1000000000", actual: "1000000000.5") == nil)
        #expect(compareOutput(expected: "-2.5 and 3", actual: "-2.5000000001 and 3.000000001") == nil)
    }

    @Test func differencesOfOneMillionthDoNotAgree() {
        let message = compareOutput(expected: "loss 0.500000", actual: "loss 0.500001")
        #expect(message == "output line 1: expected 'loss 0.500000', got 'loss 0.500001'")
        #expect(compareOutput(expected: "1.000001", actual: "1.000000") != nil)
        #expect(compareOutput(expected: "x = 1e-6", actual: "x = 1.000001e-6") != nil)
    }

    @Test func numbersNearZeroAgreeWithinTheTolerance() {
        #expect(compareOutput(expected: "0.0", actual: "1e-12") == nil)
        #expect(compareOutput(expected: "-0.0", actual: "0.0") == nil)
        #expect(compareOutput(expected: "0.0", actual: "1e-6") != nil)
    }

    @Test func exponentForms() {
        #expect(compareOutput(expected: "1e-3", actual: "0.001") == nil)
        #expect(compareOutput(expected: "2.5E+02", actual: "250.0") == nil)
        #expect(compareOutput(expected: "1.0e10", actual: "10000000000") == nil)
        #expect(compareOutput(expected: "grad 3.2e-05", actual: "grad 3.2000000000001e-05") == nil)
        #expect(compareOutput(expected: "grad 3.2e-05", actual: "grad 3.3e-05") != nil)
        // An `e` that starts a word is text, not an exponent.
        #expect(compareOutput(expected: "2 epochs", actual: "2 epochs") == nil)
        #expect(compareOutput(expected: "2 epochs", actual: "2.0000000000001 epochs") == nil)
    }

    @Test func textDifferencesDoNotAgree() {
        #expect(compareOutput(expected: "loss 0.5", actual: "Loss 0.5") == "output line 1: expected 'loss 0.5', got 'Loss 0.5'")
        #expect(compareOutput(expected: "a  b", actual: "a b") != nil)
        #expect(compareOutput(expected: "0.5 loss", actual: "0.5") != nil, "a number does not match a missing word")
        #expect(compareOutput(expected: "step 1", actual: "step one") != nil)
    }

    @Test func digitsInsideWordsAreText() {
        #expect(compareOutput(expected: "W1 hidden", actual: "W2 hidden") != nil)
        #expect(compareOutput(expected: "x_1", actual: "x_2") != nil)
        #expect(compareOutput(expected: "v1.2.3", actual: "v1.2.4") != nil)
    }

    @Test func theFirstDifferingLineIsNamed() {
        let expected = "a 1\nb 2\nc 3\n"
        #expect(compareOutput(expected: expected, actual: "a 1\nb 2\nc 4\n") == "output line 3: expected 'c 3', got 'c 4'")
    }

    @Test func missingAndExtraLines() {
        #expect(compareOutput(expected: "a\nb\n", actual: "a\n") == "output line 2: expected 'b', got no line")
        #expect(compareOutput(expected: "a\n", actual: "a\nb\n") == "output line 2: expected no line, got 'b'")
        #expect(compareOutput(expected: "", actual: "x\n") == "output line 1: expected no line, got 'x'")
    }

    @Test func trailingNewlinesAreIgnored() {
        #expect(compareOutput(expected: "a\nb", actual: "a\nb\n") == nil)
        #expect(compareOutput(expected: "a\nb\n\n\n", actual: "a\nb\n") == nil)
        #expect(compareOutput(expected: "", actual: "\n") == nil)
        // ...but not blank lines in the middle.
        #expect(compareOutput(expected: "a\n\nb\n", actual: "a\nb\n") != nil)
    }

    @Test func aLooserToleranceCanBeAsked() {
        #expect(compareOutput(expected: "0.5", actual: "0.5001", tolerance: .relative(1e-3)) == nil)
        #expect(compareOutput(expected: "0.5", actual: "0.51", tolerance: .relative(1e-3)) != nil)
    }

    @Test func tablesOfNumbers() {
        let expected = """
              t     h[0]      h[1]
              0   0.1234   -0.5678
              1   0.2345   -0.6789
            """
        #expect(compareOutput(expected: expected, actual: expected) == nil)
        let shifted = expected.replacingAll("-0.6789", with: "-0.6790")
        #expect(
            compareOutput(expected: expected, actual: shifted)
                == "output line 3: expected '  1   0.2345   -0.6789', got '  1   0.2345   -0.6790'")
    }
}
