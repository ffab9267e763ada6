import Testing

@testable import RNNKit

@Suite struct RequireFiniteTests {
    @Test func aFiniteLossPasses() {
        requireFinite(0.25, step: 1)
        requireFinite(-3, step: 2)
    }

    @Test func aNaNLossTrapsNamingTheStep() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            requireFinite(.nan, step: 37)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("loss became NaN at step 37"))
    }

    @Test func anInfiniteLossTrapsToo() async {
        await #expect(processExitsWith: .failure) {
            requireFinite(.infinity, step: 3)
        }
    }
}
