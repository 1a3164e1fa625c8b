import Crypto

/// SHA-256 (FIPS 180-4), for content hashes of stored frameworks, datasets and results: swift-crypto's
/// (BoringSSL's assembly on Linux), behind the small streaming interface the store uses.
///
/// The store first had a Swift implementation of its own, which was a quarter of a county-scale
/// import (1.2 s of hashing for 960,000 values, issue 20).
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Adds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBufferPointer { update(buffer: $0) }
    }

    /// Adds text as UTF-8.
    public mutating func update(_ text: String) {
        var copy = text
        copy.withUTF8 { update(buffer: $0) }
    }

    /// Adds raw bytes (a file's contents).
    public mutating func update(buffer bytes: UnsafeBufferPointer<UInt8>) {
        hasher.update(bufferPointer: UnsafeRawBufferPointer(bytes))
    }

    /// The digest's 32 bytes.
    public func digest() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The digest as 64 lowercase hex digits.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in hasher.finalize() {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The hex digest of text.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.hexDigest()
    }
}
