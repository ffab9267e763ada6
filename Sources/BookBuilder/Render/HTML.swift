/// Escapes text for HTML element content and attribute values. Everything a chapter program
/// prints goes through this before it reaches a page.
public func escapeHTML(_ s: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
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
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
