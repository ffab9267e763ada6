/// A decoded output: its tokens and their total log-probability.
public struct Decoded: Equatable, Sendable {
    /// The tokens, without the start token; the end token is the last one if the output ended.
    public var tokens: [Int]
    /// log p(tokens) = Σ_t log p(token_t | tokens before it, input).
    public var logProbability: Double
}

/// A decoder seen from outside, for decoding: given its state and the last token, the
/// log-probabilities of every next token and its new state. (`EncoderDecoder` builds one for an
/// input; tests pass small hand-made ones.)
public typealias DecoderStep<State> = (_ state: State, _ token: Int) -> (logProbabilities: [Double], state: State)

/// Greedy decoding: at each step take the most probable next token, until `end` or `maxLength` tokens.
///
/// Greedy is not the most probable output: a token that is the best next step can lead only to
/// poor continuations. Ties go to the lowest token id.
public func greedyDecode<State>(
    initial: State, start: Int, end: Int, maxLength: Int, step: DecoderStep<State>
) -> Decoded {
    var state = initial, token = start
    var out = Decoded(tokens: [], logProbability: 0)
    while out.tokens.count < maxLength {
        let (logP, next) = step(state, token)
        var best = 0
        for k in logP.indices where logP[k] > logP[best] { best = k }  // argmax, lowest id on ties
        out.tokens.append(best)
        out.logProbability += logP[best]
        if best == end { break }
        state = next
        token = best
    }
    return out
}

/// One candidate of a beam-search step, for drawing or inspecting the search: a live hypothesis
/// of the step before (`parent`, its index in that step's live list) extended by `token`.
public struct BeamCandidate: Equatable, Sendable {
    /// The index of the extended hypothesis among the live ones before this step.
    public var parent: Int
    /// The token it was extended by.
    public var token: Int
    /// The total log-probability of the extended output.
    public var logProbability: Double
    /// Whether it was among the k best (kept); if not, it was pruned.
    public var kept: Bool
}

/// Beam search of width k: keep the k most probable partial outputs at every step.
///
/// At each step every live hypothesis is extended by every token; of all these candidates the k
/// with the highest total log-probability are kept (ties: earlier hypothesis, then lower token).
/// A kept candidate that ends with `end` is finished and leaves the beam, so the beam narrows
/// as outputs finish.
///
/// **Length handling.** A finished output is scored by its total log-probability, end token
/// included, with no normalisation by length. (Every extra token adds a negative log-probability,
/// so the raw total favours short outputs; systems with outputs of very different lengths divide
/// by a power of the length. The dates of the chapter all have the same length, so the raw total
/// is the right score.) The search stops when no hypothesis is live, when the best finished
/// output scores at least as well as every live one (extensions only lower a score), or after
/// `maxLength` tokens; unfinished outputs at that point compete with their totals so far.
///
/// Width 1 is greedy decoding, token for token (a test holds them equal). A larger width does not
/// guarantee the most probable output either (beam search is a heuristic too), but it can recover
/// from a step where the locally best token leads nowhere good, which greedy cannot.
///
/// - Returns: the most probable output found.
public func beamSearch<State>(
    initial: State, start: Int, end: Int, width: Int, maxLength: Int, step: DecoderStep<State>
) -> Decoded {
    beamSearchTrace(initial: initial, start: start, end: end, width: width, maxLength: maxLength, step: step).best
}

/// `beamSearch`, also returning the search itself: for every step, its best `width + pruned`
/// candidates in order of log-probability, the first `width` kept and the rest pruned. A kept
/// candidate whose token is `end` finished there; the others are the next step's live list, in
/// this order (which is what `parent` indexes).
public func beamSearchTrace<State>(
    initial: State, start: Int, end: Int, width: Int, maxLength: Int, pruned: Int = 2, step: DecoderStep<State>
) -> (best: Decoded, steps: [[BeamCandidate]]) {
    guard width >= 1 else { fatalError("beamSearch: width \(width) must be at least 1") }
    // A live hypothesis: the output so far, the decoder's state after it, its last token.
    var live: [(decoded: Decoded, state: State, token: Int)] = [(Decoded(tokens: [], logProbability: 0), initial, start)]
    var finished: [Decoded] = []
    var trace: [[BeamCandidate]] = []
    for _ in 0..<maxLength {
        // Every live hypothesis extended by every token: (hypothesis, token, score, new state).
        var candidates: [(h: Int, token: Int, score: Double)] = []
        var states: [State] = []
        for (i, hyp) in live.enumerated() {
            let (logP, next) = step(hyp.state, hyp.token)
            states.append(next)
            for (k, lp) in logP.enumerated() { candidates.append((i, k, hyp.decoded.logProbability + lp)) }
        }
        // The k best, ties to the earlier hypothesis then the lower token (the order they were listed in).
        let ranked = candidates.enumerated().sorted { a, b in
            a.element.score != b.element.score ? a.element.score > b.element.score : a.offset < b.offset
        }.map(\.element)
        let best = ranked.prefix(width)
        trace.append(
            ranked.prefix(width + pruned).enumerated().map {
                BeamCandidate(parent: $0.element.h, token: $0.element.token, logProbability: $0.element.score, kept: $0.offset < width)
            })
        var next: [(decoded: Decoded, state: State, token: Int)] = []
        for c in best {
            var decoded = live[c.h].decoded
            decoded.tokens.append(c.token)
            decoded.logProbability = c.score
            if c.token == end {
                finished.append(decoded)  // finished: leaves the beam
            } else {
                next.append((decoded, states[c.h], c.token))
            }
        }
        live = next
        let bestFinished = finished.map(\.logProbability).max() ?? -.infinity
        let bestLive = live.map({ $0.decoded.logProbability }).max() ?? -.infinity
        if live.isEmpty || bestFinished >= bestLive { break }
    }
    // The best of the finished outputs and of the ones cut off at maxLength (finished first on ties).
    let all = finished + live.map { $0.decoded }
    var best = all[0]
    for d in all.dropFirst() where d.logProbability > best.logProbability { best = d }
    return (best, trace)
}
