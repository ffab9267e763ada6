#if canImport(Glibc)
    import Glibc
#endif

/// The tanh RNN's fast path: what `RNN.forward` and `RNN.backward` run. The same equations as the
/// readable step (`Recurrent/RNN+Step.swift`, which a reader follows), written for speed: the
/// input products of all steps in one matrix product, the recurrence in threads over blocks of
/// batch rows (`ParallelRows`), allocation-free loops over raw pointers, a vectorized tanh
/// (`Activations+SIMD.swift`). A test holds the two equal to 1e-13.
enum RNNKernel {
    /// `RNN.forward` over `xs` (at least one step, shapes checked by the layer).
    ///
    /// The input products x_t W_ihᵀ of all steps do not depend on the recurrence: one matrix product
    /// before the loop; only h_{t-1} W_hhᵀ has to wait for the previous step.
    static func forward(_ layer: RNN, _ xs: [Matrix], initial: Matrix) -> (hs: [Matrix], final: Matrix, cache: RNN.Cache) {
        let weightIH = layer.weightIH, weightHH = layer.weightHH, biasIH = layer.biasIH, biasHH = layer.biasHH
        let hiddenSize = layer.hiddenSize, batch = initial.rows
        let steps = xs.count, block = batch * hiddenSize  // entries per step of a (batch × hidden) quantity
        let inputs = Matrix.vstack(xs)  // (steps·batch × input)
        // The input half of every step's pre-activation in one product, both biases added once.
        var preactivations = Matrix(repeatingRow: biasIH + biasHH, count: inputs.rows)  // b_ih + b_hh in every row
        Matrix.gemm(inputs, weightIH, into: &preactivations, transposeB: true, beta: 1)  // + x W_ihᵀ: (steps·batch × hidden)
        // Every state in one matrix, h₋₁ in row block 0 and hₜ in block t + 1, so that each step
        // reads hₜ₋₁ and writes hₜ in place: no matrix is allocated inside the loop.
        var states = Matrix(rows: (steps + 1) * batch, cols: hiddenSize)  // ((steps+1)·batch × hidden)
        states.storage.replaceSubrange(0..<block, with: initial.storage)  // block 0: h₋₁
        // The recurrence. Rows of the batch never mix, so blocks of rows run on separate cores,
        // each through all the steps (see ParallelRows.swift); pointers address row b of step t.
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * hiddenSize * hiddenSize)
        let hidden = hiddenSize
        preactivations.storage.withUnsafeMutableBufferPointer { aBuffer in
            states.storage.withUnsafeMutableBufferPointer { hBuffer in
                weightHH.storage.withUnsafeBufferPointer { wBuffer in
                    let a = aBuffer.baseAddress!, h = hBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                    batchBlocks.run { rows in
                        for t in 0..<steps {
                            let first = (t * batch + rows.lowerBound) * hidden  // these rows of step t
                            let aStep = a + first, hPrevious = h + first  // aₜ, hₜ₋₁
                            // aₜ = (xₜ W_ihᵀ + b) + hₜ₋₁ W_hhᵀ: (rows × hidden)·(hidden × hidden)ᵀ added in place
                            batchBlocks.gemm(
                                transposeB: true, m: rows.count, n: hidden, k: hidden,
                                a: hPrevious, lda: hidden, b: wHH, ldb: hidden, beta: 1, c: aStep, ldc: hidden)
                            batchBlocks.forEachBlock(of: rows) { rows in
                                let first = (t * batch + rows.lowerBound) * hidden  // these rows of step t
                                let aRows = a + first, hRows = h + first + block  // aₜ, hₜ
                                // Indexed by i alone (no arithmetic inside the index), so the loop vectorizes.
                                for i in 0..<(rows.count * hidden) { hRows[i] = kernelTanh(aRows[i]) }  // hₜ = tanh(aₜ)
                            }
                        }
                    }
                }
            }
        }
        let hs = (0..<steps).map { states.rows((($0 + 1) * batch)..<(($0 + 2) * batch)) }  // each (batch × hidden)
        let final = hs.last ?? initial
        return (hs, final, RNN.Cache(inputs: inputs, initial: initial, hs: hs, batch: batch, states: states))
    }

    /// `RNN.backward` (shapes checked by the layer): every ∂L/∂a_t goes straight into its row block
    /// of one matrix, and the h_t are read from the cache's stacked states.
    static func backward(_ layer: RNN, _ dhs: [Matrix], dFinal: Matrix?, cache: RNN.Cache) -> RecurrentGradients<Matrix> {
        let weightIH = layer.weightIH, weightHH = layer.weightHH
        let hiddenSize = layer.hiddenSize
        let steps = cache.steps, batch = cache.batch, block = batch * hiddenSize
        // The sequential half: the same recurrence as `backpropagateThroughTime` (which keeps
        // every intermediate for `backwardTrace`), written for speed. Every ∂L/∂aₜ goes straight
        // into its row block of one matrix, and the hₜ are read from the cache's stacked states.
        var dA = Matrix(rows: steps * batch, cols: hiddenSize)  // every ∂L/∂aₜ stacked: (steps·batch × hidden)
        var dhNext = dFinal ?? Matrix(rows: batch, cols: hiddenSize)  // ∂L/∂hₜ through the steps after t
        // Rows of the batch never mix, so blocks of rows run on separate cores (see ParallelRows.swift).
        let batchBlocks = ParallelRows(batch: batch, steps: steps, stepProduct: batch * hiddenSize * hiddenSize)
        let hidden = hiddenSize
        let dhsStorage = dhs.map(\.storage)  // empty, or ∂L/∂hₜ from above for every step
        dA.storage.withUnsafeMutableBufferPointer { daBuffer in
            dhNext.storage.withUnsafeMutableBufferPointer { dhNextBuffer in
                cache.states.storage.withUnsafeBufferPointer { statesBuffer in
                    weightHH.storage.withUnsafeBufferPointer { wBuffer in
                        let da = daBuffer.baseAddress!, next = dhNextBuffer.baseAddress!
                        let states = statesBuffer.baseAddress!, wHH = wBuffer.baseAddress!
                        batchBlocks.run { rows in
                            for t in stride(from: steps - 1, through: 0, by: -1) {
                                batchBlocks.forEachBlock(of: rows) { rows in
                                    let count = rows.count * hidden, first = rows.lowerBound * hidden  // these rows of a step
                                    let daStep = da + t * block + first, h = states + (t + 1) * block + first  // ∂L/∂aₜ, hₜ
                                    let dhBeyond = next + first  // ∂L/∂hₜ through hₜ₊₁ (for t = T−1, dFinal)
                                    if dhsStorage.isEmpty {
                                        for i in 0..<count { daStep[i] = dhBeyond[i] * (1 - h[i] * h[i]) }  // through tanh: ⊙ (1 − hₜ²)
                                    } else {
                                        dhsStorage[t].withUnsafeBufferPointer { aboveBuffer in
                                            let above = aboveBuffer.baseAddress! + first  // ∂L/∂hₜ from the loss read at t
                                            for i in 0..<count {
                                                let total = dhBeyond[i] + above[i]  // ∂L/∂hₜ: the road through hₜ₊₁ plus the loss read at t
                                                daStep[i] = total * (1 - h[i] * h[i])  // through tanh: ⊙ (1 − hₜ²)
                                            }
                                        }
                                    }
                                }
                                // into hₜ₋₁: ∂L/∂aₜ W_hh, (rows × hidden)·(hidden × hidden)
                                batchBlocks.gemm(
                                    m: rows.count, n: hidden, k: hidden,
                                    a: da + t * block + rows.lowerBound * hidden, lda: hidden, b: wHH, ldb: hidden,
                                    beta: 0, c: next + rows.lowerBound * hidden, ldc: hidden)
                            }
                        }
                    }
                }
            }
        }
        // The sums over time, each one product over all steps at once, and ∂L/∂xₜ = ∂L/∂aₜ W_ih.
        let sums = weightGradientsOverTime(
            dInputSide: dA, dHiddenSide: nil, inputs: cache.inputs, hStates: cache.states, steps: steps, batch: batch,
            weightIH: weightIH)
        return RecurrentGradients(parameters: sums.parameters, inputs: sums.inputs, initial: dhNext)
    }
}
