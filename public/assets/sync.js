/* Spindle: sync through the user's browser — the page at /sync/ (templates/sync-now.mustache).
 * A client of docs/api.md: it leases Discogs requests from `spindle serve`, performs them here
 * with the user's own personal access token and posts the answers back. The token is kept in
 * localStorage and sent only to the URLs the server leases (never to this site). Plain JS, no
 * dependencies, no build step, no inline code or styles (the site's CSP allows neither).
 *
 * For tests, document.body.dataset.syncState is one of idle, signed-out, running, waiting,
 * finished, live, error (absent until the page has found out where it stands), and #sync-log
 * gets one line per lease (its data-leases counts them all, also those trimmed from the list). */
(function () {
  "use strict";

  var TOKEN_KEY = "spindle.discogs_token";
  var SESSION_KEY = "spindle.sync.session";
  var DRIVER_KEY = "spindle.sync.driver."; // + session id: the heartbeat when Web Locks are missing
  var FINAL = ["completed", "completed_with_errors", "failed", "cancelled"];
  var DRIVABLE = ["initiated", "in_progress", "paused"];
  var POLL_MS = 2000;
  var HEARTBEAT_MS = 2000;
  var HEARTBEAT_STALE_MS = 7000;
  var LOG_LINES = 400; // lines kept in #sync-log; data-leases keeps the full count
  var FETCH_TIMEOUT_MS = 60000;

  /** Seconds to wait before the attempt after `failures` failed ones: 1, 2, 4, 8, 16, 30, 30, … */
  function backoffSeconds(failures) {
    return Math.min(30, Math.pow(2, Math.max(0, failures - 1)));
  }

  /** "45 s", "4 min", "1 h 5 min". */
  function formatDuration(seconds) {
    var s = Math.max(0, Math.round(Number(seconds) || 0));
    if (s < 60) return s + " s";
    var minutes = Math.round(s / 60);
    if (minutes < 60) return minutes + " min";
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return h + " h" + (m ? " " + m + " min" : "");
  }

  function formatPercent(percent) {
    var p = Math.max(0, Math.min(100, Number(percent) || 0));
    return (p < 10 ? Math.floor(p * 10) / 10 : Math.floor(p)) + " %";
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  /** What the progress area shows for a progress object (`GET /api/sync/{id}`). */
  function describe(p) {
    var req = (p && p.requests) || {};
    var total = Number(req.total) || 0, done = Number(req.done) || 0, failed = Number(req.failed) || 0;
    var finished = FINAL.indexOf(p && p.status) !== -1;
    // The server's percent also counts work not planned yet (releases to fetch), so it is the
    // better bar; done/total is the fallback.
    var percent = typeof p.percent === "number" ? p.percent
      : total > 0 ? (100 * (done + failed)) / total : null;
    if (finished && p.status !== "failed" && p.status !== "cancelled") percent = 100;
    var counts = done + " of " + plural(total, "request") + " done";
    if (failed > 0) counts += " (" + failed + " failed)";
    if (percent !== null) counts += " \u00b7 " + formatPercent(percent);
    if (!finished && typeof p.eta_seconds === "number" && p.eta_seconds > 0) {
      counts += " \u00b7 " + (p.eta_seconds < 60 ? "less than a minute left" : "about " + formatDuration(p.eta_seconds) + " left");
    }
    var rl = p.rate_limit;
    var rate = rl && typeof rl.remaining === "number"
      ? "Discogs rate limit: " + rl.remaining + (typeof rl.limit === "number" ? " of " + rl.limit : "") + " requests left in this minute."
      : "Discogs rate limit: paced by this site (browsers cannot read Discogs\u2019 rate-limit headers).";
    return { percent: percent, counts: counts, rate: rate };
  }

  /** One sentence on how a finished session ended. */
  function outcomeText(p) {
    var failed = (p.requests && Number(p.requests.failed)) || 0;
    switch (p.status) {
      case "completed": return "Sync #" + p.id + " completed.";
      case "completed_with_errors":
        return "Sync #" + p.id + " completed with errors" + (failed ? " (" + plural(failed, "request") + " failed)" : "") + ".";
      case "failed": return "Sync #" + p.id + " failed" + (p.error ? ": " + p.error : ".");
      case "cancelled": return "Sync #" + p.id + " was cancelled.";
      default: return "Sync #" + p.id + ": " + String(p.status).replace(/_/g, " ") + ".";
    }
  }

  /** How long a lease stays valid from the moment it arrived, without comparing clocks. */
  function leaseLifetimeMs(lease) {
    var expires = Date.parse(lease.lease_expires_at), due = Date.parse(lease.not_before);
    if (isNaN(expires) || isNaN(due)) return FETCH_TIMEOUT_MS;
    return Math.max(0, expires - due) + Math.max(0, Number(lease.wait_ms) || 0);
  }

  // Exported for unit tests under Node; the browser part below needs a document.
  if (typeof module !== "undefined" && module.exports) {
    module.exports = {
      backoffSeconds: backoffSeconds, formatDuration: formatDuration, formatPercent: formatPercent,
      describe: describe, outcomeText: outcomeText, leaseLifetimeMs: leaseLifetimeMs
    };
  }
  if (typeof document === "undefined") return;

  // ---------------------------------------------------------------------------------------------
  // Page plumbing

  var body = null;          // document.body, once the document is parsed
  var tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  var csrf = null;
  var current = null;       // the session id this tab follows
  var generation = 0;       // counts follow() calls: an older follow's polling stops when it changes
  var busy = false;         // following a session (driving or watching)
  var cspBlocked = null;    // a connect-src violation: the lease URLs cannot be reached from here
  var memoryStore = {};     // when localStorage is not available
  var leaseCount = 0;

  function $(id) { return document.getElementById(id); }

  function show(id, visible) {
    var el = $(id);
    if (el) el.hidden = !visible;
  }

  function setText(id, text) {
    var el = $(id);
    if (el) el.textContent = text || "";
  }

  function setState(state) {
    body.dataset.syncState = state;
  }

  var noticeShown = false;

  /** The line under the form: what is going on. */
  function say(text) {
    noticeShown = false;
    setText("sync-message", text);
  }

  /** The same for a notice about one request, cleared once a request goes through again. */
  function notice(text) {
    say(text);
    noticeShown = true;
  }

  function showError(text) {
    setText("sync-error-text", text);
    show("sync-error", !!text);
  }

  function store(key, value) {
    try {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    } catch (e) {
      if (value === null) delete memoryStore[key];
      else memoryStore[key] = value;
    }
  }

  function stored(key) {
    try {
      var value = window.localStorage.getItem(key);
      return value === null && key in memoryStore ? memoryStore[key] : value;
    } catch (e) {
      return key in memoryStore ? memoryStore[key] : null;
    }
  }

  function sleep(ms) {
    return new Promise(function (resolve) { window.setTimeout(resolve, Math.max(0, ms)); });
  }

  /** A sleep that `wake()` ends early. */
  function alarm() {
    var timer = 0, resolveSleep = null;
    return {
      sleep: function (ms) {
        return new Promise(function (resolve) {
          resolveSleep = resolve;
          timer = window.setTimeout(resolve, ms);
        });
      },
      wake: function () {
        window.clearTimeout(timer);
        if (resolveSleep) resolveSleep();
      }
    };
  }

  /** Waits `ms` with one timer (a hidden tab throttles chains of timers), showing a countdown. */
  function countdown(ms, label) {
    var end = Date.now() + ms;
    function tick() { setText("sync-wait", label + Math.max(1, Math.ceil((end - Date.now()) / 1000)) + " s"); }
    tick();
    var ticker = window.setInterval(tick, 1000);
    return sleep(ms).then(function () {
      window.clearInterval(ticker);
      setText("sync-wait", "");
    });
  }

  /** Calls `step` again and again, each time after the last one settled, until it gives back
   * {done: value}; resolves with that value. A flat loop: no chain of promises grows with the
   * thousands of requests of a big sync. */
  function loop(step) {
    return new Promise(function (resolve, reject) {
      function again() {
        Promise.resolve().then(step).then(function (result) {
          if (result && typeof result === "object" && "done" in result) resolve(result.done);
          else again();
        }).catch(reject);
      }
      again();
    });
  }

  /** Thrown to stop following a session: signed out, or an error the page cannot get past. */
  function Stop(message, signedOut) {
    this.message = message;
    this.signedOut = !!signedOut;
  }

  // ---------------------------------------------------------------------------------------------
  // Our own server (docs/api.md)

  function errorOf(res) {
    var data = res.data;
    return (data && data.error) || { code: "http_" + res.status, message: "HTTP " + res.status };
  }

  function errorText(res) {
    var e = errorOf(res);
    return e.message || e.code || "HTTP " + res.status;
  }

  /** One request to spindle serve. A network failure, a 5xx or a 429 is retried after 1 s, 2 s,
   * 4 s, … 30 s, saying so on the page (never given up silently); any other answer goes back to
   * the caller as {status, data, headers}. */
  function api(method, path, payload) {
    var failures = 0;
    function attempt() {
      var headers = { Accept: "application/json" };
      // The session cookie is sent by the browser itself, so state changes carry the CSRF token;
      // it is sent on reads too, in case the server counts leasing as a change.
      if (csrf) headers["X-CSRF-Token"] = csrf;
      var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
      if (payload !== undefined) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(payload);
      }
      return fetch(path, init).then(function (res) {
        return res.text().then(function (text) {
          var data = null;
          if (text) { try { data = JSON.parse(text); } catch (e) { data = null; } }
          return { status: res.status, data: data, headers: res.headers };
        });
      }).then(function (res) {
        if (res.status >= 500 || res.status === 429) {
          failures += 1;
          var wait = retryAfter(res.headers, backoffSeconds(failures));
          return retry("This site answered " + errorText(res), wait);
        }
        return res;
      }, function (error) {
        failures += 1;
        return retry("Cannot reach this site (" + (error && error.message || error) + ")", backoffSeconds(failures));
      });
    }
    function retry(why, seconds) {
      // Before the page knows where it stands (no state yet) it stays without one.
      var previous = body.dataset.syncState;
      if (previous && previous !== "signed-out") setState("waiting");
      return countdown(seconds * 1000, why + "; trying again in ").then(function () {
        if (previous && body.dataset.syncState === "waiting") setState(previous);
        return attempt();
      });
    }
    return attempt();
  }

  function retryAfter(headers, fallback) {
    var value = headers && headers.get("Retry-After");
    var seconds = value === null || value === undefined ? NaN : Number(value);
    if (isNaN(seconds) && value) seconds = (Date.parse(value) - Date.now()) / 1000;
    return isNaN(seconds) ? fallback : Math.min(300, Math.max(0.2, seconds));
  }

  /** Asks who we are; keeps the CSRF token. True when signed in. */
  function loadSession() {
    return api("GET", "/api/session").then(function (res) {
      if (res.status === 200 && res.data && res.data.authenticated) {
        csrf = res.data.csrf || null;
        return true;
      }
      if (res.status === 200 || res.status === 401) return false;
      throw new Stop("Could not ask this site who you are: " + errorText(res));
    });
  }

  /** A POST, retried once with a fresh CSRF token when it was refused with 403. */
  function post(path, payload) {
    return api("POST", path, payload).then(function (res) {
      if (res.status !== 403) return res;
      return loadSession().then(function (signedIn) {
        if (!signedIn) return { status: 401, data: null, headers: null };
        return api("POST", path, payload);
      });
    });
  }

  function progressOf(id) {
    return api("GET", "/api/sync/" + encodeURIComponent(id)).then(function (res) {
      if (res.status === 200 && res.data) return res.data;
      if (res.status === 401) throw new Stop("Sign in to see this sync.", true);
      if (res.status === 404) {
        if (Number(stored(SESSION_KEY)) === Number(id)) store(SESSION_KEY, null);
        throw new Stop("Sync #" + id + " does not exist on this site (any more).");
      }
      throw new Stop("Could not read the progress of sync #" + id + ": " + errorText(res));
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The token

  function token() {
    var value = stored(TOKEN_KEY);
    return value && value.trim() ? value.trim() : null;
  }

  var tokenWaiters = [];

  function showToken() {
    var saved = !!token();
    show("sync-token-entry", !saved);
    show("sync-token-saved", saved);
    if (saved) tokenWaiters.splice(0).forEach(function (resolve) { resolve(); });
  }

  /** Keeps what was typed in the token field. False (with a message) when it is not a token. */
  function keepTypedToken() {
    var input = $("sync-token");
    var value = input ? input.value.trim() : "";
    if (!value) return !!token();
    if (!/^[\x21-\x7e]+$/.test(value)) {
      setText("sync-token-note", "That does not look like a Discogs token (letters and digits, no spaces).");
      return false;
    }
    store(TOKEN_KEY, value);
    input.value = "";
    setText("sync-token-note", "Token kept in this browser. It is sent only with the requests to Discogs.");
    showToken();
    return true;
  }

  /** The token, waiting for one to be entered when there is none. */
  function needToken() {
    var value = token();
    if (value) return Promise.resolve(value);
    setState("waiting");
    say("Sync #" + current + " needs your Discogs token to go on: enter it above.");
    var input = $("sync-token");
    if (input) input.focus();
    return new Promise(function (resolve) { tokenWaiters.push(resolve); }).then(function () {
      setState("running");
      say("Going on with sync #" + current + ".");
      return needToken();
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Progress

  function showProgress(p) {
    if (!p || p.id === undefined) return;
    show("sync-progress", true);
    show("sync-log-box", true);
    setText("sync-number", "#" + p.id);
    var status = $("sync-status");
    if (status) {
      status.textContent = String(p.status || "").replace(/_/g, " ");
      status.className = "status status-" + statusClass(p.status);
    }
    var link = $("sync-status-link");
    if (link) link.href = "/api/sync/" + encodeURIComponent(p.id) + "/status";
    var d = describe(p);
    setText("sync-phase", p.phase || "");
    var bar = $("sync-bar");
    if (bar) {
      if (d.percent === null) bar.removeAttribute("value");
      else bar.value = Math.max(0, Math.min(100, d.percent));
      bar.textContent = d.percent === null ? "" : formatPercent(d.percent);
    }
    setText("sync-counts", d.counts);
    setText("sync-rate", d.rate);
    show("sync-cancel", FINAL.indexOf(p.status) === -1 && !!csrf);
    body.dataset.syncSession = String(p.id);
  }

  function statusClass(status) {
    if (status === "completed") return "ok";
    if (status === "completed_with_errors" || status === "paused" || status === "cancelled") return "warn";
    if (status === "failed") return "error";
    return "running";
  }

  function logLease(method, url, status, outcome) {
    var list = $("sync-log");
    leaseCount += 1;
    setText("sync-log-count", String(leaseCount));
    if (!list) return;
    list.dataset.leases = String(leaseCount);
    var line = document.createElement("li");
    line.textContent = method + " " + url + " \u2192 " + status + " " + outcome;
    list.appendChild(line);
    while (list.childNodes.length > LOG_LINES) list.removeChild(list.firstChild);
  }

  function setBusy(value) {
    busy = value;
    var start = $("sync-start");
    if (start) start.disabled = value;
  }

  // ---------------------------------------------------------------------------------------------
  // Following a session: drive it (lease, fetch, answer) or, when another tab drives it, watch

  /** Follows session `p` until it ends, then shows how it ended and waits for the new pages. */
  function follow(p) {
    generation += 1;
    current = p.id;
    store(SESSION_KEY, String(p.id));
    setBusy(true);
    showProgress(p);
    var run;
    if (FINAL.indexOf(p.status) !== -1) run = Promise.resolve(p);
    else if (p.mode !== "proxy") {
      say("Sync #" + p.id + " runs on the server; this page shows its progress.");
      run = watch(p.id, null);
    } else run = driveOrWatch(p.id).then(function () { return progressOf(p.id); });
    return run.then(function (final) {
      setBusy(false);
      return finish(final);
    }).catch(stopped);
  }

  function stopped(error) {
    setBusy(false);
    setText("sync-wait", "");
    if (error instanceof Stop && error.signedOut) {
      showSignIn(error.message);
      return;
    }
    if (!(error instanceof Stop) && window.console) window.console.error(error);
    var message = error instanceof Stop ? error.message : "Unexpected error: " + (error && error.message || error);
    showError(message);
    say("");
    setState("error");
  }

  /** Drives the session when no other tab does (Web Locks, else a localStorage heartbeat). */
  function driveOrWatch(id) {
    if (navigator.locks && typeof navigator.locks.request === "function") return withLock(id);
    return withHeartbeat(id);
  }

  function withLock(id) {
    var name = "spindle-sync-" + id;
    return navigator.locks.request(name, { ifAvailable: true }, function (lock) {
      return lock ? drive(id).then(function () { return true; }) : false;
    }).then(function (drove) {
      if (drove) return;
      // Another tab drives it: show the progress, and take over if that tab goes away.
      say("Another tab is running sync #" + id + "; this one shows its progress.");
      var waiting = new AbortController();
      var taken = false, waker = alarm();
      var takeover = navigator.locks.request(name, { signal: waiting.signal }, function () {
        taken = true;
        waker.wake();
        say("Taking over sync #" + id + " from the other tab.");
        return drive(id);
      }).catch(function (error) {
        if (error && error.name === "AbortError") return;
        throw error;
      });
      return watch(id, function () { return taken; }, waker).then(function (final) {
        if (!final) return takeover;
        waiting.abort();
        takeover.catch(function () {}); // granted just as the session ended: its outcome is shown already
      }, function (error) {
        waiting.abort();
        throw error;
      });
    });
  }

  function withHeartbeat(id) {
    var key = DRIVER_KEY + id;
    function holder() {
      try { return JSON.parse(stored(key) || "null"); } catch (e) { return null; }
    }
    function free() {
      var h = holder();
      return !h || h.tab === tabId || Date.now() - h.at > HEARTBEAT_STALE_MS;
    }
    function beat() { store(key, JSON.stringify({ tab: tabId, at: Date.now() })); }
    function claim() {
      if (!free()) return Promise.resolve(false);
      beat();
      // Two tabs may claim at once: the later write wins, the other one watches.
      return sleep(200 + Math.random() * 300).then(function () {
        var h = holder();
        return !!h && h.tab === tabId;
      });
    }
    function release() {
      var h = holder();
      if (h && h.tab === tabId) store(key, null);
    }
    return claim().then(function (mine) {
      if (mine) {
        var timer = window.setInterval(beat, HEARTBEAT_MS);
        window.addEventListener("pagehide", release);
        return drive(id).then(function () {
          window.clearInterval(timer);
          release();
        }, function (error) {
          window.clearInterval(timer);
          release();
          throw error;
        });
      }
      say("Another tab is running sync #" + id + "; this one shows its progress.");
      return watch(id, free).then(function (final) {
        if (!final) return withHeartbeat(id);
      });
    });
  }

  /** Shows the progress every 2 s until the session ends (its progress) or `stop()` (null). */
  function watch(id, stop, waker) {
    var clock = waker || alarm();
    var first = true;
    setState("running");
    return loop(function () {
      if (stop && stop()) return { done: null };
      var pause = first ? Promise.resolve() : clock.sleep(POLL_MS);
      first = false;
      return pause.then(function () {
        if (stop && stop()) return { done: null };
        return progressOf(id).then(function (p) {
          showProgress(p);
          if (FINAL.indexOf(p.status) !== -1) return { done: p };
        });
      });
    });
  }

  /** Leases, performs and answers requests until the server says the session is finished. */
  function drive(id) {
    setState("running");
    return progressOf(id).then(function (p) {
      showProgress(p);
      return loop(function () {
        if (cspBlocked) throw new Stop(cspBlocked);
        return needToken().then(function (tokenValue) {
          return api("GET", "/api/proxy/next?session=" + encodeURIComponent(id)).then(function (res) {
            if (res.status === 200 && res.data && res.data.request_id) return perform(id, res.data, tokenValue);
            if (res.status === 204) {
              setState("waiting");
              return countdown(retryAfter(res.headers, 1) * 1000,
                "Nothing to do right now (other requests are out or waiting to be retried); asking again in ")
                .then(function () { return progressOf(id); })
                .then(function (latest) { showProgress(latest); setState("running"); });
            }
            if (res.status === 410) return { done: null }; // session_finished
            if (res.status === 401) throw new Stop("Your sign-in has expired: sign in again to go on with sync #" + id + ".", true);
            throw new Stop("This site refused to hand out the next request of sync #" + id + ": " + errorText(res));
          });
        });
      });
    });
  }

  /** Performs one lease against Discogs and posts the answer. */
  function perform(id, lease, tokenValue) {
    var arrived = Date.now();
    var wait = Math.max(0, Number(lease.wait_ms) || 0);
    var waited;
    if (wait > 500) {
      setState("waiting");
      waited = countdown(wait, "Waiting for the rate limit: ");
    } else {
      waited = sleep(wait);
    }
    var method = String(lease.method || "GET").toUpperCase();
    var answer = { request_id: lease.request_id, session: lease.session !== undefined ? lease.session : id, url: lease.url };
    return waited.then(function () {
      setState("running");
      return call(lease, method, tokenValue, leaseLifetimeMs(lease) - (Date.now() - arrived));
    }).then(function (result) {
      if (result.error !== undefined) {
        answer.status = 0;
        answer.error = result.error;
      } else {
        answer.status = result.status;
        answer.headers = result.headers;
        answer.body = result.body;
      }
      return post("/api/proxy/response", answer);
    }).then(function (res) {
      if (res.status === 413) {
        // The server will not take a body this big: report it as a failed request, so it is
        // retried with backoff and eventually given up on, rather than leased again at once.
        var size = answer.body ? answer.body.length : 0;
        var small = { request_id: answer.request_id, session: answer.session, url: answer.url, status: 0,
          error: "the response (" + size + " characters) is larger than this site accepts (413 too_large)" };
        return post("/api/proxy/response", small).then(function (again) { return { res: again, first: res }; });
      }
      return { res: res };
    }).then(function (r) {
      var res = r.res, shownStatus = answer.status;
      if (res.status === 200 && res.data) {
        var outcome = res.data.outcome || "stored";
        var detail = res.data.message ? " (" + res.data.message + ")" : answer.error ? " (" + answer.error + ")" : "";
        if (r.first) detail = " (" + errorText(r.first) + ")";
        logLease(method, lease.url, shownStatus, outcome + detail);
        if (res.data.progress) showProgress(res.data.progress);
        if (outcome === "fatal") say(res.data.message || "Sync #" + id + " cannot go on.");
        else if (outcome === "retry" && answer.status === 429) notice("Discogs asked to slow down (429); that request is retried later.");
        else if (outcome === "retry" && answer.status === 0) notice("A request to Discogs failed (" + answer.error + "); it is retried later.");
        else if (outcome === "retry") notice("Discogs answered " + answer.status + " to " + lease.url + "; it is retried later.");
        else if (outcome === "failed") notice("Gave up on " + lease.url + (res.data.message ? ": " + res.data.message : "") + "; the sync goes on without it.");
        else if (noticeShown) say("");
        return;
      }
      if (res.status === 401) throw new Stop("Your sign-in has expired: sign in again to go on with sync #" + id + ".", true);
      if (res.status === 403) throw new Stop("This site refused the answer to " + lease.url + ": " + errorText(res));
      // 400, 404, 409, 410, 413, 422: this one answer is refused and nothing was stored; go on.
      logLease(method, lease.url, shownStatus, "refused: " + errorOf(res).code);
      notice("This site refused the answer to " + lease.url + ": " + errorText(res));
    });
  }

  /** The request itself. Resolves {status, headers, body} or {error}; never rejects. */
  function call(lease, method, tokenValue, lifetimeMs) {
    var target;
    try { target = new URL(lease.url, window.location.href); } catch (e) { return Promise.resolve({ error: "not a URL: " + lease.url }); }
    if (!/^https?:$/.test(target.protocol) || target.origin === window.location.origin) {
      // The token goes only to Discogs, never to this site, whatever the lease says.
      return Promise.resolve({ error: "refused by the browser: the token is sent only to Discogs, not to " + target.origin });
    }
    var headers = {};
    var leased = lease.headers || {};
    Object.keys(leased).forEach(function (name) {
      if (name.toLowerCase() !== "authorization") headers[name] = String(leased[name]);
    });
    headers.Authorization = "Discogs token=" + tokenValue;
    var controller = typeof AbortController === "function" ? new AbortController() : null;
    var limit = Math.max(5000, Math.min(FETCH_TIMEOUT_MS, (lifetimeMs || FETCH_TIMEOUT_MS) - 1000));
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, limit) : 0;
    var init = { method: method, headers: headers, mode: "cors", credentials: "omit", cache: "no-store",
      referrerPolicy: "no-referrer", redirect: "follow" };
    if (controller) init.signal = controller.signal;
    return fetch(lease.url, init).then(function (res) {
      var read = {};
      // Only the CORS-safelisted headers are readable here (Discogs exposes no others).
      res.headers.forEach(function (value, name) { read[name] = value; });
      return res.text().then(function (text) { return { status: res.status, headers: read, body: text }; });
    }).catch(function (error) {
      if (error && error.name === "AbortError") return { error: "timeout: no answer within " + Math.round(limit / 1000) + " s" };
      return { error: String(error) };
    }).then(function (result) {
      window.clearTimeout(timer);
      return result;
    });
  }

  /** After a session ended: says how, then waits (every 2 s) for the rebuilt pages to go live. */
  function finish(p) {
    setText("sync-wait", "");
    showProgress(p);
    if (p.status === "failed") {
      showError(outcomeText(p));
      say("");
      setState("error");
      return;
    }
    say(outcomeText(p));
    setState("finished");
    if (p.status === "cancelled") return;
    var started = Date.now(), first = true, mine = generation;
    return loop(function () {
      // Every 2 s; after five minutes every 10 s.
      var latest = first ? Promise.resolve(p) : sleep(Date.now() - started < 300000 ? POLL_MS : 5 * POLL_MS).then(function () {
        return mine === generation ? progressOf(p.id) : null; // null: another sync is followed now
      });
      first = false;
      return latest.then(function (q) {
        if (!q) return { done: null };
        var site = q.site || {};
        body.dataset.siteState = site.state || "";
        if (site.state === "live") {
          say(outcomeText(q));
          show("sync-live", true);
          setState("live");
          return { done: null };
        }
        if (site.state === "failed") {
          showError(outcomeText(q) + " Rebuilding the site failed" + (site.error ? ": " + site.error : "."));
          setState("error");
          return { done: null };
        }
        if (site.state === "off") {
          say(outcomeText(q) + " This site is not rebuilt after a sync here: run \u201cspindle build\u201d to publish the changes.");
          return { done: null };
        }
        say(outcomeText(q) + (site.state === "building" ? " Building the new pages\u2026" : " Waiting for the new pages to be built\u2026"));
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Starting, resuming, signing in

  function showSignIn(message) {
    show("sync-signin", true);
    show("sync-form", false);
    say(message || "");
    setState("signed-out");
    var secret = $("sync-secret");
    if (secret && message) secret.focus();
  }

  function startSync(event) {
    event.preventDefault();
    if (busy) return;
    var input = $("sync-token");
    if (!keepTypedToken()) {
      if (input) input.focus();
      return;
    }
    if (!token()) {
      setText("sync-token-note", "Enter your Discogs personal access token first.");
      if (input) input.focus();
      return;
    }
    // Marked at once, so a test that pressed the button never sees the state of the last sync.
    setState("running");
    setBusy(true);
    showError("");
    show("sync-live", false);
    delete body.dataset.siteState;
    say("Starting a sync\u2026");
    var kind = $("sync-kind"), full = $("sync-full");
    var request = { kind: kind ? kind.value : "all", full: !!(full && full.checked), mode: "proxy" };
    post("/api/sync", request).then(function (res) {
      if ((res.status === 202 || res.status === 200) && res.data && res.data.id !== undefined) {
        say("Sync #" + res.data.id + " started.");
        return follow(res.data);
      }
      var error = errorOf(res);
      if (res.status === 409 && error.code === "sync_running" && error.session_id !== undefined) {
        say("A sync is already running: following sync #" + error.session_id + ".");
        return progressOf(error.session_id).then(follow);
      }
      if (res.status === 401) throw new Stop("Sign in to start a sync.", true);
      throw new Stop("The sync could not start: " + errorText(res));
    }).catch(stopped);
  }

  function cancelSync() {
    var id = current;
    if (id === null || !window.confirm("Cancel sync #" + id + "? What was stored so far is kept.")) return;
    post("/api/sync/" + encodeURIComponent(id) + "/cancel").then(function (res) {
      if (res.status === 200 && res.data) showProgress(res.data);
      else say("Could not cancel sync #" + id + ": " + errorText(res));
    }, function (error) {
      say("Could not cancel sync #" + id + ": " + (error && error.message || error));
    });
  }

  /** On load: resume a proxy session that is still open, or show how the last one ended. */
  function resumeOrIdle() {
    var remembered = Number(stored(SESSION_KEY)) || null;
    return api("GET", "/api/sync/active").then(function (res) {
      var sessions = res.status === 200 && res.data && Array.isArray(res.data.sessions) ? res.data.sessions : [];
      var open = sessions.filter(function (s) { return s.mode === "proxy" && DRIVABLE.indexOf(s.status) !== -1; });
      var pick = open.filter(function (s) { return s.id === remembered; })[0] || open[0];
      if (pick) {
        say("Resuming sync #" + pick.id + ".");
        return follow(pick);
      }
      if (sessions.length > 0) return follow(sessions[0]);
      if (remembered) {
        return progressOf(remembered).then(follow, function (error) {
          if (error instanceof Stop && error.signedOut) throw error;
          setState("idle"); // the remembered sync is gone: nothing to show
        });
      }
      setState("idle");
    });
  }

  function start() {
    body = document.body;
    var app = $("sync-app");
    if (!app) return;
    app.hidden = false;
    var form = $("sync-form");
    if (form) form.addEventListener("submit", startSync);
    var save = $("sync-token-save");
    var tokenInput = $("sync-token");
    if (save) save.addEventListener("click", function () {
      if (tokenInput && !tokenInput.value.trim()) setText("sync-token-note", "Paste a token first.");
      else keepTypedToken();
    });
    if (tokenInput) tokenInput.addEventListener("keydown", function (e) {
      // Enter in the token field keeps it; it does not start a sync.
      if (e.key === "Enter") { e.preventDefault(); keepTypedToken(); }
    });
    var replace = $("sync-token-replace");
    if (replace) replace.addEventListener("click", function () {
      show("sync-token-entry", true);
      show("sync-token-saved", false);
      if (tokenInput) tokenInput.focus();
    });
    var forget = $("sync-token-forget");
    if (forget) forget.addEventListener("click", function () {
      store(TOKEN_KEY, null);
      setText("sync-token-note", "The token is forgotten by this browser.");
      showToken();
    });
    var cancel = $("sync-cancel");
    if (cancel) cancel.addEventListener("click", cancelSync);
    window.addEventListener("storage", function (e) {
      if (e.key === TOKEN_KEY) showToken();
      // Another tab started a sync: follow it here too (that tab drives it).
      if (e.key === SESSION_KEY && e.newValue && !busy && Number(e.newValue) !== current && csrf) {
        progressOf(Number(e.newValue)).then(follow).catch(stopped);
      }
    });
    document.addEventListener("securitypolicyviolation", function (e) {
      if (e.effectiveDirective !== "connect-src" && e.violatedDirective.indexOf("connect-src") !== 0) return;
      var origin = e.blockedURI;
      try { origin = new URL(e.blockedURI).origin; } catch (error) { /* keep it as reported */ }
      cspBlocked = "This site\u2019s Content-Security-Policy does not let the page connect to " + origin +
        " (the Discogs API): add it to connect-src.";
      showError(cspBlocked);
    });
    showToken();
    loadSession().then(function (signedIn) {
      if (!signedIn) { showSignIn(); return; }
      show("sync-signin", false);
      show("sync-form", true);
      return resumeOrIdle();
    }).catch(stopped);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
