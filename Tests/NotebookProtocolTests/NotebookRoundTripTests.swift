import BookBuilder
import Foundation
import NotebookProtocol
import Testing

@testable import RNNKit

#if canImport(Glibc)
    import Glibc
#endif

/// The notebook protocol is written once (module NotebookProtocol); these tests hold its two
/// sides together: what RNNKit's notebook functions write, the builder reads back as the same
/// records, and every record survives encoding and decoding.
@Suite(.serialized) struct NotebookRoundTripTests {
    /// A figure whose SVG holds the bytes a reader could trip on (newlines, non-ASCII, a NUL).
    struct TinyFigure: RNNKit.Figure {
        var svg: String { "<svg>\n<text>h₁ = tanh(·)</text>\u{0}</svg>" }
    }

    /// Every record, one of each kind, with fields that hold separators and non-ASCII text.
    let everyKind: [NotebookRecord] = [
        .block(0), .check(passed: true, line: 12, claim: "the loss fell; ∂L/∂W matches"),
        .check(passed: false, line: 7, claim: ""), .figure(svg: "<svg>\n</svg>"), .failsBlock(3, failed: true),
        .failsBlock(4, failed: false), .end, .figureLabel(line: 40, label: "fig-loss", caption: "Loss, per step"),
        .inlineStart(2), .inlineValue(2, value: "0.25"),
    ]

    @Test func everyRecordSurvivesEncodingAndDecoding() {
        var bytes: [UInt8] = []
        for (i, record) in everyKind.enumerated() { bytes += record.encoded(stdoutOffset: 10 * i, stderrOffset: i) }
        let decoded = NotebookRecord.decode(bytes)
        #expect(decoded.map(\.record) == everyKind)
        #expect(decoded.map(\.stdoutOffset) == everyKind.indices.map { 10 * $0 })
        #expect(decoded.map(\.stderrOffset) == Array(everyKind.indices))
        for record in everyKind { #expect(NotebookRecord(kind: record.fields[0], fields: Array(record.fields.dropFirst())) == record) }
    }

    @Test func anUnknownKindIsSkippedAndACutRecordEndsTheList() {
        // A record of a kind from a newer library, framed like any other.
        func frame(_ fields: [String]) -> [UInt8] {
            func u32(_ n: Int) -> [UInt8] { [UInt8(n & 0xff), UInt8((n >> 8) & 0xff), UInt8((n >> 16) & 0xff), UInt8(n >> 24)] }
            let payload = fields.flatMap { u32($0.utf8.count) + Array($0.utf8) }
            return u32(payload.count) + payload
        }
        let unknown = frame(["table", "0", "0", "a|b"])
        let end = NotebookRecord.end.encoded(stdoutOffset: 5, stderrOffset: 0)
        let block = NotebookRecord.block(1).encoded(stdoutOffset: 1, stderrOffset: 0)
        #expect(NotebookRecord.decode(block + unknown + end).map(\.record) == [.block(1), .end])
        #expect(NotebookRecord.decode(block + end.dropLast(2)).map(\.record) == [.block(1)])
        #expect(NotebookRecord.decode(frame(["block", "0", "0", "one"])).isEmpty)  // a malformed field
    }

    /// The library's own functions write on the channel; the builder's reader gets the records
    /// back, in order, with the values the functions were given.
    @Test func whatTheLibraryWritesTheBuilderReads() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("notebook-\(UUID().uuidString)")
        let fd = open(url.path, O_CREAT | O_TRUNC | O_WRONLY, 0o600)
        try #require(fd >= 0)
        defer { try? FileManager.default.removeItem(at: url) }
        let saved = NotebookChannel.descriptor
        NotebookChannel.descriptor = fd
        _bookBlock(0)
        let line = #line + 1
        check(1 + 1 == 2, "one and one make two")
        show(TinyFigure(), label: "fig-tiny", caption: "A tiny figure")  // line + 1
        _bookInlineStart(0)
        _bookInline(0, 0.5)
        _bookInline(1, "text")
        _bookEnd()
        NotebookChannel.descriptor = saved
        close(fd)

        let records = NotebookRecord.decode(try Data(contentsOf: url)).map(\.record)
        #expect(
            records == [
                .block(0), .check(passed: true, line: line, claim: "one and one make two"),
                .figureLabel(line: line + 1, label: "fig-tiny", caption: "A tiny figure"), .figure(svg: TinyFigure().svg),
                .inlineStart(0), .inlineValue(0, value: "0.5"), .inlineValue(1, value: "text"), .end,
            ])
    }
}
