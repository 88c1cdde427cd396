#!/usr/bin/env python3
"""A stand-in for the Discogs dump bucket, for the downloader's tests and for trying things by hand.

Serves a directory on 127.0.0.1 like S3 does: files by path with Range (206) and HEAD support, and
an S3 ListBucketResult for `/?prefix=data/YYYY/` built from the directory tree. Faults can be
injected with flags, or with a JSON control file that is read again on every request:

    --drop-after N        on the first GET of a file, send N body bytes, then close the connection
    --drop-path PATH      ... only for this path (repeatable; default: every file)
    --status PATH=CODE    answer CODE (403, 404, 500, ...) for PATH (repeatable)
    --ignore-range        answer 200 with the whole file even to a Range request
    --redirect PATH=URL   answer 302 to URL for PATH (repeatable)
    --stall-after N       on the first GET of a file, send N body bytes, then send nothing more
    --control FILE        {"drop_after": N, "drop_paths": [...], "status": {PATH: CODE},
                           "ignore_range": bool, "redirect": {PATH: URL}, "stall_after": N}

Every response is appended to --log as one JSON object per line (method, path, query, range,
status, user_agent) before its headers go out, so a client that has its answer can read the line.

Prints `PORT <n>` on stdout once listening (port 0, the default, picks a free one). With
--exit-on-stdin-eof the server exits when its stdin closes, so that it never outlives the test
process that started it. Python 3 standard library only.
"""

import argparse
import email.utils
import hashlib
import html
import json
import os
import signal
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 64 * 1024


class Faults:
    """The fault plan: flags, overridden key by key by the control file when there is one."""

    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.gets = {}  # path -> number of GETs seen

    def current(self):
        plan = {
            "drop_after": self.args.drop_after,
            "drop_paths": self.args.drop_path or [],
            "status": dict(pair_list(self.args.status)),
            "ignore_range": self.args.ignore_range,
            "redirect": dict(pair_list(self.args.redirect)),
            "stall_after": self.args.stall_after,
        }
        if self.args.control and os.path.exists(self.args.control):
            with open(self.args.control, encoding="utf-8") as f:
                text = f.read().strip()
            if text:
                plan.update(json.loads(text))
        plan["status"] = {k: int(v) for k, v in plan.get("status", {}).items()}
        return plan

    def count_get(self, path):
        """Returns 1 for the first GET of `path`, 2 for the second, ..."""
        with self.lock:
            self.gets[path] = self.gets.get(path, 0) + 1
            return self.gets[path]


def pair_list(items):
    for item in items or []:
        key, _, value = item.partition("=")
        yield key, value


def parse_range(header, size):
    """(start, end) inclusive for a single `bytes=` range, 'unsatisfiable', or None (ignore it)."""
    if not header or not header.startswith("bytes=") or "," in header:
        return None
    first, _, last = header[len("bytes="):].strip().partition("-")
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return "unsatisfiable"
            return (max(0, size - length), size - 1)
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or end < start:
        return "unsatisfiable"
    return (start, min(end, size - 1))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "dump-file-server/1"

    def log_message(self, format, *args):  # quiet: the JSON log is the record
        pass

    def do_HEAD(self):
        self.respond(head=True)

    def do_GET(self):
        self.respond(head=False)

    def respond(self, head):
        parsed = urllib.parse.urlsplit(self.path)
        path = urllib.parse.unquote(parsed.path)
        query = urllib.parse.parse_qs(parsed.query)
        plan = self.server.faults.current()
        self.sent = 0
        if path in plan["status"]:
            self.send_simple(plan["status"][path], head)
        elif path in plan.get("redirect", {}):
            self.send_simple(302, head, headers={"Location": plan["redirect"][path]})
        elif path == "/":
            self.send_listing(query.get("prefix", [""])[0], head)
        else:
            self.send_file(path, head, plan)

    def log_response(self, status):
        if not self.server.log_path:
            return
        parsed = urllib.parse.urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": urllib.parse.unquote(parsed.path),
            "query": parsed.query,
            "range": self.headers.get("Range"),
            "status": status,
            "user_agent": self.headers.get("User-Agent"),
        }
        with self.server.log_lock, open(self.server.log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry) + "\n")

    def start(self, status, headers):
        self.log_response(status)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def send_simple(self, status, head, headers=None):
        body = f"<Error><Code>{status}</Code><Message>injected</Message></Error>\n".encode()
        self.start(status, {"Content-Type": "application/xml", "Content-Length": str(len(body)), **(headers or {})})
        if not head:
            self.wfile.write(body)
            self.sent = len(body)

    def send_listing(self, prefix, head):
        root = self.server.root
        contents = []
        for directory, _, files in os.walk(root):
            for name in files:
                full = os.path.join(directory, name)
                key = os.path.relpath(full, root).replace(os.sep, "/")
                if key.startswith(prefix) and not key.endswith(".part"):
                    contents.append((key, os.stat(full)))
        parts = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
                 "<Name>dump-file-server</Name>", f"<Prefix>{html.escape(prefix)}</Prefix>",
                 "<Marker></Marker>", "<MaxKeys>1000</MaxKeys>", "<IsTruncated>false</IsTruncated>"]
        for key, st in sorted(contents):
            modified = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(st.st_mtime))
            etag = hashlib.md5(key.encode()).hexdigest()
            parts.append(f"<Contents><Key>{html.escape(key)}</Key><LastModified>{modified}</LastModified>"
                         f"<ETag>&quot;{etag}&quot;</ETag><Size>{st.st_size}</Size>"
                         "<StorageClass>STANDARD</StorageClass></Contents>")
        parts.append("</ListBucketResult>")
        body = ("\n".join(parts) + "\n").encode()
        self.start(200, {"Content-Type": "application/xml", "Content-Length": str(len(body))})
        if not head:
            self.wfile.write(body)
            self.sent = len(body)

    def send_file(self, path, head, plan):
        full = os.path.realpath(os.path.join(self.server.root, path.lstrip("/")))
        if not full.startswith(self.server.root + os.sep) or not os.path.isfile(full):
            self.send_simple(404, head)
            return
        size = os.path.getsize(full)
        wanted = None if plan["ignore_range"] else parse_range(self.headers.get("Range"), size)
        common = {
            "Content-Type": "application/octet-stream",
            "Accept-Ranges": "none" if plan["ignore_range"] else "bytes",
            "Last-Modified": email.utils.formatdate(os.path.getmtime(full), usegmt=True),
        }
        if wanted == "unsatisfiable":
            self.start(416, {**common, "Content-Range": f"bytes */{size}", "Content-Length": "0"})
            return
        if wanted is None:
            start, end, status = 0, size - 1, 200
            headers = {**common, "Content-Length": str(size)}
        else:
            (start, end), status = wanted, 206
            headers = {**common, "Content-Length": str(end - start + 1),
                       "Content-Range": f"bytes {start}-{end}/{size}"}
        self.start(status, headers)
        if head:
            return

        first_get = self.server.faults.count_get(path) == 1
        applies = not plan["drop_paths"] or path in plan["drop_paths"]
        drop_after = plan.get("drop_after") if first_get and applies else None
        stall_after = plan.get("stall_after") if first_get and applies else None
        remaining = end - start + 1
        with open(full, "rb") as f:
            f.seek(start)
            while remaining > 0:
                limit = min(CHUNK, remaining)
                for cut in (drop_after, stall_after):
                    if cut is not None:
                        limit = min(limit, max(0, cut - self.sent))
                if limit == 0:
                    break
                data = f.read(limit)
                if not data:
                    break
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    # The client hung up (it may refuse a 200 to its Range request): normal.
                    self.close_connection = True
                    return
                self.sent += len(data)
                remaining -= len(data)
        try:
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
            return
        if remaining > 0 and stall_after is not None and self.sent >= stall_after:
            # Keep the connection open and silent until the client gives up.
            self.close_connection = True
            while not self.server.stopping:
                try:
                    self.connection.settimeout(0.2)
                    if self.connection.recv(1) == b"":
                        break
                except socket.timeout:
                    continue
                except OSError:
                    break
        elif remaining > 0:
            # A clean close (FIN) after exactly `sent` bytes: the client sees a short body.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, help="the directory to serve (like the bucket's root)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--log", help="append one JSON line per request to this file")
    parser.add_argument("--control", help="JSON fault plan, read again on every request")
    parser.add_argument("--drop-after", type=int)
    parser.add_argument("--drop-path", action="append")
    parser.add_argument("--status", action="append", metavar="PATH=CODE")
    parser.add_argument("--ignore-range", action="store_true")
    parser.add_argument("--redirect", action="append", metavar="PATH=URL")
    parser.add_argument("--stall-after", type=int)
    parser.add_argument("--exit-on-stdin-eof", action="store_true")
    args = parser.parse_args()
    # A parent may have started us with signals blocked (libdispatch worker threads block them,
    # and the mask is inherited): make SIGTERM and SIGINT work again.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.root = os.path.realpath(args.root)
    server.faults = Faults(args)
    server.log_path = args.log
    server.log_lock = threading.Lock()
    server.stopping = False

    if args.exit_on_stdin_eof:
        def watch_stdin():
            while sys.stdin.buffer.read(4096):
                pass
            os._exit(0)
        threading.Thread(target=watch_stdin, daemon=True).start()

    print(f"PORT {server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.stopping = True
        server.server_close()


if __name__ == "__main__":
    main()
