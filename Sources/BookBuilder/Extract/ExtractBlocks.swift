import Foundation

/// Stage 4: extract blocks and options. Turns the parsed fences into the chapter's swift blocks,
/// each with its options and the ```output block that follows it.
///
/// Errors (all at the fence's line): an unknown option (of a swift or an output block), `hide`
/// with `fold`, an output block that does not directly follow a swift block, an exercise without
/// a solution right after it, a solution without an exercise right before it. A block with a bad
/// option is kept (its code is still shown) with default options; the errors come back beside the
/// blocks.
public func extractBlocks(_ parsed: ParsedDocument, file: String) -> (blocks: [CodeBlock], errors: [Diagnostic]) {
    var blocks: [CodeBlock] = []
    var errors: [Diagnostic] = []
    var blockOfFence: [Int: Int] = [:]
    for (n, fence) in parsed.fences.enumerated() {
        let words = fenceWords(fence.info)
        guard let language = words.first else { continue }
        if let intended = nearMiss(fence.info) {
            errors.append(
                Diagnostic(
                    file: file, line: fence.startLine, .warning,
                    "this fence reads '```\(fence.info)', which is not a \(intended) block, so it is shown as plain code\(intended == "swift" ? " and not run" : ""); write '```\(intended)' and options after a space (e.g. '```swift fold')"
                ))
        }
        if language == "swift" {
            var options = BlockOptions()
            do {
                options = try parseOptions(Array(words.dropFirst()), file: file, line: fence.startLine)
            } catch {
                errors.append(error)
            }
            if options.solution && !(blocks.last?.options.exercise ?? false) {
                errors.append(
                    Diagnostic(
                        file: file, line: fence.startLine,
                        "a 'solution' block must follow an 'exercise' block (its output block may come between)"))
            }
            if options.include != nil && !fence.literal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                errors.append(
                    Diagnostic(file: file, line: fence.startLine, "an include block shows the file's lines: leave its body empty"))
            }
            blockOfFence[n] = blocks.count
            blocks.append(CodeBlock(index: blocks.count, fenceLine: fence.startLine, code: fence.literal, options: options))
        } else if language == "output" {
            var tolerance = OutputTolerance.standard
            do {
                tolerance = try parseOutputOptions(Array(words.dropFirst()), file: file, line: fence.startLine)
            } catch {
                errors.append(error)
            }
            guard let prev = fence.followsFence, let b = blockOfFence[prev] else {
                errors.append(Diagnostic(file: file, line: fence.startLine, "an output block must directly follow a swift block"))
                continue
            }
            blocks[b].expected = ExpectedOutput(
                text: fence.literal, fenceLine: fence.startLine, closingLine: fence.endLine, tolerance: tolerance)
        }
    }
    for block in blocks where block.options.exercise && !(block.index + 1 < blocks.count && blocks[block.index + 1].options.solution) {
        errors.append(
            Diagnostic(
                file: file, line: block.fenceLine,
                "this 'exercise' block has no 'solution' block after it: write its solution in a ```swift solution block right below (its output block may come between)"
            ))
    }
    return (blocks, errors)
}

/// Parses the option words of a ```swift fence.
public func parseOptions(_ words: [String], file: String, line: Int) throws(Diagnostic) -> BlockOptions {
    var options = BlockOptions()
    for word in words {
        switch word {
        case "hide": options.hide = true
        case "fold": options.fold = true
        case "norun": options.norun = true
        case "fails": options.fails = true
        case "exercise": options.exercise = true
        case "solution": options.solution = true
        case _ where word.hasPrefix("include="):
            let spec = String(word.dropFirst("include=".count))
            guard let colon = spec.lastIndex(of: ":"), colon != spec.startIndex, spec.index(after: colon) != spec.endIndex else {
                throw Diagnostic(
                    file: file, line: line, "an include names a file and an anchor: include=PATH:NAME, found '\(word)'")
            }
            options.include = spec
        default:
            let hint = nearestName(to: word, among: BlockOptions.known).map { "; did you mean '\($0)'?" } ?? ""
            throw Diagnostic(
                file: file, line: line,
                "unknown block option '\(word)' (known: \(BlockOptions.known.joined(separator: ", ")))\(hint)")
        }
    }
    if options.hide && options.fold {
        throw Diagnostic(file: file, line: line, "a block cannot be both 'hide' and 'fold'")
    }
    if options.norun && options.fails {
        throw Diagnostic(file: file, line: line, "a 'norun' block never runs, so it cannot be 'fails'")
    }
    if options.exercise && options.solution {
        throw Diagnostic(file: file, line: line, "a block cannot be both 'exercise' and 'solution'")
    }
    if options.include != nil && words.count > 1 {
        throw Diagnostic(file: file, line: line, "an include block takes no other option (it is shown, never run)")
    }
    return options
}

/// Parses the option words of an ```output fence: at most one `tolerance=20%` (relative) or
/// `tolerance=0.01` (absolute); anything else is an error at the fence's line.
public func parseOutputOptions(_ words: [String], file: String, line: Int) throws(Diagnostic) -> OutputTolerance {
    var tolerance: OutputTolerance?
    for word in words {
        guard word.hasPrefix("tolerance=") else {
            throw Diagnostic(
                file: file, line: line,
                "unknown output block option '\(word)' (known: tolerance=20% for a relative tolerance, tolerance=0.01 for an absolute one)")
        }
        guard tolerance == nil else { throw Diagnostic(file: file, line: line, "an output block takes one tolerance, found two") }
        guard let parsed = OutputTolerance(option: String(word.dropFirst("tolerance=".count))) else {
            throw Diagnostic(
                file: file, line: line,
                "'\(word)' is not a tolerance: write a percentage (tolerance=20%) or an absolute amount (tolerance=0.01), greater than 0")
        }
        tolerance = parsed
    }
    return tolerance ?? .standard
}

/// The words of a fence's info string (`swift fold` → `["swift", "fold"]`), split at spaces and
/// tabs. Parse, extract and render must agree on them, or the cells shift.
func fenceWords(_ info: String) -> [String] {
    info.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
}

/// The language of a fence: the first word of its info string, or "" when it has none.
func fenceLanguage(_ info: String) -> String { fenceWords(info).first ?? "" }

/// The block kind a fence's info string seems meant to be but is not (```Swift, ```swift,fold,
/// ```{swift}, ```swift{fold}, ```Output), or nil.
func nearMiss(_ info: String) -> String? {
    let first = fenceWords(info).first ?? ""
    if first == "swift" || first == "output" { return nil }
    let letters = first.lowercased().drop { $0 == "{" || $0 == "." }
    for kind in ["swift", "output"] where letters.hasPrefix(kind) {
        let rest = letters.dropFirst(kind.count)
        if rest.isEmpty || rest.first == "," || rest.first == "{" || rest.first == "}" || rest.first == ":" { return kind }
    }
    return nil
}
