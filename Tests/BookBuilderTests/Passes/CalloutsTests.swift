import Foundation
import Testing

@testable import BookBuilder

@Suite struct CalloutsTests {
    /// A quote opening with `[!TIP]` is a callout (the quote nested in it stays a quote); an
    /// unknown kind stays a quote with its text.
    @Test func calloutsOfEveryKindAndNested() throws {
        let body = try pageBody("> [!TIP]\n> First line.\n>\n> > inner\n\n> [!OTHER]\n")
        #expect(
            body
                == "<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>First line.</p>\n"
                + "<blockquote>\n<p>inner</p>\n</blockquote>\n</div>\n<blockquote>\n<p>[!OTHER]</p>\n</blockquote>\n")
        for kind in CalloutKind.allCases {
            let box = try pageBody("> [!\(kind.rawValue)]\n> Text.\n")
            #expect(
                box.hasPrefix(
                    "<div class=\"callout callout-\(kind.rawValue.lowercased())\" role=\"note\">\n<p class=\"callout-title\">\(kind.title)</p>\n<p>Text.</p>\n"
                ))
        }
    }

    /// The pass changes the document's tree; the marker on a line of its own goes with its line.
    @Test func thePassTurnsQuotesIntoCallouts() {
        let context = BookContext(options: Book.Options(root: URL(fileURLWithPath: "/nonexistent")), toolchain: nil, dataHash: "")
        let source = ChapterSource(path: testFile, slug: "01-test", text: "> [!NOTE]\n> Read this.\n")
        let document = Book.run(ChapterDocument(source: source), through: [ParseChapter()], context)
        #expect(
            document.parsed.blocks.first?.kind
                == .quote([
                    Block(
                        line: 1,
                        .paragraph([
                            Inline(line: 1, .text("[!NOTE]")), Inline(line: 1, .softBreak), Inline(line: 2, .text("Read this.")),
                        ]))
                ]))
        let after = Book.run(document, through: [Callouts()], context)
        #expect(
            after.parsed.blocks.first?.kind
                == .callout(.note, children: [Block(line: 2, .paragraph([Inline(line: 2, .text("Read this."))]))]))
    }
}
