import Crypto
import Foundation
import SpindleStore

/// The site secret: what a person types to sign in and what scripts send as a bearer token. It
/// also keys the signatures of session cookies and CSRF tokens, so changing it signs everyone out.
public struct SiteSecret: Sendable {
    let key: SymmetricKey
    private let digest: SHA256.Digest

    public init(_ text: String) throws(ServerSetupError) {
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard secret.count >= 16 else {
            throw ServerSetupError("the site secret must be at least 16 characters long")
        }
        key = SymmetricKey(data: Data(secret.utf8))
        digest = SHA256.hash(data: Data(secret.utf8))
    }

    /// Reads the secret from its file, or writes a new random one there (owner-only) when the
    /// file does not exist yet. Returns whether it was created.
    public static func load(path: String) throws(ServerSetupError) -> (SiteSecret, created: Bool) {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return (try SiteSecret(text), false)
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ServerSetupError("cannot read the site secret file \(path)")
        }
        let text = ContentHash.randomHex(bytes: 24)
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((text + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw ServerSetupError("cannot write a new site secret to \(path)") }
        return (try SiteSecret(text), true)
    }

    /// A per-process key, for CSRF tokens when there is no secret (REMOTE_USER only).
    static func ephemeral() -> SiteSecret {
        try! SiteSecret(ContentHash.randomHex(bytes: 32))
    }

    /// Compares digests (swift-crypto compares them in constant time; the length does not leak).
    func matches(_ candidate: String) -> Bool {
        digest == SHA256.hash(data: Data(candidate.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
    }
}

public struct ServerSetupError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
