/// A 128-bit FNV-1a hash (two 64-bit lanes with different offsets), stable across runs,
/// machines and Swift versions, unlike `Hasher`. Used for cache keys, not for security.
public struct StableHasher: Sendable {
    private var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x6c62_272e_07bb_0142
    private static let prime: UInt64 = 0x0000_0100_0000_01B3

    public init() {}

    public mutating func combine(bytes: some Sequence<UInt8>) {
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* Self.prime
            b = (b ^ UInt64(byte ^ 0x5A)) &* Self.prime
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        a = (a ^ 0xFF) &* Self.prime
        b = (b ^ 0x00) &* Self.prime
    }

    public mutating func combine(_ string: String) { combine(bytes: string.utf8) }

    public var hexDigest: String {
        func hex(_ x: UInt64) -> String {
            let s = String(x, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return hex(a) + hex(b)
    }
}
