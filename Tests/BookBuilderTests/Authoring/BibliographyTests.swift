import Foundation
import Testing

@testable import BookBuilder

@Suite struct BibliographyTests {
    let sample = """
        % a comment
        @article{hochreiter1997lstm,
          author  = {Hochreiter, Sepp and Schmidhuber, Jürgen},
          title   = {Long Short-Term {Memory}},
          journal = {Neural Computation},
          year    = 1997,
          url     = "https://doi.org/10.1162/neco.1997.9.8.1735"
        }

        @misc{solo, author = {Karpathy, Andrej}, title = {A post}, year = {2015}, howpublished = {Blog}}
        @inproceedings{many, author = {A, B and C, D and E, F}, title = {T}, booktitle = {Proc}, year = {2014}}
        """

    @Test func parsesTheSubset() {
        let (bib, errors) = parseBibTeX(sample, path: "refs.bib")
        #expect(errors.isEmpty)
        #expect(bib.entries.map(\.key) == ["hochreiter1997lstm", "solo", "many"])
        let h = bib["hochreiter1997lstm"]!
        #expect(h.title == "Long Short-Term Memory")
        #expect(h.year == "1997")
        #expect(h.venue == "Neural Computation")
        #expect(h.url == "https://doi.org/10.1162/neco.1997.9.8.1735")
        #expect(h.line == 2)
        #expect(h.shortLabel == "Hochreiter & Schmidhuber, 1997")
        #expect(h.authorList == "Sepp Hochreiter and Jürgen Schmidhuber")
        #expect(bib["solo"]!.shortLabel == "Karpathy, 2015")
        #expect(bib["solo"]!.venue == "Blog")
        #expect(bib["many"]!.shortLabel == "A et al., 2014")
        #expect(bib["many"]!.venue == "Proc")
    }

    @Test func errorsNameTheirLines() {
        let text = """
            @article{a, author = {X, Y}, title = {T}, year = {2000}}
            @article{a, author = {X, Y}, title = {T}, year = {2001}}
            @techreport{b, author = {X, Y}, title = {T}, year = {2000}}
            @book{c, title = {No author}, year = {2000}}
            """
        let (bib, errors) = parseBibTeX(text, path: "refs.bib")
        // Entries with a mistake are kept (their citations show; the mistake is reported once,
        // here); a repeated key's second entry is not.
        #expect(bib.entries.map(\.key) == ["a", "b", "c"])
        #expect(errors.map(\.line) == [2, 3, 4])
        #expect(errors[0].message.contains("already used at line 1"))
        #expect(errors[1].message.contains("unknown entry type @techreport"))
        #expect(errors[2].message.contains("has no author"))
    }

    /// The book's own bibliography parses cleanly and holds the works the chapters cite.
    @Test func theBooksReferencesParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let (bib, errors) = Bibliography.load(from: root.appendingPathComponent("Chapters/references.bib"))
        #expect(errors.isEmpty, "\(errors)")
        let families = Set(bib.entries.flatMap { $0.familyNames.prefix(1) })
        for name in [
            "Hochreiter", "Gers", "Cho", "Chung", "Pascanu", "Zaremba", "Gal", "Le", "Jozefowicz", "Bahdanau", "Kingma", "Sutskever",
            "Luong", "Vaswani", "Graves", "Karpathy", "Olah",
        ] {
            #expect(families.contains(name), "no entry whose first author is \(name)")
        }
        #expect(bib.entries.allSatisfy { !$0.venue.isEmpty && Int($0.year) != nil })
    }
}
