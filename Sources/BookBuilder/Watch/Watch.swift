import Foundation

/// `book watch`: rebuilds the site on every save of a chapter, the theme, the bibliography, a data
/// file, the library or the Chinese catalog (`po/`), and tells open pages to reload themselves.
///
/// There is no server: after each build the watcher writes `Site/assets/build-stamp.js`
/// (`window.BOOK_BUILD_STAMP = "N"`), and every page (see `book.js`) loads that script again
/// every half second from `file://`; when the stamp changes, the page reloads, keeping its place.
/// Only watched builds write the stamp: `book build` leaves none, so its pages stay byte-identical
/// build after build, and they stop polling at the first missing stamp.
public struct SourceWatcher: Sendable {
    /// Folders watched recursively (files whose name starts with `.` are skipped).
    public var folders: [URL]

    public init(folders: [URL]) { self.folders = folders }

    /// Every watched file with its modification time and size.
    public func snapshot() -> [String: String] {
        var files: [String: String] = [:]
        let fm = FileManager.default
        for folder in folders {
            guard let walker = fm.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else {
                continue
            }
            for case let url as URL in walker where !url.lastPathComponent.hasPrefix(".") {
                guard let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey, .isDirectoryKey]),
                    values.isDirectory != true
                else { continue }
                files[url.path] = "\(values.contentModificationDate?.timeIntervalSince1970 ?? 0) \(values.fileSize ?? 0)"
            }
        }
        return files
    }

    /// The files that differ between two snapshots (changed, added or removed), sorted.
    public static func changes(from old: [String: String], to new: [String: String]) -> [String] {
        Set(old.keys).union(new.keys).filter { old[$0] != new[$0] }.sorted()
    }
}

/// The stamp script a watched build leaves in the site.
public func buildStampScript(_ stamp: String) -> String {
    "window.BOOK_BUILD_STAMP = \"\(stamp)\";\n"
}

extension Book {
    /// What one round of the watch loop did.
    public struct WatchRound: Sendable {
        public var changed: [String]
        public var report: Report?
        public var error: String?
        public var seconds: Double
        public var stamp: Int
    }

    /// Watches `options.chapters` and `library` (the library's sources); builds once at the
    /// start and again after every change, writing the stamp after each build. `toolchain` is
    /// called again when a library file changed (it rebuilds the library). Runs until `rounds`
    /// builds are done (nil: forever), polling every `interval` seconds.
    public static func watch(
        options: Options, library: URL, interval: Double = 0.2, rounds: Int? = nil,
        toolchain: (_ libraryChanged: Bool) throws -> Toolchain, onRound: (WatchRound) -> Void
    ) throws {
        let watcher = SourceWatcher(folders: [options.chapters, library, options.root.appendingPathComponent("po")])
        var current = try toolchain(false)
        var seen = watcher.snapshot()
        var stamp = 0
        var pending: [String] = ["(first build)"]
        while rounds == nil || stamp < rounds! {
            if pending.isEmpty {
                Thread.sleep(forTimeInterval: interval)
                let now = watcher.snapshot()
                pending = SourceWatcher.changes(from: seen, to: now)
                if pending.isEmpty { continue }
                // Let an editor finish writing (several files, or a file in two steps).
                Thread.sleep(forTimeInterval: 0.05)
                seen = watcher.snapshot()
            }
            let start = Date()
            var round = WatchRound(changed: pending, report: nil, error: nil, seconds: 0, stamp: stamp + 1)
            do {
                if stamp > 0 && pending.contains(where: { $0.hasPrefix(library.path + "/") }) { current = try toolchain(true) }
                round.report = try build(toolchain: current, options: options)
            } catch {
                round.error = "\(error)"
            }
            stamp += 1
            let stampFile = options.site.appendingPathComponent("assets/build-stamp.js")
            try? FileManager.default.createDirectory(at: stampFile.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? Data(buildStampScript(String(stamp)).utf8).write(to: stampFile, options: .atomic)
            round.seconds = Date().timeIntervalSince(start)
            onRound(round)
            pending = []
        }
    }
}
