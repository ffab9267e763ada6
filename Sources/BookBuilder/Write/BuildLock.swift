import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One build at a time in a book's folder: two builds would share the compiled programs and the
/// staging site. The lock is `flock` on `.build-book/lock` (released by the kernel when the build
/// ends, however it ends), and the file holds the holder's process id for the message.
public final class BuildLock {
    private let fd: Int32

    /// Takes the lock. When another build holds it: `wait` blocks until it is released (after
    /// calling `onBusy` with the holder's pid, once), otherwise throws
    /// "another build is running (pid N)".
    public init(root: URL, wait: Bool, onBusy: (Int32?) -> Void = { _ in }) throws {
        let dir = root.appendingPathComponent(".build-book")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildFailure("cannot open the build lock \(path): \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(fd)
            guard wait else {
                throw BuildFailure(
                    "another build is running (pid \(holder.map(String.init) ?? "unknown")) in this folder; wait for it to end")
            }
            onBusy(holder)
            while flock(fd, LOCK_EX) != 0 && errno == EINTR {}
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.utf8.count, 0)
    }

    deinit {
        close(fd)  // releases the lock if this object holds it
    }

    private static func holder(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &buffer, 32, 0)
        guard n > 0 else { return nil }
        return Int32(String(decoding: buffer.prefix(n), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
