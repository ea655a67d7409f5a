#!/usr/bin/env bash
# bench-vs-redis.sh: throughput and memory of structd-server side by side with Debian's
# redis-server, on this machine, in one run.
#
# Throughput: redis-benchmark against each server in alternation (the order flips every
# round, so neither always runs second on a warm or busy machine), ROUNDS rounds, each with
# every pipeline depth; the table shows the median requests/s of each server and the median
# of the per-round ratios StructD / Redis (above 1 = StructD faster): on a shared, noisy
# machine the ratio within a round is steadier than either absolute figure.
# Memory: after FLUSHALL and DEBUG POPULATE on each server, INFO memory's used_memory and the
# process's resident set size (VmRSS from /proc), and their ratios (below 1 = StructD smaller).
# Each test also records the server's CPU time per request (schedstat), which, unlike
# requests/s, does not count time a server spent waiting for a core on a busy machine.
# StructD's includes its busy polling (docs/architecture.md): up to 30 us after each pass of
# its loop, spent waiting for the clients' next requests (about 1-2 us a request at -P 1).
#
# Settings (environment):
#   ROUNDS=3  N=200000  CLIENTS=50  TESTS=ping,set,get,incr,mset  PIPELINES="1 16"
#   POPULATE=1000000    (keys for the memory comparison; 0 skips it)
#   STRUCTD_BIN         binary to measure (default: build and use .build/release/structd-server;
#                       STRUCTD_BIN=/usr/bin/redis-server compares Redis with itself)
#   REDIS_BIN=/usr/bin/redis-server
#   BENCH_TOOL=redis-benchmark   the load tool; .build/release/structd-benchmark works too
#                                (same options and CSV; docs/benchmark.md)
# Both servers run with --save '' --appendonly no --enable-debug-command yes on free loopback
# ports, in a temporary directory; both are stopped on exit, however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
N=${N:-200000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-ping,set,get,incr,mset}
PIPELINES=${PIPELINES:-1 16}
POPULATE=${POPULATE:-1000000}
BENCH_TOOL=${BENCH_TOOL:-redis-benchmark}

BENCH_NAME=bench
. scripts/lib/bench-common.sh
require_tools "$BENCH_TOOL" redis-cli
require_redis
resolve_structd_bin
bench_workdir bench

start_server structd "$STRUCTD_BIN" --enable-debug-command yes
start_server redis "$REDIS_BIN" --enable-debug-command yes
echo "bench: structd $STRUCTD_BIN (pid $structd_PID, port $structd_PORT)" >&2
echo "bench: redis   $REDIS_BIN (pid $redis_PID, port $redis_PORT)" >&2

# One redis-benchmark run per test; appends
# "server<TAB>pipeline<TAB>test<TAB>rps<TAB>round<TAB>server-CPU-ns-per-request" lines.
results="$work/results.tsv"
run_benchmark() {
    local name=$1 pipeline=$2 round=$3 port_var="${1}_PORT" pid_var="${1}_PID" test before after
    # "ping" is two tests in redis-benchmark; run each alone so the CPU figure is its own.
    for test in $(echo "${TESTS//,/ }" | sed 's/\bping\b/ping_inline ping_mbulk/'); do
        before=$(cpu_ns "${!pid_var}")
        "$BENCH_TOOL" -h 127.0.0.1 -p "${!port_var}" -t "$test" -c "$CLIENTS" -n "$N" -P "$pipeline" -q --csv |
            tr -d '\r' >"$work/one.csv"
        after=$(cpu_ns "${!pid_var}")
        awk -F'","' -v server="$name" -v pipeline="$pipeline" -v round="$round" \
            -v cpu="$((after - before))" -v n="$N" '
            $1 == "\"test" { next }
            NF >= 2 { sub(/^"/, "", $1); print server "\t" pipeline "\t" $1 "\t" $2 "\t" round "\t" cpu / n }' \
            "$work/one.csv" >>"$results"
    done
}

for round in $(seq "$ROUNDS"); do
    for pipeline in $PIPELINES; do
        if [ $((round % 2)) -eq 1 ]; then order="structd redis"; else order="redis structd"; fi
        for name in $order; do
            echo "bench: round $round/$ROUNDS -P $pipeline $name" >&2
            run_benchmark "$name" "$pipeline" "$round"
        done
    done
done

echo
echo "$(basename "$BENCH_TOOL") -t $TESTS -c $CLIENTS -n $N: median requests/s of $ROUNDS rounds;"
echo "ratio = median over rounds of StructD/Redis in the same round"
echo "CPU ns/req = server CPU time (all threads, /proc/<pid>/task/*/schedstat) / requests: unaffected by"
echo "time spent waiting for a core, so comparable on a busy machine; its ratio is Redis/StructD"
awk -F'\t' "$MEDIAN_AWK"'
    {
        row = $3 SUBSEP $2
        if (!(row in seen)) { seen[row] = 1; rows[++nrows] = row }
        key = row SUBSEP $1
        list[key, ++count[key]] = $4 + 0
        rps[key, $5] = $4 + 0
        cpul[key, ++cpun[key]] = $6 + 0
        rounds[$5] = 1
    }
    END {
        printf "%-16s %8s %12s %12s %7s   %9s %9s %7s\n", "test", "pipeline", "StructD", "Redis", "ratio", "StructD", "Redis", "ratio"
        printf "%-16s %8s %12s %12s %7s   %9s %9s %7s\n", "", "", "requests/s", "", "", "CPU ns/req", "", "(R/S)"
        for (r = 1; r <= nrows; r++) {
            row = rows[r]
            split(row, part, SUBSEP)
            s = (row SUBSEP "structd") in count ? median(row SUBSEP "structd", count[row SUBSEP "structd"]) : 0
            d = (row SUBSEP "redis") in count ? median(row SUBSEP "redis", count[row SUBSEP "redis"]) : 0
            n = 0
            for (k in rounds) {
                if (((row SUBSEP "structd", k) in rps) && ((row SUBSEP "redis", k) in rps) && rps[row SUBSEP "redis", k] > 0)
                    list[row SUBSEP "ratio", ++n] = rps[row SUBSEP "structd", k] / rps[row SUBSEP "redis", k]
            }
            ratio = n > 0 ? median(row SUBSEP "ratio", n) : 0
            for (i = 1; i <= cpun[row SUBSEP "structd"]; i++) list[row SUBSEP "cs", i] = cpul[row SUBSEP "structd", i]
            for (i = 1; i <= cpun[row SUBSEP "redis"]; i++) list[row SUBSEP "cr", i] = cpul[row SUBSEP "redis", i]
            cs = cpun[row SUBSEP "structd"] ? median(row SUBSEP "cs", cpun[row SUBSEP "structd"]) : 0
            cr = cpun[row SUBSEP "redis"] ? median(row SUBSEP "cr", cpun[row SUBSEP "redis"]) : 0
            cratio = cs > 0 ? cr / cs : 0
            printf "%-16s %8s %12.0f %12.0f %7.2f   %9.0f %9.0f %7.2f\n", part[1], "-P " part[2], s, d, ratio, cs, cr, cratio
            if (ratio > 0) { logsum[part[2]] += log(ratio); logn[part[2]]++ }
            if (cratio > 0) { clogsum[part[2]] += log(cratio); clogn[part[2]]++ }
        }
        for (p in logn) printf "geometric mean of requests/s ratios at -P %s: %.2f\n", p, exp(logsum[p] / logn[p])
        for (p in clogn) printf "geometric mean of CPU-per-request ratios (Redis/StructD, above 1 = StructD cheaper) at -P %s: %.2f\n", p, exp(clogsum[p] / clogn[p])
    }' "$results"

[ "$POPULATE" -gt 0 ] || exit 0

# used_memory from INFO memory, or "n/a".
used_memory() {
    redis-cli -h 127.0.0.1 -p "$1" INFO memory 2>/dev/null | tr -d '\r' | sed -n 's/^used_memory://p' | grep . || echo n/a
}
rss_kib() {
    awk '/^VmRSS:/ { print $2; found = 1 } END { if (!found) print "n/a" }' "/proc/$1/status" 2>/dev/null || echo n/a
}

echo
echo "memory after FLUSHALL and DEBUG POPULATE $POPULATE"
for name in structd redis; do
    port_var="${name}_PORT"
    redis-cli -h 127.0.0.1 -p "${!port_var}" FLUSHALL >/dev/null
    reply=$(redis-cli -h 127.0.0.1 -p "${!port_var}" DEBUG POPULATE "$POPULATE" 2>&1 | tr -d '\r')
    if [ "$reply" = OK ]; then
        printf -v "${name}_POPULATED" '%s' yes
    else
        printf -v "${name}_POPULATED" '%s' no
        echo "bench: $name: DEBUG POPULATE answered: $reply (its figures are n/a)" >&2
    fi
done
sleep 1  # let allocators settle before reading RSS
for name in structd redis; do
    port_var="${name}_PORT" pid_var="${name}_PID" populated_var="${name}_POPULATED"
    if [ "${!populated_var}" = yes ]; then
        printf -v "${name}_used" '%s' "$(used_memory "${!port_var}")"
        printf -v "${name}_rss" '%s' "$(rss_kib "${!pid_var}")"
    else
        printf -v "${name}_used" '%s' n/a
        printf -v "${name}_rss" '%s' n/a
    fi
done
awk -v su="$structd_used" -v ru="$redis_used" -v sr="$structd_rss" -v rr="$redis_rss" '
    function ratio(a, b) { return (a ~ /^[0-9]+$/ && b ~ /^[0-9]+$/ && b > 0) ? sprintf("%.2f", a / b) : "n/a" }
    BEGIN {
        printf "%-22s %14s %14s %8s\n", "", "StructD", "Redis", "ratio"
        printf "%-22s %14s %14s %8s\n", "used_memory (bytes)", su, ru, ratio(su, ru)
        printf "%-22s %14s %14s %8s\n", "VmRSS (KiB)", sr, rr, ratio(sr, rr)
    }'
