/// The numbers of a chapter's figures, equations and exercises ("Figure 4.2", "(4.3)",
/// "Exercise 4.1"): each kind counted from 1 in the chapter, prefixed by the chapter's number.
public struct ChapterNumbering: Sendable {
    var prefix = ""
    /// Labelled figures by (block index, ordinal among the block's figures).
    var figures: [BlockFigure: (label: FigureLabel, number: String)] = [:]
    /// `\tag{...}` of each labelled equation's math span.
    var equationTags: [Int: String] = [:]
    var equationLabels: [(name: String, line: Int, number: String)] = []
    var exercises: [Int: String] = [:]
    var figureTargets: [LabelTarget] = []
    /// The words of the figure captions and exercise titles.
    var words = PageWords.english

    struct BlockFigure: Hashable { var block: Int, ordinal: Int }

    init() {}

    init(authoring: AuthoringContext, slug: String, results: [BlockResult]) {
        prefix = authoring.chapterNumber.map { "\($0)." } ?? ""
        var global = 0
        var count = 0
        for (b, result) in results.enumerated() {
            var ordinal = 0
            for item in result.items {
                guard case .figure = item else { continue }
                if let label = authoring.figureLabels[global] {
                    count += 1
                    let number = "\(prefix)\(count)"
                    figures[BlockFigure(block: b, ordinal: ordinal)] = (label, number)
                    figureTargets.append(LabelTarget(name: label.label, number: number, page: "\(slug).html", file: "", line: label.line))
                }
                ordinal += 1
                global += 1
            }
        }
        for (k, equation) in authoring.marks.equations.enumerated() {
            let number = "\(prefix)\(k + 1)"
            if let math = equation.math { equationTags[math] = number }
            equationLabels.append((equation.name, equation.line, number))
        }
    }

    mutating func numberExercises(_ blocks: [CodeBlock]) {
        var k = 0
        for b in blocks where b.options.exercise {
            k += 1
            exercises[b.index] = words.text(.exercise, ["number": "\(prefix)\(k)"])
        }
    }

    func exerciseTitle(_ block: Int) -> String {
        exercises[block] ?? words.text(.exercise, ["number": ""]).trimmingCharacters(in: .whitespaces)
    }

    func equationTargets(page: String) -> [LabelTarget] {
        equationLabels.map { LabelTarget(name: $0.name, number: $0.number, page: page, file: "", line: $0.line) }
    }

    /// A figure, numbered and captioned when it was shown with a label.
    func renderFigure(_ svg: String, block: Int, ordinal: Int) -> String {
        guard let (label, number) = figures[BlockFigure(block: block, ordinal: ordinal)] else {
            return "<figure class=\"chart\">\n\(svg)</figure>\n"
        }
        let body = svg.hasSuffix("\n") ? svg : svg + "\n"
        return "<figure class=\"chart numbered\" id=\"\(escapeHTML(label.label))\">\n\(body)"
            + "<figcaption><span class=\"figure-number\">\(words.html(.figureCaption, ["number": number]))</span> \(escapeHTML(label.caption))</figcaption>\n</figure>\n"
    }
}
