#!/usr/bin/env python3
"""A proxy-mode sync client for `spindle serve`, written from docs/api.md alone.

It starts (or attaches to) a proxy-mode sync, then leases the requests the server plans, performs
them against Discogs with your own token, and posts the answers back until the session ends:

    scripts/proxy-client.py --server http://127.0.0.1:8080 --secret-file ~/.spindle-secret \\
        --token-file ~/.discogs-token [--kind all|collection|wantlist] [--full] [--session ID] \\
        [--max-seconds 600] [--user-agent UA] [--request-timeout 30]

Progress goes to stderr (about one line every 2 s); at the end one JSON line goes to stdout:
{"session": 12, "status": "completed", "requests": {...}, "leases": 40, "refused": 0, ...}.
Exit status 0 when the session ended `completed` or `completed_with_errors`, 1 otherwise.
The token and the secret are never printed, and the token is sent to no one but the leased URL
(redirects are not followed: a 3xx is posted back as the answer).

Python 3.11, standard library only.
"""

import argparse
import email.utils
import gzip
import http.client
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from datetime import datetime, timezone

DONE_OK = ("completed", "completed_with_errors")
TRANSPORT_ERRORS = (urllib.error.URLError, OSError, http.client.HTTPException)
PROGRESS_EVERY = 2.0


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hands 3xx back as HTTPError: urllib would otherwise follow them, Authorization included."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def read_secret(path, what):
    try:
        with open(path, encoding="utf-8") as f:
            value = f.read()
    except OSError as e:
        sys.exit(f"proxy-client: cannot read the {what} file {path}: {e.strerror}")
    value = value.rstrip("\r\n")
    if not value.strip():
        sys.exit(f"proxy-client: the {what} file {path} is empty")
    return value


def decode_body(raw, headers):
    """The response bytes as text: decompressed per Content-Encoding, decoded per charset."""
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
    decompressed = False
    if encoding in ("gzip", "x-gzip"):
        raw = gzip.decompress(raw)
        decompressed = True
    elif encoding == "deflate":
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            raw = zlib.decompress(raw, -zlib.MAX_WBITS)
        decompressed = True
    charset = headers.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    return text, decompressed


def header_dict(headers, decompressed):
    """All response headers as one dict (repeated names joined with ', ')."""
    result = {}
    for name, value in headers.items():
        key = name.lower()
        if decompressed and key in ("content-encoding", "content-length"):
            continue  # they describe the bytes on the wire, not the text we post
        result[key] = f"{result[key]}, {value}" if key in result else value
    return result


def parse_retry_after(value, default=1.0):
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
    except (TypeError, ValueError):
        return default


def parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


class Client:
    def __init__(self, args):
        self.server = args.server.rstrip("/")
        self.secret = read_secret(args.secret_file, "secret")
        self.token = read_secret(args.token_file, "token").strip()
        self.user_agent = args.user_agent
        self.request_timeout = args.request_timeout
        self.deadline = time.monotonic() + args.max_seconds
        host = urllib.parse.urlsplit(self.server).hostname or ""
        loopback = host in ("localhost", "127.0.0.1", "::1")
        # Discogs requests honour the usual *_proxy variables; a loopback server never needs one.
        self.server_opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}) if loopback else urllib.request.ProxyHandler(), NoRedirect
        )
        self.remote_opener = urllib.request.build_opener(NoRedirect)
        self.session = args.session
        self.leases = 0
        self.refused = 0
        self.transport_errors = 0
        self.outcomes = {}
        self.answered = {}  # HTTP status Discogs gave -> count
        self.progress = None
        self.progress_fresh = False  # read from GET /api/sync/{id} after the loop
        self.final_status = None
        self.last_line = 0.0
        self.state = "starting"

    # -- talking to spindle serve -------------------------------------------------------------

    def api(self, method, path, body=None, timeout=30):
        """(status, headers, parsed JSON or None); raises URLError/OSError on transport errors."""
        data = None
        headers = {"Authorization": f"Bearer {self.secret}", "Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.server + path, data=data, headers=headers, method=method)
        try:
            with self.server_opener.open(req, timeout=timeout) as resp:
                status, resp_headers, raw = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            status, resp_headers, raw = e.code, e.headers, e.read()
        payload = None
        if raw:
            try:
                payload = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                payload = None
        return status, resp_headers, payload

    @staticmethod
    def error_of(payload):
        if isinstance(payload, dict) and isinstance(payload.get("error"), dict):
            return payload["error"]
        return {}

    def describe(self, status, payload):
        err = self.error_of(payload)
        code = err.get("code") or "?"
        message = err.get("message") or ""
        return f"HTTP {status} {code}" + (f": {message}" if message else "")

    def start(self, kind, full):
        body = {"kind": kind, "full": full, "mode": "proxy"}
        status, headers, payload = self.api("POST", "/api/sync", body)
        if status in (200, 201, 202) and isinstance(payload, dict) and "id" in payload:
            self.session = payload["id"]
            self.progress = payload
            self.log(f"started proxy sync {self.session} (kind {kind}, full {str(full).lower()})")
            return True
        err = self.error_of(payload)
        if status == 409 and err.get("code") == "sync_running" and err.get("session_id") is not None:
            self.session = err["session_id"]
            self.log(f"a sync is already running: attaching to session {self.session}")
            return True
        self.log(f"cannot start a sync: {self.describe(status, payload)}")
        return False

    def fetch_progress(self):
        try:
            status, _, payload = self.api("GET", f"/api/sync/{self.session}")
        except TRANSPORT_ERRORS as e:
            self.log(f"cannot read the progress of session {self.session}: {reason(e)}")
            return
        if status == 200 and isinstance(payload, dict):
            self.progress = payload
            self.progress_fresh = True

    # -- the loop ------------------------------------------------------------------------------

    def run(self):
        backoff = 1.0
        while True:
            if self.time_left() <= 0:
                self.log(f"--max-seconds reached; leaving session {self.session} as it is")
                return
            self.state = "polling"
            try:
                status, headers, payload = self.api(
                    "GET", f"/api/proxy/next?session={urllib.parse.quote(str(self.session))}"
                )
            except TRANSPORT_ERRORS as e:
                self.log(f"server unreachable ({reason(e)}); retrying in {backoff:.0f} s")
                self.sleep(backoff)
                backoff = min(backoff * 2, 30.0)
                continue
            if status == 200 and isinstance(payload, dict) and payload.get("url"):
                backoff = 1.0
                self.leases += 1
                self.handle_lease(payload)
            elif status == 204:
                backoff = 1.0
                self.state = "nothing to do"
                self.sleep(parse_retry_after(headers.get("Retry-After")))
            elif status == 410:
                err = self.error_of(payload)
                self.final_status = err.get("status")
                self.log(f"session {self.session} finished ({err.get('status') or err.get('code') or 'gone'})")
                return
            elif status == 429 or status >= 500:
                wait = parse_retry_after(headers.get("Retry-After"), backoff)
                self.log(f"lease refused for now: {self.describe(status, payload)}; retrying in {wait:.0f} s")
                self.sleep(wait)
                backoff = min(backoff * 2, 30.0)
            else:
                # 401/403 (not allowed), 404 unknown_session, 400, or a 200 without a lease.
                self.log(f"cannot lease: {self.describe(status, payload)}")
                self.final_status = self.final_status or "error"
                return

    def handle_lease(self, lease):
        request_id = lease.get("request_id")
        url = lease["url"]
        wait_ms = lease.get("wait_ms")
        if isinstance(wait_ms, (int, float)):
            wait = wait_ms / 1000.0
        else:
            not_before = parse_time(lease.get("not_before"))
            wait = (not_before - datetime.now(timezone.utc)).total_seconds() if not_before else 0.0
        if wait > 0:
            self.state = f"waiting {wait:.1f} s for {lease.get('purpose') or 'a request'}"
            if not self.sleep(wait):
                return  # out of time before not_before: never early; the lease will expire
        self.state = f"requesting {lease.get('purpose') or url}"
        answer = {"request_id": request_id, "session": lease.get("session", self.session), "url": url}
        answer.update(self.perform(lease))
        self.post_answer(answer)

    def perform(self, lease):
        """The answer fields for the leased request: status/headers/body, or status 0 + error."""
        headers = {}
        for name, value in (lease.get("headers") or {}).items():
            if name.lower() not in ("authorization", "user-agent"):
                headers[name] = str(value)
        headers["Authorization"] = f"Discogs token={self.token}"
        headers["User-Agent"] = self.user_agent
        method = (lease.get("method") or "GET").upper()
        req = urllib.request.Request(lease["url"], headers=headers, method=method)
        timeout = self.request_timeout
        try:
            try:
                with self.remote_opener.open(req, timeout=timeout) as resp:
                    status, resp_headers, raw = resp.status, resp.headers, resp.read()
            except urllib.error.HTTPError as e:  # 3xx/4xx/5xx: an answer like any other
                status, resp_headers = e.code, e.headers
                try:
                    raw = e.read()
                except (OSError, http.client.HTTPException):
                    raw = b""
            try:
                body, decompressed = decode_body(raw, resp_headers)
            except (OSError, EOFError, zlib.error) as e:
                self.transport_errors += 1
                return {"status": 0, "error": f"could not decompress the response: {e}"}
        except (*TRANSPORT_ERRORS, ValueError) as e:
            self.transport_errors += 1
            return {"status": 0, "error": reason(e)}
        self.answered[status] = self.answered.get(status, 0) + 1
        return {"status": status, "headers": header_dict(resp_headers, decompressed), "body": body}

    def post_answer(self, answer):
        self.state = "answering"
        for attempt in range(3):
            try:
                status, _, payload = self.api("POST", "/api/proxy/response", answer, timeout=60)
                break
            except TRANSPORT_ERRORS as e:
                self.log(f"could not post the answer to {answer['request_id']} ({reason(e)})")
                if attempt == 2:
                    return  # the lease expires and the request goes back to the queue
                self.sleep(1.0 + attempt)
        if status == 200 and isinstance(payload, dict):
            outcome = payload.get("outcome") or "?"
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
            if isinstance(payload.get("progress"), dict):
                self.progress = payload["progress"]
            if outcome == "fatal":
                self.log(f"the server gave up on the session: {payload.get('message') or 'no reason given'}")
            elif outcome == "failed" and payload.get("message"):
                self.log(f"request {answer['request_id']} failed: {payload['message']}")
        elif 400 <= status < 500:
            self.refused += 1
            self.log(f"answer to {answer['request_id']} refused: {self.describe(status, payload)}")
        else:
            self.log(f"answer to {answer['request_id']} not taken: {self.describe(status, payload)}")

    # -- time and output -------------------------------------------------------------------------

    def time_left(self):
        return self.deadline - time.monotonic()

    def sleep(self, seconds):
        """Sleeps (printing progress) for seconds, or until --max-seconds; False if cut short."""
        full = self.time_left() >= seconds
        end = time.monotonic() + max(0.0, min(seconds, self.time_left()))
        while True:
            self.tick()
            left = end - time.monotonic()
            if left <= 0:
                return full
            time.sleep(min(left, 0.5))

    def tick(self):
        now = time.monotonic()
        if now - self.last_line < PROGRESS_EVERY:
            return
        self.last_line = now
        p = self.progress or {}
        req = p.get("requests") or {}
        parts = [f"session {self.session}", p.get("status") or "?"]
        if req:
            parts.append(f"requests {req.get('done', '?')}/{req.get('total', '?')} done, "
                         f"{req.get('failed', 0)} failed, {req.get('open', '?')} open")
        if p.get("percent") is not None:
            parts.append(f"{p['percent']}%")
        parts.append(f"leases {self.leases}, refused {self.refused}")
        if p.get("phase"):
            parts.append(str(p["phase"]))
        parts.append(self.state)
        print("proxy-client: " + " · ".join(parts), file=sys.stderr, flush=True)

    def log(self, message):
        print(f"proxy-client: {message}", file=sys.stderr, flush=True)

    def summary(self):
        p = self.progress or {}
        # The progress read at the end is the authority; then how the 410 said it ended.
        if self.progress_fresh and p.get("status"):
            status = p["status"]
        else:
            status = self.final_status or p.get("status") or "unknown"
        return {
            "session": self.session,
            "status": status,
            "requests": p.get("requests"),
            "leases": self.leases,
            "refused": self.refused,
            "transport_errors": self.transport_errors,
            "outcomes": self.outcomes,
            "answered": {str(k): v for k, v in sorted(self.answered.items())},
        }


def reason(e):
    if isinstance(e, urllib.error.URLError):
        return str(e.reason)
    return str(e) or type(e).__name__


def main():
    parser = argparse.ArgumentParser(description="Perform a Spindle proxy-mode sync against Discogs.")
    parser.add_argument("--server", required=True, help="base URL of spindle serve, e.g. http://127.0.0.1:8080")
    parser.add_argument("--secret-file", required=True, help="file holding the site secret (server.secret_file)")
    parser.add_argument("--token-file", required=True, help="file holding your Discogs personal access token")
    parser.add_argument("--kind", choices=("all", "collection", "wantlist"), default="all")
    parser.add_argument("--full", action="store_true", help="a full sync instead of an incremental one")
    parser.add_argument("--session", type=int, help="serve this session instead of starting a sync")
    parser.add_argument("--max-seconds", type=float, default=600, help="give up after this long (default 600)")
    parser.add_argument("--user-agent", default="SpindleProxyClient/1.0 (+scripts/proxy-client.py)")
    parser.add_argument("--request-timeout", type=float, default=30, help="seconds per Discogs request (default 30)")
    args = parser.parse_args()

    client = Client(args)
    try:
        if client.session is None:
            try:
                started = client.start(args.kind, args.full)
            except TRANSPORT_ERRORS as e:
                client.log(f"cannot reach {client.server}: {reason(e)}")
                started = False
            if not started:
                print(json.dumps(client.summary()))
                return 1
        client.run()
    except KeyboardInterrupt:
        client.log("interrupted")
    client.fetch_progress()
    client.last_line = 0.0
    client.state = "done"
    client.tick()
    summary = client.summary()
    print(json.dumps(summary))
    return 0 if summary["status"] in DONE_OK else 1


if __name__ == "__main__":
    sys.exit(main())
