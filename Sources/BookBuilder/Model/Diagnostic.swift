/// A problem found in a chapter, located the way a compiler locates one: `file:line: error: message`.
///
/// Every student-facing failure of the builder is one of these: a block that does not compile,
/// traps, hangs or fails a check, an unknown option, unbalanced math, a file that is not UTF-8.
public struct Diagnostic: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning, note }

    /// The chapter's path relative to the book root, e.g. `Chapters/01-basics.md`.
    public var file: String
    /// 1-based line in that file (0 when the problem is the whole file).
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(file: String, line: Int, _ severity: Severity, _ message: String) {
        self.file = file
        self.line = line
        self.severity = severity
        self.message = message
    }

    /// An error.
    public init(file: String, line: Int, _ message: String) {
        self.init(file: file, line: line, .error, message)
    }

    /// `Chapters/01-basics.md:12: error: check failed: the loss fell`
    public var description: String {
        line > 0 ? "\(file):\(line): \(severity.rawValue): \(message)" : "\(file): \(severity.rawValue): \(message)"
    }
}

/// A failure of the build itself, not of one chapter: a missing system package, a library that
/// does not build, a site folder that cannot be written.
public struct BuildFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
