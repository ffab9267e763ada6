import Foundation
import Testing

@testable import BookBuilder

// Stage 10: the site is replaced as a whole, and an interrupted or failed write leaves the
// previous site readable.

@Suite struct WriteSiteTests {
    let fm = FileManager.default

    func read(_ url: URL) -> String? {
        (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
    }

    func files(under dir: URL) -> [String] {
        let walker = fm.enumerator(atPath: dir.path)
        var found: [String] = []
        while let path = walker?.nextObject() as? String {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dir.appendingPathComponent(path).path, isDirectory: &isDir), !isDir.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    @Test func writesEveryFileAndReplacesTheOldSite() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let site = dir.appendingPathComponent("Site")
        try writeSite([SiteFile(path: "index.html", text: "v1"), SiteFile(path: "gone.html", text: "old page")], to: site)
        #expect(files(under: site) == ["gone.html", "index.html"])

        try writeSite(
            [SiteFile(path: "index.html", text: "v2"), SiteFile(path: "assets/katex/fonts/a.woff2", contents: Data([0, 1, 2]))], to: site)
        #expect(files(under: site) == ["assets/katex/fonts/a.woff2", "index.html"], "a page that is no longer built is gone")
        #expect(read(site.appendingPathComponent("index.html")) == "v2")
        #expect(try Data(contentsOf: site.appendingPathComponent("assets/katex/fonts/a.woff2")) == Data([0, 1, 2]))
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("Site.staging").path), "no staging folder is left")
        #expect(!fm.fileExists(atPath: dir.appendingPathComponent("Site.old").path), "no old folder is left")
    }

    @Test func aFailedWriteLeavesThePreviousSite() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let site = dir.appendingPathComponent("Site")
        try writeSite([SiteFile(path: "index.html", text: "good")], to: site)
        // A file and a folder of the same name cannot both be written: the write fails midway.
        #expect(throws: BuildFailure.self) {
            try writeSite(
                [SiteFile(path: "index.html", text: "new"), SiteFile(path: "a", text: "x"), SiteFile(path: "a/b", text: "y")], to: site)
        }
        #expect(read(site.appendingPathComponent("index.html")) == "good")
        #expect(files(under: site) == ["index.html"])
    }

    @Test func aLeftoverOldSiteIsRestoredWhenTheSiteIsMissing() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let site = dir.appendingPathComponent("Site")
        let old = dir.appendingPathComponent("Site.old")
        // A build killed between its two renames: the previous site is in Site.old, Site is gone.
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        try Data("previous".utf8).write(to: old.appendingPathComponent("index.html"))
        // The next build fails too; the previous site must be back in place.
        #expect(throws: BuildFailure.self) {
            try writeSite([SiteFile(path: "a", text: "x"), SiteFile(path: "a/b", text: "y")], to: site)
        }
        #expect(read(site.appendingPathComponent("index.html")) == "previous")
        #expect(!fm.fileExists(atPath: old.path))
    }

    @Test func aLeftoverOldSiteIsDiscardedWhenTheSiteExists() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporary(dir) }
        let site = dir.appendingPathComponent("Site")
        let old = dir.appendingPathComponent("Site.old")
        let staging = dir.appendingPathComponent("Site.staging")
        try fm.createDirectory(at: old, withIntermediateDirectories: true)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data("half".utf8).write(to: staging.appendingPathComponent("stale.html"))
        try writeSite([SiteFile(path: "index.html", text: "current")], to: site)
        try writeSite([SiteFile(path: "index.html", text: "next")], to: site)
        #expect(read(site.appendingPathComponent("index.html")) == "next")
        #expect(files(under: site) == ["index.html"], "nothing of a stale staging folder gets in")
        #expect(!fm.fileExists(atPath: old.path))
    }
}
