// A diagram without a title (one shown under a caption, see Figure+Caption.swift) starts at its
// topmost drawing, not at the band its author left free for the title.

extension Diagram {
    /// The topmost y of anything drawn: regions, node outlines and labels, arrows and their
    /// labels, free labels (text reaches about one font size above its baseline).
    var contentTop: Double {
        var tops = regions.map(\.y) + labels.map { $0.y - $0.size }
        for n in nodes {
            switch n.shape {
            case .box(_, let h): tops.append(n.y - h / 2)
            case .circle(let r): tops.append(n.y - r)
            case .text: tops.append(n.y + 4.5 - 13)
            }
        }
        for a in arrows {
            let points = Diagram.points(of: a)
            tops += points.map(\.1)
            if !a.label.isEmpty { tops.append(Diagram.midpoint(points).1 + a.labelOffset.1 - 12) }
        }
        return tops.min() ?? 0
    }

    /// How much of the top to leave out: the free band above the drawing, less a 10-pixel margin;
    /// nothing when the diagram has a title (which sits in that band).
    var croppedTop: Double { title.isEmpty ? max(0, (contentTop - 10).rounded(.down)) : 0 }
}
