import Foundation
import Testing

@testable import BookBuilder

// Stage 1: which files are chapters, and how their bytes become text.

@Suite struct LoadChaptersTests {
    @Test(arguments: [
        ("01-basics.md", true), ("12-lstm-gates.md", true), ("100-appendix.md", true), ("01-梯度.md", true),
        ("1-short.md", false), ("01basics.md", false), ("01-basics.markdown", false), ("index.md", false),
        ("README.md", false), ("01-basics.md.swp", false), ("٠١-arabic-digits.md", false), ("ab-01.md", false),
    ])
    func chapterFileNames(name: String, isChapter: Bool) {
        #expect(isChapterFileName(name) == isChapter)
    }

    @Test func utf8TextIsLoaded() throws {
        let text = "# 梯度消失\n\nText $x$.\n"
        let chapter = try decodeChapter(Array(text.utf8), path: "Chapters/01-a.md", slug: "01-a").get()
        #expect(chapter == ChapterSource(path: "Chapters/01-a.md", slug: "01-a", text: text))
    }

    @Test func nonUTF8BytesNameTheBadLine() throws {
        var bytes = Array("# Title\n\nLine three.\n".utf8)
        bytes += [0x43, 0x61, 0x66, 0xE9, 0x0A]  // "Café" in Latin-1, line 4
        bytes += Array("Line five.\n".utf8)
        let result = decodeChapter(bytes, path: "Chapters/02-b.md", slug: "02-b")
        guard case .failure(let d) = result else {
            Issue.record("decoded bytes that are not UTF-8")
            return
        }
        #expect(d.file == "Chapters/02-b.md")
        #expect(d.line == 4)
        #expect(d.message.contains("not valid UTF-8"))
        #expect(d.description.hasPrefix("Chapters/02-b.md:4: error:"))
    }

    @Test func aBadByteOnTheLastLineWithoutNewline() {
        let bytes = Array("a\nb\n".utf8) + [0xFF]
        guard case .failure(let d) = decodeChapter(bytes, path: "p", slug: "s") else {
            Issue.record("decoded 0xFF")
            return
        }
        #expect(d.line == 3)
    }

    @Test func aTruncatedMultiByteCharacterIsCaught() {
        let bytes = Array("ok\n".utf8) + [0xE6, 0xA2] + Array("\n".utf8)  // the first two bytes of 梯
        guard case .failure(let d) = decodeChapter(bytes, path: "p", slug: "s") else {
            Issue.record("decoded a truncated character")
            return
        }
        #expect(d.line == 2)
    }

    @Test func aByteOrderMarkIsDropped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("# Title\n".utf8)
        let chapter = try decodeChapter(bytes, path: "p", slug: "s").get()
        #expect(chapter.text == "# Title\n")
    }

    @Test func windowsLineEndingsBecomeNewlines() throws {
        let bytes = Array("# Title\r\n\r\n```swift\r\nprint(1)\r\n```\r\n".utf8)
        let chapter = try decodeChapter(bytes, path: "p", slug: "s").get()
        #expect(chapter.text == "# Title\n\n```swift\nprint(1)\n```\n")
        let (_, _, blocks) = try parsedChapter(chapter.text)
        #expect(blocks.first?.code == "print(1)\n")
        #expect(blocks.first?.fenceLine == 3)
    }

    @Test func loadsChapterFilesInOrderFromAFolder() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        for (name, bytes) in [
            ("10-later.md", Array("# Later\n".utf8)), ("02-early.md", Array("# Early\n".utf8)),
            ("03-bad.md", [0x41, 0x0A, 0xC0, 0x0A]), ("index.md", Array("# Book\n".utf8)), ("data.csv", Array("1,2\n".utf8)),
        ] {
            try Data(bytes).write(to: dir.appendingPathComponent(name))
        }
        let loaded = try loadChapters(from: dir)
        #expect(loaded.count == 3)
        #expect((try? loaded[0].get()) == ChapterSource(path: "Chapters/02-early.md", slug: "02-early", text: "# Early\n"))
        #expect((try? loaded[2].get())?.slug == "10-later")
        guard case .failure(let d) = loaded[1] else {
            Issue.record("03-bad.md loaded")
            return
        }
        #expect(d.file == "Chapters/03-bad.md")
        #expect(d.line == 2)
    }

    @Test func aMissingFolderIsABuildFailure() {
        #expect(throws: BuildFailure.self) {
            try loadChapters(from: URL(fileURLWithPath: "/nonexistent/chapters-\(UUID().uuidString)"))
        }
    }
}
