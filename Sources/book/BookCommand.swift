import ArgumentParser
import BookBuilder
import Foundation

/// `book`: the command line over BookBuilder. It parses arguments, calls the library, prints
/// diagnostics the way a compiler does, and sets the exit code. All logic is in BookBuilder.
@main
struct BookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "book",
        abstract: "Build, check and update the runnable RNN book.",
        subcommands: [Build.self, Test.self, Update.self, Export.self, Watch.self, I18nCommand.self],
        defaultSubcommand: Build.self)
}

struct CommonOptions: ParsableArguments {
    @Option(help: "The book's root folder (holds Package.swift and Chapters/).")
    var root: String = FileManager.default.currentDirectoryPath

    @Option(help: "The Swift package that holds the model library (default: the book's root).")
    var package: String?

    @Option(help: "The release build folder holding libRNNKit.so (default: from `swift build -c release --show-bin-path`).")
    var libraryDir: String?

    @Option(help: "SwiftPM scratch path used to build the library when --library-dir is not given.")
    var scratchPath: String?

    @Option(help: "Where to write the site (default: <root>/Site).")
    var site: String?

    @Option(help: "Default time budget of a chapter, in seconds.")
    var timeout: Double = 120

    @Argument(help: "Chapters to process, by number or slug (all when none), e.g. 01 or 02-bptt.")
    var chapters: [String] = []

    /// Waits for another build in the same folder to end (saying so once), then holds the lock.
    func lock() throws -> BuildLock {
        try BuildLock(root: URL(fileURLWithPath: root), wait: true) { pid in
            let who = pid.map { "pid \($0)" } ?? "pid unknown"
            FileHandle.standardError.write(Data("another build is running (\(who)); waiting for it to end\n".utf8))
        }
    }

    /// Runs `body` holding the book's build lock (waiting for another build first, see `lock()`).
    func locked(_ body: () throws -> Void) throws {
        let lock = try self.lock()
        defer { withExtendedLifetime(lock) {} }
        try body()
    }

    func toolchain() throws -> Toolchain {
        let rootURL = URL(fileURLWithPath: package ?? root)
        if let libraryDir { return try Toolchain(root: rootURL, libraryDirectory: URL(fileURLWithPath: libraryDir)) }
        return try Toolchain.prepare(root: rootURL, scratchPath: scratchPath)
    }

    func options(useCache: Bool) -> Book.Options {
        var o = Book.Options(root: URL(fileURLWithPath: root), useCache: useCache)
        o.defaultTimeout = timeout
        if let site { o.site = URL(fileURLWithPath: site) }
        o.only = chapters
        o.progress = progress
        return o
    }
}

/// Each chapter's line as it finishes, and the running chapters on one updating line when
/// stdout is a terminal (plain lines otherwise).
let progress: BuildProgress = {
    var size = winsize()
    let width = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    return BuildProgress(interactive: isatty(STDOUT_FILENO) == 1, width: width) { text in
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}()

/// Prints every diagnostic (each chapter's line was printed as it finished), and returns whether
/// there were errors.
func report(_ report: Book.Report, mismatchesAreErrors: Bool) -> Bool {
    progress.end()
    fflush(nil)
    var failed = false
    for d in report.errors {
        FileHandle.standardError.write(Data((d.description + "\n").utf8))
        failed = true
    }
    for d in report.warnings {
        var d = d
        if mismatchesAreErrors {
            d.severity = .error
            failed = true
        }
        FileHandle.standardError.write(Data((d.description + "\n").utf8))
    }
    for d in report.notes { FileHandle.standardError.write(Data((d.description + "\n").utf8)) }
    return failed
}

extension BookCommand {
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every chapter (cached) and write Site/.")
        @OptionGroup var common: CommonOptions
        @Flag(help: "Ignore the run cache.") var noCache = false

        func run() throws {
            let start = Date()
            try common.locked {
                let toolchain = try common.toolchain()
                progress.startTicking()
                let options = common.options(useCache: !noCache)
                let result = try Book.build(toolchain: toolchain, options: options)
                let failed = report(result, mismatchesAreErrors: false)
                print(result.summary(written: displayPath(options.site) + "/", seconds: Date().timeIntervalSince(start)))
                if failed { throw ExitCode.failure }
            }
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run every chapter afresh and compare expected outputs; write nothing.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            try common.locked {
                let options = common.options(useCache: false)
                let toolchain = try common.toolchain()
                progress.startTicking()
                let result = Book.Report(
                    outcomes: try Book.processAll(toolchain: toolchain, options: options),
                    bookWarnings: Bibliography.problems(in: options.chapters))
                if report(result, mismatchesAreErrors: true) { throw ExitCode.failure }
                print("all chapters passed")
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rewrite the ```output blocks with what the blocks print now.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            try common.locked {
                let toolchain = try common.toolchain()
                progress.startTicking()
                let (result, changed) = try Book.update(toolchain: toolchain, options: common.options(useCache: true))
                let failed = report(result, mismatchesAreErrors: false)
                for path in changed { print("updated \(path)") }
                if changed.isEmpty { print("every output block already matches") }
                if failed { throw ExitCode.failure }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a chapter as a Swift package of its own (its program, a copy of the library, its data, a README).")
        @Option(help: "The book's root folder (holds Package.swift and Chapters/).")
        var root: String = FileManager.default.currentDirectoryPath
        @Option(help: "The Swift package that holds the model library (default: the book's root).")
        var package: String?
        @Option(help: "The folder to write the package into: new, empty, or written by an earlier export; outside the book.")
        var to: String
        @Flag(help: "Write into a folder that is not empty although no earlier export wrote it.")
        var force = false
        @Argument(help: "The chapter, by number or slug, e.g. 05 or 05-gru.")
        var chapter: String

        func run() throws {
            let options = Book.Options(root: URL(fileURLWithPath: root))
            let target = URL(fileURLWithPath: to).standardizedFileURL
            let exported = try Book.export(
                chapter: chapter, to: target, options: options, libraryPackage: package.map(URL.init(fileURLWithPath:)), force: force)
            let library = exported.files.filter { !$0.path.hasPrefix("Sources/Chapter") && $0.path.hasPrefix("Sources/") }.count
            let own = exported.files.filter { !$0.path.hasPrefix("Sources/") || $0.path.hasPrefix("Sources/Chapter") }
            for file in own { print("wrote \(target.path)/\(file.path)") }
            print("wrote \(target.path)/Sources/{RNNKit,NotebookProtocol,CBLAS}: the library, \(library) files")
            print("run it with: cd \(ExportTarget.shellQuoted(target.path)) && swift run -c release")
        }
    }

    struct Watch: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the site on every save of a chapter, the theme or the library; open pages reload themselves.")
        @OptionGroup var common: CommonOptions

        func run() throws {
            let options = common.options(useCache: true)
            let package = URL(fileURLWithPath: common.package ?? common.root)
            print("watching \(options.chapters.path) and \(package.path)/Sources/RNNKit (Ctrl-C to stop)")
            try Book.watch(
                options: options, library: package.appendingPathComponent("Sources/RNNKit"),
                toolchain: { libraryChanged in
                    if libraryChanged {
                        print("the library changed: rebuilding it")
                        return try Toolchain.prepare(root: package, scratchPath: common.scratchPath)
                    }
                    return try common.toolchain()
                },
                onRound: { round in
                    let what = round.changed.count == 1 ? round.changed[0] : "\(round.changed.count) files"
                    if let error = round.error {
                        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                    } else if let result = round.report {
                        _ = report(result, mismatchesAreErrors: false)
                    }
                    print(String(format: "[build %d] %@: site written in %.2f s", round.stamp, what, round.seconds))
                    fflush(nil)
                })
        }
    }
}

extension BookCommand {
    struct I18nCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "i18n",
            abstract: "Extract the chapters' messages to po/messages.pot and merge them into po/zh_CN.po (msgmerge).")
        @Option(help: "The book's root folder (holds Package.swift and Chapters/).")
        var root: String = FileManager.default.currentDirectoryPath
        @Flag(help: "Print, per chapter, how many messages are translated, fuzzy and missing; write nothing.")
        var status = false

        func run() throws {
            let rootURL = URL(fileURLWithPath: root)
            do {
                if status {
                    for line in try I18n.statusLines(root: rootURL) { print(line) }
                } else {
                    for line in try I18n.extract(root: rootURL) { print(line) }
                }
            } catch let d as Diagnostic {
                FileHandle.standardError.write(Data((d.description + "\n").utf8))
                throw ExitCode.failure
            } catch let f as BuildFailure {
                FileHandle.standardError.write(Data(("error: " + f.description + "\n").utf8))
                throw ExitCode.failure
            }
        }
    }
}

/// `path` relative to the current folder when it is inside it (`Site`), else as it is.
func displayPath(_ url: URL) -> String {
    let here = FileManager.default.currentDirectoryPath + "/"
    return url.path.hasPrefix(here) ? String(url.path.dropFirst(here.count)) : url.path
}
