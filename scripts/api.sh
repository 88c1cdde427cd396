#!/usr/bin/env bash
# Runs `spindle serve` in the background for the demo and the tests; its pid and log live in
# STATE_DIR.
#   scripts/api.sh start SPINDLE_BIN CONFIG SOCKET STATE_DIR   (waits until the socket answers)
#   scripts/api.sh stop STATE_DIR                              (SIGTERM: graceful, then waits)
set -euo pipefail

running() { [[ -f "$1/spindle.pid" ]] && kill -0 "$(cat "$1/spindle.pid")" 2>/dev/null; }

case "${1:-}" in
start)
    bin=$(realpath "$2") config=$(realpath "$3") socket=$(realpath -m "$4") state=$(realpath -m "$5")
    mkdir -p "$state"
    if running "$state"; then
        echo "spindle serve already runs (pid $(cat "$state/spindle.pid"))"
        exit 0
    fi
    # Without the descriptors this script inherited: whoever waits for the script (make, a test)
    # must not wait for the server too.
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            if ((fd > 2 && fd != 255)); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec nohup "$bin" serve --config "$config" --socket "$socket" </dev/null >>"$state/serve.log" 2>&1
    ) &
    echo $! >"$state/spindle.pid"
    for _ in $(seq 1 100); do
        [[ -S "$socket" ]] && exit 0
        running "$state" || break
        sleep 0.1
    done
    echo "error: spindle serve did not start; its log ($state/serve.log) says:" >&2
    tail -n 20 "$state/serve.log" >&2 || true
    exit 1
    ;;
stop)
    state=$(realpath -m "$2")
    if running "$state"; then
        pid=$(cat "$state/spindle.pid")
        kill -TERM "$pid"
        for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        echo "stopped spindle serve ($state)"
    fi
    rm -f "$state/spindle.pid"
    ;;
*)
    echo "usage: $0 start SPINDLE_BIN CONFIG SOCKET STATE_DIR | stop STATE_DIR" >&2
    exit 2
    ;;
esac
