// Chart text in the chapter's notation, and its estimated width. A label is written as the prose
// writes its math, with TeX's `_` and `^`: `"W_hh"`, `"h_{t-1}"`, `"‖∂h_T/∂h_k‖"`, `"W_hh^s"`. The
// canvas draws the subscript and superscript smaller and lowered or raised (SVG `<tspan>`s), and
// the letter they hang on in italics, as the page's KaTeX draws the same symbol. Text without `_`
// or `^` is drawn as it is.

/// One run of a label: plain text, an italic variable, a subscript or a superscript.
enum LabelRun: Equatable {
    case plain(String)
    case variable(String)
    case sub(String)
    case sup(String)

    var text: String {
        switch self {
        case .plain(let s), .variable(let s), .sub(let s), .sup(let s): return s
        }
    }
}

/// The runs of `label`. After `_` or `^` comes a braced group (`{t-1}`) or a run of letters and
/// digits (`hh`, `T`, `12`); a letter standing alone right before it (not the end of a word:
/// `x_t`, `∂h_T`, but not `max_t`) is the variable it belongs to. A `_` or `^` with nothing
/// after it stays text.
func labelRuns(_ label: String) -> [LabelRun] {
    let chars = Array(label)
    var runs: [LabelRun] = []
    var plain = ""
    var i = 0
    func flush() {
        if !plain.isEmpty { runs.append(.plain(plain)) }
        plain = ""
    }
    while i < chars.count {
        let c = chars[i]
        guard c == "_" || c == "^", let (script, next) = scriptText(chars, from: i + 1) else {
            plain.append(c)
            i += 1
            continue
        }
        // The letter before, when it stands alone, is the variable: italic.
        // (Latin and lower-case Greek letters: an upper-case Greek letter, Σ, stays upright, as in TeX.)
        if let last = plain.last, last.isLetter, last.isASCII || (last.isGreek && last.isLowercase) {
            let before = plain.dropLast().last
            if before == nil || !(before!.isLetter || before!.isNumber) {
                plain.removeLast()
                flush()
                runs.append(.variable(String(last)))
            }
        }
        flush()
        runs.append(c == "_" ? .sub(script) : .sup(script))
        i = next
    }
    flush()
    return runs
}

/// The text of a sub- or superscript that starts at `start`, and the index after it.
private func scriptText(_ chars: [Character], from start: Int) -> (String, Int)? {
    guard start < chars.count else { return nil }
    if chars[start] == "{" {
        guard let close = chars[start...].firstIndex(of: "}"), close > start + 1 else { return nil }
        return (String(chars[(start + 1)..<close]), close + 1)
    }
    var end = start
    while end < chars.count, chars[end].isLetter || chars[end].isNumber { end += 1 }
    return end > start ? (String(chars[start..<end]), end) : nil
}

extension Character {
    fileprivate var isGreek: Bool { unicodeScalars.allSatisfy { (0x370...0x3FF).contains($0.value) } }
}

/// The label as a reader sees it, without the markup: what a screen reader and the width
/// estimate get (`"W_{hh}"` is `"Whh"`).
func plainLabel(_ label: String) -> String { labelRuns(label).map(\.text).joined() }

/// The size of a sub- or superscript of text at `fontSize`: three quarters of it, but not below
/// 11 (chart text stays at least 11 px where the chart is drawn at its natural size), and never
/// larger than the text itself.
func scriptSize(_ fontSize: Double) -> Double { min(fontSize, max(11, fontSize * 0.75)) }

/// The label as SVG text content: escaped, each script in a `<tspan>` shifted by a fraction of
/// `fontSize` and set at `scriptSize(fontSize)`, the next run shifted back.
func labelMarkup(_ label: String, fontSize: Double) -> String {
    let runs = labelRuns(label)
    guard runs.contains(where: { if case .plain = $0 { return false } else { return true } }) else { return xmlEscaped(label) }
    var out = ""
    var shift = 0.0  // how far the baseline is moved now (down is positive)
    for run in runs {
        let target: Double
        switch run {
        case .sub: target = fontSize * 0.3
        case .sup: target = -fontSize * 0.4
        case .plain, .variable: target = 0
        }
        var attributes = ""
        if target != shift { attributes += " dy=\"\(coordinate(target - shift))\"" }
        switch run {
        case .sub, .sup: attributes += " font-size=\"\(coordinate(scriptSize(fontSize)))\""
        case .variable: attributes += " font-style=\"italic\""
        case .plain: break
        }
        shift = target
        out += attributes.isEmpty ? xmlEscaped(run.text) : "<tspan\(attributes)>\(xmlEscaped(run.text))</tspan>"
    }
    return out
}

/// The estimated width of `text` at `fontSize` in a sans-serif font (Helvetica, Arial,
/// Liberation Sans and DejaVu Sans are all within about 10% of these widths, in em).
/// Sub- and superscripts (`x_t`) count at their drawn size.
func textWidth(_ text: String, fontSize: Double = XYPlot.fontSize) -> Double {
    let runs = labelRuns(text)
    if runs.count > 1 || runs.first.map({ if case .plain = $0 { return false } else { return true } }) == true {
        return runs.reduce(0) { total, run in
            switch run {
            case .sub(let s), .sup(let s): return total + plainTextWidth(s, fontSize: scriptSize(fontSize))
            case .plain(let s), .variable(let s): return total + plainTextWidth(s, fontSize: fontSize)
            }
        }
    }
    return plainTextWidth(text, fontSize: fontSize)
}

private func plainTextWidth(_ text: String, fontSize: Double) -> Double {
    var em = 0.0
    for ch in text.unicodeScalars {
        switch ch {
        case " ", "i", "j", "l", "!", "|", ".", ",", ":", ";", "'": em += 0.28
        case "f", "t", "r", "I", "-", "(", ")", "[", "]": em += 0.36
        case "m", "w": em += 0.85
        case "M", "W": em += 0.92
        case "A"..."Z": em += 0.7
        case "a"..."z": em += 0.56
        case "0"..."9": em += 0.56
        default:
            // Wide East Asian characters take a full em; other symbols about two thirds.
            em += (0x1100...0x115F).contains(ch.value) || (0x2E80...0xFFEF).contains(ch.value) ? 1.0 : 0.65
        }
    }
    return em * fontSize
}
