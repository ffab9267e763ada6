/// Book-wide, for `book build`: KaTeX reads every formula of the book (when Node.js is
/// installed); a formula it cannot read is a warning at its line, in the terminal only (the page
/// shows it in red, with its source).
struct CheckMathWithKaTeX: BookPass {
    func run(_ documents: inout [ChapterDocument], _ context: BookContext) {
        let katex = checkMath(documents.flatMap { d in d.math.map { (d.source.path, $0) } }, cache: context.options.cache)
        for i in documents.indices {
            documents[i].sink.report(katex.filter { $0.file == documents[i].source.path }, .mathCheck)
        }
    }
}
