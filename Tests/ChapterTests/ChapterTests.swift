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

/// Each chapter program is compiled once for this process and run three times: normally
/// (`chapterRunsAndMatches`) and under two rounding perturbations (`PerturbationTests.swift`).
let compiledChapters = CompiledPrograms()

/// Runs chapter `name` (`05-lstm.md`) afresh: with the normal arithmetic when `perturbation` is
/// nil, else under the library's rounding perturbation with that seed.
func runChapter(_ name: String, perturbation: String?) throws -> ChapterDocument {
    let toolchain = try chapterToolchain.get()
    var options = Book.Options(root: bookRoot, useCache: false)
    options.work = bookRoot.appendingPathComponent(".build-chapters/work")
    options.perturbation = perturbation
    options.compiledPrograms = compiledChapters
    let bytes = [UInt8](try Data(contentsOf: options.chapters.appendingPathComponent(name)))
    let source = try decodeChapter(bytes, path: "Chapters/\(name)", slug: String(name.dropLast(3))).get()
    return Book.process(source, toolchain: toolchain, options: options, dataHash: "")
}

/// Every chapter's normal run, made once and shared by the tests that need it.
final class NormalRuns: @unchecked Sendable {
    static let shared = NormalRuns()
    private let lock = NSLock()
    private var locks: [String: NSLock] = [:]
    private var outcomes: [String: Result<ChapterDocument, any Error>] = [:]

    func outcome(_ name: String) throws -> ChapterDocument {
        lock.lock()
        let chapterLock = locks[name] ?? NSLock()
        locks[name] = chapterLock
        lock.unlock()
        chapterLock.lock()
        defer { chapterLock.unlock() }
        if let done = lock.withLock({ outcomes[name] }) { return try done.get() }
        let fresh = Result { try runChapter(name, perturbation: nil) }
        lock.withLock { outcomes[name] = fresh }
        return try fresh.get()
    }
}

/// Records `d` as a test issue at its chapter line, `context` before its message.
func recordIssue(_ d: Diagnostic, context: String = "") {
    Issue.record(
        Comment(rawValue: context + d.description),
        sourceLocation: SourceLocation(
            fileID: "RNNBook/\(d.file)", filePath: bookRoot.appendingPathComponent(d.file).path, line: max(d.line, 1), column: 1))
}

@Test(arguments: chapterFiles())
func chapterRunsAndMatches(_ name: String) throws {
    let outcome = try NormalRuns.shared.outcome(name)
    for d in outcome.diagnostics.filter({ $0.severity == .error }) + outcome.mismatches { recordIssue(d) }
    // Every block that is meant to run did run.
    for (block, result) in zip(outcome.blocks, outcome.results) where !block.options.norun {
        #expect(result.ran, "block at \(outcome.source.path):\(block.fenceLine) did not run")
    }
    if let seconds = outcome.runSeconds { print("\(outcome.source.path): ran in \(String(format: "%.2f", seconds)) s") }
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
