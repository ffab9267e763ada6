import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct DataTests {
    @Test func theAddingProblemBaselineIsOneSixth() {
        var rng = RandomSource(seed: 51)
        let (xs, targets) = addingProblem(count: 20_000, length: 10, using: &rng)
        #expect(xs.count == 10 && xs[0].rows == 20_000 && xs[0].cols == 2 && targets.cols == 1)
        // Exactly two markers per sequence, one in each half, and the target is their values' sum.
        for i in stride(from: 0, to: 20_000, by: 997) {
            let marked = (0..<10).filter { xs[$0][i, 1] == 1 }
            #expect(marked.count == 2 && marked[0] < 5 && marked[1] >= 5)
            #expect(targets[i, 0] == xs[marked[0]][i, 0] + xs[marked[1]][i, 0])
        }
        // Predicting the constant 1 scores the variance of a sum of two uniforms, 2/12 = 1/6.
        let baseline = mseLoss(Matrix(rows: 20_000, cols: 1, repeating: 1), targets).loss
        #expect(abs(baseline - 1.0 / 6) < 0.005)
    }

    @Test func slidingWindowsPairEachWindowWithTheNextValue() {
        let (inputs, targets) = slidingWindows(series: [1, 2, 3, 4, 5], width: 3)
        #expect(inputs == Matrix([[1, 2, 3], [2, 3, 4]]))
        #expect(targets == Matrix(column: [4, 5]))
        let steps = timeSteps(inputs)
        #expect(steps.count == 3 && steps[0] == Matrix(column: [1, 2]) && steps[2] == Matrix(column: [3, 4]))
    }

    @Test func scalerRoundTripsAndStandardizes() {
        let values = [112.0, 118, 132, 129, 121, 135, 148, 148]
        for useLog in [false, true] {
            let scaler = Scaler(fitting: values, log: useLog)
            let z = scaler.transform(values)
            let mean = z.reduce(0, +) / Double(z.count)
            let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(z.count)
            #expect(abs(mean) < 1e-14 && abs(variance - 1) < 1e-12)
            #expect(zip(scaler.inverse(z), values).allSatisfy { abs($0 - $1) < 1e-12 * $1 })
            let m = Matrix(row: values)
            #expect(scaler.inverse(scaler.transform(m)).isClose(to: m, tolerance: 1e-12))
        }
        #expect(Scaler(fitting: [2, 2, 2]).transform(2) == 0)  // a constant series: std taken as 1
    }

    @Test func noisySineAndSplit() {
        var rng = RandomSource(seed: 52)
        let series = noisySine(count: 1000, period: 50, noise: 0.05, using: &rng)
        let clean = sineWave(count: 1000, period: 50)
        #expect(series.count == 1000 && abs(clean[25]) < 1e-12)
        let noise = zip(series, clean).map { $0 - $1 }
        let std = (noise.reduce(0) { $0 + $1 * $1 } / 1000).squareRoot()
        #expect(abs(std - 0.05) < 0.005)
        let (train, test) = trainTestSplit(series, trainCount: 800)
        #expect(train.count == 800 && test.count == 200 && test[0] == series[800])
    }

    @Test func airlinePassengersLoad() throws {
        let path = Self.chaptersPath("airline-passengers.csv")
        let rows = try loadAirlinePassengers(path: path)
        #expect(rows.count == 144)
        #expect(rows[0].month == "1949-01" && rows[0].passengers == 112)
        #expect(rows[143].month == "1960-12" && rows[143].passengers == 432)
    }

    @Test func aBadRowIsReportedWithItsFileAndLine() throws {
        let path = "/tmp/rnnkit-core-test-\(getpid()).csv"
        let file = fopen(path, "w")!
        fputs("month,passengers\n1949-01,112\n1949-02,lots\n", file)
        fclose(file)
        defer { unlink(path) }
        do {
            _ = try loadAirlinePassengers(path: path)
            Issue.record("a bad row was accepted")
        } catch let error as DataFileError {
            #expect(error.line == 3)
            #expect(error.description == "\(path):3: error: expected a number of passengers, got \"lots\"")
        }
        #expect(throws: DataFileError.self) { try loadAirlinePassengers(path: "/nonexistent/x.csv") }
    }

    /// The repository's `Chapters/` folder, found from this source file's path.
    static func chaptersPath(_ name: String, file: String = #filePath) -> String {
        var parts = file.split(separator: "/", omittingEmptySubsequences: false)
        while let last = parts.last, last != "Tests" { parts.removeLast() }
        parts.removeLast()  // "Tests"
        return parts.joined(separator: "/") + "/Chapters/" + name
    }
}
