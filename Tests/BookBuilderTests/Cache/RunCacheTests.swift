import Foundation
import Testing

@testable import BookBuilder

// The run cache: a key per chapter run, stored as JSON, that changes with the program, the
// library, the compiler, the time budget and the data files, and with nothing else.

@Suite struct RunCacheTests {
    /// A toolchain over a stand-in library folder (a fake `libRNNKit.so`); nothing is compiled.
    func fakeToolchain(in dir: URL, library: String = "binary v1") throws -> Toolchain {
        let lib = dir.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: lib, withIntermediateDirectories: true)
        try Data(library.utf8).write(to: lib.appendingPathComponent("libRNNKit.so"))
        return try Toolchain(root: dir, libraryDirectory: lib)
    }

    @Test func keyChangesWithEveryInputOfARun() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let toolchain = try fakeToolchain(in: dir)
        let base = RunCache.key(program: "print(1)\n", toolchain: toolchain, timeout: 120, dataHash: "d")
        #expect(base == RunCache.key(program: "print(1)\n", toolchain: toolchain, timeout: 120, dataHash: "d"))
        #expect(base.count == 32)

        #expect(base != RunCache.key(program: "print(2)\n", toolchain: toolchain, timeout: 120, dataHash: "d"), "program")
        var otherCompiler = toolchain
        otherCompiler.compilerVersion += " (patched)"
        #expect(base != RunCache.key(program: "print(1)\n", toolchain: otherCompiler, timeout: 120, dataHash: "d"), "compiler")
        #expect(base != RunCache.key(program: "print(1)\n", toolchain: toolchain, timeout: 5, dataHash: "d"), "time budget")
        #expect(base != RunCache.key(program: "print(1)\n", toolchain: toolchain, timeout: 120, dataHash: "e"), "data files")
    }

    @Test func aRebuiltLibraryChangesTheKey() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let v1 = try fakeToolchain(in: dir, library: "binary v1")
        let v2 = try fakeToolchain(in: dir, library: "binary v2")
        #expect(v1.libraryHash != v2.libraryHash)
        #expect(v1.compilerVersion == v2.compilerVersion)
        #expect(v1.compilerVersion.contains("Swift"))
        #expect(
            RunCache.key(program: "p", toolchain: v1, timeout: 1, dataHash: "")
                != RunCache.key(program: "p", toolchain: v2, timeout: 1, dataHash: ""))
        let again = try fakeToolchain(in: dir, library: "binary v1")
        #expect(again.libraryHash == v1.libraryHash)
    }

    @Test func aMissingLibraryIsABuildFailureThatSaysHowToBuildIt() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        do {
            _ = try Toolchain(root: dir, libraryDirectory: dir)
            Issue.record("a toolchain without a library")
        } catch let failure as BuildFailure {
            #expect(failure.description.contains("swift build -c release --product RNNKit"))
        }
    }

    @Test func storeAndLoad() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let cache = RunCache(directory: dir.appendingPathComponent("cache"))
        let compile = ProcessResult(
            stdout: Data(), stderr: Data("warning\n".utf8), status: 0, signaled: false, timedOut: false, outputLimitHit: false, seconds: 0.5
        )
        let run = ProcessResult(
            stdout: Data("\u{1E}block 0\n梯度 <b>\n".utf8), stderr: Data([0xFF, 0x00]), status: 4, signaled: true, timedOut: false,
            outputLimitHit: false, seconds: 1.25)
        let record = ChapterRun(key: "k1", compile: compile, run: run)
        #expect(cache.load(slug: "01-a", key: "k1") == nil)
        cache.store(record, slug: "01-a")
        #expect(cache.load(slug: "01-a", key: "k1") == record)
        #expect(cache.load(slug: "01-a", key: "k2") == nil, "another key is a miss")
        #expect(cache.load(slug: "02-b", key: "k1") == nil, "another chapter is a miss")
        let failedCompile = ChapterRun(key: "k3", compile: compile, run: nil)
        cache.store(failedCompile, slug: "01-a")
        #expect(cache.load(slug: "01-a", key: "k3") == failedCompile)
        #expect(cache.load(slug: "01-a", key: "k1") == nil, "one record per chapter")
    }

    @Test func aDamagedCacheFileIsAMiss() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        try Data("{not json".utf8).write(to: dir.appendingPathComponent("01-a.json"))
        #expect(RunCache(directory: dir).load(slug: "01-a", key: "k") == nil)
    }

    @Test func dataHashSeesDataFilesButNotChaptersOrTheTheme() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("theme"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent("data"), withIntermediateDirectories: true)
        try Data("1,2\n".utf8).write(to: dir.appendingPathComponent("airline.csv"))
        try Data("x".utf8).write(to: dir.appendingPathComponent("data/extra.txt"))
        try Data("# one".utf8).write(to: dir.appendingPathComponent("01-a.md"))
        try Data("body{}".utf8).write(to: dir.appendingPathComponent("theme/book.css"))
        let base = hashDataFiles(in: dir)
        #expect(base == hashDataFiles(in: dir))

        try Data("# one, edited".utf8).write(to: dir.appendingPathComponent("01-a.md"))
        try Data("body{color:red}".utf8).write(to: dir.appendingPathComponent("theme/book.css"))
        #expect(hashDataFiles(in: dir) == base, "chapters and theme are not data")

        try Data("1,3\n".utf8).write(to: dir.appendingPathComponent("airline.csv"))
        let edited = hashDataFiles(in: dir)
        #expect(edited != base, "an edited data file")

        try Data("y".utf8).write(to: dir.appendingPathComponent("data/extra.txt"))
        #expect(hashDataFiles(in: dir) != edited, "a data file in a subfolder")

        try Data("new".utf8).write(to: dir.appendingPathComponent("new.bin"))
        #expect(hashDataFiles(in: dir) != edited, "a new data file")
    }

    @Test func timeBudgetComment() {
        #expect(timeBudget(of: "# T\n<!-- book: timeout=2 -->\n", defaultSeconds: 120) == 2)
        #expect(timeBudget(of: "<!-- book: timeout=0.5 -->", defaultSeconds: 120) == 0.5)
        #expect(timeBudget(of: "# no comment", defaultSeconds: 120) == 120)
        #expect(timeBudget(of: "<!-- book: timeout=abc -->", defaultSeconds: 30) == 30)
    }
}
