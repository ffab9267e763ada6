/// Escapes text for HTML element content and attribute values. Everything a chapter program
/// prints goes through this before it reaches a page. Control characters other than tab and
/// newline become their visible Unicode pictures (0x1E → ␞).
public func escapeHTML(_ s: some StringProtocol) -> String { escape(s, asCmark: false) }

/// Escapes a chapter's Markdown text as cmark-gfm does: `&`, `<`, `>` and `"` only (the page keeps
/// its `'` and bytes as cmark wrote them).
func escapeMarkdownText(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return s }
    return escape(s, asCmark: true)
}

private func escape(_ s: some StringProtocol, asCmark: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'" where !asCmark: out += "&#39;"
        case "\t", "\n", "\r": out.unicodeScalars.append(c)
        // Other control characters (a printed 0x1E, say) are shown as their Unicode pictures (␞).
        case "\u{0}"..."\u{1F}" where !asCmark: out.unicodeScalars.append(Unicode.Scalar(0x2400 + c.value)!)
        case "\u{7F}" where !asCmark: out += "\u{2421}"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}

/// The text of some HTML with its tags removed and entities for the five escaped characters decoded.
func stripTags(_ html: some StringProtocol) -> String {
    var out = ""
    var inTag = false
    for c in html {
        if c == "<" { inTag = true; continue }
        if c == ">" { inTag = false; out.append(" "); continue }
        if !inTag { out.append(c) }
    }
    return out.replacingAll("&lt;", with: "<").replacingAll("&gt;", with: ">").replacingAll("&quot;", with: "\"")
        .replacingAll("&#39;", with: "'").replacingAll("&amp;", with: "&")
}

/// A heading's anchor: lowercase letters and digits (any script), other runs turned into one dash.
func anchorSlug(_ text: String) -> String {
    var out = ""
    var dash = false
    for c in text.lowercased() {
        if c.isLetter || c.isNumber {
            if dash && !out.isEmpty { out.append("-") }
            out.append(c)
            dash = false
        } else {
            dash = true
        }
    }
    return out.isEmpty ? "section" : out
}

extension String {
    /// Every occurrence of `target` replaced, searched byte by byte in UTF-8 (Foundation's
    /// `range(of:)` compares grapheme clusters and was most of a no-op build's time).
    func replacingAll(_ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard let first = t.first else { return self }
        let bytes = Array(utf8)
        var out: [UInt8] = []
        var i = 0, copied = 0
        while i + t.count <= bytes.count {
            if bytes[i] == first && bytes[i..<(i + t.count)].elementsEqual(t) {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out.append(contentsOf: bytes[copied..<i])
                out.append(contentsOf: replacement.utf8)
                i += t.count
                copied = i
            } else {
                i += 1
            }
        }
        if copied == 0 { return self }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }
}
