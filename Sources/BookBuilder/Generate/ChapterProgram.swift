/// Stage 5: generate one program per chapter.
///
/// The blocks run top to bottom in one scope, like notebook cells. Before each block the program
/// announces it (`_bookBlock`), and a `#sourceLocation` line makes every compiler error, trap
/// message and `check` name the chapter's own file and line. A `fails` block runs in a child
/// process (`_bookFailsBlock`), so its failure does not stop the chapter; a `norun` block is
/// compiled inside a branch that is never taken.
public func generateProgram(blocks: [CodeBlock], file: String) -> String {
    var out = "import RNNKit\n_bookStart()\n"
    for block in blocks {
        let location = "#sourceLocation(file: \"\(file)\", line: \(block.firstLine))\n"
        let code = block.code.hasSuffix("\n") || block.code.isEmpty ? block.code : block.code + "\n"
        out += "_bookBlock(\(block.index))\n"
        if block.options.norun {
            out += "if _bookNeverRun() {\n" + location + code + "#sourceLocation()\n}\n"
        } else if block.options.fails {
            out += "if _bookFailsBlock(\(block.index)) {\n" + location + code + "#sourceLocation()\n_bookFailsBlockDidNotFail()\n}\n"
        } else {
            out += location + code + "#sourceLocation()\n"
        }
    }
    out += "_bookEnd()\n"
    return out
}
