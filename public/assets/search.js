/* Spindle site search: progressive enhancement, no dependencies, no build step.
 * Adds a search box to #site-search, loads the JSON index (data-index) on first focus and
 * matches every typed word (AND), ignoring case and accents, against title, artists, labels
 * and year. Results are built with createElement/textContent only. */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var DEBOUNCE_MS = 80;

  /** Lower-case, strip accents (NFD + remove combining marks), fold a few special letters. */
  function fold(text) {
    if (text === null || text === undefined) return "";
    var s = String(text).toLowerCase();
    if (s.normalize) s = s.normalize("NFD");
    return s
      .replace(/[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g, "")
      .replace(/ß/g, "ss").replace(/æ/g, "ae").replace(/œ/g, "oe").replace(/ø/g, "o")
      .replace(/đ/g, "d").replace(/ł/g, "l").replace(/ı/g, "i").replace(/þ/g, "th");
  }

  /** Split a query into folded words. */
  function words(query) {
    return fold(query).split(/[\s,]+/).filter(function (w) { return w.length > 0; });
  }

  function asText(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(asText).join(" ");
    return String(value);
  }

  /** Turn the index ({version, fields, items}) into records with a folded haystack. */
  function prepare(index) {
    var fields = (index && index.fields) || ["url", "title", "artists", "labels", "year", "thumb"];
    var at = {};
    fields.forEach(function (name, i) { at[name] = i; });
    var get = function (row, name) { return at[name] === undefined ? null : row[at[name]]; };
    return ((index && index.items) || []).map(function (row) {
      var rec = {
        url: get(row, "url"),
        title: asText(get(row, "title")),
        artists: asText(get(row, "artists")),
        labels: asText(get(row, "labels")),
        year: get(row, "year"),
        thumb: get(row, "thumb")
      };
      rec.hay = " " + fold([rec.title, rec.artists, rec.labels, rec.year === null ? "" : rec.year].join(" "));
      rec.titleFolded = fold(rec.title);
      return rec;
    });
  }

  /** Records matching all words; titles that start with the first word rank first. */
  function search(records, query, limit) {
    var ws = words(query);
    if (ws.length === 0) return { total: 0, items: [] };
    var hits = [];
    for (var i = 0; i < records.length; i++) {
      var r = records[i], ok = true;
      for (var j = 0; j < ws.length; j++) {
        if (r.hay.indexOf(ws[j]) === -1) { ok = false; break; }
      }
      if (ok) {
        var score = 0;
        if (r.titleFolded.indexOf(ws[0]) === 0) score -= 2;
        else if (r.hay.indexOf(" " + ws[0]) !== -1) score -= 1;
        hits.push({ r: r, score: score, i: i });
      }
    }
    hits.sort(function (a, b) { return a.score - b.score || a.i - b.i; });
    return { total: hits.length, items: hits.slice(0, limit || MAX_RESULTS).map(function (h) { return h.r; }) };
  }

  // Exported for unit tests under Node; the browser part below needs a document.
  if (typeof module !== "undefined" && module.exports) {
    module.exports = { fold: fold, words: words, prepare: prepare, search: search };
  }
  if (typeof document === "undefined") return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function setUp(host) {
    var indexUrl = host.getAttribute("data-index");
    if (!indexUrl) return;
    var uid = "site-search";
    var label = el("label", "search-label", "Search the collection");
    label.setAttribute("for", uid + "-input");
    var input = el("input", "search-input");
    input.type = "search";
    input.id = uid + "-input";
    input.placeholder = "Search title, artist, label, year";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", uid + "-results");
    var list = el("ul", "search-results");
    list.id = uid + "-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Search results");
    list.hidden = true;
    var live = el("p", "search-label");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    host.appendChild(label);
    host.appendChild(input);
    host.appendChild(list);
    host.appendChild(live);

    var records = null, loading = null, timer = 0, active = -1, options = [];

    function load() {
      if (records || loading) return loading;
      loading = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          return res.json();
        })
        .then(function (data) { records = prepare(data); return records; })
        .catch(function () { loading = null; announce("Search is not available right now."); return null; });
      return loading;
    }

    function announce(text) {
      // Clear first so the same message is announced again.
      live.textContent = "";
      window.setTimeout(function () { live.textContent = text; }, 30);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(n) {
      if (options.length === 0) return;
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = (n + options.length) % options.length;
      var opt = options[active];
      opt.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opt.id);
      opt.scrollIntoView({ block: "nearest" });
    }

    function render(result) {
      while (list.firstChild) list.removeChild(list.firstChild);
      options = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      var query = input.value.trim();
      if (!query) { close(); live.textContent = ""; return; }
      if (!result || result.items.length === 0) {
        var none = el("li", "r-none", "No releases match “" + query + "”.");
        none.setAttribute("role", "presentation");
        list.appendChild(none);
        announce("No results");
      } else {
        result.items.forEach(function (r, i) {
          var li = el("li");
          li.id = uid + "-opt-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          var a = el("a");
          a.href = r.url;
          a.tabIndex = -1;
          if (r.thumb) {
            var img = el("img");
            img.src = r.thumb;
            img.alt = "";
            img.width = 42;
            img.height = 42;
            img.loading = "lazy";
            a.appendChild(img);
          } else {
            a.appendChild(el("span", "thumb"));
          }
          a.appendChild(el("span", "r-title", r.title));
          var sub = [r.artists, r.year].filter(function (x) { return x !== null && x !== undefined && x !== ""; }).join(" · ");
          a.appendChild(el("span", "r-sub", sub));
          li.appendChild(a);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); });
          list.appendChild(li);
          options.push(li);
        });
        var shown = result.items.length;
        announce(result.total > shown
          ? result.total + " results, showing the first " + shown + ". Use the arrow keys to choose."
          : shown + (shown === 1 ? " result" : " results") + ". Use the arrow keys to choose.");
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function run() {
      var query = input.value;
      if (!query.trim()) { render(null); return; }
      var p = load();
      if (records) { render(search(records, query, MAX_RESULTS)); return; }
      if (p) p.then(function () { if (records && input.value === query) render(search(records, query, MAX_RESULTS)); });
    }

    input.addEventListener("focus", function () {
      load();
      if (input.value.trim() && list.childNodes.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, DEBOUNCE_MS);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Down") {
        e.preventDefault();
        if (list.hidden && input.value.trim()) { run(); return; }
        highlight(active + 1);
      } else if (e.key === "ArrowUp" || e.key === "Up") {
        e.preventDefault();
        highlight(active - 1);
      } else if (e.key === "Enter") {
        var target = options[active >= 0 ? active : 0];
        if (target && !list.hidden) {
          e.preventDefault();
          window.location.href = target.firstChild.getAttribute("href");
        }
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (!list.hidden) { e.preventDefault(); close(); }
        else if (input.value) { input.value = ""; render(null); }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    document.addEventListener("keydown", function (e) {
      // "/" focuses the search box, as on many catalogue sites.
      if (e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey) {
        var t = e.target, tag = t && t.tagName;
        if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
        e.preventDefault();
        input.focus();
      }
    });
  }

  /** On narrow screens the menu scrolls sideways: bring the current item into view. */
  function revealCurrentMenuItem() {
    var cur = document.querySelector(".site-nav [aria-current='page']");
    if (!cur) return;
    var ul = cur.closest("ul");
    if (ul && ul.scrollWidth > ul.clientWidth) {
      ul.scrollLeft = Math.max(0, cur.offsetLeft - ul.offsetLeft - (ul.clientWidth - cur.offsetWidth) / 2);
    }
  }

  function start() {
    var host = document.getElementById("site-search");
    if (host && !host.firstChild) setUp(host);
    revealCurrentMenuItem();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
