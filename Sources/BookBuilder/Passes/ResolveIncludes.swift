/// Reads the library code that `include=PATH:NAME` blocks show, between their anchors. A missing
/// file or anchor is an error at the block's line.
struct ResolveIncludes: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        let (includes, errors) = resolveIncludes(document.blocks, root: context.options.root, file: document.source.path)
        document.authoring.includes = includes
        document.sink.report(errors, .authoring)
    }
}
