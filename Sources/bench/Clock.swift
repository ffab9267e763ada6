#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock (never steps back, unlike the wall clock).
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Seconds of CPU time used by this process, all its threads together.
func cpuTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Minor page faults of this process so far: each is the kernel handing over (and zeroing) a fresh
/// 4 KiB page, as happens when a large array is allocated and first written.
func pageFaults() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return usage.ru_minflt
}

/// The 1-minute load average from /proc/loadavg: how many processes wanted a core, on average.
/// Above the number of cores, the timings below are shared with other work and come out slow.
func loadAverage() -> Double {
    guard let file = fopen("/proc/loadavg", "r") else { return .nan }
    defer { fclose(file) }
    var buffer = [UInt8](repeating: 0, count: 64)
    let count = fread(&buffer, 1, 63, file)
    let text = String(decoding: buffer[..<count], as: UTF8.self)
    return text.split(separator: " ").first.flatMap { Double($0) } ?? .nan
}

/// The median of `values` (the mean of the two middle ones for an even count). A median, not a
/// mean, because on a shared machine a few runs are slowed by other work and a mean would follow
/// them; the best run, on the other hand, flatters.
func median(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Runs `step` for about `warmUp` seconds (at least once), then `runs` timed runs of enough steps to
/// last about `runSeconds` each, and returns the steps per second of each run: by the wall clock,
/// and per second of CPU time of the whole process; and the page faults per step.
///
/// The number of steps per run is fixed after the warm-up from its speed, so every run does the
/// same work. On a quiet machine with one thread the two rates agree; on a busy one the wall rate
/// falls and the CPU rate stays (nearly) put, so the CPU rate is the one to compare changes by.
/// With several BLAS threads, the CPU rate also counts their spinning while they wait for work.
///
/// With `fixedSteps`, there is no warm-up and one run of exactly that many steps.
func measure(
    runs: Int, runSeconds: Double, warmUp: Double, fixedSteps: Int? = nil, _ step: () -> Void
) -> (wall: [Double], cpu: [Double], faultsPerStep: Double) {
    var start = now()
    let stepsPerRun: Int
    if let n = fixedSteps {
        stepsPerRun = n
    } else {
        var warmSteps = 0
        repeat {
            step()
            warmSteps += 1
        } while now() - start < warmUp
        let perStep = (now() - start) / Double(warmSteps)
        stepsPerRun = max(1, Int((runSeconds / perStep).rounded()))
    }
    let runs = fixedSteps == nil ? runs : 1
    var wall: [Double] = [], cpu: [Double] = []
    let faultsBefore = pageFaults()
    for _ in 0..<runs {
        start = now()
        let cpuStart = cpuTime()
        for _ in 0..<stepsPerRun { step() }
        cpu.append(Double(stepsPerRun) / (cpuTime() - cpuStart))
        wall.append(Double(stepsPerRun) / (now() - start))
    }
    return (wall, cpu, Double(pageFaults() - faultsBefore) / Double(runs * stepsPerRun))
}
