/// What a segment computes or points to, which its translation must keep exactly: its inline
/// values (`` `{swift} expr` ``), formulas (`$...$`), cross-references (`@fig-x`, `@eq-x`,
/// `@sec-x`, `@tbl-x`), citation keys (`[@key]`) and link targets (`](url)`).
struct SegmentItems: Equatable {
    enum Kind: String, CaseIterable {
        case inline = "inline value"
        case formula
        case reference
        case citation
        case link = "link"
    }

    /// Each item as written, by kind, in order of appearance.
    var items: [Kind: [String]] = [:]

    init(_ text: String) {
        let c = Array(text)
        var j = 0
        while j < c.count {
            if c[j] == "\\" {
                j += 2
            } else if c[j] == "`" {
                j = codeSpan(c, j)
            } else if c[j] == "$" {
                j = formula(c, j)
            } else if c[j] == "@", j == 0 || !(c[j - 1].isLetter || c[j - 1].isNumber) {
                j = mention(c, j)
            } else if c[j] == "]", j + 1 < c.count, c[j + 1] == "(", let close = c[(j + 2)...].firstIndex(of: ")") {
                add(.link, String(c[(j + 2)..<close]))
                j = close + 1
            } else {
                j += 1
            }
        }
    }

    private mutating func add(_ kind: Kind, _ item: String) { items[kind, default: []].append(item) }

    /// A code span from its first backtick; an inline value when it reads `{swift} ...`.
    private mutating func codeSpan(_ c: [Character], _ j: Int) -> Int {
        let run = c[j...].prefix { $0 == "`" }.count
        var k = j + run
        while k < c.count {
            if c[k] == "`" {
                let close = c[k...].prefix { $0 == "`" }.count
                if close == run {
                    let body = String(c[(j + run)..<k]).trimmingCharacters(in: .whitespaces)
                    if body.hasPrefix("{swift}") { add(.inline, body) }
                    return k + close
                }
                k += close
            } else {
                k += 1
            }
        }
        return j + run
    }

    /// A formula from its `$` (or `$$`) to the matching one; a closing `$` is never followed by a
    /// digit (`costs $5 and $10` is text).
    private mutating func formula(_ c: [Character], _ j: Int) -> Int {
        let run = j + 1 < c.count && c[j + 1] == "$" ? 2 : 1
        var k = j + run
        while k < c.count {
            if c[k] == "\\" {
                k += 2
                continue
            }
            if c[k] == "$", run == 1 || (k + 1 < c.count && c[k + 1] == "$") {
                let after = k + run < c.count ? c[k + run] : " "
                if !after.isNumber {
                    add(.formula, String(c[j..<(k + run)]))
                    return k + run
                }
            }
            k += 1
        }
        return j + run
    }

    /// `@fig-x` and the other cross-references, or `@key` of a citation.
    private mutating func mention(_ c: [Character], _ j: Int) -> Int {
        var k = j + 1
        while k < c.count, c[k].isLetter || c[k].isNumber || "_-:.".contains(c[k]) { k += 1 }
        while k > j + 1, ".:-".contains(c[k - 1]) { k -= 1 }  // a sentence's full stop is not part of the key
        guard k > j + 1 else { return j + 1 }
        let name = String(c[(j + 1)..<k])
        let isReference = crossReferenceKinds.contains { name.hasPrefix($0.prefix) }
        add(isReference ? .reference : .citation, "@" + name)
        return k
    }
}

/// The problems of one catalog entry's translation: each item of the English text that the
/// translation lacks (or has fewer times), and each it adds, as errors at the msgstr's line.
func translationProblems(_ entry: CatalogEntry, path: String) -> [Diagnostic] {
    guard entry.isTranslated else { return [] }
    let english = SegmentItems(entry.msgid)
    let translated = SegmentItems(entry.msgstr[0])
    var problems: [Diagnostic] = []
    for kind in SegmentItems.Kind.allCases {
        let (missing, added) = unmatchedItems(english.items[kind] ?? [], translated.items[kind] ?? [])
        for item in missing {
            problems.append(
                Diagnostic(
                    file: path, line: entry.msgstrLine,
                    "the translation lacks the \(kind.rawValue) \(quoted(item)) of the English text (keep it exactly as written)"))
        }
        for item in added {
            problems.append(
                Diagnostic(
                    file: path, line: entry.msgstrLine,
                    "the translation has the \(kind.rawValue) \(quoted(item)), which the English text does not have"))
        }
    }
    return problems
}

/// The items of `english` that `translated` lacks (counted: an item twice in the English must be
/// there twice), and the items `translated` has beyond them; order within a text does not matter.
func unmatchedItems(_ english: [String], _ translated: [String]) -> (missing: [String], added: [String]) {
    var left = translated
    var missing: [String] = []
    for item in english {
        if let k = left.firstIndex(of: item) { left.remove(at: k) } else { missing.append(item) }
    }
    return (missing, left)
}

private func quoted(_ item: String) -> String { item.hasPrefix("{swift}") ? "`\(item)`" : "'\(item)'" }
