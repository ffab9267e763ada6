#if canImport(Glibc)
    import Glibc
#endif

/// Steps per second measured by `frameworks.py`, keyed by workload and then framework.
///
/// The file has one line per measurement, `W1-RNN torch 612.5`; lines starting with `#` are notes.
func readFrameworkResults(_ path: String) -> [String: [String: Double]] {
    guard let file = fopen(path, "r") else { return [:] }
    defer { fclose(file) }
    var results: [String: [String: Double]] = [:]
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    while getline(&line, &capacity, file) > 0 {
        let text = String(cString: line!)
        if text.hasPrefix("#") { continue }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        if fields.count == 3, let rate = Double(fields[2]) {
            results[String(fields[0]), default: [:]][String(fields[1])] = rate
        }
    }
    free(line)
    return results
}
