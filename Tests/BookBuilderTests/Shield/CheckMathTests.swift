import Foundation
import Testing

@testable import BookBuilder

// KaTeX's errors at build time, as warnings at the formula's line (when Node.js is installed).
@Suite(.enabled(if: (try? findExecutable("node")) != nil, "needs Node.js")) struct CheckMathTests {
    @Test func anUnknownMacroIsAWarningAtItsLine() {
        let shielded = shieldMath("Fine $x_1$.\n\nBad $\\foo{x}$ and $$\\frac{a}{b$$.\n", file: testFile)
        let warnings = checkMath(shielded.math.map { (testFile, $0) }, cache: nil)
        #expect(warnings.map(\.line) == [3, 3])
        #expect(warnings.first?.severity == .warning)
        #expect(warnings.first?.message.contains("Undefined control sequence: \\foo") == true, "\(warnings)")
    }
}
