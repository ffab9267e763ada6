#if canImport(Glibc)
    import Glibc
#endif

/// The perplexity of a model whose mean negative log-likelihood per token (in nats, the natural
/// logarithm, as the cross-entropy losses compute it) is `meanNLL`:
///
///     perplexity = e^{meanNLL}
///
/// It reads as "the model is as unsure as a fair choice among this many tokens": a model that
/// gives every one of V tokens probability 1/V has perplexity exactly V, and a perfect one has 1.
public func perplexity(meanNLL: Double) -> Double { exp(meanNLL) }

/// The same loss in bits per token (per character, for a character model):
/// meanNLL / ln 2. It is the number of bits an ideal compressor driven by the model would spend
/// per character, and log₂ of the perplexity.
public func bitsPerCharacter(meanNLL: Double) -> Double { meanNLL / M_LN2 }
