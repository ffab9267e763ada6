@preconcurrency import CBLAS
import RNNKit

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

// `make bench`: the library's training speed on the book's three workloads, against the machine's
// matrix-product rate, and against PyTorch's and JAX's figures when `make bench-frameworks` measured
// them in this session (`.build-bench-py/results.txt`, see FrameworkResults.swift). No framework
// figure is built in: without that file, no framework column and no goal are shown.

setvbuf(stdout, nil, _IOLBF, 0)  // a line at a time, so progress shows while a workload runs
guard let options = Options(Array(CommandLine.arguments.dropFirst())) else {
    print(Options.usage)
    exit(2)
}
for name in options.only where !Workload.all.contains(where: { $0.name == name }) {
    print("bench: no workload named \(name)")
    print(Options.usage)
    exit(2)
}
let workloads = options.only.isEmpty ? Workload.all : Workload.all.filter { options.only.contains($0.name) }

func pad(_ s: String, _ width: Int) -> String { s.count >= width ? s : s + String(repeating: " ", count: width - s.count) }
func padLeft(_ s: String, _ width: Int) -> String { s.count >= width ? s : String(repeating: " ", count: width - s.count) + s }

// The machine's roofline for double-precision products: a large square dgemm on every core, by
// OpenBLAS's own threads (measured first, before the library makes OpenBLAS single-threaded), and
// by the library's `Matrix.gemm`, which shares a large product between its own threads.
let dgemmSize = 2048
func measureDGEMM(_ product: (Matrix, Matrix, inout Matrix) -> Void) -> Double {
    if options.skipDGEMM { return .nan }
    var rng = RandomSource(seed: 1)
    let a = Matrix.uniform(dgemmSize, dgemmSize, -1, 1, using: &rng)
    let b = Matrix.uniform(dgemmSize, dgemmSize, -1, 1, using: &rng)
    var c = Matrix(rows: dgemmSize, cols: dgemmSize)
    let rates = measure(runs: options.quick ? 2 : 4, runSeconds: 0, warmUp: 0) { product(a, b, &c) }
    return median(rates.wall) * 2 * Double(dgemmSize * dgemmSize * dgemmSize) / 1e9
}
let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
let openBLASThreads = Int(openblas_get_num_threads())  // the core count, or OPENBLAS_NUM_THREADS
let dgemmOpenBLAS = measureDGEMM { a, b, c in
    a.storage.withUnsafeBufferPointer { pa in
        b.storage.withUnsafeBufferPointer { pb in
            c.storage.withUnsafeMutableBufferPointer { pc in
                cblas_dgemm(
                    CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(dgemmSize), Int32(dgemmSize), Int32(dgemmSize),
                    1, pa.baseAddress, Int32(dgemmSize), pb.baseAddress, Int32(dgemmSize), 0, pc.baseAddress, Int32(dgemmSize))
            }
        }
    }
}
let dgemmLibrary = measureDGEMM { a, b, c in Matrix.gemm(a, b, into: &c) }
let dgemmRate = dgemmOpenBLAS
print("load average \(fixed(loadAverage(), 2)) on \(cores) cores (above the core count, the wall-clock rates are shared with other work)")
if options.skipDGEMM {
    print("dgemm: not measured (--skip-dgemm)")
} else {
    let size = "\(dgemmSize)×\(dgemmSize)·\(dgemmSize)×\(dgemmSize)"
    print(
        "dgemm \(size): \(fixed(dgemmOpenBLAS, 1)) GFLOP/s by OpenBLAS on \(openBLASThreads) threads, \(fixed(dgemmLibrary, 1)) GFLOP/s by Matrix.gemm"
    )
}
print("")

let frameworkResults = FrameworkResults(path: options.resultsFile)
let frameworks = frameworkResults.rates
let frameworkNames = Array(Set(frameworks.values.flatMap(\.keys))).sorted()
if let reason = frameworkResults.unused {
    print("framework figures: none shown, \(reason)")
} else {
    print("framework figures: \(options.resultsFile), measured \(fixed(frameworkResults.ageHours, 1)) hours ago in this session")
}

var header =
    pad("workload", 9) + pad("sizes (in, hidden, batch, steps)", 34) + padLeft("steps/s", 9) + padLeft("min–max", 18) + padLeft("cpu", 9)
    + padLeft("faults", 8)
header += padLeft("goal", 8) + padLeft("vs goal", 9)
for f in frameworkNames { header += padLeft(f, 9) + padLeft("×\(f)", 8) }
header += "   loss 1, loss 2"
print(header)

var large: [(Workload, Double)] = []
for w in workloads {
    let step = w.makeTrainingStep()
    var losses: [Double] = []
    let rates: (wall: [Double], cpu: [Double], faultsPerStep: Double)
    if w.isLarge {
        // A second or so per step: one step of warm-up (plus one for the fingerprint), then steps one by one.
        losses = [step(), step()]
        rates = measure(runs: options.quick ? 2 : 5, runSeconds: 0, warmUp: 0, fixedSteps: options.fixedSteps) { _ = step() }
    } else {
        losses = [step(), step()]
        rates = measure(
            runs: options.quick ? 3 : 7, runSeconds: options.quick ? 0.15 : 0.4, warmUp: options.quick ? 0.1 : 0.3,
            fixedSteps: options.fixedSteps
        ) {
            _ = step()
        }
    }
    let rate = median(rates.wall), cpuRate = median(rates.cpu)
    var line = pad(w.name, 9) + pad("\(w.input), \(w.hidden), \(w.batch), \(w.steps)", 34)
    line += padLeft(fixed(rate, rate < 10 ? 3 : 1), 9)
    line += padLeft(fixed(rates.wall.min()!, rate < 10 ? 3 : 1) + "–" + fixed(rates.wall.max()!, rate < 10 ? 3 : 1), 18)
    line += padLeft(fixed(cpuRate, rate < 10 ? 3 : 1), 9) + padLeft(fixed(rates.faultsPerStep, 0), 8)
    if let best = frameworkResults.best(w.name) {
        let goal = 1.2 * best
        line += padLeft(fixed(goal, goal < 10 ? 2 : 0), 8) + padLeft(fixed(rate / goal, 2) + "×", 9)
    } else {
        line += padLeft("–", 8) + padLeft("", 9)
    }
    for f in frameworkNames {
        if let r = frameworks[w.name]?[f] {
            line += padLeft(fixed(r, r < 10 ? 3 : 1), 9) + padLeft(fixed(rate / r, 2) + "×", 8)
        } else {
            line += padLeft("–", 9) + padLeft("", 8)
        }
    }
    line += "   " + scientific(losses[0], 12) + ", " + scientific(losses[1], 12)
    print(line)
    if w.isLarge { large.append((w, rate)) }
}

print("")
print("steps/s: median over the timed runs by the wall clock; cpu: steps per second of the process's CPU time;")
print("faults: minor page faults per step (fresh memory from the kernel, each page zeroed: a cost of allocating).")
print("goal = 1.2 × the fastest framework's figure of this session (make bench-frameworks); ×name = this library ÷ that framework.")
print("loss 1, loss 2: the losses of the first two steps, a fingerprint that a speed change must keep.")
for (w, rate) in large {
    print("")
    print("\(w.name): matrix-product work per training step")
    for (what, flops) in w.flopBreakdown { print("  " + pad(what, 40) + padLeft(fixed(flops / 1e9, 2), 8) + " GFLOP") }
    print("  " + pad("total", 40) + padLeft(fixed(w.flopsPerStep / 1e9, 2), 8) + " GFLOP")
    let achieved = rate * w.flopsPerStep / 1e9
    print("  achieved \(fixed(achieved, 1)) GFLOP/s = \(fixed(100 * achieved / dgemmRate, 0))% of the dgemm rate")
    print("  roofline: \(fixed(dgemmRate / (w.flopsPerStep / 1e9), 3)) steps/s if every product ran at the dgemm rate")
}
