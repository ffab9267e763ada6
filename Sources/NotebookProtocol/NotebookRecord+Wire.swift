// The wire format of the notebook records, both directions side by side:
//
//     record  := u32le(payload length) payload
//     payload := field*                       fields are UTF-8 text
//     field   := u32le(length) bytes
//
// with the fields [kind, stdout offset, stderr offset, own fields...].

extension NotebookRecord {
    /// A record with where the program's output streams stood when it was written.
    public struct Positioned: Equatable, Sendable {
        public var record: NotebookRecord
        /// Bytes written to standard output before the record.
        public var stdoutOffset: Int
        /// Bytes written to standard error before the record.
        public var stderrOffset: Int
    }

    /// The record as bytes, with the output offsets at the time it is written (the writer's side).
    public func encoded(stdoutOffset: Int, stderrOffset: Int) -> [UInt8] {
        var payload: [UInt8] = []
        let all = [fields[0], "\(stdoutOffset)", "\(stderrOffset)"] + fields.dropFirst()
        for field in all {
            let bytes = Array(field.utf8)
            payload += littleEndian(UInt32(bytes.count))
            payload += bytes
        }
        return littleEndian(UInt32(payload.count)) + payload
    }

    /// Every well-formed record in `bytes`, in order (the reader's side). A record of a kind this
    /// side does not know, or with malformed fields, is skipped; a record cut short (the program
    /// was killed while writing it) ends the list.
    public static func decode(_ bytes: some Collection<UInt8>) -> [Positioned] {
        let b = Array(bytes)
        func u32(_ i: Int) -> Int? {
            guard i + 4 <= b.count else { return nil }
            return Int(b[i]) | Int(b[i + 1]) << 8 | Int(b[i + 2]) << 16 | Int(b[i + 3]) << 24
        }
        var records: [Positioned] = []
        var i = 0
        while let length = u32(i), i + 4 + length <= b.count {
            let end = i + 4 + length
            var fields: [String] = []
            var j = i + 4
            while j < end, let n = u32(j), j + 4 + n <= end {
                fields.append(String(decoding: b[(j + 4)..<(j + 4 + n)], as: UTF8.self))
                j += 4 + n
            }
            i = end
            guard fields.count >= 3, let out = Int(fields[1]), let err = Int(fields[2]),
                let record = NotebookRecord(kind: fields[0], fields: Array(fields.dropFirst(3)))
            else { continue }
            records.append(Positioned(record: record, stdoutOffset: out, stderrOffset: err))
        }
        return records
    }
}

/// `x` as four bytes, least significant first.
private func littleEndian(_ x: UInt32) -> [UInt8] {
    [UInt8(x & 0xff), UInt8((x >> 8) & 0xff), UInt8((x >> 16) & 0xff), UInt8(x >> 24)]
}
