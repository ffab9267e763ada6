import Foundation

/// Chapter programs compiled once and run several times within one process. The chapter tests
/// run every chapter with the normal arithmetic and under two rounding perturbations; the three
/// runs differ only in their environment (`RNNKIT_PERTURB`), so one compile serves them all.
///
/// One entry per work folder: the first caller compiles, callers for the same folder wait for it
/// and then reuse its executable while the program is the same. A failed compile is not reused.
public final class CompiledPrograms: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    private final class Entry {
        let lock = NSLock()
        var program = ""
        var compiled: (result: ProcessResult, executable: URL)?
    }

    public init() {}

    /// The compiled `program` in `workDirectory`: compiled by `compile` the first time, or when the
    /// program changed, or when the last compile failed.
    func compiled(
        _ program: String, in workDirectory: URL, compile: () throws -> (result: ProcessResult, executable: URL)
    ) throws -> (result: ProcessResult, executable: URL) {
        lock.lock()
        let entry = entries[workDirectory.path] ?? Entry()
        entries[workDirectory.path] = entry
        lock.unlock()
        entry.lock.lock()
        defer { entry.lock.unlock() }
        if let done = entry.compiled, done.result.succeeded, entry.program == program { return done }
        let fresh = try compile()
        entry.program = program
        entry.compiled = fresh
        return fresh
    }
}
