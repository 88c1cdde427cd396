import Foundation

/// Writing to the terminal: messages to stderr, and whether a progress line makes sense.
enum Terminal {
    static func error(_ message: String) { write("error: \(message)\n") }
    static func warning(_ message: String) { write("warning: \(message)\n") }
    static func note(_ message: String) { write("\(message)\n") }

    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
}
