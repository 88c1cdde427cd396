#!/usr/bin/env bash
# Serves a built site with Debian's nginx as an unprivileged, self-contained instance: its config,
# pid, logs and temp files live in STATE_DIR, nothing under /etc/nginx is touched.
#   scripts/serve.sh start SITE_DIR PORT STATE_DIR [--api SOCKET] [--connect ORIGIN]
#       starts, or reloads a running instance. --api passes /api/ to `spindle serve` on that Unix
#       socket (deploy/nginx/spindle-api.conf); --connect adds an origin the pages may call besides
#       api.discogs.com (a fake Discogs in tests) to the Content-Security-Policy.
#   scripts/serve.sh stop STATE_DIR
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x "$nginx" ]] || { echo "error: nginx is not installed (scripts/setup.sh demo installs it)" >&2; exit 1; }

running() { [[ -f "$1/nginx.pid" ]] && kill -0 "$(cat "$1/nginx.pid")" 2>/dev/null; }

# Runs nginx without the descriptors this script inherited: the daemon would keep them open, and
# whoever waits for this script to finish (make, a test's Process) would wait on them forever.
nginx_detached() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if ((fd > 2 && fd != 255)); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec "$nginx" "$@"
    )
}

case "${1:-}" in
start)
    # The site path itself is a symlink that `spindle build` switches: keep it as a link (resolve
    # only its folder), or nginx would keep serving the build that was current at start.
    site="$(realpath -m "$(dirname "$2")")/$(basename "$2")" port=$3 state=$(realpath -m "$4")
    shift 4
    api_socket="" connect=""
    while (($#)); do
        case "$1" in
        --api) api_socket=$(realpath -m "$2"); shift 2 ;;
        --connect) connect=$2; shift 2 ;;
        *) echo "error: unknown option $1" >&2; exit 2 ;;
        esac
    done
    # Without a site yet, only a server whose first sync will build it makes sense.
    if [[ ! -e "$site/index.html" && -z "$api_socket" ]]; then
        echo "error: $site has no index.html; run spindle build first" >&2
        exit 1
    fi
    mkdir -p "$state/tmp"
    # The shipped headers, with the extra origin the pages may connect to.
    sed -e "s|connect-src 'self' https://api.discogs.com|connect-src 'self' https://api.discogs.com${connect:+ $connect}|" \
        "$repo/deploy/nginx/spindle-headers.conf" >"$state/spindle-headers.conf"
    upstream="" api_include=""
    if [[ -n "$api_socket" ]]; then
        upstream="upstream spindle_api { server \"unix:$api_socket\"; keepalive 8; }"
        api_include="include \"$repo/deploy/nginx/spindle-api.conf\";"
    fi
    # nginx started by root switches its workers to nobody, who may not be allowed into the
    # checkout (e.g. under /root); the demo instance only listens on 127.0.0.1.
    user_line=""
    if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi
    cat >"$state/nginx.conf" <<CONF
# Written by scripts/serve.sh; changes are overwritten.
$user_line
worker_processes 1;
pid "$state/nginx.pid";
error_log "$state/error.log";
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log "$state/access.log";
    client_body_temp_path "$state/tmp/body";
    proxy_temp_path "$state/tmp/proxy";
    fastcgi_temp_path "$state/tmp/fastcgi";
    uwsgi_temp_path "$state/tmp/uwsgi";
    scgi_temp_path "$state/tmp/scgi";
    $upstream
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root "$site";
        include "$state/spindle-headers.conf";
        include "$repo/deploy/nginx/spindle-site.conf";
        $api_include
    }
}
CONF
    "$nginx" -t -q -p "$state" -c "$state/nginx.conf" -e "$state/error.log"
    if running "$state"; then
        "$nginx" -p "$state" -c "$state/nginx.conf" -e "$state/error.log" -s reload
    elif ! nginx_detached -p "$state" -c "$state/nginx.conf" -e "$state/error.log"; then
        echo "error: nginx could not start on 127.0.0.1:$port (in use? try another port)" >&2
        exit 1
    fi
    ;;
stop)
    state=$(realpath -m "$2")
    if running "$state"; then kill -QUIT "$(cat "$state/nginx.pid")"; echo "stopped nginx ($state)"; fi
    ;;
*)
    echo "usage: $0 start SITE_DIR PORT STATE_DIR [--api SOCKET] [--connect ORIGIN] | stop STATE_DIR" >&2
    exit 2
    ;;
esac
