public import Foundation
public import IndexCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one place where iidei writes a file and where a failed write becomes an error users read.
///
/// A file is written to a temporary file in the same folder, flushed to the disk (`fsync`), then
/// renamed over the target (and the folder flushed): a reader sees the old file or the whole new
/// one, never half of it, and a write that fails (a full disk, a read-only folder) leaves the
/// target as it was and no temporary file behind. A target that exists and is not a regular file (a
/// device such as `/dev/stdout`, a pipe) is written in place: it cannot be renamed over.
///
/// Every failure is translated here (``failure(errno:file:)``): a full disk or quota (`ENOSPC`,
/// `EDQUOT`) is ``IndexCore/IndexError/Kind/unavailable`` "disk full while writing FILE: nothing was
/// changed", as the store reports `SQLITE_FULL`; a read-only folder or mount and a refused
/// permission are `.unavailable` too; a name that is a folder is `.conflict`.
///
/// ```swift
/// try AtomicFile.write(Data(csv.utf8), to: "results.csv")
/// ```
public enum AtomicFile {
    /// Writes `data` to `path`, replacing the file only once all of it is on the disk.
    ///
    /// - Throws: ``IndexCore/IndexError`` naming `path`, with a kind from ``failure(errno:file:)``;
    ///   `path` is unchanged then.
    public static func write(_ data: Data, to path: String) throws {
        try requireName(path)
        if isSpecialFile(path) {
            try writeInPlace(data, to: path)
            return
        }
        let staged = try stage(data, for: path)
        do {
            try staged.commit()
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Refuses an empty path (`--draws ""`, `--out ""`), which names nothing — a folder of "" would
    /// be the working folder — before anything is written.
    public static func requireName(_ path: String, naming what: String = "the file to write, e.g. results.csv") throws {
        guard !path.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw IndexError("an empty path names nothing: give \(what); nothing was changed")
        }
    }

    /// Writes `text` as UTF-8 to `path` (see ``write(_:to:)``).
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    /// A file written beside its target and flushed, not yet in place: ``commit()`` renames it
    /// over the target, ``discard()`` removes it.
    ///
    /// For a caller that must do something between (record the file in the store): what a reader
    /// sees at the target is the old file until the commit, and a discard leaves it so.
    public struct Staged: Sendable {
        /// The temporary file, in the target's folder.
        public let temporaryPath: String
        /// The file it replaces when committed.
        public let path: String

        /// Renames the temporary file over the target and flushes the folder.
        ///
        /// - Throws: ``IndexCore/IndexError`` naming the target; it is unchanged then.
        public func commit() throws {
            guard rename(temporaryPath, path) == 0 else {
                throw AtomicFile.failure(errno: errno, file: path)
            }
            AtomicFile.synchroniseFolder(of: path)
        }

        /// Removes the temporary file (when a step after staging failed).
        public func discard() {
            unlink(temporaryPath)
        }
    }

    /// Writes `data` to a new temporary file in `path`'s folder and flushes it to the disk.
    ///
    /// - Throws: ``IndexCore/IndexError`` naming `path`; no temporary file is left then.
    public static func stage(_ data: Data, for path: String) throws -> Staged {
        try requireName(path)
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw IndexError(
                "cannot write a file here: this is a folder; nothing was changed",
                file: path,
                kind: .conflict
            )
        }
        if isSpecialFile(path) {
            throw IndexError(
                "cannot replace a device or pipe with a file; nothing was changed",
                file: path,
                kind: .conflict
            )
        }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let temporary = folder + "/." + target.lastPathComponent + ".iidei-\(getpid())-\(suffix).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure(errno: errno, file: path) }
        do {
            try writeAll(data, to: descriptor, file: path)
            guard fsync(descriptor) == 0 else { throw failure(errno: errno, file: path) }
            guard close(descriptor) == 0 else {
                unlink(temporary)
                throw failure(errno: errno, file: path)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        return Staged(temporaryPath: temporary, path: path)
    }

    /// The error for a failed write of `file`, from the system's error number.
    ///
    /// | errno                 | kind           | message                                            |
    /// |-----------------------|----------------|----------------------------------------------------|
    /// | `ENOSPC`, `EDQUOT`    | `.unavailable` | disk full while writing FILE: nothing was changed  |
    /// | `EROFS`               | `.unavailable` | the folder is on a read-only disk                  |
    /// | `EACCES`, `EPERM`     | `.unavailable` | permission denied                                  |
    /// | `ENOENT`, `ENOTDIR`   | `.notFound`    | the folder does not exist                          |
    /// | `EISDIR`, `EEXIST`    | `.conflict`    | a folder is in the way                             |
    /// | `EIO`                 | `.unavailable` | the disk failed                                    |
    /// | `EFBIG`               | `.limitExceeded` | the file is larger than the system allows        |
    /// | anything else         | `.unavailable` | the system's words for it                          |
    public static func failure(errno code: Int32, file: String) -> IndexError {
        switch code {
        case ENOSPC, EDQUOT: diskFull(file)
        case EROFS:
            IndexError(
                "cannot write: the folder is on a read-only disk; nothing was changed",
                file: file,
                kind: .unavailable
            )
        case EACCES, EPERM:
            IndexError(
                "cannot write: permission denied (the file or its folder is read-only); nothing was changed",
                file: file,
                kind: .unavailable
            )
        case ENOENT, ENOTDIR:
            IndexError("cannot write: the folder does not exist", file: file, kind: .notFound)
        case EISDIR, EEXIST, ENOTEMPTY:
            IndexError("cannot write: a folder is in the way; nothing was changed", file: file, kind: .conflict)
        case EIO:
            IndexError(
                "the disk failed while writing (input/output error); nothing was changed",
                file: file,
                kind: .unavailable
            )
        case EFBIG:
            IndexError(
                "cannot write: the file is larger than the system allows; nothing was changed",
                file: file,
                kind: .limitExceeded
            )
        default:
            IndexError(
                "cannot write (\(String(cString: strerror(code)))); nothing was changed",
                file: file,
                kind: .unavailable
            )
        }
    }

    /// The error for a failed file operation of Foundation's (`FileManager`, `Data.write`) on
    /// `file`, translated as ``failure(errno:file:)`` does from the system error underneath.
    public static func failure(_ error: any Error, file: String) -> any Error {
        switch error {
        case is IndexError, is IndexErrors: return error
        case let error as POSIXError: return failure(errno: error.code.rawValue, file: file)
        default: break
        }
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return failure(errno: Int32(bridged.code), file: file) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError,
            underlying.domain == NSPOSIXErrorDomain
        {
            return failure(errno: Int32(underlying.code), file: file)
        }
        if let error = error as? CocoaError {
            switch error.code {
            case .fileWriteOutOfSpace: return failure(errno: ENOSPC, file: file)
            case .fileWriteNoPermission, .fileReadNoPermission: return failure(errno: EACCES, file: file)
            case .fileWriteVolumeReadOnly: return failure(errno: EROFS, file: file)
            case .fileNoSuchFile, .fileReadNoSuchFile: return failure(errno: ENOENT, file: file)
            case .fileWriteFileExists: return failure(errno: EEXIST, file: file)
            default: break
            }
        }
        return IndexError(
            "cannot write (\(bridged.localizedDescription)); nothing was changed",
            file: file,
            kind: .unavailable
        )
    }

    /// Creates a folder and the folders above it, as `mkdir -p`.
    ///
    /// - Throws: ``IndexCore/IndexError`` naming the folder, translated as ``failure(errno:file:)``.
    public static func createFolder(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw failure(error, file: path)
        }
    }

    /// The error for a full disk (or quota) while writing `file`: what the store says for `SQLITE_FULL` too.
    public static func diskFull(_ file: String) -> IndexError {
        IndexError(
            "disk full while writing \(file): nothing was changed; free some space and try again",
            file: file,
            kind: .unavailable
        )
    }

    /// An existing target that is not a regular file (a device, a pipe).
    static func isSpecialFile(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0 else { return false }
        return (status.st_mode & S_IFMT) != S_IFREG && (status.st_mode & S_IFMT) != S_IFDIR
    }

    /// Writes to a device or pipe as it is.
    static func writeInPlace(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure(errno: errno, file: path) }
        defer { close(descriptor) }
        try writeAll(data, to: descriptor, file: path)
    }

    static func writeAll(_ data: Data, to descriptor: Int32, file: String) throws {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = systemWrite(descriptor, base + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw failure(errno: errno, file: file)
                }
                offset += written
            }
        }
    }

    /// Flushes a folder, so that a rename in it survives a power cut (best effort: some file
    /// systems refuse `fsync` on a folder).
    static func synchroniseFolder(of path: String) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

/// `write(2)`, named apart from ``AtomicFile``'s own `write` methods.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
