/// The last line a block's cell covers: its closing fence, or the closing fence of its output block.
func blockEndLine(_ block: CodeBlock) -> Int {
    if let e = block.expected { return e.closingLine }
    return block.firstLine + block.code.split(separator: "\n", omittingEmptySubsequences: false).count
}

/// One cell: the code (unless hidden), then everything the block put out, in order.
func renderCell(
    _ block: CodeBlock, result: BlockResult, compileErrors: [Diagnostic], numbering: ChapterNumbering = ChapterNumbering(),
    include: IncludedCode? = nil
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
        out += renderInclude(include)
    } else if block.options.exercise {
        out += "<p class=\"exercise-label\">\(escapeHTML(numbering.exerciseTitle(block.index)))</p>\n" + pre
    } else if block.options.solution {
        out += "<details class=\"solution\"><summary>Show the solution</summary>\n" + pre
        closing = "</details>\n</div>\n"
    } else if block.options.hide {
        // Hidden setup code: nothing of it shows but its output.
    } else if block.options.fold {
        out += "<details class=\"fold\"><summary>Show code</summary>\n\(pre)</details>\n"
    } else {
        out += pre
    }
    if block.options.norun { out += "<p class=\"cell-note\">Compiled, not run.</p>\n" }
    if let reason = result.notRun { out += "<p class=\"cell-note not-run\">\(escapeHTML(reason))</p>\n" }
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
                "<p class=\"check \(passed ? "pass" : "fail")\" title=\"line \(line)\"><span class=\"mark\">\(mark)</span> \(escapeHTML(claim))</p>\n"
        case .figure(let svg):
            out += numbering.renderFigure(svg, block: block.index, ordinal: figureOrdinal)
            figureOrdinal += 1
        case .error(let message):
            out += "<pre class=\"error\">\(escapeHTML(message))</pre>\n"
        }
    }
    out += toleranceNote(block)
    return out + closing
}

/// The note under the output of a block whose ```output block allows its numbers to move
/// (`tolerance=`), so that a reader whose numbers differ knows by how much they may.
func toleranceNote(_ block: CodeBlock) -> String {
    guard let tolerance = block.expected?.tolerance, tolerance != .standard else { return "" }
    let what: String
    switch tolerance {
    case .relative: what = "by \(tolerance.description) of their value"
    case .absolute: what = "by \(tolerance.description)"
    }
    return "<p class=\"cell-note output-tolerance\">The numbers of this output may vary \(escapeHTML(what)) between machines: "
        + "other CPUs round differently, and training amplifies it.</p>\n"
}
