/// Cuts a series into supervised examples: each window of `width` consecutive values is an
/// input, and the value right after it is the target.
///
///     series 1 2 3 4 5, width 3  ->  inputs [1 2 3], [2 3 4]   targets 4, 5
///
/// - Returns: `inputs` `(count − width × width)`, one window per row, oldest value first, and
///   `targets` `(count − width × 1)`.
public func slidingWindows(series: [Double], width: Int) -> (inputs: Matrix, targets: Matrix) {
    guard width >= 1 && width < series.count else {
        fatalError("slidingWindows: width \(width) needs 1 ≤ width < \(series.count) (the series length)")
    }
    let n = series.count - width
    var inputs = Matrix(rows: n, cols: width)
    var targets = Matrix(rows: n, cols: 1)
    for i in 0..<n {
        for j in 0..<width { inputs[i, j] = series[i + j] }
        targets[i, 0] = series[i + width]
    }
    return (inputs, targets)
}

/// A batch of windows turned into a sequence for a recurrent layer with one input feature:
/// `xs[t]` is column t, `(windows × 1)`, so every window is one example read oldest value first.
public func timeSteps(_ windows: Matrix) -> [Matrix] {
    (0..<windows.cols).map { windows.columns($0..<($0 + 1)) }
}
