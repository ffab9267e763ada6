#if canImport(Glibc)
    import Glibc
#endif

/// Draws one token from the softmax of `logits / temperature`:
///
///     p_k = e^{z_k / T} / Σ_j e^{z_j / T}
///
/// T = 1 samples the model's own distribution. T < 1 sharpens it (the likely tokens get likelier),
/// T > 1 flattens it towards uniform. As T → 0 it becomes greedy decoding, the argmax; T = 0 is
/// exactly that (no random number is drawn, ties go to the lowest index).
///
/// The draw is one uniform u from `rng` and the first k whose cumulative probability exceeds u,
/// so a given seed gives the same tokens on every machine.
///
/// - Parameters:
///   - logits: the scores of every token (a row of a model's output).
///   - temperature: T ≥ 0.
///   - rng: the random source.
public func sampleToken(logits: [Double], temperature: Double, using rng: inout RandomSource) -> Int {
    guard !logits.isEmpty else { fatalError("sampleToken: no logits") }
    guard temperature >= 0 && temperature.isFinite else { fatalError("sampleToken: temperature \(temperature) is not ≥ 0") }
    if temperature == 0 {
        var best = 0
        for k in logits.indices where logits[k] > logits[best] { best = k }
        return best
    }
    let p = softmax(Matrix(row: logits.map { $0 / temperature })).storage  // p_k at temperature T
    let u = rng.uniform()
    var cumulative = 0.0
    for k in p.indices {
        cumulative += p[k]
        if u < cumulative { return k }
    }
    return p.lastIndex { $0 > 0 } ?? p.count - 1  // u fell in the rounding gap just below 1
}

/// Generates a sequence token by token until `end` or `maxLength` tokens: the loop of every
/// character-level generator.
///
/// `next` receives the previous token (`start` first) and returns the logits for the following
/// one; it keeps whatever state the model carries (a hidden state) between calls. Each token is
/// drawn by `sampleToken` at `temperature`.
///
/// - Returns: the tokens drawn, without `start` and without `end`.
public func sampleSequence(
    start: Int, end: Int, maxLength: Int, temperature: Double, using rng: inout RandomSource,
    next: (Int) -> [Double]
) -> [Int] {
    var out = [Int]()
    var previous = start
    while out.count < maxLength {
        let token = sampleToken(logits: next(previous), temperature: temperature, using: &rng)
        if token == end { break }
        out.append(token)
        previous = token
    }
    return out
}
