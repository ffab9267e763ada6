import Foundation

/// Stage 10: write the site atomically. All files go to a staging folder beside `site`, which
/// then takes the place of the old one; an interrupted build leaves the previous site intact.
/// A file whose bytes are unchanged is still rewritten (the whole folder is swapped), but since
/// pages hold no timestamps, two builds give byte-identical files.
public func writeSite(_ files: [SiteFile], to site: URL) throws {
    let fm = FileManager.default
    let parent = site.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(site.lastPathComponent + ".staging")
    let old = parent.appendingPathComponent(site.lastPathComponent + ".old")
    // A build killed between the two renames below left the site in `.old`: put it back.
    if !fm.fileExists(atPath: site.path) && fm.fileExists(atPath: old.path) { try fm.moveItem(at: old, to: site) }
    try? fm.removeItem(at: staging)
    try? fm.removeItem(at: old)
    do {
        for file in files {
            let url = staging.appendingPathComponent(file.path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try file.contents.write(to: url)
        }
        if fm.fileExists(atPath: site.path) { try fm.moveItem(at: site, to: old) }
        try fm.moveItem(at: staging, to: site)
        try? fm.removeItem(at: old)
    } catch {
        throw BuildFailure("cannot write the site to \(site.path): \(error.localizedDescription)")
    }
}
