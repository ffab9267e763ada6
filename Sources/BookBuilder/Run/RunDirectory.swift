import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The working folder a chapter program runs in: `.build-book/work/NN-slug/run/` (or
/// `run-perturb-N/` under a rounding perturbation, so that the runs of one chapter never share
/// one). It is emptied before every run and holds a link to each data entry of `Chapters/`
/// (`airline-passengers.csv`, `words/`, `corpus/`, `pytorch/`), so a chapter reads its data by the
/// same relative path as before (`words/english.txt`), and what it writes with a relative path
/// (`results.csv`) stays there: outside `Chapters/`, so it is neither data of the next build nor a
/// save that `make watch` rebuilds for.
public func prepareRunDirectory(_ directory: URL, chapters: URL) throws -> URL {
    let fm = FileManager.default
    try removeTree(directory)
    try fm.createDirectory(at: directory, withIntermediateDirectories: true)
    for name in BookFiles.dataEntries(in: chapters) {
        let target = chapters.appendingPathComponent(name).standardizedFileURL.path
        guard symlink(target, directory.appendingPathComponent(name).path) == 0 else {
            throw BuildFailure(
                "cannot link \(name) into the chapter's working folder \(directory.path): \(String(cString: strerror(errno)))")
        }
    }
    return directory
}

/// The working folder of `slug`'s program in the work folder `work`, per perturbation seed.
public func runDirectory(work: URL, slug: String, perturbation: String?) -> URL {
    work.appendingPathComponent(slug).appendingPathComponent(perturbation.map { "run-perturb-\($0)" } ?? "run")
}

/// Removes `url` and everything under it, never following a link (a link to `Chapters/words`
/// is removed, the word lists stay).
func removeTree(_ url: URL) throws {
    var info = stat()
    guard lstat(url.path, &info) == 0 else { return }
    if (info.st_mode & S_IFMT) == S_IFDIR {
        for child in try FileManager.default.contentsOfDirectory(atPath: url.path) {
            try removeTree(url.appendingPathComponent(child))
        }
        guard rmdir(url.path) == 0 else { throw BuildFailure("cannot remove \(url.path): \(String(cString: strerror(errno)))") }
    } else {
        guard unlink(url.path) == 0 else { throw BuildFailure("cannot remove \(url.path): \(String(cString: strerror(errno)))") }
    }
}

/// What a chapter program wrote into the chapters folder while it ran: the files whose
/// modification time or size changed between `before` and `after` (`SourceWatcher` snapshots),
/// as the book names them (`Chapters/results.csv`). Chapters run side by side, so a file another
/// chapter wrote at the same moment is named too.
public func filesWritten(before: [String: String], after: [String: String], chapters: URL) -> [String] {
    SourceWatcher.changes(from: before, to: after).filter { after[$0] != nil }.map { path in
        "Chapters/" + String(path.dropFirst(chapters.path.count + 1))
    }
}
