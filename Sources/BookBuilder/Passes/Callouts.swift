/// Block quotes that open with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
/// `[!CAUTION]` become callouts (GitHub's syntax), boxes with their title (`makeCallouts`).
struct Callouts: ChapterPass {
    func run(_ document: inout ChapterDocument, _ context: BookContext) {
        document.parsed.blocks = makeCallouts(document.parsed.blocks)
    }
}
