import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

/// The file format itself: bytes written, bytes read, and every way a file can be wrong.
@Suite("Safetensors format")
struct SafetensorsFormatTests {
    /// A file's bytes from a header text and data bytes, as a hostile writer might make them.
    static func file(header: String, data: [UInt8]) -> [UInt8] {
        let h = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: h.count >> (8 * $0)) } + h + data
    }

    static func error(_ bytes: [UInt8]) -> SafetensorsError? {
        do {
            _ = try SafetensorsFile(bytes: bytes)
            return nil
        } catch let e as SafetensorsError {
            return e
        } catch {
            return nil
        }
    }

    @Test("the written bytes: length, header, padding to 8, little-endian F64 data")
    func writtenLayout() throws {
        let file = SafetensorsFile(tensors: [("b", Tensor(shape: [2], values: [1, -2]))], metadata: ["k": "v"])
        let bytes = file.bytes
        let header = #"{"__metadata__":{"k":"v"},"b":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}"#
        let padded = header.utf8.count + (8 - header.utf8.count % 8) % 8
        #expect(Array(bytes[0..<8]) == (0..<8).map { UInt8(truncatingIfNeeded: padded >> (8 * $0)) })
        #expect(String(decoding: bytes[8..<(8 + header.utf8.count)], as: UTF8.self) == header)
        #expect(bytes[(8 + header.utf8.count)..<(8 + padded)].allSatisfy { $0 == 0x20 })
        // 1.0 is 0x3FF0000000000000: least significant byte first.
        #expect(Array(bytes[(8 + padded)..<(16 + padded)]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F])
        #expect(bytes.count == 8 + padded + 16)
        let back = try SafetensorsFile(bytes: bytes)
        #expect(back.names == ["b"] && back["b"] == Tensor(shape: [2], values: [1, -2]) && back.metadata == ["k": "v"])
    }

    @Test("every bit comes back: signed zero, subnormals, infinities, extremes; scalars and empty tensors")
    func bitExactRoundTrip() throws {
        let special: [Double] = [
            0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -.infinity, .pi, Double.leastNormalMagnitude / 4, -1 / 3,
        ]
        let tensors: [(name: String, tensor: Tensor)] = [
            ("special", Tensor(shape: [2, 4], values: special)),
            ("scalar", Tensor(shape: [], values: [42])),
            ("empty", Tensor(shape: [0, 3], values: [])),
            ("f32", Tensor(shape: [3], values: [0.5, -1.25, Double(Float.greatestFiniteMagnitude)], dtype: .f32)),
            ("naïve name \"quoted\"\n", Tensor(shape: [1], values: [7])),
        ]
        let back = try SafetensorsFile(bytes: SafetensorsFile(tensors: tensors).bytes)
        #expect(back.names == tensors.map(\.name))
        for (name, t) in tensors {
            #expect(back[name]!.shape == t.shape && back[name]!.dtype == t.dtype, "\(name)")
            #expect(back[name]!.values.map(\.bitPattern) == t.values.map(\.bitPattern), "\(name)")
        }
        // NaN: compared by its bits, since NaN ≠ NaN.
        let nan = try SafetensorsFile(bytes: SafetensorsFile(tensors: [("n", Tensor(shape: [1], values: [.nan]))]).bytes)
        #expect(nan["n"]!.values[0].isNaN)
    }

    @Test("F32 is widened exactly: each entry is the Double of its Float")
    func f32IsWidened() throws {
        let values: [Double] = [0.1, 1 / 3, -2.5]
        let back = try SafetensorsFile(bytes: SafetensorsFile(tensors: [("w", Tensor(shape: [3], values: values, dtype: .f32))]).bytes)
        #expect(back["w"]!.values == values.map { Double(Float($0)) })
        #expect(back["w"]!.values[0] != 0.1)  // 0.1 is not a Float: the file kept the Float
    }

    @Test("a truncated file: too short for the length, or shorter than its header says")
    func truncated() {
        #expect(Self.error([1, 2, 3]) == .truncated("3 bytes, fewer than the 8 of the header length"))
        let whole = SafetensorsFile(tensors: [("w", Tensor(shape: [2], values: [1, 2]))]).bytes
        let headerLength = Int(whole[0])
        #expect(Self.error(Array(whole[0..<20])) == .truncated("the header length says \(headerLength) bytes, but only 12 follow"))
        // The header is whole but the data is cut: w's offsets no longer fit.
        #expect(
            Self.error(Array(whole.dropLast(3)))
                == .offsetsOutOfRange(name: "w", begin: 0, end: 16, dataSize: 13))
    }

    @Test("a header that is not JSON names where reading stopped")
    func notJSON() {
        guard case .headerNotJSON(let why)? = Self.error(Self.file(header: #"{"w": {"dtype": "F64",}"#, data: [])) else {
            Issue.record("expected headerNotJSON")
            return
        }
        #expect(why.contains("at byte"))
        #expect(Self.error(Self.file(header: "\u{FF}", data: [])).map { if case .headerNotJSON = $0 { true } else { false } } == true)
        #expect(Self.error(Self.file(header: "[1, 2]", data: [])) == .invalidHeader("the header is an array, not an object"))
    }

    @Test("header entries that are not tensors")
    func invalidEntries() {
        #expect(Self.error(Self.file(header: #"{"w": 3}"#, data: [])) == .invalidHeader("w is a number, not an object"))
        #expect(
            Self.error(Self.file(header: #"{"w": {"dtype": "F64", "data_offsets": [0, 0]}}"#, data: []))
                == .invalidHeader("w has no shape"))
        #expect(
            Self.error(Self.file(header: #"{"w": {"dtype": "F64", "shape": [-1], "data_offsets": [0, 0]}}"#, data: []))
                == .invalidHeader("w: shape holds a number that is not a non-negative integer"))
        #expect(
            Self.error(Self.file(header: #"{"__metadata__": {"a": 1}}"#, data: []))
                == .invalidHeader("__metadata__: a is a number, not a string"))
        #expect(
            Self.error(
                Self.file(
                    header:
                        #"{"w": {"dtype": "F64", "shape": [], "data_offsets": [0, 8]}, "w": {"dtype": "F64", "shape": [], "data_offsets": [8, 16]}}"#,
                    data: Array(repeating: 0, count: 16))) == .invalidHeader("the name w appears twice"))
    }

    @Test("offsets out of range, overlapping, leaving a gap, or not the size of the shape")
    func badOffsets() {
        let data = [UInt8](repeating: 0, count: 16)
        func entry(_ name: String, _ shape: String, _ b: Int, _ e: Int, dtype: String = "F64") -> String {
            "\"\(name)\": {\"dtype\": \"\(dtype)\", \"shape\": [\(shape)], \"data_offsets\": [\(b), \(e)]}"
        }
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "3", 0, 24))}", data: data))
                == .offsetsOutOfRange(name: "a", begin: 0, end: 24, dataSize: 16))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "1", 8, 0))}", data: data))
                == .offsetsOutOfRange(name: "a", begin: 8, end: 0, dataSize: 16))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "2", 0, 16)), \(entry("b", "1", 8, 16))}", data: data)) == .offsetsOverlap("a", "b")
        )
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "1", 8, 16))}", data: data))
                == .offsetsLeaveGap("bytes 0 ..< 8, between the start of the data and a, belong to no tensor"))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "1", 0, 8))}", data: data))
                == .offsetsLeaveGap("bytes 8 ..< 16, after a, belong to no tensor"))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "3", 0, 16))}", data: data))
                == .sizeMismatch(name: "a", dtype: "F64", shape: [3], bytes: 16))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "4611686018427387904, 4", 0, 16))}", data: data))
                == .sizeMismatch(name: "a", dtype: "F64", shape: [4_611_686_018_427_387_904, 4], bytes: 16))
        #expect(
            Self.error(Self.file(header: "{\(entry("a", "8", 0, 16, dtype: "F16"))}", data: data))
                == .unsupportedDType(name: "a", dtype: "F16"))
    }

    @Test("errors read as sentences naming the tensor")
    func descriptions() {
        #expect(
            SafetensorsError.shapeMismatch(name: "rnn.weight_ih_l0", expected: [12, 3], found: [12, 4]).description
                == "rnn.weight_ih_l0: the file has shape [12, 4], the model needs [12, 3]")
        #expect(SafetensorsError.missingParameters(["head.bias"]).description == "the file lacks the model's parameters head.bias")
    }

    @Test("the JSON reader: escapes, surrogate pairs, numbers, nesting, and what it refuses")
    func jsonReader() throws {
        let v = try JSONReader.parse(Array(#" {"a\u00e9\ud83d\ude00\n": [1, -2.5e3, true, null, {}], "b": ""} "#.utf8))
        #expect(v == .object([("aé😀\n", .array([.number("1"), .number("-2.5e3"), .bool(true), .null, .object([])])), ("b", .string(""))]))
        for bad in ["{", "[1,]", "01", "\"\\x\"", "{\"a\" 1}", "tru", "\"\\ud800\"", "1 2", "\"a\nb\""] {
            #expect(throws: JSONSyntaxError.self, "\(bad)") { try JSONReader.parse(Array(bad.utf8)) }
        }
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: JSONSyntaxError.self) { try JSONReader.parse(Array(deep.utf8)) }
        #expect(JSONValue.quoted("a\"\\\u{01}é") == #""a\"\\\u0001é""#)
        #expect(JSONValue.number("12").nonNegativeInteger == 12 && JSONValue.number("1e2").nonNegativeInteger == nil)
    }

    @Test("writing to a file and reading it back; a missing file is an error, not a crash")
    func files() throws {
        let path = "/tmp/rnnkit-safetensors-\(UInt32.random(in: 0...UInt32.max)).safetensors"
        let file = SafetensorsFile(tensors: [("w", Tensor(shape: [2, 2], values: [1, 2, 3, 4]))])
        try file.write(to: path)
        #expect(try SafetensorsFile(contentsOf: path)["w"] == file["w"])
        remove(path)
        #expect(throws: SafetensorsError.self) { try SafetensorsFile(contentsOf: "/nonexistent/x.safetensors") }
    }
}
