import Testing

@testable import BookBuilder

// `book build 05`: which chapters a name on the command line selects, and the error for a name
// that selects none (it used to build an empty site and exit 0).

@Suite struct RequestedChaptersTests {
    static let loaded: [Result<ChapterSource, Diagnostic>] = [
        .success(ChapterSource(path: "Chapters/01-basics.md", slug: "01-basics", text: "")),
        .success(ChapterSource(path: "Chapters/02-bptt.md", slug: "02-bptt", text: "")),
    ]

    @Test func aNumberASlugOrAPathNamesAChapter() {
        let basics = Self.loaded[0]
        #expect(basics.isNamed(by: "01") && basics.isNamed(by: "01-basics") && basics.isNamed(by: "Chapters/01-basics.md"))
        #expect(!basics.isNamed(by: "02") && !basics.isNamed(by: "0") && !basics.isNamed(by: "01-bas"))
        #expect(throws: Never.self) { try Book.checkRequested(["01", "02-bptt"], among: Self.loaded) }
        #expect(throws: Never.self) { try Book.checkRequested([], among: Self.loaded) }
    }

    @Test func anUnknownChapterIsAnErrorListingTheChapters() {
        do {
            try Book.checkRequested(["01", "42", "bptt"], among: Self.loaded)
            Issue.record("book build 42 must fail")
        } catch {
            #expect(
                "\(error)"
                    == "no chapter is named '42', 'bptt'; the chapters are: 01-basics, 02-bptt "
                    + "(name one by its number, e.g. 01, or its slug)")
        }
    }
}
