import Foundation

/// Where the compiler and the release build of the model library are.
public struct Toolchain: Sendable {
    /// The package root (holds Package.swift, Chapters, Sources).
    public var root: URL
    /// The `swiftc` to compile chapters with.
    public var swiftc: String
    /// The release build folder that holds `libRNNKit.so` and its module.
    public var libraryDirectory: URL
    /// `swiftc --version`, part of every cache key.
    public var compilerVersion: String
    /// A hash of the library's binary and module, part of every cache key.
    public var libraryHash: String

    /// The library module every chapter imports, and its dynamic library.
    public static let libraryName = "RNNKit"

    /// Builds the library in release mode (`swift build -c release --product RNNKit`) and finds it
    /// with `--show-bin-path`: paths are never hard-coded.
    ///
    /// - Parameter scratchPath: SwiftPM's build folder. Tests pass their own (`.build-chapters`)
    ///   because `swift test` holds the lock on `.build`.
    public static func prepare(root: URL, scratchPath: String? = nil, build: Bool = true) throws -> Toolchain {
        let swift = try findExecutable("swift")
        var common = ["-c", "release", "--package-path", root.path]
        if let scratchPath { common += ["--scratch-path", scratchPath] }
        if build {
            let result = try runProcess(swift, ["build"] + common + ["--product", libraryName])
            guard result.succeeded else {
                throw BuildFailure("the model library did not build:\n\(result.stdoutText)\(result.stderrText)")
            }
        }
        let binPath = try runProcess(swift, ["build"] + common + ["--show-bin-path"])
        guard binPath.succeeded else { throw BuildFailure("swift build --show-bin-path failed: \(binPath.stderrText)") }
        let dir = URL(fileURLWithPath: binPath.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines))
        return try Toolchain(root: root, libraryDirectory: dir)
    }

    /// A toolchain over an already built library folder.
    public init(root: URL, libraryDirectory: URL) throws {
        self.root = root
        self.libraryDirectory = libraryDirectory
        self.swiftc = try findExecutable("swiftc")
        let version = try runProcess(swiftc, ["--version"])
        self.compilerVersion = version.stdoutText + version.stderrText
        let lib = libraryDirectory.appendingPathComponent("lib\(Self.libraryName).so")
        guard FileManager.default.fileExists(atPath: lib.path) else {
            throw BuildFailure(
                "the model library is not built: \(lib.path) is missing (run `swift build -c release --product \(Self.libraryName)`)")
        }
        var hasher = StableHasher()
        for file in [lib, moduleFile(in: libraryDirectory)] {
            hasher.combine(bytes: [UInt8]((try? Data(contentsOf: file)) ?? Data()))
        }
        self.libraryHash = hasher.hexDigest
    }

    /// The arguments that compile one chapter program `source` into `output`.
    ///
    /// The library is always the release build; the chapter's own code is compiled without
    /// optimisation unless the chapter asks for it (`<!-- book: optimize -->`). A chapter's top
    /// level is one long `main` function, and `-O` time grows faster than its length: measured on
    /// chapter 1 (784 generated lines), `-O` took 7.9 s of CPU to compile and the program 1.4 s to
    /// run, `-Onone` 1.8 s and 2.6 s. The heavy loops are in the library, so `-Onone` wins overall.
    public func compileArguments(source: URL, output: URL, optimize: Bool = false) -> [String] {
        let dir = libraryDirectory.path
        return [
            optimize ? "-O" : "-Onone", "-gline-tables-only", "-swift-version", "5", "-suppress-warnings", "-module-name", "Chapter",
            "-I", dir, "-I", dir + "/Modules", "-I", root.appendingPathComponent("Sources/CBLAS").path,
            "-L", dir, "-l\(Self.libraryName)", "-Xlinker", "-rpath", "-Xlinker", dir,
            source.path, "-o", output.path,
        ]
    }
}

private func moduleFile(in dir: URL) -> URL {
    let modules = dir.appendingPathComponent("Modules/\(Toolchain.libraryName).swiftmodule")
    return FileManager.default.fileExists(atPath: modules.path)
        ? modules : dir.appendingPathComponent("\(Toolchain.libraryName).swiftmodule")
}

/// Finds a program on PATH (or next to the running `swift`).
func findExecutable(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for dir in path.split(separator: ":") {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw BuildFailure("cannot find `\(name)` on PATH: install the Swift toolchain and put its bin folder on PATH")
}
