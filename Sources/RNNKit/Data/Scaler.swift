#if canImport(Glibc)
    import Glibc
#endif

/// Standardizes a series, z = (v − mean) / std, with the statistics of the data it was fitted to,
/// and undoes it.
///
/// Networks train best on inputs of order 1: a tanh fed passenger counts of 400 is saturated
/// from the first step. Fit the scaler on the *training* range only and apply it to both ranges;
/// statistics taken from the test range would leak it into training.
///
/// With `log: true`, values are first replaced by their natural log (they must be positive).
/// That suits series whose swings grow with their level, like the airline passengers: on the log
/// scale the seasonal swing is about the same size every year.
///
/// `std` is the population standard deviation (divide by n, NumPy's default). A constant series
/// has std 0; the scaler then uses 1, so the transform only subtracts the mean.
public struct Scaler: Sendable {
    /// The mean of the fitted values (after the log, with `log: true`).
    public let mean: Double
    /// Their standard deviation (1 if it was 0).
    public let std: Double
    /// Whether values are log-transformed before standardizing.
    public let usesLog: Bool

    /// A scaler fitted to `values`.
    public init(fitting values: [Double], log: Bool = false) {
        guard !values.isEmpty else { fatalError("Scaler(fitting:): no values") }
        if log, let bad = values.first(where: { !($0 > 0) }) {
            fatalError("Scaler(fitting:log: true): the log needs positive values, got \(bad)")
        }
        let v = log ? values.map { Glibc.log($0) } : values
        let n = Double(v.count)
        let mean = v.reduce(0, +) / n
        let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let std = variance.squareRoot()
        self.mean = mean
        self.std = std > 0 ? std : 1
        self.usesLog = log
    }

    /// (v − mean) / std, after the log if `usesLog`.
    public func transform(_ value: Double) -> Double { ((usesLog ? log(value) : value) - mean) / std }

    /// The inverse: z · std + mean, then exp if `usesLog`.
    public func inverse(_ z: Double) -> Double {
        let v = z * std + mean
        return usesLog ? exp(v) : v
    }

    /// `transform` of every value.
    public func transform(_ values: [Double]) -> [Double] { values.map { transform($0) } }
    /// `inverse` of every value.
    public func inverse(_ values: [Double]) -> [Double] { values.map { inverse($0) } }
    /// `transform` of every entry.
    public func transform(_ m: Matrix) -> Matrix { m.map { transform($0) } }
    /// `inverse` of every entry.
    public func inverse(_ m: Matrix) -> Matrix { m.map { inverse($0) } }
}
