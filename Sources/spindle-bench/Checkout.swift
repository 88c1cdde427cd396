import Foundation

enum Checkout {
    /// The checkout the bench was built in: the first folder above `binaries` with a Package.swift.
    static func locate(above binaries: String) throws -> URL {
        var folder = URL(fileURLWithPath: binaries).standardizedFileURL.resolvingSymlinksInPath()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            guard folder.path != "/" else { throw BenchError("cannot find the checkout above \(binaries)") }
            folder.deleteLastPathComponent()
        }
        return folder
    }
}
