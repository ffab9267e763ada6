import Foundation

extension Book {
    /// Where things are and how to build.
    public struct Options: Sendable {
        public var root: URL
        public var chapters: URL
        public var site: URL
        /// Run cache; `nil` runs every chapter afresh.
        public var cache: URL?
        /// Compiled chapter programs.
        public var work: URL
        /// Time budget of a chapter without its own `<!-- book: timeout=N -->`.
        public var defaultTimeout: Double = 120
        /// Only these chapter slugs (all when empty).
        public var only: [String] = []

        public init(root: URL, useCache: Bool = true) {
            self.root = root
            chapters = root.appendingPathComponent("Chapters")
            site = root.appendingPathComponent("Site")
            cache = useCache ? root.appendingPathComponent(".build-book/cache") : nil
            work = root.appendingPathComponent(".build-book/work")
        }
    }
}
