import Foundation

/// One step of a chapter's way from its file to its page, as mdBook's preprocessors and
/// Documenter's pipeline stages are: it takes the chapter's document, does one thing to it, and
/// reports what it found in the document's diagnostics. `Book.chapterPasses` lists them in order.
///
/// A pass reads what earlier passes put in the document, never the page's HTML for what an
/// earlier pass meant. A thrown error is a failure of the builder, not of the chapter: it is
/// reported as an error of the chapter and the following passes still run.
public protocol ChapterPass: Sendable {
    func run(_ document: inout ChapterDocument, _ context: BookContext) throws
}

/// A step over all the chapters at once, after each has gone through the chapter passes:
/// what needs the whole book (cross-references, the KaTeX check).
public protocol BookPass: Sendable {
    func run(_ documents: inout [ChapterDocument], _ context: BookContext) throws
}

/// What every pass may read: where things are, the toolchain, and what the whole book shares.
public struct BookContext: Sendable {
    public var options: Book.Options
    /// The compiler and the library; nil reads and renders the chapters without running them.
    public var toolchain: Toolchain?
    /// A hash of the data files beside the chapters, part of every run's cache key.
    public var dataHash: String
    /// `Chapters/references.bib`, read once for the book.
    public var bibliography: Bibliography
    /// The words the renderer writes into pages (English; the Chinese edition's from its catalog).
    public var words = PageWords.english

    public init(options: Book.Options, toolchain: Toolchain?, dataHash: String, bibliography: Bibliography? = nil) {
        self.options = options
        self.toolchain = toolchain
        self.dataHash = dataHash
        self.bibliography =
            bibliography ?? Bibliography.load(from: options.chapters.appendingPathComponent("references.bib")).0
    }
}

extension Book {
    /// The fold: `document` through each pass in turn.
    public static func run(_ document: ChapterDocument, through passes: [any ChapterPass], _ context: BookContext) -> ChapterDocument {
        passes.reduce(into: document) { document, pass in
            do { try pass.run(&document, context) } catch {
                let message = "the builder's pass \(type(of: pass)) failed: \(error)"
                document.sink.report(Diagnostic(file: document.source.path, line: 0, message), .chapter)
            }
        }
    }
}
