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
BENCH_NAME=bench-callgrind
. scripts/lib/bench-common.sh
require_tools valgrind callgrind_control redis-benchmark redis-cli llvm-objcopy
require_redis
resolve_structd_bin
START_TENTHS=1200   # valgrind is slow to start
STOP_TENTHS=100     # and to write its dump at exit
bench_workdir callgrind

llvm-objcopy --strip-debug "$STRUCTD_BIN" "$work/structd-server"

# Servers run under callgrind, its dumps in their directories. The function runs in the
# background subshell start_server makes: exec keeps that pid (valgrind's is the server's).
launch_callgrind() {
    local dir=$1
    shift
    exec valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out.%p" "$@"
}
SERVER_LAUNCH=launch_callgrind

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
