#!/usr/bin/env bash
# FastCGI throughput through nginx on loopback, measured with wrk, for one or more responders that
# are already listening on their unix sockets (the caller starts and stops them).
#
#   scripts/bench-fastcgi.sh OUT_DIR NAME SOCKET_PATH URL_PATH [NAME SOCKET_PATH URL_PATH ...]
#
# For each responder it writes a self-contained nginx config under OUT_DIR/NAME/ (non-daemon, private
# prefix, logs and temp files there, nothing under /etc/nginx touched), starts nginx on a free
# loopback port, runs a 2 s warm-up and then `wrk -t2 -c50 -d10s --latency`, stops nginx (QUIT) and
# removes its temp files. Every responder gets the same nginx settings. It prints a table, compares
# the second responder with the first (req/s ratio, goal >= 70%; p99 goal < 10 ms) and writes
# OUT_DIR/fastcgi.json. The raw wrk output is kept in OUT_DIR/NAME/wrk.txt (wrk-ROUND.txt).
#
# WRK_THREADS, WRK_CONNECTIONS and WRK_DURATION (seconds) override the defaults 2, 50 and 10.
# BENCH_ROUNDS=N (default 1) measures the responders N times, interleaved (A B A B ...), and reports
# for each the run with the median req/s; on a busy 2-core machine two identical responders measured
# once each can differ by 10-15%.
#
# Note for responders built on libfcgi (or any responder that serves one connection per thread):
# nginx opens one upstream connection per request in flight (up to the number of wrk connections)
# and, with `keepalive`, keeps the idle ones open. A responder with fewer threads than that leaves
# the surplus connections in its listen backlog: wrk then sees timeouts and 504s, not slowness.
set -euo pipefail

usage() {
    echo "usage: $0 OUT_DIR NAME SOCKET_PATH URL_PATH [NAME SOCKET_PATH URL_PATH ...]" >&2
    exit 2
}
(($# >= 4 && ($# - 1) % 3 == 0)) || usage

threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-50}
duration=${WRK_DURATION:-10}
rounds=${BENCH_ROUNDS:-1}
warmup=2
if ! [[ "$threads$connections$duration$rounds" =~ ^[0-9]+$ ]] || ((threads < 1 || connections < 1 || duration < 1 || rounds < 1)); then
    echo "error: WRK_THREADS, WRK_CONNECTIONS, WRK_DURATION and BENCH_ROUNDS must be positive integers" >&2
    exit 2
fi
rounds_label=""
((rounds > 1)) && rounds_label=$rounds

nginx=$(command -v nginx || true)
[[ -z "$nginx" && -x /usr/sbin/nginx ]] && nginx=/usr/sbin/nginx
if [[ -z "$nginx" ]]; then
    echo "error: nginx is not installed (apt-get install -y nginx)" >&2
    exit 1
fi
wrk=$(command -v wrk || true)
if [[ -z "$wrk" ]]; then
    echo "error: wrk is not installed (apt-get install -y wrk)" >&2
    exit 1
fi
fastcgi_params=/etc/nginx/fastcgi_params
if [[ ! -r "$fastcgi_params" ]]; then
    echo "error: $fastcgi_params is missing (it comes with Debian's nginx-common)" >&2
    exit 1
fi
nginx_version=$("$nginx" -v 2>&1 | sed -n 's|.*nginx/\([^ ]*\).*|\1|p')

out=$(realpath -m "$1")
shift

names=() sockets=() paths=()
while (($# > 0)); do
    name=$1 sock=$2 path=$3
    shift 3
    [[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || { echo "error: responder name '$name' must be [A-Za-z0-9._-]+" >&2; exit 2; }
    sock=$(realpath -m "$sock")
    if [[ ! -S "$sock" ]]; then
        echo "error: no socket at '$sock' for $name: start the responder first" >&2
        exit 1
    fi
    names+=("$name") sockets+=("$sock") paths+=("/${path#/}")
done
mkdir -p "$out" || { echo "error: cannot create $out" >&2; exit 1; }

# A string as an nginx quoted parameter.
nq() {
    local s=${1//\\/\\\\}
    printf '"%s"' "${s//\"/\\\"}"
}
# A string as a JSON string.
jq_str() {
    local s=${1//\\/\\\\}
    s=${s//\"/\\\"}
    printf '"%s"' "${s//$'\t'/\\t}"
}

nginx_pid=""
stop_nginx() {
    if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
        kill -QUIT "$nginx_pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$nginx_pid" 2>/dev/null; then kill -TERM "$nginx_pid" 2>/dev/null || true; fi
        wait "$nginx_pid" 2>/dev/null || true
    fi
    nginx_pid=""
}
trap stop_nginx EXIT
trap 'exit 130' INT TERM

# The HTTP status of GET path on 127.0.0.1:port, or nothing.
# shellcheck disable=SC2016 # $1 and $2 are the inner shell's arguments
probe() {
    timeout 2 bash -c '
        exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
        printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" "$2" >&3
        IFS=" " read -r _ status _ <&3 && printf "%s" "$status"
    ' probe "$1" "$2" 2>/dev/null || true
}

# shellcheck disable=SC2016
port_in_use() { timeout 1 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' probe "$1" 2>/dev/null; }

# Writes DIR/nginx.conf for SOCKET on PORT.
write_config() {
    local dir=$1 sock=$2 port=$3 user_line=""
    if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi
    cat >"$dir/nginx.conf" <<CONF
# Written by scripts/bench-fastcgi.sh for one measurement; the same settings for every responder.
$user_line
daemon off;
master_process on;
worker_processes 1;
pid $(nq "$dir/nginx.pid");
error_log $(nq "$dir/error.log") warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $(nq "$dir/tmp/body");
    proxy_temp_path $(nq "$dir/tmp/proxy");
    fastcgi_temp_path $(nq "$dir/tmp/fastcgi");
    uwsgi_temp_path $(nq "$dir/tmp/uwsgi");
    scgi_temp_path $(nq "$dir/tmp/scgi");
    upstream responder {
        server $(nq "unix:$sock");
        keepalive 16;
    }
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        location / {
            include $fastcgi_params;
            fastcgi_pass responder;
            fastcgi_keep_conn on;
        }
    }
}
CONF
}

# Starts nginx for responder i on a free port; sets nginx_pid and port.
start_nginx() {
    local dir=$1 sock=$2 path=$3 status
    mkdir -p "$dir/tmp"
    for _ in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 30000))
        port_in_use "$port" && continue
        write_config "$dir" "$sock" "$port"
        : >"$dir/error.log"
        if ! "$nginx" -t -q -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" 2>"$dir/nginx-t.log"; then
            echo "error: nginx rejects $dir/nginx.conf:" >&2
            cat "$dir/nginx-t.log" >&2
            exit 1
        fi
        "$nginx" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" </dev/null >"$dir/nginx.out" 2>&1 &
        nginx_pid=$!
        for _ in $(seq 50); do
            kill -0 "$nginx_pid" 2>/dev/null || break
            status=$(probe "$port" "$path")
            if [[ -n "$status" ]]; then
                if [[ "$status" != 2* ]]; then
                    echo "warning: GET $path answered $status through nginx (see $dir/error.log)" >&2
                fi
                return 0
            fi
            sleep 0.1
        done
        if kill -0 "$nginx_pid" 2>/dev/null; then
            echo "error: nginx on 127.0.0.1:$port did not answer within 5 s (see $dir/error.log)" >&2
            exit 1
        fi
        wait "$nginx_pid" 2>/dev/null || true
        nginx_pid=""
        if grep -q "Address already in use" "$dir/error.log" "$dir/nginx.out" 2>/dev/null; then continue; fi
        echo "error: nginx did not start:" >&2
        cat "$dir/nginx.out" "$dir/error.log" >&2
        exit 1
    done
    echo "error: found no free loopback port for nginx" >&2
    exit 1
}

# wrk's latency (e.g. 812.00us, 2.91ms, 1.02s, 1.00m) in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; else if (u == "h") n *= 3600000
        printf "%.3f", n
    }'
}

declare -A run_rps run_json run_p50 run_p99 run_err
for ((round = 1; round <= rounds; round++)); do
    for i in "${!names[@]}"; do
        name=${names[$i]} sock=${sockets[$i]} path=${paths[$i]}
        dir="$out/$name"
        ((round == 1)) && rm -rf "$dir"
        mkdir -p "$dir"
        start_nginx "$dir" "$sock" "$path"
        url="http://127.0.0.1:$port$path"
        echo "$name${rounds_label:+ (round $round/$rounds)}: nginx $nginx_version on 127.0.0.1:$port -> unix:$sock; wrk -t$threads -c$connections -d${duration}s $url" >&2
        w="$dir/wrk${rounds_label:+-$round}.txt"
        "$wrk" -t"$threads" -c"$connections" -d"${warmup}s" "$url" >"$dir/warmup.txt" 2>&1 || true
        if ! "$wrk" -t"$threads" -c"$connections" -d"${duration}s" --latency "$url" >"$w" 2>&1; then
            echo "error: wrk failed for $name:" >&2
            cat "$w" >&2
            exit 1
        fi
        stop_nginx
        rm -rf "$dir/tmp"

        r=$(awk '/^Requests\/sec:/ {print $2}' "$w")
        total=$(awk '/requests in/ {print $1}' "$w")
        l50=$(awk '$1 == "50%" {print $2}' "$w")
        l75=$(awk '$1 == "75%" {print $2}' "$w")
        l90=$(awk '$1 == "90%" {print $2}' "$w")
        l99=$(awk '$1 == "99%" {print $2}' "$w")
        non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$w")
        read -r sc sr sw st < <(awk '/Socket errors:/ {
            gsub(/,/, ""); for (i = 1; i < NF; i++) e[$i] = $(i + 1)
            print e["connect"] + 0, e["read"] + 0, e["write"] + 0, e["timeout"] + 0
        }' "$w") || true
        if [[ -z "$r" || -z "$l50" || -z "$l99" ]]; then
            echo "error: could not read wrk's output for $name:" >&2
            cat "$w" >&2
            exit 1
        fi
        non2xx=${non2xx:-0} sc=${sc:-0} sr=${sr:-0} sw=${sw:-0} st=${st:-0}
        e=$((non2xx + sc + sr + sw + st))
        k="$i,$round"
        run_rps[$k]=$r run_p50[$k]=$(to_ms "$l50") run_p99[$k]=$(to_ms "$l99") run_err[$k]=$e
        run_json[$k]=$(printf '{"round": %s, "requests_per_s": %s, "requests": %s, "latency_ms": {"p50": %s, "p75": %s, "p90": %s, "p99": %s}, "non_2xx": %s, "socket_errors": {"connect": %s, "read": %s, "write": %s, "timeout": %s}, "errors": %s}' \
            "$round" "$r" "${total:-0}" "${run_p50[$k]}" "$(to_ms "${l75:-0}")" "$(to_ms "${l90:-0}")" "${run_p99[$k]}" \
            "$non2xx" "$sc" "$sr" "$sw" "$st" "$e")
    done
done

# Per responder: the round with the median req/s (its latencies too), and the errors of all rounds.
results=()
rps=() p50=() p99=() errs=()
for i in "${!names[@]}"; do
    median=$(for ((round = 1; round <= rounds; round++)); do echo "${run_rps[$i,$round]} $round"; done |
        sort -n | awk -v n="$rounds" 'NR == int((n + 1) / 2) {print $2}')
    k="$i,$median" e=0 runs=""
    for ((round = 1; round <= rounds; round++)); do
        e=$((e + run_err[$i,$round]))
        runs+="${runs:+, }${run_json[$i,$round]}"
    done
    rps+=("${run_rps[$k]}") p50+=("${run_p50[$k]}") p99+=("${run_p99[$k]}") errs+=("$e")
    results+=("$(printf '{"name": %s, "socket": %s, "url": %s, "requests_per_s": %s, "latency_ms": {"p50": %s, "p99": %s}, "errors": %s, "median_round": %s, "runs": [%s]}' \
        "$(jq_str "${names[$i]}")" "$(jq_str "${sockets[$i]}")" "$(jq_str "${paths[$i]}")" \
        "${run_rps[$k]}" "${run_p50[$k]}" "${run_p99[$k]}" "$e" "$median" "$runs")")
done

echo
echo "FastCGI through nginx (wrk -t$threads -c$connections -d${duration}s, loopback${rounds_label:+, median of $rounds interleaved rounds, errors summed})"
printf '%-14s %8s %9s %8s %8s\n' responder req/s "p50 ms" "p99 ms" errors
for i in "${!names[@]}"; do
    printf '%-14s %8.0f %9.2f %8.2f %8d\n' "${names[$i]}" "${rps[$i]}" "${p50[$i]}" "${p99[$i]}" "${errs[$i]}"
done
ratio=null
if ((${#names[@]} >= 2)); then
    ratio=$(awk -v a="${rps[1]}" -v b="${rps[0]}" 'BEGIN {printf "%.3f", (b > 0 ? a / b : 0)}')
    pct=$(awk -v r="$ratio" 'BEGIN {printf "%.0f", r * 100}')
    echo "${names[1]} / ${names[0]}: $pct% (goal ≥ 70%), p99 goal < 10 ms"
fi

{
    printf '{"benchmark": "fastcgi-through-nginx", "nginx": %s, "wrk": {"threads": %s, "connections": %s, "duration_s": %s, "warmup_s": %s}, "rounds": %s,\n' \
        "$(jq_str "$nginx_version")" "$threads" "$connections" "$duration" "$warmup" "$rounds"
    printf ' "responders": [\n'
    for i in "${!results[@]}"; do
        sep=","
        ((i == ${#results[@]} - 1)) && sep=""
        printf '  %s%s\n' "${results[$i]}" "$sep"
    done
    printf ' ],\n "ratio_second_to_first": %s, "goals": {"min_ratio": 0.7, "max_p99_ms": 10, "max_errors": 0}}\n' "$ratio"
} >"$out/fastcgi.json"
echo "results: $out/fastcgi.json" >&2
