extension Attention {
    /// What `forward` keeps for `backward`.
    public struct Cache: Sendable {
        /// q, `(batch × querySize)`.
        public let query: Matrix
        /// u, the query that is dotted with the keys, `(batch × keySize)`: q (dot), q/√d (scaled
        /// dot), q W_aᵀ (general); empty for the additive score.
        public let projected: Matrix
        /// The keys as they were prepared for this query (stacked; for the additive score, projected).
        public let prepared: Keys
        /// The keys k_j, each `(batch × keySize)`.
        public var keys: [Matrix] { prepared.keys }
        /// a, `(batch × positions)`: row b is example b's weights over its input.
        public let weights: Matrix
        /// The additive score's hidden layer tanh(q Wᵀ + k_j Uᵀ), position j row b at j·batch + b:
        /// `(positions·batch × A)`; empty for the other scores.
        public let hidden: Matrix
    }

    /// The keys of one batch of input sequences, prepared once for every query that reads them.
    ///
    /// A decoder asks one query per output step over the *same* keys. What depends on the keys
    /// alone is computed here, once per sequence, not once per step:
    ///
    ///     K    = [k_0 ; k_1 ; … ; k_{n-1}]     the keys stacked: k_j row b at row j·batch + b
    ///     K Uᵀ                                the additive score's key part, (n·batch × A)
    ///
    /// For the additive score, e_j = v · tanh(q Wᵀ + k_j Uᵀ): q Wᵀ changes with every query, but
    /// k_j Uᵀ does not. Computed per query it would cost n·batch·A·keySize multiplications at every
    /// step; prepared, it costs them once. The numbers are the same to the last bit (the same
    /// product of the same matrices), and the backward pass is unchanged: each step still sends its
    /// share of ∂L/∂(k_j Uᵀ) into U and into k_j, and the shares add up over the steps.
    ///
    /// Prepared keys belong to the attention's weights of the moment: prepare them again after
    /// the parameters change (a training step).
    public struct Keys: Sendable {
        /// The keys k_j, each `(batch × keySize)`.
        public let keys: [Matrix]
        /// The keys stacked, k_j row b at row j·batch + b: `(positions·batch × keySize)`.
        public let stacked: Matrix
        /// k_j Uᵀ stacked the same way, `(positions·batch × A)`, for the additive score; empty for
        /// the others.
        public let projected: Matrix

        /// Number of positions n.
        public var count: Int { keys.count }
        /// Rows per key.
        public var batch: Int { keys.first?.rows ?? 0 }
    }

    /// Prepares `keys` (one `(batch × keySize)` per position, at least one) for every query of a
    /// sequence: stacks them and, for the additive score, projects them by U.
    public func prepare(_ keys: [Matrix]) -> Keys {
        guard let first = keys.first else {
            shapeError("Attention(query: \(querySize), key: \(keySize)).prepare: no keys")
        }
        for k in keys where k.shape != (first.rows, keySize) {
            shapeError("Attention.prepare: key \(k.shapeDescription), expected (\(first.rows)×\(keySize))")
        }
        let stacked = Matrix.vstack(keys)  // (n·batch × keySize)
        guard case .additive = score else {
            return Keys(keys: keys, stacked: stacked, projected: Matrix(rows: 0, cols: 0))
        }
        let projected = Matrix.gemm(stacked, keyWeight, transposeB: true)  // k_j Uᵀ: (n·batch × A)
        return Keys(keys: keys, stacked: stacked, projected: projected)
    }
}
