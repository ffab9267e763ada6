import Testing

@testable import RNNKit

@Suite("Scheduled sampling")
struct ScheduledSamplingTests {
    static func model(attention: Bool) -> EncoderDecoder<Unidirectional<GRU>> {
        var rng = RandomSource(seed: 50)
        return EncoderDecoder(
            encoder: Unidirectional(GRU(inputSize: 7, hiddenSize: 5, using: &rng)), outputVocabularySize: 6,
            attention: attention, using: &rng)
    }
    static let sources = [[3, 4, 5, 6], [4, 3]]
    static let targets = [[3, 4, 5, 2], [5, 2]]

    @Test("ε = 0 is teacher forcing: the inputs are start and the correct tokens, and the loss and gradients are the same")
    func zeroIsTeacherForcing() {
        let m = Self.model(attention: true)
        var rng = RandomSource(seed: 51)
        let inputs = m.scheduledInputs(sources: Self.sources, targets: Self.targets, epsilon: 0, using: &rng)
        #expect(inputs == [[1, 3, 4, 5], [1, 5]])
        let a = m.lossAndGradients(sources: Self.sources, targets: Self.targets)
        let b = m.lossAndGradients(sources: Self.sources, targets: Self.targets, inputs: inputs)
        #expect(a.loss == b.loss && a.gradients.values == b.gradients.values)
    }

    @Test("ε = 1 feeds back the model's own greedy tokens: the inputs are start and greedy decoding's output")
    func oneIsFreeRunning() {
        for attention in [false, true] {
            let m = Self.model(attention: attention)
            var rng = RandomSource(seed: 52)
            let inputs = m.scheduledInputs(sources: Self.sources, targets: Self.targets, epsilon: 1, using: &rng)
            let greedy = m.greedy(sources: Self.sources, maxLength: 4).outputs
            for b in 0..<2 {
                let n = Self.targets[b].count
                #expect(inputs[b] == [1] + Array(greedy[b].tokens.prefix(n - 1)))
            }
        }
    }

    @Test("the loss with mixed inputs has the right gradient (central differences, relative error < 1e-7)")
    func gradientCheck() {
        let m = Self.model(attention: true)
        let inputs = [[1, 5, 4, 3], [1, 3]]
        let g = m.lossAndGradients(sources: Self.sources, targets: Self.targets, inputs: inputs).gradients
        // ε = 1e-5, as for the teacher-forced loss: at 1e-6 the loss's rounding error is 1e-7 of the small gradients.
        for (name, error) in GradientCheck.check(
            m, analytic: g, epsilon: 1e-5,
            loss: {
                $0.lossAndGradients(sources: Self.sources, targets: Self.targets, inputs: inputs).loss
            })
        {
            #expect(error < 1e-7, "\(name): \(error)")
        }
    }
}
