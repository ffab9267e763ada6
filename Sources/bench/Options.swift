/// The bench's command line: `bench [--quick] [--only W1-RNN,W3-LSTM] [--results FILE]`.
struct Options {
    /// Fewer and shorter runs: a rough figure in about a fifth of the time.
    var quick = false
    /// The workloads to run, by name; empty runs them all.
    var only: [String] = []
    /// Time exactly this many steps per workload, in one run with no warm-up: a fixed amount of
    /// work, for `perf stat` to count instructions and cycles on.
    var fixedSteps: Int? = nil
    /// Skip the dgemm measurement (a quicker run while tuning one workload).
    var skipDGEMM = false
    /// Framework figures written by `frameworks.py`, shown beside the library's when the file exists.
    var resultsFile = ".build-bench-py/results.txt"

    static let usage = """
        usage: bench [--quick] [--skip-dgemm] [--steps N] [--only NAME,NAME...] [--results FILE]
          --quick       fewer, shorter timed runs
          --skip-dgemm  do not measure the machine's dgemm rate
          --steps N     exactly N steps per workload in one run (for perf stat)
          --only        run only these workloads: \(Workload.all.map(\.name).joined(separator: ", "))
          --results     framework steps/s to compare with (default .build-bench-py/results.txt,
                        written by `make bench-frameworks`)
        """

    /// Parses `arguments` (without the program name); `nil` means print the usage and stop.
    init?(_ arguments: [String]) {
        var rest = arguments[...]
        while let a = rest.popFirst() {
            switch a {
            case "--quick": quick = true
            case "--skip-dgemm": skipDGEMM = true
            case "--steps":
                guard let n = rest.popFirst().flatMap({ Int($0) }), n > 0 else { return nil }
                fixedSteps = n
            case "--only":
                guard let list = rest.popFirst() else { return nil }
                only = list.split(separator: ",").map(String.init)
            case "--results":
                guard let path = rest.popFirst() else { return nil }
                resultsFile = path
            default: return nil
            }
        }
    }
}
