/// Book-wide: every chapter's labels (figures, equations, sections) in one table, and each
/// `@fig-x` of every page a link with its number ("Figure 4.2"); see `resolveCrossReferences`.
struct ResolveCrossReferences: BookPass {
    func run(_ documents: inout [ChapterDocument], _ context: BookContext) {
        documents = resolveCrossReferences(documents, partial: !context.options.only.isEmpty)
    }
}
