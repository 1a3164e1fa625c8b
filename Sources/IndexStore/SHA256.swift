/// SHA-256 (FIPS 180-4), for content hashes of stored frameworks, datasets and results.
///
/// A small streaming implementation so the store needs no cryptography package: the hashes name
/// content, they protect nothing secret.
public struct SHA256: Sendable {
    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0

    public init() {
        buffer.reserveCapacity(64)
    }

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
        var index = 0
        // Fill a partial block first, then take whole blocks straight from the input.
        while index < bytes.count, !buffer.isEmpty {
            buffer.append(bytes[index])
            index += 1
            if buffer.count == 64 {
                buffer.withUnsafeBufferPointer { compress(UnsafeRawBufferPointer($0)) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let whole = (bytes.count - index) / 64 * 64
        if whole > 0 {
            compress(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[index..<(index + whole)]))
            index += whole
        }
        buffer.append(contentsOf: bytes[index...])
        length &+= UInt64(bytes.count)
    }

    /// The digest as 64 lowercase hex digits.
    public func hexDigest() -> String {
        var copy = self
        let bits = copy.length &* 8
        copy.buffer.append(0x80)
        while copy.buffer.count % 64 != 56 { copy.buffer.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) {
            copy.buffer.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        let padded = copy.buffer
        padded.withUnsafeBufferPointer { copy.compress(UnsafeRawBufferPointer($0)) }
        let digits = Array("0123456789abcdef")
        var text = ""
        for word in copy.state {
            for shift in stride(from: 28, through: 0, by: -4) {
                text.append(digits[Int((word >> UInt32(shift)) & 0xF)])
            }
        }
        return text
    }

    /// The hex digest of text.
    public static func hex(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.hexDigest()
    }

    /// Runs the compression function over whole 64-byte blocks.
    ///
    /// The state lives in locals and the round constants are read through one pointer: array
    /// accesses in the 64 rounds (bounds and uniqueness checks) cost more than the arithmetic.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        precondition(blocks.count % 64 == 0)
        var (h0, h1, h2, h3, h4, h5, h6, h7) = (
            state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7]
        )
        Self.k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                var offset = 0
                while offset < blocks.count {
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: blocks.loadUnaligned(fromByteOffset: offset + t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >> 3)
                        let s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    for t in 0..<64 {
                        let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                        let choice = (e & f) ^ (~e & g)
                        let temp1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                        let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                        let majority = (a & b) ^ (a & c) ^ (b & c)
                        let temp2 = s0 &+ majority
                        (h, g, f, e, d, c, b, a) = (g, f, e, d &+ temp1, c, b, a, temp1 &+ temp2)
                    }
                    h0 &+= a
                    h1 &+= b
                    h2 &+= c
                    h3 &+= d
                    h4 &+= e
                    h5 &+= f
                    h6 &+= g
                    h7 &+= h
                    offset += 64
                }
            }
        }
        state = [h0, h1, h2, h3, h4, h5, h6, h7]
    }

    /// Masking shifts: the rotation amounts are constants below 32, so no over-shift check is needed.
    private func rotate(_ x: UInt32, _ n: UInt32) -> UInt32 { x &>> n | x &<< (32 &- n) }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
