/// The translated chapter with the English chapter's heading anchors, heading by heading (a
/// heading's anchor is made from its text, which the translation changed), so that `page#anchor`
/// lands on the same section in both editions and the language switch keeps the reader's place.
/// Labelled headings (`{#sec-x}`) have the same anchor in both already. When the two pages do not
/// have the same number of headings the translated anchors stay.
func sameAnchors(_ translated: RenderedChapter, as english: RenderedChapter) -> RenderedChapter {
    let mine = headingAnchors(translated.body)
    let theirs = headingAnchors(english.body)
    guard mine.count == theirs.count, mine != theirs else { return translated }
    var map: [String: String] = [:]
    for (t, e) in zip(mine, theirs) where t != e { map[t] = e }
    var out = translated
    out.body = replacingAnchors(out.body, map)
    out.contents = out.contents.map { ($0.level, map[$0.anchor] ?? $0.anchor, $0.html) }
    out.sections = out.sections.map { entry in
        var entry = entry
        entry.anchor = map[entry.anchor] ?? entry.anchor
        return entry
    }
    return out
}

/// The `id` of each heading of a rendered body, in order.
func headingAnchors(_ body: String) -> [String] {
    var anchors: [String] = []
    var cursor = body.startIndex
    while let open = body.range(of: "<h", range: cursor..<body.endIndex) {
        cursor = open.upperBound
        let rest = body[open.upperBound...]
        guard let level = rest.first, ("1"..."6").contains(level), rest.dropFirst().hasPrefix(" id=\"") else { continue }
        let start = rest.index(rest.startIndex, offsetBy: 6)
        guard let end = rest[start...].firstIndex(of: "\"") else { break }
        anchors.append(String(rest[start..<end]))
        cursor = end
    }
    return anchors
}

/// `body` with each `id="a"` and `href="#a"` whose anchor `map` has replaced, in one pass (a
/// replaced anchor is never replaced again).
func replacingAnchors(_ body: String, _ map: [String: String]) -> String {
    let openers = ["id=\"", "href=\"#"]
    var next = openers.map { body.range(of: $0) }
    var out = ""
    var cursor = body.startIndex
    while let k = next.indices.filter({ next[$0] != nil }).min(by: { next[$0]!.lowerBound < next[$1]!.lowerBound }) {
        let hit = next[k]!
        guard let end = body[hit.upperBound...].firstIndex(of: "\"") else { break }
        let anchor = String(body[hit.upperBound..<end])
        out += body[cursor..<hit.upperBound]
        out += map[anchor] ?? anchor
        cursor = end
        for j in next.indices where next[j] != nil && next[j]!.lowerBound < end {
            next[j] = body.range(of: openers[j], range: end..<body.endIndex)
        }
    }
    out += body[cursor...]
    return out
}
