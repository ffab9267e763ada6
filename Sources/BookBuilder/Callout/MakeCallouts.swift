/// Turns block quotes whose first line is `[!NOTE]` (or TIP, IMPORTANT, WARNING, CAUTION) into
/// callouts, at any depth: the marker goes, with the line end after it, and a first paragraph
/// that held nothing else goes too. Other block quotes stay.
///
///     > [!TIP]
///     > Clip the gradient before each step.
func makeCallouts(_ blocks: [Block]) -> [Block] {
    blocks.map { block in
        var block = block
        switch block.kind {
        case .quote(let children):
            let children = makeCallouts(children)
            if let (kind, rest) = calloutMarker(children) {
                block.kind = .callout(kind, children: rest)
            } else {
                block.kind = .quote(children)
            }
        case .callout(let kind, let children):
            block.kind = .callout(kind, children: makeCallouts(children))
        case .list(let style, let tight, let items):
            block.kind = .list(
                style, tight: tight, items: items.map { ListItem(line: $0.line, task: $0.task, blocks: makeCallouts($0.blocks)) })
        default:
            break
        }
        return block
    }
}

/// The callout kind a quote's first paragraph names, and the quote's blocks without the marker.
private func calloutMarker(_ children: [Block]) -> (CalloutKind, [Block])? {
    guard let first = children.first, case .paragraph(var inlines) = first.kind, case .text(let text) = inlines.first?.kind,
        text.hasPrefix("[!"), let kind = CalloutKind.allCases.first(where: { text.hasPrefix("[!\($0.rawValue)]") })
    else { return nil }
    let rest = text.dropFirst(kind.rawValue.count + 3)
    if rest.isEmpty {
        inlines.removeFirst()
        if inlines.first?.kind == .softBreak { inlines.removeFirst() }
    } else {
        inlines[0].kind = .text(String(rest))
    }
    var blocks = children
    if inlines.isEmpty {
        blocks.removeFirst()
    } else {
        blocks[0].kind = .paragraph(inlines)
        blocks[0].line = inlines[0].line
    }
    return (kind, blocks)
}
