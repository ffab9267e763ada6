import Foundation

/// Stage 7: run. Each chapter runs in its own process, in a working folder of its own
/// (`prepareRunDirectory`: links to the data, so it reads its data files by name, and what it
/// writes stays out of the book), OpenBLAS on one thread (chapters run side by side), and a time
/// budget. The notebook functions
/// write their records on a channel of their own. Swift's runtime prints a backtrace on a crash
/// (the chapter is compiled with debug info, so its frames name the chapter's lines).
///
/// `perturbation`: the library's rounding-perturbation seed (`RNNKIT_PERTURB`), or `nil` for the
/// normal arithmetic, whatever the builder's own environment says.
public func runChapter(
    executable: URL, workingDirectory: URL, timeout: Double, outputLimit: Int = 16 << 20, perturbation: String? = nil
) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_NUM_THREADS"] = "1"
    environment["RNNKIT_PERTURB"] = perturbation
    environment["SWIFT_BACKTRACE"] =
        "enable=yes,interactive=no,color=no,threads=crashed,registers=none,images=none,sanitize=yes,limit=64,top=16"
    return try runProcess(
        executable.path, [], workingDirectory: workingDirectory, environment: environment,
        timeout: timeout, outputLimit: outputLimit, notebookChannel: true)
}

/// The time budget a chapter asks for with `<!-- book: timeout=SECONDS -->`, or `defaultSeconds`.
public func timeBudget(of text: String, defaultSeconds: Double) -> Double {
    guard let range = text.range(of: "<!-- book: timeout=") else { return defaultSeconds }
    let digits = text[range.upperBound...].prefix { $0.isNumber || $0 == "." }
    return Double(digits) ?? defaultSeconds
}

/// Whether a chapter asks for its own code to be optimised (`<!-- book: optimize -->`): worth it
/// only for a chapter whose own loops, not the library's, do heavy work.
public func wantsOptimizedBuild(_ text: String) -> Bool {
    text.contains("<!-- book: optimize -->")
}

/// The rounding-perturbation seed the builder was asked for: `RNNKIT_PERTURB` in its own
/// environment (`RNNKIT_PERTURB=1 book test 05`), `nil` when it is unset, empty or 0.
public func perturbationFromEnvironment() -> String? {
    guard let value = ProcessInfo.processInfo.environment["RNNKIT_PERTURB"], !value.isEmpty, value != "0" else { return nil }
    return value
}
