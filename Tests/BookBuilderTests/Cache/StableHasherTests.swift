import Foundation
import Testing

@testable import BookBuilder

// The run cache's keys: the same inputs give the same key on every machine and run, and any
// input that can change a run changes the key.

@Suite struct StableHasherTests {
    @Test func knownDigests() {
        // Fixed values: if these change, every cache on every machine is invalidated.
        #expect(StableHasher().hexDigest == "cbf29ce4842223256c62272e07bb0142")
        var h = StableHasher()
        h.combine("book")
        #expect(h.hexDigest == StableHasherTests.bookDigest)
        #expect(h.hexDigest.count == 32)
        #expect(h.hexDigest.allSatisfy { "0123456789abcdef".contains($0) })
    }

    /// The digest of the single string "book", computed independently (FNV-1a, 64-bit prime
    /// 0x100000001b3, second lane over each byte xor 0x5A, then the separator byte) in Python.
    static let bookDigest = "584286b29d1dda45c81fd8ea946f0d75"

    @Test func sameInputSameDigest() {
        var a = StableHasher(), b = StableHasher()
        a.combine("program"); a.combine(bytes: [1, 2, 3])
        b.combine("program"); b.combine(bytes: [1, 2, 3])
        #expect(a.hexDigest == b.hexDigest)
    }

    @Test func boundariesMatter() {
        var a = StableHasher(), b = StableHasher()
        a.combine("ab"); a.combine("c")
        b.combine("a"); b.combine("bc")
        #expect(a.hexDigest != b.hexDigest)
        var c = StableHasher(), d = StableHasher()
        c.combine("")
        #expect(c.hexDigest != d.hexDigest, "combining an empty string is not nothing")
    }

    @Test func orderMatters() {
        var a = StableHasher(), b = StableHasher()
        a.combine("x"); a.combine("y")
        b.combine("y"); b.combine("x")
        #expect(a.hexDigest != b.hexDigest)
    }
}
