import Foundation

/// Stage 6: compile. Writes the chapter's program to `workDirectory/main.swift` and compiles it
/// with `swiftc` against the release build of the library (`-Onone` for the chapter's own code
/// unless `optimize`; see `Toolchain.compileArguments`). Compiler errors already name the
/// chapter's lines, thanks to `#sourceLocation`.
public func compileChapter(program: String, toolchain: Toolchain, workDirectory: URL, optimize: Bool = false) throws -> (
    result: ProcessResult, executable: URL
) {
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    let source = workDirectory.appendingPathComponent("main.swift")
    let executable = workDirectory.appendingPathComponent("chapter")
    try Data(program.utf8).write(to: source)
    try? FileManager.default.removeItem(at: executable)
    let result = try runProcess(
        toolchain.swiftc, toolchain.compileArguments(source: source, output: executable, optimize: optimize),
        workingDirectory: toolchain.root, timeout: 300)
    return (result, executable)
}

/// The `file:line:col: error: message` lines of compiler output that point into `file`.
/// Errors elsewhere (in the generated scaffolding) are reported at line 0 of the chapter.
public func compilerDiagnostics(_ output: String, file: String) -> [Diagnostic] {
    var found: [Diagnostic] = []
    for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let range = line.range(of: ": error: ") else { continue }
        let location = line[..<range.lowerBound]
        let message = String(line[range.upperBound...])
        let parts = location.split(separator: ":")
        if location.hasPrefix(file), parts.count >= 2, let n = Int(parts[1]) {
            found.append(Diagnostic(file: file, line: n, message))
        } else {
            found.append(Diagnostic(file: file, line: 0, message))
        }
    }
    return found
}
