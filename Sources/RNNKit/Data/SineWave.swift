#if canImport(Glibc)
    import Glibc
#endif

/// A clean sine wave, sin(2π t / period + phase) for t = 0, 1, …, count − 1.
///
/// - Parameters:
///   - count: number of samples.
///   - period: samples per full cycle.
///   - amplitude: the peak value (default 1).
///   - phase: shift in radians (default 0).
public func sineWave(count: Int, period: Double, amplitude: Double = 1, phase: Double = 0) -> [Double] {
    (0..<count).map { t in amplitude * sin(2 * Double.pi * Double(t) / period + phase) }
}

/// A sine wave plus Gaussian noise: yₜ = sin(2π t / period) + noise · εₜ, εₜ ~ N(0, 1).
///
/// The forecasting chapter's series is `noisySine(count: 1000, period: 50, noise: 0.05, using:)`,
/// split 800 / 200 into training and test ranges: twenty cycles, so both ranges hold whole
/// periods, and noise small enough that the shape is plain but large enough that memorizing
/// the training points does not pay.
///
/// - Parameters:
///   - count: number of samples (default 1000).
///   - period: samples per cycle (default 50).
///   - noise: standard deviation of the added noise (default 0.05; 0 gives `sineWave`).
///   - rng: the random source for the noise.
public func noisySine(count: Int = 1000, period: Double = 50, noise: Double = 0.05, using rng: inout RandomSource) -> [Double] {
    sineWave(count: count, period: period).map { $0 + noise * rng.normal() }
}

/// The first `trainCount` values for training, the rest for testing, in time order: a series is
/// never shuffled before splitting, or the test range would leak into training.
public func trainTestSplit<T>(_ series: [T], trainCount: Int) -> (train: [T], test: [T]) {
    guard trainCount >= 0 && trainCount <= series.count else {
        fatalError("trainTestSplit: trainCount \(trainCount) is outside 0...\(series.count)")
    }
    return (Array(series[..<trainCount]), Array(series[trainCount...]))
}
