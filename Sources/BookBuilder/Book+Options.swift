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
        /// Take each chapter's run from the cache, and run nothing: what a subset build
        /// (`book build 01`) does for the chapters it was not asked for.
        public var cachedRunsOnly = false
        /// The library's rounding-perturbation seed for the chapter programs (`RNNKIT_PERTURB`;
        /// by default the builder's own environment's), or `nil` for the normal arithmetic.
        /// Perturbed runs are cached apart, and a moved output is reported as varying with rounding.
        public var perturbation: String? = perturbationFromEnvironment()
        /// Programs compiled once and run again without compiling, within this process (the
        /// chapter tests run each chapter three times); `nil` compiles every time.
        public var compiledPrograms: CompiledPrograms? = nil
        /// Told when each chapter starts and finishes (the command line's progress); nil says nothing.
        public var progress: BuildProgress? = nil

        public init(root: URL, useCache: Bool = true) {
            self.root = root
            chapters = root.appendingPathComponent("Chapters")
            site = root.appendingPathComponent("Site")
            cache = useCache ? root.appendingPathComponent(".build-book/cache") : nil
            work = root.appendingPathComponent(".build-book/work")
        }
    }
}
