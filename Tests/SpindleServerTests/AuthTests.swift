import Foundation
import SpindleServer
import SpindleStore
import Testing

@Suite("Who may change what: secret, session cookie, REMOTE_USER, CSRF, other sites")
struct AuthTests {
    @Test("without credentials every change is refused with 401; a wrong bearer is no credential")
    func unauthenticated() throws {
        let harness = try APIHarness()
        #expect(harness.json("POST", "/api/sync", ["mode": "proxy"], headers: [:]).status == 401)
        #expect(
            harness.json("POST", "/api/sync", ["mode": "proxy"], headers: ["Authorization": "Bearer nope"]).status
                == 401)
        #expect(harness.json("GET", "/api/proxy/next?session=1", headers: [:]).status == 401)
        #expect(harness.json("POST", "/api/proxy/response", ["request_id": "x"], headers: [:]).status == 401)
        let reply = harness.json("POST", "/api/sync", ["mode": "proxy"], headers: [:])
        #expect(reply.errorCode == "unauthenticated")
        #expect(reply.header("Content-Type") == "application/json")
        #expect(try harness.store.read { try $0.recentSessions(limit: 5) }.isEmpty)
    }

    @Test("signing in sets an HttpOnly, SameSite=Strict cookie; with it, changes need the CSRF token")
    func cookieAndCSRF() throws {
        let harness = try APIHarness()
        let wrong = harness.call(
            "POST", "/api/login", body: "secret=guess&next=%2Fsync%2F", contentType: "application/x-www-form-urlencoded"
        )
        #expect(wrong.status == 401)
        #expect(wrong.header("Set-Cookie") == nil)

        let login = harness.call(
            "POST", "/api/login", body: "secret=\(APIHarness.secret)&next=%2Fsync%2F",
            contentType: "application/x-www-form-urlencoded")
        #expect(login.status == 303)
        #expect(login.header("Location") == "/sync/")
        let setCookie = try #require(login.header("Set-Cookie"))
        for attribute in ["HttpOnly", "SameSite=Strict", "Path=/api"] { #expect(setCookie.contains(attribute)) }
        #expect(!setCookie.contains(APIHarness.secret), "the cookie must not carry the secret")
        let cookie = ["Cookie": String(setCookie.split(separator: ";")[0])]

        let session = harness.call("GET", "/api/session", headers: cookie)
        #expect(session.object["authenticated"] as? Bool == true)
        #expect(session.object["method"] as? String == "cookie")
        let csrf = try #require(session.object["csrf"] as? String)

        let noToken = harness.json("POST", "/api/sync", ["mode": "proxy"], headers: cookie)
        #expect(noToken.status == 403)
        #expect(noToken.errorCode == "csrf")
        let badToken = harness.json(
            "POST", "/api/sync", ["mode": "proxy"], headers: cookie.merging(["X-CSRF-Token": "c_forged"]) { $1 })
        #expect(badToken.status == 403)
        let good = harness.json(
            "POST", "/api/sync", ["mode": "proxy"], headers: cookie.merging(["X-CSRF-Token": csrf]) { $1 })
        #expect(good.status == 202, "\(good.text)")

        // A tampered cookie is no session.
        let tampered = ["Cookie": cookie["Cookie"]!.replacingOccurrences(of: "v1.", with: "v1.9")]
        #expect(harness.call("GET", "/api/session", headers: tampered).object["authenticated"] as? Bool == false)
    }

    @Test("a form post carries its CSRF token as a field and is answered with a redirect")
    func formPost() throws {
        let harness = try APIHarness(withServerToken: true)
        let login = harness.call(
            "POST", "/api/login", body: "secret=\(APIHarness.secret)", contentType: "application/x-www-form-urlencoded")
        let cookie = ["Cookie": String(login.header("Set-Cookie")!.split(separator: ";")[0])]
        let page = harness.call("GET", "/api/sync/new", headers: cookie.merging(["Accept": "text/html"]) { $1 })
        #expect(page.status == 200)
        let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        let posted = harness.call(
            "POST", "/api/sync", headers: cookie, body: "csrf=\(csrf)&kind=collection",
            contentType: "application/x-www-form-urlencoded")
        #expect(posted.status == 303, "\(posted.text)")
        #expect(posted.header("Location")?.hasSuffix("/status") == true)
    }

    @Test("posts from another site are refused whatever they carry")
    func crossOrigin() throws {
        let harness = try APIHarness()
        var headers = harness.bearer
        headers["Origin"] = "https://evil.example"
        let foreign = harness.json("POST", "/api/sync", ["mode": "proxy"], headers: headers)
        #expect(foreign.status == 403)
        #expect(foreign.errorCode == "cross_origin")
        headers["Origin"] = "http://records.example:8080"
        headers["Sec-Fetch-Site"] = "cross-site"
        #expect(harness.json("POST", "/api/sync", ["mode": "proxy"], headers: headers).status == 403)
        headers["Sec-Fetch-Site"] = "same-origin"
        #expect(harness.json("POST", "/api/sync", ["mode": "proxy"], headers: headers).status == 202)
        let login = harness.call(
            "POST", "/api/login", headers: ["Origin": "https://evil.example"], body: "secret=\(APIHarness.secret)",
            contentType: "application/x-www-form-urlencoded")
        #expect(login.status == 403, "a login from another site must not set a cookie")
    }

    @Test("REMOTE_USER counts only when trusted, and then needs the CSRF token too")
    func remoteUser() throws {
        let untrusting = try APIHarness()
        #expect(untrusting.call("GET", "/api/session", remoteUser: "alice").object["authenticated"] as? Bool == false)

        let harness = try APIHarness(configure: { $0.trustRemoteUser = true })
        let session = harness.call("GET", "/api/session", remoteUser: "alice")
        #expect(session.object["user"] as? String == "alice")
        let csrf = try #require(session.object["csrf"] as? String)
        let without = harness.call(
            "POST", "/api/sync", body: #"{"mode":"proxy"}"#, contentType: "application/json", remoteUser: "alice")
        #expect(without.status == 403)
        let with = harness.call(
            "POST", "/api/sync", headers: ["X-CSRF-Token": csrf], body: #"{"mode":"proxy"}"#,
            contentType: "application/json", remoteUser: "alice")
        #expect(with.status == 202)
        let otherUser = harness.call(
            "POST", "/api/sync/1/cancel", headers: ["X-CSRF-Token": csrf], body: "{}", contentType: "application/json",
            remoteUser: "mallory")
        #expect(otherUser.status == 403, "a CSRF token is bound to its user")
    }

    @Test("guessing the secret is slowed down: after 10 wrong ones, even the right one waits")
    func throttled() throws {
        let harness = try APIHarness()
        for attempt in 0..<10 {
            let headers = attempt.isMultiple(of: 2) ? ["Authorization": "Bearer guess-\(attempt)"] : [:]
            let body = attempt.isMultiple(of: 2) ? "" : "secret=guess-\(attempt)"
            let reply = harness.call(
                attempt.isMultiple(of: 2) ? "GET" : "POST",
                attempt.isMultiple(of: 2) ? "/api/proxy/next?session=1" : "/api/login",
                headers: headers, body: body,
                contentType: attempt.isMultiple(of: 2) ? nil : "application/x-www-form-urlencoded")
            #expect(reply.status == 401)
        }
        let refused = harness.json("POST", "/api/sync", ["mode": "proxy"])
        #expect(refused.status == 429)
        #expect(refused.errorCode == "too_many_attempts")
        #expect(refused.header("Retry-After") != nil)
        #expect(harness.call("GET", "/api/health").status == 200, "requests without a secret are not affected")
    }

    @Test("sign-in redirects only to paths of this site")
    func noOpenRedirect() throws {
        let harness = try APIHarness()
        for next in ["//evil.example/", "https://evil.example/", "/\\evil.example"] {
            let encoded = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let login = harness.call(
                "POST", "/api/login", body: "secret=\(APIHarness.secret)&next=\(encoded)",
                contentType: "application/x-www-form-urlencoded")
            #expect(login.header("Location") == "/sync/", "next=\(next)")
        }
    }

    @Test("progress is public by default and private when public_status is off")
    func publicStatus() throws {
        let open = try APIHarness()
        let id = open.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        #expect(open.call("GET", "/api/sync/\(id)").status == 200)
        #expect(open.call("GET", "/api/sync/active").status == 200)

        let closed = try APIHarness(configure: { $0.publicStatus = false })
        let other = closed.json("POST", "/api/sync", ["mode": "proxy"]).object["id"] as! Int
        #expect(closed.call("GET", "/api/sync/\(other)").status == 401)
        #expect(closed.call("GET", "/api/sync/\(other)", headers: closed.bearer).status == 200)
    }
}
