import Foundation
import Testing

@testable import BookBuilder

// Every block of every chapter, run for real: a chapter that no longer compiles, traps, fails a
// check, hangs or prints something other than its ```output block fails here, at its own
// `Chapters/NN-x.md:LINE`.

/// The package root: three folders above this file.
let bookRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The library, built once in release mode in its own scratch folder: `swift test` holds the
/// lock on `.build`, so building there would wait forever.
let chapterToolchain = Result {
    try Toolchain.prepare(root: bookRoot, scratchPath: bookRoot.appendingPathComponent(".build-chapters").path)
}

/// The chapter files, sorted.
func chapterFiles() -> [String] {
    let dir = bookRoot.appendingPathComponent("Chapters")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter(isChapterFileName).sorted()
}

@Test func theBookHasChapters() {
    #expect(chapterFiles().count >= 1)
}

@Test(arguments: chapterFiles())
func chapterRunsAndMatches(_ name: String) throws {
    let toolchain = try chapterToolchain.get()
    var options = Book.Options(root: bookRoot, useCache: false)
    options.work = bookRoot.appendingPathComponent(".build-chapters/work")
    let bytes = [UInt8](try Data(contentsOf: options.chapters.appendingPathComponent(name)))
    let source = try decodeChapter(bytes, path: "Chapters/\(name)", slug: String(name.dropLast(3))).get()
    let outcome = Book.process(source, toolchain: toolchain, options: options, dataHash: "")

    for d in outcome.diagnostics.filter({ $0.severity == .error }) + outcome.mismatches {
        Issue.record(
            Comment(rawValue: d.description),
            sourceLocation: SourceLocation(
                fileID: "RNNBook/\(d.file)", filePath: bookRoot.appendingPathComponent(d.file).path, line: max(d.line, 1), column: 1))
    }
    // Every block that is meant to run did run.
    for (block, result) in zip(outcome.blocks, outcome.results) where !block.options.norun {
        #expect(result.ran, "block at \(source.path):\(block.fenceLine) did not run")
    }
    if let seconds = outcome.runSeconds { print("\(source.path): ran in \(String(format: "%.2f", seconds)) s") }
}

/// Every chapter's math is balanced under the builder's dollar rules (a warning would leave a
/// formula as raw text on its page).
@Test(arguments: chapterFiles())
func chapterMathIsBalanced(_ name: String) throws {
    let text = String(decoding: try Data(contentsOf: bookRoot.appendingPathComponent("Chapters/\(name)")), as: UTF8.self)
    let shielded = shieldMath(text, file: "Chapters/\(name)")
    #expect(shielded.warnings.isEmpty, "\(shielded.warnings)")
    // KaTeX reads every formula (checked when Node.js is installed).
    let katex = checkMath(shielded.math.map { ("Chapters/\(name)", $0) }, cache: nil)
    #expect(katex.isEmpty, "\(katex)")
    print("\(name): \(shielded.math.count) formulas")
}
