/// Exponential backoff with jitter for requests worth asking again (429, 5xx, HTML, empty or
/// truncated bodies, timeouts): base × 2^(attempt−1), capped, then scaled by a random factor in
/// [0.5, 1] so that many clients do not retry in step.
struct RetryPolicy: Sendable {
    var maxRetries: Int
    var baseSeconds: Double
    var capSeconds: Double = 300

    /// Whether a request that has been sent `attempts` times may be sent again.
    func allowsAnotherAttempt(after attempts: Int) -> Bool { attempts <= maxRetries }

    func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0.5...1)) -> Double {
        let exponent = Double(max(0, attempt - 1))
        return min(capSeconds, baseSeconds * pow2(exponent)) * jitter
    }

    private func pow2(_ exponent: Double) -> Double {
        var value = 1.0
        for _ in 0..<Int(min(exponent, 30)) { value *= 2 }
        return value
    }
}
