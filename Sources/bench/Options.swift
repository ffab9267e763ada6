/// The bench's command line: `bench [--quick] [--only W1-RNN,W3-LSTM] [--results FILE]`.
struct Options {
    /// Fewer and shorter runs: a rough figure in about a fifth of the time.
    var quick = false
    /// The workloads to run, by name; empty runs them all.
    var only: [String] = []
    /// Skip the dgemm measurement (a quicker run while tuning one workload).
    var skipDGEMM = false
    /// Framework figures written by `frameworks.py`, shown beside the library's when the file exists.
    var resultsFile = ".build-bench-py/results.txt"

    static let usage = """
        usage: bench [--quick] [--skip-dgemm] [--only NAME,NAME...] [--results FILE]
          --quick       fewer, shorter timed runs
          --skip-dgemm  do not measure the machine's dgemm rate
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
