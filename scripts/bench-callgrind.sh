#!/usr/bin/env bash
# bench-callgrind.sh: user-space instructions each server executes per request, StructD
# against Debian's redis-server, for redis-benchmark tests: a figure that, unlike
# requests/s, does not move when the machine is busy.
#
# Each server runs under valgrind's callgrind. For every test and pipeline depth the
# counters are zeroed (callgrind_control -z), redis-benchmark runs N requests, and the
# counters are dumped (callgrind_control -d): the dump's total divided by N is the figure,
# start-up and earlier tests excluded. Tests run in the order given, on the same server, as
# in one redis-benchmark run (lpop pops what lpush pushed; lrange_* push their own list
# first, and that LPUSH phase is counted in their figure on both sides). Kernel time
# (syscalls) is not seen by callgrind; everything the process does in user space is, in
# every library.
#
# The StructD binary is copied with its debug info stripped (llvm-objcopy --strip-debug),
# which only shortens valgrind's start-up.
#
# Settings (environment):
#   TESTS=lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600
#   N=20000  CLIENTS=50  PIPELINES="1 16"
#   BENCH_ARGS    more redis-benchmark arguments, e.g. "-r 100000" (random keys and members:
#                 then SPOP and ZPOPMIN pop what SADD and ZADD added, instead of popping the
#                 one member of a one-member key and then answering on a missing key)
#   STRUCTD_BIN   (default: build and use .build/release/structd-server)
#   REDIS_BIN=/usr/bin/redis-server
#   KEEP=1        keep the callgrind dumps (their directory is printed)
# Both servers bind 127.0.0.1 on free ports, with --save '' --appendonly no, in a temporary
# directory; both are stopped on exit, however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."

TESTS=${TESTS:-lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,lrange_600}
N=${N:-20000}
CLIENTS=${CLIENTS:-50}
PIPELINES=${PIPELINES:-1 16}
REDIS_BIN=${REDIS_BIN:-/usr/bin/redis-server}

for tool in valgrind callgrind_control redis-benchmark redis-cli llvm-objcopy; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-callgrind: $tool not found" >&2; exit 1; }
done
if [ -z "${STRUCTD_BIN:-}" ]; then
    echo "bench-callgrind: building release (swift build -c release --static-swift-stdlib)" >&2
    swift build -c release --static-swift-stdlib --product structd-server >&2
    STRUCTD_BIN=.build/release/structd-server
fi
[ -x "$STRUCTD_BIN" ] || { echo "bench-callgrind: $STRUCTD_BIN is not an executable" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/structd-callgrind-XXXXXX")
server_pids=()
cleanup() {
    local pid waited
    for pid in "${server_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${server_pids[@]}"; do
        waited=0
        while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do sleep 0.1; waited=$((waited + 1)); done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ]; then echo "bench-callgrind: dumps kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

llvm-objcopy --strip-debug "$STRUCTD_BIN" "$work/structd-server"

pick_port() {
    local port tries=0
    while [ "$tries" -lt 100 ]; do
        port=$((20000 + RANDOM % 12000))
        tries=$((tries + 1))
        if command -v ss >/dev/null 2>&1; then
            ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && continue
        fi
        echo "$port"
        return 0
    done
    echo "bench-callgrind: no free port found" >&2
    return 1
}

# start_server NAME BINARY: under callgrind; waits (120 s at most: valgrind is slow to start)
# for PING and sets <NAME>_PORT and <NAME>_PID (valgrind's pid is the server's).
start_server() {
    local name=$1 binary=$2 dir="$work/$1" port pid i
    mkdir -p "$dir"
    port=$(pick_port)
    valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out.%p" \
        "$binary" --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$dir" \
        >>"$dir/server.log" 2>&1 &
    pid=$!
    for i in $(seq 1200); do
        kill -0 "$pid" 2>/dev/null || break
        if [ "$(redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null || true)" = PONG ]; then
            server_pids+=("$pid")
            printf -v "${name}_PORT" '%s' "$port"
            printf -v "${name}_PID" '%s' "$pid"
            return 0
        fi
        sleep 0.1
    done
    echo "bench-callgrind: $name did not start; log:" >&2
    tail -n 20 "$dir/server.log" >&2
    return 1
}

# Total instructions of the newest dump of NAME's server.
dump_total() {
    local name=$1 pid_var="${1}_PID" f
    callgrind_control -d "${!pid_var}" >/dev/null
    f=$(ls -t "$work/$name"/callgrind.out.* | head -n 1)
    sed -n 's/^totals: *\([0-9]*\).*/\1/p; s/^summary: *\([0-9]*\).*/\1/p' "$f" | head -n 1
}

start_server structd "$work/structd-server"
start_server redis "$REDIS_BIN"
echo "bench-callgrind: structd $STRUCTD_BIN, redis $REDIS_BIN; N=$N CLIENTS=$CLIENTS" >&2

results="$work/results.tsv"
IFS=, read -r -a tests <<<"$TESTS"
for pipeline in $PIPELINES; do
    for name in structd redis; do
        port_var="${name}_PORT" pid_var="${name}_PID"
        redis-cli -h 127.0.0.1 -p "${!port_var}" FLUSHALL >/dev/null
        for t in "${tests[@]}"; do
            echo "bench-callgrind: -P $pipeline $name $t" >&2
            callgrind_control -z "${!pid_var}" >/dev/null
            # shellcheck disable=SC2086  # BENCH_ARGS is a list of arguments
            redis-benchmark -h 127.0.0.1 -p "${!port_var}" -t "$t" -n "$N" -c "$CLIENTS" -P "$pipeline" \
                ${BENCH_ARGS:-} -q >/dev/null
            total=$(dump_total "$name")
            printf '%s\t%s\t%s\t%s\n' "$t" "$pipeline" "$name" "$total" >>"$results"
        done
    done
done

echo
echo "user-space instructions per request (callgrind), N=$N, -c $CLIENTS ${BENCH_ARGS:-}; ratio = Redis / StructD (above 1 = StructD executes fewer)"
awk -F'\t' -v n="$N" '
    { key = $1 SUBSEP $2; if (!(key in seen)) { seen[key] = 1; order[++rows] = key } v[key, $3] = $4 / n }
    END {
        printf "%-12s %8s %12s %12s %7s\n", "test", "pipeline", "StructD", "Redis", "ratio"
        for (r = 1; r <= rows; r++) {
            split(order[r], part, SUBSEP)
            s = v[order[r], "structd"]; d = v[order[r], "redis"]
            printf "%-12s %8s %12.0f %12.0f %7.2f\n", part[1], "-P " part[2], s, d, (s > 0 ? d / s : 0)
        }
    }' "$results"
