# bench-common.sh: what every benchmark script needs to run servers side by side. Sourced,
# not run: set BENCH_NAME (the prefix of messages) and `cd` to the repository first.
#
#   bench_fail MESSAGE...        print "<BENCH_NAME>: MESSAGE" to stderr and exit 1
#   require_tools TOOL...        each must be on PATH (or an executable path)
#   require_redis                $REDIS_BIN (default /usr/bin/redis-server) must be executable
#   resolve_structd_bin [PRODUCT [VAR]]
#                                VAR (default STRUCTD_BIN) names the binary to measure; if
#                                unset, `swift build -c release --static-swift-stdlib` builds
#                                PRODUCT (default structd-server) and VAR points at it; the
#                                path is made absolute
#   bench_workdir TAG            creates $work (a temporary directory) and the exit trap that
#                                stops every server start_server started and removes $work
#                                (kept, and its path printed, with KEEP=1)
#   pick_port                    a loopback TCP port below the ephemeral range that nothing
#                                listens on now (the server's bind decides; start_server
#                                retries when it fails)
#   start_server NAME BINARY [ARGS...]
#                                starts BINARY --port P --bind 127.0.0.1 --save '' --appendonly
#                                no --dir $work/NAME ARGS... (log: $work/NAME/server.log),
#                                waits for a PONG from that very process (INFO process_id),
#                                and sets NAME_PORT and NAME_PID. SERVER_LAUNCH, if set, names
#                                a function run as `SERVER_LAUNCH DIR BINARY ARGS...` instead
#                                of the binary (e.g. under valgrind); it runs in the background
#                                subshell and must `exec`, so that the pid stays the server's
#                                (the PONG check compares it); START_TENTHS bounds the
#                                wait (default 100 tenths of a second), STOP_TENTHS the wait
#                                for a TERMed server at exit (default 50)
#   cpu_ns PID                   CPU time (ns, all threads, /proc/PID/task/*/schedstat) the
#                                process has used so far: unlike requests/s it does not count
#                                time spent waiting for a core, so it stays comparable on a
#                                busy machine
#   median                       the median of the numbers on stdin, one a line
#   ratio A B                    A / B with three decimals (0 when B is 0)
#   MEDIAN_AWK                   awk text defining median(key, n): sorts list[key, 1..n] in
#                                place and returns its median; put it before an awk program:
#                                awk "$MEDIAN_AWK"'{ ... }'

REDIS_BIN=${REDIS_BIN:-/usr/bin/redis-server}
START_TENTHS=${START_TENTHS:-100}
STOP_TENTHS=${STOP_TENTHS:-50}
server_pids=()

bench_fail() {
    echo "$BENCH_NAME: $*" >&2
    exit 1
}

require_tools() {
    local tool
    for tool; do
        command -v "$tool" >/dev/null 2>&1 || bench_fail "$tool not found (run scripts/install-deps.sh)"
    done
}

require_redis() {
    [ -x "$REDIS_BIN" ] || bench_fail "$REDIS_BIN not found (run scripts/install-deps.sh)"
}

resolve_structd_bin() {
    local product=${1:-structd-server} var=${2:-STRUCTD_BIN} path
    path=${!var:-}
    if [ -z "$path" ]; then
        echo "$BENCH_NAME: building release (swift build -c release --static-swift-stdlib --product $product)" >&2
        swift build -c release --static-swift-stdlib --product "$product" >&2
        path=.build/release/$product
    fi
    [ -x "$path" ] || bench_fail "$path is not an executable"
    case $path in /*) ;; *) path=$PWD/$path ;; esac
    printf -v "$var" '%s' "$path"
}

bench_cleanup() {
    local pid waited
    for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${server_pids[@]}"; do
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt "$STOP_TENTHS" ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ]; then
        echo "$BENCH_NAME: files kept in $work" >&2
    else
        rm -rf "$work"
    fi
}

bench_workdir() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/structd-$1-XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

pick_port() {
    local port tries=0
    while [ "$tries" -lt 100 ]; do
        port=$((20000 + RANDOM % 12000))
        tries=$((tries + 1))
        if command -v ss >/dev/null 2>&1; then
            ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && continue
        elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            continue
        fi
        echo "$port"
        return 0
    done
    bench_fail "no free port found"
}

start_server() {
    local name=$1 binary=$2 dir="$work/$1" port pid attempt i reply owner
    shift 2
    mkdir -p "$dir"
    for attempt in 1 2 3 4 5; do
        port=$(pick_port)
        ${SERVER_LAUNCH:+"$SERVER_LAUNCH" "$dir"} "$binary" --port "$port" --bind 127.0.0.1 \
            --save '' --appendonly no --dir "$dir" "$@" >>"$dir/server.log" 2>&1 &
        pid=$!
        for ((i = 0; i < START_TENTHS; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            reply=$(redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null || true)
            if [ "$reply" = PONG ]; then
                # The PONG must come from our process, not a stranger that took the port.
                owner=$(redis-cli -h 127.0.0.1 -p "$port" INFO server 2>/dev/null | tr -d '\r' |
                    sed -n 's/^process_id://p')
                if [ -z "$owner" ] || [ "$owner" = "$pid" ]; then
                    server_pids+=("$pid")
                    printf -v "${name}_PORT" '%s' "$port"
                    printf -v "${name}_PID" '%s' "$pid"
                    return 0
                fi
            fi
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        grep -qi "address already in use" "$dir/server.log" || break
    done
    echo "$BENCH_NAME: $name ($binary) did not start; log:" >&2
    tail -n 20 "$dir/server.log" >&2
    exit 1
}

cpu_ns() {
    cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ t += $1 } END { printf "%.0f", t }'
}

median() {
    sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'
}

MEDIAN_AWK='
    function median(key, n,   i, j, v) {
        for (i = 2; i <= n; i++) {
            v = list[key, i]
            for (j = i - 1; j >= 1 && list[key, j] > v; j--) list[key, j + 1] = list[key, j]
            list[key, j + 1] = v
        }
        return n % 2 ? list[key, (n + 1) / 2] : (list[key, n / 2] + list[key, n / 2 + 1]) / 2
    }
'
