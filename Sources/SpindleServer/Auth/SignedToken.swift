import Crypto
import Foundation
import SpindleStore

/// Values the server hands out and later takes back unchanged: a session cookie and the CSRF
/// tokens bound to it. They are signed with the site secret, so nothing about them is stored.
enum SignedToken {
    /// `v1.<expiry>.<nonce>.<signature>`: a session that ends at `expiry` (Unix seconds).
    static func session(expires: Date, key: SymmetricKey) -> String {
        let payload = "v1.\(Int(expires.timeIntervalSince1970)).\(ContentHash.randomHex(bytes: 16))"
        return payload + "." + sign("session|" + payload, key: key)
    }

    /// The nonce of a valid, unexpired session cookie; nil otherwise.
    static func verifySession(_ cookie: String, now: Date, key: SymmetricKey) -> String? {
        let parts = cookie.split(separator: ".").map(String.init)
        guard parts.count == 4, parts[0] == "v1", let expiry = Double(parts[1]),
            expiry > now.timeIntervalSince1970
        else { return nil }
        let payload = parts[0...2].joined(separator: ".")
        guard equal(sign("session|" + payload, key: key), parts[3]) else { return nil }
        return parts[2]
    }

    /// The CSRF token of one signed-in browser (its session nonce, or its REMOTE_USER).
    static func csrf(for subject: String, key: SymmetricKey) -> String {
        "c_" + sign("csrf|" + subject, key: key).prefix(40)
    }

    static func sign(_ text: String, key: SymmetricKey) -> String {
        ContentHash.hex(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key))
    }

    /// Compares in constant time, whatever the lengths: digests compare with swift-crypto's
    /// constant-time equality.
    static func equal(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }
}
