#if canImport(Glibc)
    import Glibc
#endif

/// Steps per second measured by `frameworks.py` (`make bench-frameworks`) in this session, keyed by
/// workload and then framework; empty, with the reason in `unused`, when there are none.
///
/// The file has one line per measurement, `W1-RNN torch 612.5`; lines starting with `#` are notes,
/// one of which names the session: `# session boot=<the machine's boot id> time=<unix seconds>`.
/// Figures are shown only when they were measured in the same session as the bench: since the
/// machine last booted and at most `maxAgeHours` ago. Framework speed varies with load and
/// versions, so figures from another day or machine are not compared with, and none are built in.
struct FrameworkResults {
    var rates: [String: [String: Double]] = [:]
    /// Why the file's figures are not used (missing, another session, too old), or nil.
    var unused: String? = nil
    /// Hours since the figures were measured.
    var ageHours: Double = 0

    init(path: String, maxAgeHours: Double = 12) {
        guard let lines = readTextLines(path) else {
            unused = "no \(path) (run `make bench-frameworks` in this session)"
            return
        }
        var boot: String? = nil, written: Double? = nil
        for text in lines {
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if text.hasPrefix("# session ") {
                for field in fields.dropFirst(2) {
                    if field.hasPrefix("boot=") { boot = String(field.dropFirst(5)) }
                    if field.hasPrefix("time=") { written = Double(field.dropFirst(5)) }
                }
            } else if !text.hasPrefix("#"), fields.count == 3, let rate = Double(fields[2]) {
                rates[String(fields[0]), default: [:]][String(fields[1])] = rate
            }
        }
        let thisBoot = readTextLines("/proc/sys/kernel/random/boot_id")?.first
        if boot == nil || written == nil {
            unused = "\(path) names no session (rewrite it with `make bench-frameworks`)"
        } else if boot != thisBoot {
            unused = "\(path) was measured before the machine last booted (run `make bench-frameworks` again)"
        } else {
            ageHours = (Double(time(nil)) - written!) / 3600
            if ageHours > maxAgeHours {
                unused = "\(path) is \(Int(ageHours)) hours old (run `make bench-frameworks` again)"
            }
        }
        if unused != nil { rates = [:] }
    }

    /// The fastest framework's figure for `workload`, if any.
    func best(_ workload: String) -> Double? { rates[workload]?.values.max() }
}

/// The lines of a text file, without their endings, or nil when it cannot be read.
private func readTextLines(_ path: String) -> [String]? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var lines: [String] = []
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    while getline(&line, &capacity, file) > 0 {
        var text = String(cString: line!)
        while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        lines.append(text)
    }
    free(line)
    return lines
}
