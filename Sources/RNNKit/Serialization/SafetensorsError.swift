/// What is wrong with a safetensors file, or with the tensors it holds for a model.
///
/// Reading a file checks everything before anything is loaded: a model is either loaded whole or
/// left as it was, never half loaded. Each case names what is wrong, and its `description` says it
/// in a sentence, e.g. `rnn.weight_ih_l0: the file has shape [12, 4], the model needs [12, 3]`.
public enum SafetensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened, read or written (the system's reason).
    case cannotAccess(path: String, reason: String)
    /// The file ends before what its header length or its header announce.
    case truncated(String)
    /// The header's bytes are not JSON (the reason and the byte offset within the header).
    case headerNotJSON(String)
    /// The header is JSON but not a safetensors header (an entry without `dtype`, a shape that is
    /// not a list of integers, metadata that is not strings, …).
    case invalidHeader(String)
    /// A tensor's `data_offsets` [begin, end] do not fit in the data after the header.
    case offsetsOutOfRange(name: String, begin: Int, end: Int, dataSize: Int)
    /// Two tensors' byte ranges overlap.
    case offsetsOverlap(String, String)
    /// The tensors' byte ranges leave bytes that belong to no tensor (the format forbids it).
    case offsetsLeaveGap(String)
    /// A tensor's byte range does not hold `shape`'s number of entries of its dtype.
    case sizeMismatch(name: String, dtype: String, shape: [Int], bytes: Int)
    /// A dtype this library does not read: it reads F64, and F32 (widened to Double).
    case unsupportedDType(name: String, dtype: String)
    /// A parameter's tensor has a shape other than the model's parameter.
    case shapeMismatch(name: String, expected: [Int], found: [Int])
    /// The model has parameters the file does not hold.
    case missingParameters([String])
    /// The file holds tensors the model has no parameter for.
    case unexpectedParameters([String])

    public var description: String {
        switch self {
        case .cannotAccess(let path, let reason): return "\(path): \(reason)"
        case .truncated(let what): return "the file is truncated: \(what)"
        case .headerNotJSON(let what): return "the header is not JSON: \(what)"
        case .invalidHeader(let what): return "the header is not a safetensors header: \(what)"
        case .offsetsOutOfRange(let name, let begin, let end, let size):
            return "\(name): data_offsets [\(begin), \(end)] are out of range for \(size) bytes of data"
        case .offsetsOverlap(let a, let b): return "the bytes of \(a) and \(b) overlap"
        case .offsetsLeaveGap(let what): return "the tensors' bytes leave a gap: \(what)"
        case .sizeMismatch(let name, let dtype, let shape, let bytes):
            return "\(name): \(bytes) bytes cannot hold shape \(shape) of \(dtype)"
        case .unsupportedDType(let name, let dtype): return "\(name): dtype \(dtype) is not supported (F64 and F32 are)"
        case .shapeMismatch(let name, let expected, let found):
            return "\(name): the file has shape \(found), the model needs \(expected)"
        case .missingParameters(let names): return "the file lacks the model's parameters \(names.joined(separator: ", "))"
        case .unexpectedParameters(let names): return "the file holds tensors the model does not have: \(names.joined(separator: ", "))"
        }
    }
}
