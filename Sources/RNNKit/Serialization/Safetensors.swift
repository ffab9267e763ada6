#if canImport(Glibc)
    import Glibc
#endif

/// The safetensors format (Hugging Face's, read by PyTorch, JAX, NumPy and most model hubs): named
/// tensors in one file, with no code in it, so that reading a file cannot run anything.
///
///     bytes 0 ..< 8          N, the header's length, an unsigned 64-bit little-endian integer
///     bytes 8 ..< 8 + N      the header: a JSON object, UTF-8
///     bytes 8 + N ..< end    the data: every tensor's entries, little-endian, row-major
///
/// The header maps each tensor's name to `{"dtype": "F64", "shape": [3, 2], "data_offsets": [b, e]}`,
/// where [b, e) are its bytes counted from the start of the data, and may hold one more member,
/// `"__metadata__"`, an object of strings to strings. The tensors' byte ranges must tile the data
/// exactly: no overlap, no gap, nothing left over.
///
/// The reader trusts nothing in the file: every length and offset is checked against the bytes
/// actually there before anything is read, and every problem is a `SafetensorsError` that names it.
public struct SafetensorsFile: Sendable {
    /// The tensors in the order of their data (the order the writer laid them out).
    public var tensors: [(name: String, tensor: Tensor)]
    /// The header's `__metadata__` (empty when it has none).
    public var metadata: [String: String]

    /// A file's worth of tensors, in this order, with optional metadata.
    public init(tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The tensor called `name`, if the file holds one.
    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name }?.tensor }

    /// The tensors' names, in data order.
    public var names: [String] { tensors.map(\.name) }

    // MARK: - Reading

    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(bytes: try readFileBytes(path))
    }

    /// Reads and checks a whole file held in memory.
    public init(bytes: [UInt8]) throws {
        guard bytes.count >= 8 else {
            throw SafetensorsError.truncated("\(bytes.count) bytes, fewer than the 8 of the header length")
        }
        let n = littleEndianUInt64(bytes, at: 0)  // N, the header's length
        guard n <= UInt64(bytes.count - 8) else {
            throw SafetensorsError.truncated("the header length says \(n) bytes, but only \(bytes.count - 8) follow")
        }
        let headerEnd = 8 + Int(n)
        let header: JSONValue
        do {
            header = try JSONReader.parse(Array(bytes[8..<headerEnd]))
        } catch {
            throw SafetensorsError.headerNotJSON("\(error.reason) at byte \(error.offset) of the header")
        }
        let dataSize = bytes.count - headerEnd
        let entries = try Self.entries(of: header, dataSize: dataSize)
        metadata = try Self.metadata(of: header)
        // Every tensor's bytes, decoded only now that every entry has been checked.
        tensors = entries.map { e in
            let start = headerEnd + e.begin
            let values: [Double] = (0..<e.count).map { k in
                switch e.dtype {
                case .f64: return Double(bitPattern: littleEndianUInt64(bytes, at: start + 8 * k))
                case .f32:
                    return Double(Float(bitPattern: UInt32(truncatingIfNeeded: littleEndianUInt64(bytes, at: start + 4 * k, width: 4))))
                }
            }
            return (e.name, Tensor(shape: e.shape, values: values, dtype: e.dtype))
        }
    }

    /// One header entry, checked: its dtype known, its shape non-negative, its offsets in range and
    /// as long as its shape needs.
    private struct Entry {
        var name: String
        var dtype: Tensor.DType
        var shape: [Int]
        var begin: Int
        var end: Int
        var count: Int
    }

    private static func entries(of header: JSONValue, dataSize: Int) throws -> [Entry] {
        guard case .object(let members) = header else {
            throw SafetensorsError.invalidHeader("the header is \(header.kind), not an object")
        }
        var seen = Set<String>()
        var entries: [Entry] = []
        for (name, value) in members where name != "__metadata__" {
            guard seen.insert(name).inserted else { throw SafetensorsError.invalidHeader("the name \(name) appears twice") }
            guard case .object(let fields) = value else {
                throw SafetensorsError.invalidHeader("\(name) is \(value.kind), not an object")
            }
            func field(_ key: String) throws -> JSONValue {
                guard let v = fields.first(where: { $0.key == key })?.value else {
                    throw SafetensorsError.invalidHeader("\(name) has no \(key)")
                }
                return v
            }
            func integers(_ key: String) throws -> [Int] {
                guard case .array(let items) = try field(key) else { throw SafetensorsError.invalidHeader("\(name): \(key) is not a list") }
                return try items.map { item in
                    guard let k = item.nonNegativeInteger else {
                        throw SafetensorsError.invalidHeader("\(name): \(key) holds \(item.kind) that is not a non-negative integer")
                    }
                    return k
                }
            }
            guard case .string(let dtypeName) = try field("dtype") else {
                throw SafetensorsError.invalidHeader("\(name): dtype is not a string")
            }
            let shape = try integers("shape")
            let offsets = try integers("data_offsets")
            guard offsets.count == 2 else {
                throw SafetensorsError.invalidHeader("\(name): data_offsets has \(offsets.count) numbers, not 2")
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end <= dataSize else {
                throw SafetensorsError.offsetsOutOfRange(name: name, begin: begin, end: end, dataSize: dataSize)
            }
            guard let dtype = Tensor.DType(rawValue: dtypeName) else {
                throw SafetensorsError.unsupportedDType(name: name, dtype: dtypeName)
            }
            // The number of entries, refusing a product that overflows (a hostile shape).
            var count = 1
            for d in shape {
                let (p, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow else { throw SafetensorsError.sizeMismatch(name: name, dtype: dtypeName, shape: shape, bytes: end - begin) }
                count = p
            }
            let (bytesNeeded, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow, bytesNeeded == end - begin else {
                throw SafetensorsError.sizeMismatch(name: name, dtype: dtypeName, shape: shape, bytes: end - begin)
            }
            entries.append(Entry(name: name, dtype: dtype, shape: shape, begin: begin, end: end, count: count))
        }
        // The byte ranges, in order, must tile [0, dataSize): each starts where the previous ended.
        entries.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var position = 0, previous = "the start of the data"
        for e in entries {
            if e.begin < position { throw SafetensorsError.offsetsOverlap(previous, e.name) }
            if e.begin > position {
                throw SafetensorsError.offsetsLeaveGap(
                    "bytes \(position) ..< \(e.begin), between \(previous) and \(e.name), belong to no tensor")
            }
            position = e.end
            previous = e.name
        }
        guard position == dataSize else {
            throw SafetensorsError.offsetsLeaveGap("bytes \(position) ..< \(dataSize), after \(previous), belong to no tensor")
        }
        return entries
    }

    private static func metadata(of header: JSONValue) throws -> [String: String] {
        guard case .object(let members) = header, let value = members.first(where: { $0.key == "__metadata__" })?.value else { return [:] }
        guard case .object(let pairs) = value else { throw SafetensorsError.invalidHeader("__metadata__ is \(value.kind), not an object") }
        var out: [String: String] = [:]
        for (key, v) in pairs {
            guard case .string(let s) = v else { throw SafetensorsError.invalidHeader("__metadata__: \(key) is \(v.kind), not a string") }
            out[key] = s
        }
        return out
    }

    // MARK: - Writing

    /// The file's bytes: the header (metadata keys sorted, padded with spaces to a multiple of 8
    /// bytes so that the data is aligned, as the reference writer does), then each tensor's
    /// entries in its own dtype, in `tensors` order.
    public var bytes: [UInt8] {
        var json = "{"
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { JSONValue.quoted($0) + ":" + JSONValue.quoted(metadata[$0]!) }
            json += "\"__metadata__\":{" + pairs.joined(separator: ",") + "},"
        }
        var offset = 0
        var entries: [String] = []
        for (name, t) in tensors {
            let size = t.values.count * t.dtype.size
            let shape = t.shape.map(String.init).joined(separator: ",")
            entries.append(
                JSONValue.quoted(name)
                    + ":{\"dtype\":\"\(t.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        json += entries.joined(separator: ",") + "}"
        var header = Array(json.utf8)
        while header.count % 8 != 0 { header.append(0x20) }  // pad with spaces: the data starts 8-aligned
        var out: [UInt8] = []
        out.reserveCapacity(8 + header.count + offset)
        appendLittleEndian(UInt64(header.count), width: 8, to: &out)
        out += header
        for (_, t) in tensors {
            for v in t.values {
                switch t.dtype {
                case .f64: appendLittleEndian(v.bitPattern, width: 8, to: &out)
                case .f32: appendLittleEndian(UInt64(Float(v).bitPattern), width: 4, to: &out)
                }
            }
        }
        return out
    }

    /// Writes the file to `path`: first to `path` + ".partial-<process id>", then renamed over
    /// `path`, so that an interrupted write never leaves half a file under the real name (and two
    /// processes writing the same file never write into each other's).
    public func write(to path: String) throws {
        try writeFileBytes(bytes, to: path)
    }
}

/// `width` bytes at `offset`, least significant first, as an unsigned integer.
private func littleEndianUInt64(_ bytes: [UInt8], at offset: Int, width: Int = 8) -> UInt64 {
    var v: UInt64 = 0
    for k in (0..<width).reversed() { v = v << 8 | UInt64(bytes[offset + k]) }
    return v
}

/// Appends the `width` low bytes of `value`, least significant first.
private func appendLittleEndian(_ value: UInt64, width: Int, to out: inout [UInt8]) {
    for k in 0..<width { out.append(UInt8(truncatingIfNeeded: value >> (8 * k))) }
}

/// The whole file's bytes.
private func readFileBytes(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw SafetensorsError.cannotAccess(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = fread(&chunk, 1, chunk.count, file)
        bytes.append(contentsOf: chunk[..<n])
        if n < chunk.count { break }
    }
    guard ferror(file) == 0 else { throw SafetensorsError.cannotAccess(path: path, reason: "read error") }
    return bytes
}

/// Writes `bytes` to `path` + ".partial-<pid>", then renames it to `path`.
private func writeFileBytes(_ bytes: [UInt8], to path: String) throws {
    let partial = path + ".partial-\(getpid())"
    guard let file = fopen(partial, "wb") else {
        throw SafetensorsError.cannotAccess(path: path, reason: "cannot write: \(String(cString: strerror(errno)))")
    }
    let written = fwrite(bytes, 1, bytes.count, file)
    let closed = fclose(file)
    guard written == bytes.count, closed == 0 else {
        remove(partial)
        throw SafetensorsError.cannotAccess(path: path, reason: "wrote \(written) of \(bytes.count) bytes")
    }
    guard rename(partial, path) == 0 else {
        remove(partial)
        throw SafetensorsError.cannotAccess(path: path, reason: "cannot rename: \(String(cString: strerror(errno)))")
    }
}
