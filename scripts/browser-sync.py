#!/usr/bin/env python3
"""End-to-end test of "sync through the user's browser": drives Spindle's /sync/ page
(public/assets/sync.js) in headless Chromium over the DevTools protocol until the new pages are live.

    scripts/browser-sync.py --url http://127.0.0.1:PORT/sync/ --secret SECRET --token DISCOGS_TOKEN \
        [--kind all|collection|wantlist] [--full] [--timeout 180] [--expect-path /some/page/] \
        [--reload-after-leases N] [--chromium PATH] [--screenshot out.png]

Signs in with the site secret when the page asks for it, enters the Discogs token, presses Sync,
optionally reloads the page after N leases (the sync must resume), waits for
`data-sync-state=live`, then optionally checks that `--expect-path` answers 200. Prints one JSON
line ({"ok": true, "state": "live", "leases": N, "elapsed_s": …}); exits 0 on success, 1 on
failure (why, the page's error text, the last lines of #sync-log and the browser console on
stderr), 2 on usage or launch errors. Python 3.11 standard library only; Chromium is driven over
--remote-debugging-pipe (fd 3: commands to the browser, fd 4: messages from it, NUL-terminated
JSON). An uncaught page exception or a Content-Security-Policy violation also fails the run.
"""

import argparse
import base64
import fcntl
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SETTLED = ("idle", "finished", "live", "error")  # states in which the Sync button can be pressed


class Failure(Exception):
    """The sync did not reach live: exit 1."""


class LaunchError(Exception):
    """Chromium could not be started or spoken to: exit 2."""


class Browser:
    """Headless Chromium with a DevTools connection over a pipe pair."""

    def __init__(self, chromium, profile, window="1280,1600"):
        self.profile = profile
        self.next_id = 0
        self.pending = {}  # command id -> queue for its answer
        self.events = queue.Queue()
        self.lock = threading.Lock()
        self.closed = threading.Event()
        self.log_path = os.path.join(profile, "chromium.log")
        cmd_read, self.cmd_write = os.pipe()  # we write commands, the browser reads fd 3
        self.msg_read, msg_write = os.pipe()  # the browser writes fd 4, we read messages

        def child_fds():
            # Move both ends above 4 first, so that putting one on 3 cannot clobber the other.
            a = fcntl.fcntl(cmd_read, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(msg_write, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.close(a)
            os.close(b)

        args = [
            chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
            "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--password-store=basic", "--use-mock-keychain", "--hide-scrollbars",
            "--window-size=" + window, "about:blank",
        ]
        log = open(self.log_path, "wb")
        try:
            # fds 3 and 4 are open here (the pipes took the lowest free numbers), so pass_fds can
            # keep them; child_fds puts the right pipe ends on them before exec.
            self.proc = subprocess.Popen(
                args, stdin=subprocess.DEVNULL, stdout=log, stderr=log, pass_fds=(3, 4),
                preexec_fn=child_fds, start_new_session=True)
        except OSError as error:
            raise LaunchError("cannot start %s: %s" % (chromium, error)) from error
        finally:
            log.close()
            os.close(cmd_read)
            os.close(msg_write)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        buffer = b""
        try:
            while True:
                chunk = os.read(self.msg_read, 1 << 16)
                if not chunk:
                    break
                buffer += chunk
                while b"\0" in buffer:
                    raw, buffer = buffer.split(b"\0", 1)
                    try:
                        message = json.loads(raw)
                    except ValueError:
                        continue
                    if "id" in message:
                        with self.lock:
                            waiter = self.pending.pop(message["id"], None)
                        if waiter:
                            waiter.put(message)
                    else:
                        self.events.put(message)
        except OSError:
            pass
        finally:
            with self.lock:
                self.closed.set()
                for waiter in self.pending.values():
                    waiter.put({"error": {"message": "the browser closed the DevTools pipe"}})
                self.pending.clear()

    def send(self, method, params=None, session=None, timeout=30):
        """Sends one command and returns its result (raises RuntimeError with the browser's error)."""
        waiter = queue.Queue()
        with self.lock:
            if self.closed.is_set():
                raise RuntimeError("%s: the browser is gone (exit status %s)" % (method, self.proc.poll()))
            self.next_id += 1
            cid = self.next_id
            self.pending[cid] = waiter
        message = {"id": cid, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self.cmd_write, data):]
        except OSError as error:
            raise RuntimeError("cannot write to the browser: %s" % error) from error
        try:
            answer = waiter.get(timeout=timeout)
        except queue.Empty:
            with self.lock:
                self.pending.pop(cid, None)
            raise RuntimeError("%s: no answer within %d s" % (method, timeout)) from None
        if "error" in answer:
            raise RuntimeError("%s: %s" % (method, answer["error"].get("message", answer["error"])))
        return answer.get("result", {})

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def close(self):
        """Closes the browser: politely, then SIGTERM, then SIGKILL to the process group it leads."""
        if self.proc.poll() is None and not self.closed.is_set():
            try:
                self.send("Browser.close", timeout=3)
            except RuntimeError:
                pass
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)  # the group started with start_new_session=True
            except (ProcessLookupError, PermissionError):
                break
            try:
                self.proc.wait(timeout=5)
                if sig == signal.SIGTERM:
                    # Chromium's helpers (zygote, renderers) may outlive the main process briefly.
                    time.sleep(0.2)
            except subprocess.TimeoutExpired:
                continue
        for fd in (self.cmd_write, self.msg_read):
            try:
                os.close(fd)
            except OSError:
                pass


class Page:
    """One tab, attached with a flat session; collects console errors and page exceptions."""

    def __init__(self, browser):
        self.browser = browser
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        self.problems = []  # [(kind, text)]: exceptions and CSP violations fail the run
        self.console = []   # every error or warning the page printed
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable")

    def send(self, method, params=None, timeout=30):
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def pump(self):
        """Takes the events that arrived since the last call."""
        while True:
            try:
                event = self.browser.events.get_nowait()
            except queue.Empty:
                return
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = (details.get("exception") or {}).get("description") or details.get("text", "exception")
                self.problems.append(("exception", text))
                self.console.append("exception: " + text)
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                self.console.append("console.%s: %s" % (params["type"], text))
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                if entry.get("level") in ("error", "warning"):
                    text = entry.get("text", "")
                    where = " (%s)" % entry["url"] if entry.get("url") else ""
                    self.console.append("%s %s: %s%s" % (entry.get("source", "log"), entry["level"], text, where))
                    if "Content Security Policy" in text or "Content-Security-Policy" in text:
                        self.problems.append(("csp", text))

    def evaluate(self, expression, timeout=30):
        """The value of a JavaScript expression (promises awaited); None while a navigation is under way."""
        try:
            result = self.send("Runtime.evaluate", {
                "expression": expression, "returnByValue": True, "awaitPromise": True}, timeout=timeout)
        except RuntimeError as error:
            if "context" in str(error).lower() or "navigat" in str(error).lower():
                return None
            raise
        finally:
            self.pump()
        if "exceptionDetails" in result:
            return None
        return result.get("result", {}).get("value")


# What the test reads from the page, in one evaluation.
SNAPSHOT = r"""(() => {
  const b = document.body, log = document.getElementById("sync-log");
  const text = id => { const e = document.getElementById(id); return e && !e.hidden ? e.textContent.trim() : ""; };
  return {
    marker: window.__browserSync === true,
    url: location.href,
    ready: document.readyState,
    state: b ? (b.dataset.syncState || null) : null,
    site: b ? (b.dataset.siteState || null) : null,
    session: b ? (b.dataset.syncSession || null) : null,
    leases: log ? Number(log.dataset.leases || log.children.length) : 0,
    status: text("sync-status"),
    lines: log ? Array.from(log.children).slice(-12).map(li => li.textContent) : [],
    message: text("sync-message"),
    error: text("sync-error"),
    wait: text("sync-wait"),
    counts: text("sync-counts"),
    title: document.title,
    body: b && !b.dataset.syncState ? b.innerText.slice(0, 600) : ""
  };
})()"""


def snapshot(page):
    return page.evaluate(SNAPSHOT) or {}


def wait_for(page, deadline, what, check, interval=0.25):
    """Polls the page until `check(snapshot)` is truthy; returns that snapshot. Fails at once on a
    page exception or CSP violation, and when a loaded page never says where it stands."""
    last = {}
    stateless_since = None
    while True:
        snap = snapshot(page)
        if snap:
            last = snap
            if check(snap):
                return snap
            if page.problems:
                raise Failure("the page raised errors: " + "; ".join(t for _, t in page.problems[:3]), snap)
            # No state on a loaded page, and not waiting for the server either: sync.js is not running.
            if snap.get("ready") == "complete" and snap.get("state") is None and not snap.get("wait") and not snap.get("marker"):
                stateless_since = stateless_since or time.monotonic()
                if time.monotonic() - stateless_since > 15:
                    raise Failure("%s has no data-sync-state 15 s after loading: is sync.js loaded?" % snap.get("url"), snap)
            else:
                stateless_since = None
        if time.monotonic() > deadline:
            raise Failure("timed out waiting for %s (state %s)" % (what, last.get("state")), last)
        time.sleep(interval)


def navigate(page, url, deadline):
    page.send("Page.navigate", {"url": url})
    return wait_for(page, deadline, "the sync page to load",
                    lambda s: s.get("state") is not None and not s.get("marker"))


def mark(page):
    """Marks the current document, so that a new one (after a submit or a reload) can be told apart."""
    page.evaluate("window.__browserSync = true")


def sign_in(page, secret, sync_url, deadline):
    mark(page)
    submitted = page.evaluate("""(() => {
      const input = document.getElementById("sync-secret");
      if (!input || !input.form) return false;
      input.value = %s;
      input.form.requestSubmit();
      return true;
    })()""" % json.dumps(secret))
    if not submitted:
        raise Failure("the page is signed out but has no sign-in form (#sync-secret)", snapshot(page))
    snap = wait_for(page, deadline, "the page after signing in",
                    lambda s: not s.get("marker") and (s.get("state") is not None or s.get("ready") == "complete"))
    if snap.get("state") is None and snap.get("url", "").split("#")[0].split("?")[0] != sync_url.split("#")[0].split("?")[0]:
        raise Failure("signing in did not lead back to the sync page (now at %s)" % snap.get("url"), snap)
    # Back on the sync page: it may still be asking the server who we are.
    snap = wait_for(page, deadline, "the sync page after signing in", lambda s: s.get("state") is not None)
    if snap["state"] == "signed-out":
        raise Failure("signing in failed: the page still asks for the site secret", snap)
    return snap


def press_sync(page, token, kind, full):
    """Enters the token, chooses what to sync and presses Sync; returns the state right after."""
    return page.evaluate("""(() => {
      const $ = id => document.getElementById(id);
      const replace = $("sync-token-replace");
      if (replace && !replace.closest("[hidden]")) replace.click();
      const input = $("sync-token");
      if (!input) return "no #sync-token field";
      input.value = %s;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      const kind = $("sync-kind");
      if (kind) { kind.value = %s; if (kind.value !== %s) return "no kind " + %s; }
      const full = $("sync-full");
      if (full) full.checked = %s;
      const button = $("sync-start");
      if (!button) return "no #sync-start button";
      if (button.disabled) return "the Sync button is disabled";
      button.click();
      return document.body.dataset.syncState;
    })()""" % (json.dumps(token), json.dumps(kind), json.dumps(kind), json.dumps(kind), "true" if full else "false"))


def run(options, console):
    """The whole test; fills `console` with what the browser printed. Returns the result line."""
    started = time.monotonic()
    deadline = started + options.timeout
    profile = tempfile.mkdtemp(prefix="spindle-browser-sync-")
    browser = page = None
    result = {"ok": False, "state": None, "leases": 0}
    try:
        try:
            browser = Browser(options.chromium, profile)
            page = Page(browser)
        except RuntimeError as error:
            raise LaunchError("Chromium does not answer over the DevTools pipe: %s\n%s"
                              % (error, browser.log_tail() if browser else "")) from error
        snap = navigate(page, options.url, deadline)
        if snap["state"] == "signed-out":
            snap = sign_in(page, options.secret, options.url, deadline)
        # Wait until the page knows where it stands (it may be resuming an open sync by itself).
        snap = wait_for(page, deadline, "the page to settle",
                        lambda s: s.get("state") in SETTLED + ("running", "waiting", "signed-out"))
        if snap["state"] == "signed-out":
            raise Failure("the page is signed out after signing in", snap)
        resumed_on_load = snap["state"] in ("running", "waiting")
        if not resumed_on_load:
            after = press_sync(page, options.token, options.kind, options.full)
            if after not in ("running", "waiting"):
                raise Failure("pressing Sync did not start a sync: %s" % after, snapshot(page))
        leases_before = 0
        reloaded = False
        while True:
            if time.monotonic() > deadline:
                raise Failure("timed out after %d s (state %s, %d leases)"
                              % (options.timeout, result["state"], result["leases"]), snapshot(page))
            snap = snapshot(page)
            if not snap:
                time.sleep(0.2)
                continue
            state = snap.get("state")
            result["state"], result["session"] = state, snap.get("session")
            result["leases"] = leases_before + snap.get("leases", 0)
            if page.problems:
                raise Failure("the page raised errors: " + "; ".join(t for _, t in page.problems[:3]), snap)
            if state == "live":
                if options.reload_after_leases is not None and not reloaded:
                    raise Failure("the sync went live after %d leases, before the reload after %d"
                                  % (result["leases"], options.reload_after_leases), snap)
                break
            if state == "error":
                raise Failure("the page reports an error: " + (snap.get("error") or snap.get("message") or "?"), snap)
            if state == "signed-out":
                raise Failure("the page signed out during the sync: " + snap.get("message", ""), snap)
            if state == "finished" and snap.get("site") == "off":
                raise Failure("the sync finished but the site is not rebuilt (site.state off)", snap)
            if state == "finished" and snap.get("status") == "cancelled":
                raise Failure("the sync was cancelled", snap)
            if state == "idle":
                raise Failure("the page went idle before the sync finished", snap)
            if (options.reload_after_leases is not None and not reloaded
                    and snap.get("leases", 0) >= options.reload_after_leases):
                leases_before = snap.get("leases", 0)
                reloaded = True
                mark(page)
                page.send("Page.reload", {"ignoreCache": False})
                snap = wait_for(page, deadline, "the reloaded page to pick the sync up",
                                lambda s: not s.get("marker") and s.get("state") is not None)
                if snap["state"] == "idle":
                    raise Failure("after the reload the page did not resume the sync (state idle)", snap)
                result["resumed"] = True
                continue
            time.sleep(0.25)
        if options.expect_path:
            status = page.evaluate("fetch(%s, {cache: 'no-store', credentials: 'same-origin'}).then(r => r.status)"
                                   % json.dumps(options.expect_path))
            result["expect_path_status"] = status
            if status != 200:
                raise Failure("%s answered %s, not 200, after the new pages went live" % (options.expect_path, status), snap)
        page.pump()
        if page.problems:
            raise Failure("the page raised errors: " + "; ".join(t for _, t in page.problems[:3]), snapshot(page))
        result["ok"] = True
        result["elapsed_s"] = round(time.monotonic() - started, 2)
        return result
    finally:
        if page and options.screenshot:
            try:
                shot = page.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, timeout=20)
                with open(options.screenshot, "wb") as f:
                    f.write(base64.b64decode(shot["data"]))
            except (RuntimeError, OSError, KeyError) as error:
                print("browser-sync: no screenshot: %s" % error, file=sys.stderr)
        if page:
            try:
                page.pump()
            except Exception:  # noqa: BLE001 - reporting must not hide the real outcome
                pass
            console.extend(page.console)
        if browser:
            browser.close()
        shutil.rmtree(profile, ignore_errors=True)


def report_failure(failure, console, elapsed):
    message = failure.args[0]
    snap = failure.args[1] if len(failure.args) > 1 and isinstance(failure.args[1], dict) else {}
    print("browser-sync: FAILED: %s" % message, file=sys.stderr)
    if snap:
        print("  page: %s (state %s, site %s, session %s)" % (snap.get("url"), snap.get("state"), snap.get("site"),
                                                          snap.get("session")), file=sys.stderr)
        for key in ("error", "message", "wait", "counts"):
            if snap.get(key):
                print("  %s: %s" % (key, snap[key]), file=sys.stderr)
        if snap.get("body"):
            print("  page text: %s" % snap["body"].replace("\n", " | "), file=sys.stderr)
        if snap.get("lines"):
            print("  last lines of #sync-log:", file=sys.stderr)
            for line in snap["lines"]:
                print("    " + line, file=sys.stderr)
    if console:
        print("  browser console:", file=sys.stderr)
        for line in console[-30:]:
            print("    " + line, file=sys.stderr)
    print(json.dumps({"ok": False, "state": snap.get("state"), "leases": snap.get("leases", 0),
                      "elapsed_s": round(elapsed, 2), "error": message}))


def main():
    parser = argparse.ArgumentParser(
        description="Drive Spindle's /sync/ page in headless Chromium until the new pages are live.")
    parser.add_argument("--url", required=True, help="the sync page, e.g. http://127.0.0.1:8080/sync/")
    parser.add_argument("--secret", required=True, help="the site secret, for the sign-in form")
    parser.add_argument("--token", required=True, help="the Discogs personal access token to enter")
    parser.add_argument("--kind", default="all", choices=["all", "collection", "wantlist"])
    parser.add_argument("--full", action="store_true", help="tick 'Full sync'")
    parser.add_argument("--timeout", type=float, default=180, help="seconds for the whole run (default 180)")
    parser.add_argument("--expect-path", help="a site path that must answer 200 once the pages are live")
    parser.add_argument("--reload-after-leases", type=int, metavar="N",
                        help="reload the page once N leases are in #sync-log (the sync must resume)")
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="the browser (default /usr/bin/chromium)")
    parser.add_argument("--screenshot", metavar="PNG", help="save a screenshot of the page at the end")
    options = parser.parse_args()
    if options.timeout <= 0:
        parser.error("--timeout must be positive")
    if options.reload_after_leases is not None and options.reload_after_leases < 1:
        parser.error("--reload-after-leases must be at least 1")
    if options.expect_path and not options.expect_path.startswith("/"):
        parser.error("--expect-path must be a path on the site, starting with /")
    if not (os.path.isfile(options.chromium) and os.access(options.chromium, os.X_OK)):
        print("browser-sync: %s is not an executable (install chromium or pass --chromium)" % options.chromium,
              file=sys.stderr)
        return 2

    def terminate(signum, _frame):
        print("browser-sync: stopped by signal %d" % signum, file=sys.stderr)
        raise SystemExit(128 + signum)  # unwinds through run()'s cleanup

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGHUP, terminate)
    started = time.monotonic()
    console = []
    try:
        result = run(options, console)
    except LaunchError as error:
        print("browser-sync: %s" % error, file=sys.stderr)
        return 2
    except Failure as failure:
        report_failure(failure, console, time.monotonic() - started)
        return 1
    except KeyboardInterrupt:
        print("browser-sync: interrupted", file=sys.stderr)
        return 1
    except (RuntimeError, OSError) as error:
        report_failure(Failure("the browser failed: %s" % error), console, time.monotonic() - started)
        return 1
    print(json.dumps(result))
    # Failed loads (a 429 from Discogs, the 410 that ends the session) are part of a good run.
    said = [line for line in console if not line.startswith("network ")]
    if said:
        print("browser-sync: the browser console said (not errors of the sync):", file=sys.stderr)
        for line in said[-30:]:
            print("    " + line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
