/// The inline values that a run under the library's rounding perturbation computed differently
/// from the normal run: each a warning at its prose line, since a number in a sentence has no
/// tolerance and must hold at the precision it is printed at.
///
/// (Output blocks need no second run: the perturbed run is compared with them directly, see
/// `OutputDifference.roundingMessage`.)
public func inlineValuesVaryingWithRounding(
    normal: AuthoringContext, perturbed: AuthoringContext, file: String, seed: String
) -> [Diagnostic] {
    normal.marks.inlineValues.enumerated().compactMap { n, mark in
        guard let was = normal.inlineValues[n], let now = perturbed.inlineValues[n], was != now else { return nil }
        return Diagnostic(
            file: file, line: mark.line, .warning,
            "inline value varies with rounding: `\(mark.expression)` was '\(was)', became '\(now)' under perturbation \(seed); print it at a stable precision"
        )
    }
}
