/// The last line a block's cell covers: its closing fence, or the closing fence of its output block.
func blockEndLine(_ block: CodeBlock) -> Int {
    if let e = block.expected { return e.closingLine }
    return block.firstLine + block.code.split(separator: "\n", omittingEmptySubsequences: false).count
}

/// One cell: the code (unless hidden), then everything the block put out, in order.
func renderCell(
    _ block: CodeBlock, result: BlockResult, compileErrors: [Diagnostic], numbering: ChapterNumbering = ChapterNumbering(),
    include: IncludedCode? = nil, words: PageWords = .english
) -> String {
    var classes = ["cell"]
    if block.options.fails { classes.append("cell-fails") }
    if block.options.norun { classes.append("cell-norun") }
    if block.options.exercise { classes.append("cell-exercise") }
    if block.options.solution { classes.append("cell-solution") }
    if block.options.include != nil { classes.append("cell-include") }
    var out = "<div class=\"\(classes.joined(separator: " "))\" id=\"cell-\(block.index + 1)\">\n"
    let code = block.code.hasSuffix("\n") ? String(block.code.dropLast()) : block.code
    let pre = "<pre class=\"code\"><code class=\"language-swift\">\(escapeHTML(code))</code></pre>\n"
    var closing = "</div>\n"
    if block.options.include != nil {
        out += renderInclude(include, words: words)
    } else if block.options.exercise {
        out += "<p class=\"exercise-label\">\(escapeHTML(numbering.exerciseTitle(block.index)))</p>\n" + pre
    } else if block.options.solution {
        out += "<details class=\"solution\"><summary>\(words.html(.showSolution))</summary>\n" + pre
        closing = "</details>\n</div>\n"
    } else if block.options.hide {
        // Hidden setup code: nothing of it shows but its output.
    } else if block.options.fold {
        out += "<details class=\"fold\"><summary>\(words.html(.showCode))</summary>\n\(pre)</details>\n"
    } else {
        out += pre
    }
    if block.options.norun { out += "<p class=\"cell-note\">\(words.html(.compiledNotRun))</p>\n" }
    if let line = result.stoppedAt {
        out += "<p class=\"cell-note not-run\">\(words.html(.notRun, ["line": "\(line)"]))</p>\n"
    }
    for d in compileErrors {
        out += "<pre class=\"error\">\(escapeHTML(d.description))</pre>\n"
    }
    var figureOrdinal = 0
    for item in result.items {
        switch item {
        case .text(let t):
            let trimmed = t.hasSuffix("\n") ? String(t.dropLast()) : t
            out += "<pre class=\"output\">\(escapeHTML(trimmed))</pre>\n"
        case .check(let line, let claim, let passed):
            let mark = passed ? "✓" : "✗"
            out +=
                "<p class=\"check \(passed ? "pass" : "fail")\" title=\"\(words.html(.checkLine, ["line": "\(line)"]))\"><span class=\"mark\">\(mark)</span> \(escapeHTML(claim))</p>\n"
        case .figure(let svg):
            out += numbering.renderFigure(svg, block: block.index, ordinal: figureOrdinal)
            figureOrdinal += 1
        case .error(let message):
            out += "<pre class=\"error\">\(escapeHTML(message))</pre>\n"
        }
    }
    out += toleranceNote(block, words: words)
    return out + closing
}

/// The note under the output of a block whose ```output block allows its numbers to move
/// (`tolerance=`), so that a reader whose numbers differ knows by how much they may.
func toleranceNote(_ block: CodeBlock, words: PageWords = .english) -> String {
    guard let tolerance = block.expected?.tolerance, tolerance != .standard else { return "" }
    let word: PageWord
    switch tolerance {
    case .relative: word = .toleranceRelative
    case .absolute: word = .toleranceAbsolute
    }
    return "<p class=\"cell-note output-tolerance\">\(words.html(word, ["tolerance": escapeHTML(tolerance.description)]))</p>\n"
}
