import Testing

@testable import BookBuilder

// The page template is filled in one pass: nothing a chapter prints or contains is read as a key.
@Suite struct TemplateTests {
    @Test func keysAreReplacedOnlyInTheTemplate() {
        let page = fillTemplate(
            "<nav>{{sidebar}}</nav><main>{{content}}</main>{{unknown}}", ["sidebar": "S", "content": "<pre>{{sidebar}}</pre>"])
        #expect(page == "<nav>S</nav><main><pre>{{sidebar}}</pre></main>{{unknown}}")
    }

    @Test func controlCharactersBecomeVisiblePictures() {
        #expect(escapeHTML("a\u{1E}b\tc\n\u{0}\u{7F}<") == "a␞b\tc\n␀␡&lt;")
    }
}
