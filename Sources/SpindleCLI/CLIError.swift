/// An error a command reports to the user: a message and the exit code it means.
struct CLIError: Error, Sendable {
    let message: String
    let exitCode: Int32

    init(_ message: String, exitCode: Int32 = 1) {
        self.message = message
        self.exitCode = exitCode
    }

    init(_ error: some Error & CustomStringConvertible) { self.init(error.description) }
}
