#!/usr/bin/env bash
# bench-tls.sh: throughput over TLS of structd-server and Debian's redis-server (7.0.15, built
# with TLS), side by side in one run, with redis-benchmark --tls.
#
# Both servers get the same certificates (scripts/gen-test-certs.sh into a temporary
# directory), the same TLS settings (defaults: TLSv1.2 + TLSv1.3, client certificates
# required; redis-benchmark presents one) and run on free loopback ports. Each round runs
# every pipeline depth against each server, in alternating order (so neither always goes
# second on a warm or busy machine). The table shows, per test and depth:
#   - the median requests/s of each server over the rounds, and the median of the per-round
#     ratios StructD/Redis (above 1 = StructD faster);
#   - the server's CPU time per request (user+system, every thread, from
#     /proc/<pid>/task/*/schedstat around each redis-benchmark run): it does not count time
#     spent waiting for a core, so it stays comparable when the machine is busy; its ratio is
#     Redis/StructD (above 1 = StructD cheaper).
#
# Settings (environment):
#   ROUNDS=3  N=100000  CLIENTS=50  TESTS=ping,set,get  PIPELINES="1 16"
#   STRUCTD_BIN   binary to measure (default: build and use .build/release/structd-server;
#                 build release binaries in a snapshot worktree when others share the tree)
#   REDIS_BIN=/usr/bin/redis-server
# Servers run with --save '' --appendonly no; both are stopped and the temporary directory
# removed on exit, however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
N=${N:-100000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-ping,set,get}
PIPELINES=${PIPELINES:-1 16}
BENCH_NAME=bench-tls
. scripts/lib/bench-common.sh
require_tools redis-benchmark redis-cli openssl
require_redis
redis-benchmark --help 2>&1 | grep -q -- '--tls' || bench_fail "this redis-benchmark has no --tls"
resolve_structd_bin
bench_workdir bench-tls

DH=none scripts/gen-test-certs.sh "$work/certs" 2>/dev/null
CA="$work/certs/ca.crt"
TLS_CLIENT=(--tls --cacert "$CA" --cert "$work/certs/client.crt" --key "$work/certs/client.key")

# launch NAME BINARY: starts it with a plain and a TLS port (both listen before the plain
# port answers PING), checks a PING over TLS, sets <NAME>_TLS and <NAME>_PID.
launch() {
    local name=$1 binary=$2 tls
    tls=$(pick_port)
    start_server "$name" "$binary" --tls-port "$tls" --tls-cert-file "$work/certs/server.crt" \
        --tls-key-file "$work/certs/server.key" --tls-ca-cert-file "$CA"
    [ "$(redis-cli "${TLS_CLIENT[@]}" -h 127.0.0.1 -p "$tls" PING 2>/dev/null)" = PONG ] ||
        bench_fail "$name ($binary) does not answer PING over TLS on port $tls"
    printf -v "${name}_TLS" '%s' "$tls"
}

launch structd "$STRUCTD_BIN"
launch redis "$REDIS_BIN"
echo "bench-tls: structd $STRUCTD_BIN (pid $structd_PID, TLS port $structd_TLS)" >&2
echo "bench-tls: redis   $REDIS_BIN (pid $redis_PID, TLS port $redis_TLS)" >&2

# One redis-benchmark run per test (so each gets its own CPU figure; -t ping runs PING_INLINE
# and PING_MBULK, which share theirs); appends
# "server<TAB>pipeline<TAB>test<TAB>rps<TAB>round<TAB>cpu ns per request".
results="$work/results.tsv"
bench() {
    local name=$1 pipeline=$2 round=$3 tls_var="${1}_TLS" pid_var="${1}_PID" test before after lines count
    for test in ${TESTS//,/ }; do
        before=$(cpu_ns "${!pid_var}")
        lines=$(redis-benchmark "${TLS_CLIENT[@]}" -h 127.0.0.1 -p "${!tls_var}" -t "$test" -c "$CLIENTS" \
            -n "$N" -P "$pipeline" -q --csv | tr -d '\r' |
            awk -F'","' '$1 == "\"test" { next } NF >= 2 { sub(/^"/, "", $1); print $1 "\t" $2 }')
        after=$(cpu_ns "${!pid_var}")
        count=$(printf '%s\n' "$lines" | grep -c . || true)
        [ "$count" -gt 0 ] || { echo "bench-tls: redis-benchmark gave no result for $name $test" >&2; continue; }
        printf '%s\n' "$lines" | awk -F'\t' -v s="$name" -v p="$pipeline" -v r="$round" -v c="$(( (after - before) / (N * count) ))" \
            'NF == 2 { print s "\t" p "\t" $1 "\t" $2 "\t" r "\t" c }' >>"$results"
    done
}

for round in $(seq "$ROUNDS"); do
    for pipeline in $PIPELINES; do
        if [ $((round % 2)) -eq 1 ]; then order="structd redis"; else order="redis structd"; fi
        for name in $order; do
            echo "bench-tls: round $round/$ROUNDS -P $pipeline $name" >&2
            bench "$name" "$pipeline" "$round"
        done
    done
done

echo
echo "redis-benchmark --tls -t $TESTS -c $CLIENTS -n $N ($ROUNDS rounds): median requests/s, median of the"
echo "per-round ratios StructD/Redis; server CPU ns per request (median) and its ratio Redis/StructD"
awk -F'\t' "$MEDIAN_AWK"'
    function add(key, v) { list[key, ++cnt[key]] = v }
    {
        row = $3 SUBSEP $2
        if (!(row in seen)) { seen[row] = 1; order[++rows] = row }
        add(row SUBSEP $1 SUBSEP "rps", $4 + 0)
        add(row SUBSEP $1 SUBSEP "cpu", $6 + 0)
        rps[row, $1, $5] = $4 + 0
        cpu[row, $1, $5] = $6 + 0
        round[$5] = 1
    }
    END {
        printf "%-12s %8s %12s %12s %7s   %9s %9s %7s\n", "test", "pipeline", "StructD", "Redis", "ratio", "StructD", "Redis", "ratio"
        printf "%-12s %8s %12s %12s %7s   %9s %9s %7s\n", "", "", "requests/s", "requests/s", "S/R", "CPU ns/r", "CPU ns/r", "R/S"
        for (i = 1; i <= rows; i++) {
            row = order[i]
            split(row, part, SUBSEP)
            for (k in round) {
                if (rps[row, "redis", k] > 0 && rps[row, "structd", k] > 0) add(row SUBSEP "ratio", rps[row, "structd", k] / rps[row, "redis", k])
                if (cpu[row, "structd", k] > 0 && cpu[row, "redis", k] > 0) add(row SUBSEP "cratio", cpu[row, "redis", k] / cpu[row, "structd", k])
            }
            s = median(row SUBSEP "structd" SUBSEP "rps", cnt[row SUBSEP "structd" SUBSEP "rps"])
            r = median(row SUBSEP "redis" SUBSEP "rps", cnt[row SUBSEP "redis" SUBSEP "rps"])
            sc = median(row SUBSEP "structd" SUBSEP "cpu", cnt[row SUBSEP "structd" SUBSEP "cpu"])
            rc = median(row SUBSEP "redis" SUBSEP "cpu", cnt[row SUBSEP "redis" SUBSEP "cpu"])
            ratio = cnt[row SUBSEP "ratio"] ? median(row SUBSEP "ratio", cnt[row SUBSEP "ratio"]) : 0
            cratio = cnt[row SUBSEP "cratio"] ? median(row SUBSEP "cratio", cnt[row SUBSEP "cratio"]) : 0
            printf "%-12s %8s %12.0f %12.0f %7.2f   %9.0f %9.0f %7.2f\n", part[1], "-P " part[2], s, r, ratio, sc, rc, cratio
        }
    }' "$results"
