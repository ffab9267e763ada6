/// Compares what each block printed with its ```output block (numbers within a relative 1e-9, or
/// the block's own `tolerance=`): a difference is a warning at the output block, which
/// `make update` accepts. Under a rounding perturbation (`Options.perturbation`) the warning says
/// the output varies with rounding, and which number moved by how much.
struct CompareOutputs: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        for (block, result) in zip(document.blocks, document.results) {
            guard let expected = block.expected, result.ran else { continue }
            if let seed = context.options.perturbation,
                let difference = firstDifference(expected: expected.text, actual: result.printedText, tolerance: expected.tolerance)
            {
                document.sink.report(
                    Diagnostic(file: document.source.path, line: expected.fenceLine, .warning, difference.roundingMessage(seed: seed)),
                    .output)
            } else if let difference = compareOutput(expected: expected.text, actual: result.printedText, tolerance: expected.tolerance) {
                let beyond = expected.tolerance == .standard ? "" : " beyond its tolerance \(expected.tolerance.description)"
                document.sink.report(
                    Diagnostic(
                        file: document.source.path, line: expected.fenceLine, .warning,
                        "the block's output differs from its output block\(beyond): \(difference) (run `make update` to accept it)"),
                    .output)
            }
        }
    }
}
