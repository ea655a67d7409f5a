#!/usr/bin/env bash
# bench-tools.sh: is structd-benchmark ever the bottleneck? Debian's redis-benchmark and
# structd-benchmark (one thread, the default) load the same Debian redis-server, in one run,
# with the same settings: -c CLIENTS -n N -P <depth> for each test (ping = PING_INLINE and
# PING_MBULK, set, get, incr) at each pipeline depth.
#
# For each (test, depth) the tools run in alternation, ROUNDS rounds, the order flipping every
# round; the table shows each tool's median requests/s, the median of the per-round ratios
# structd-benchmark / redis-benchmark (target: >= 1.00, the load tool drives the server at
# least as hard), and each tool's CPU time per request (user + sys from /usr/bin/time), which
# on a shared, busy machine says more than the rate: a tool that spends fewer microseconds per
# request leaves more of the machine to the server.
#
# Accounting check: before each structd-benchmark run the server's stats are reset (CONFIG
# RESETSTAT); afterwards INFO commandstats' calls for the command, divided by the elapsed time
# structd-benchmark reports (--json, microsecond precision), is the rate the server counted.
# The "acct" column is the largest deviation of the reported rate from it over the rounds, in
# percent (target: within 1%), and "calls" says whether calls == -n in every round.
#
# Settings (environment):
#   ROUNDS=3  N=200000  CLIENTS=50  TESTS="ping_inline ping_mbulk set get incr"  PIPELINES="1 16"
#   STRUCTD_BENCHMARK_BIN  binary to measure (default: build and use .build/release/structd-benchmark)
#   REDIS_BIN=/usr/bin/redis-server   REDIS_BENCHMARK=/usr/bin/redis-benchmark
# The server runs with --save '' --appendonly no on a free loopback port in a temporary
# directory and is stopped on exit, however the script ends.
set -euo pipefail

cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
N=${N:-200000}
CLIENTS=${CLIENTS:-50}
TESTS=${TESTS:-ping_inline ping_mbulk set get incr}
PIPELINES=${PIPELINES:-1 16}
REDIS_BENCHMARK=${REDIS_BENCHMARK:-/usr/bin/redis-benchmark}

BENCH_NAME=bench-tools
. scripts/lib/bench-common.sh
require_tools "$REDIS_BENCHMARK" redis-cli
[ -x /usr/bin/time ] || bench_fail "/usr/bin/time not found (Debian's 'time' package)"
require_redis
resolve_structd_bin structd-benchmark STRUCTD_BENCHMARK_BIN
bench_workdir bench-tools

start_server redis "$REDIS_BIN"
port=$redis_PORT
echo "bench-tools: redis-server pid $redis_PID port $port; structd-benchmark: $STRUCTD_BENCHMARK_BIN" >&2

command_of() {
    case $1 in ping_inline | ping_mbulk) echo ping ;; *) echo "$1" ;; esac
}

results="$work/results.tsv"   # tool pipeline test round rps cpu_us_per_req acct_dev_pct calls_ok
cpu_seconds() { awk '{ printf "%.6f", $1 + $2 }' "$1"; }

run_redis_benchmark() {
    local test=$1 pipeline=$2 round=$3 rps cpu
    rps=$(/usr/bin/time -f '%U %S' -o "$work/time" "$REDIS_BENCHMARK" -h 127.0.0.1 -p "$port" \
              -c "$CLIENTS" -n "$N" -P "$pipeline" -t "$test" --csv |
          tr -d '\r' | awk -F'","' 'NR > 1 && NF >= 2 { print $2; exit }')
    cpu=$(cpu_seconds "$work/time")
    printf 'redis-benchmark\t%s\t%s\t%s\t%s\t%s\t-\t-\n' "$pipeline" "$test" "$round" "$rps" \
        "$(awk -v c="$cpu" -v n="$N" 'BEGIN { printf "%.3f", c * 1e6 / n }')" >>"$results"
}

run_structd_benchmark() {
    local test=$1 pipeline=$2 round=$3 json rps elapsed cpu calls cmd
    cmd=$(command_of "$test")
    redis-cli -p "$port" CONFIG RESETSTAT >/dev/null
    json=$(/usr/bin/time -f '%U %S' -o "$work/time" "$STRUCTD_BENCHMARK_BIN" -h 127.0.0.1 -p "$port" \
               -c "$CLIENTS" -n "$N" -P "$pipeline" -t "$test" --json)
    cpu=$(cpu_seconds "$work/time")
    rps=$(printf '%s' "$json" | sed -n 's/.*"rps":\([0-9.]*\).*/\1/p')
    elapsed=$(printf '%s' "$json" | sed -n 's/.*"elapsed_sec":\([0-9.]*\).*/\1/p')
    calls=$(redis-cli -p "$port" INFO commandstats | tr -d '\r' |
            sed -n "s/^cmdstat_$cmd:calls=\([0-9]*\),.*/\1/p")
    awk -v tool=structd-benchmark -v p="$pipeline" -v t="$test" -v r="$round" -v rps="$rps" \
        -v el="$elapsed" -v calls="${calls:-0}" -v cpu="$cpu" -v n="$N" 'BEGIN {
            counted = el > 0 ? calls / el : 0
            dev = rps > 0 ? (rps - counted) / rps * 100 : 100
            if (dev < 0) dev = -dev
            printf "%s\t%s\t%s\t%s\t%s\t%.3f\t%.4f\t%s\n", tool, p, t, r, rps, cpu * 1e6 / n, dev, (calls == n ? "yes" : "NO")
        }' >>"$results"
}

for round in $(seq "$ROUNDS"); do
    for pipeline in $PIPELINES; do
        for test in $TESTS; do
            echo "bench-tools: round $round/$ROUNDS -P $pipeline $test" >&2
            if [ $((round % 2)) -eq 1 ]; then
                run_redis_benchmark "$test" "$pipeline" "$round"
                run_structd_benchmark "$test" "$pipeline" "$round"
            else
                run_structd_benchmark "$test" "$pipeline" "$round"
                run_redis_benchmark "$test" "$pipeline" "$round"
            fi
        done
    done
done

echo
echo "Against Debian's redis-server: -c $CLIENTS -n $N, $ROUNDS rounds; medians of requests/s and of"
echo "the per-round ratio structd-benchmark / redis-benchmark; CPU = the tool's user+sys us per request;"
echo "acct = worst |reported rps - server calls/elapsed| / reported rps over the rounds (%)"
awk -F'\t' "$MEDIAN_AWK"'
    {
        row = $3 SUBSEP $2
        if (!(row in seen)) { seen[row] = 1; rows[++nrows] = row }
        key = row SUBSEP $1
        list[key, ++count[key]] = $5 + 0
        cpuk = row SUBSEP $1 SUBSEP "cpu"
        list[cpuk, ++count[cpuk]] = $6 + 0
        rps[row, $1, $4] = $5 + 0
        rounds[$4] = 1
        if ($1 == "structd-benchmark") {
            if ($7 + 0 > acct[row]) acct[row] = $7 + 0
            if ($8 != "yes") callsbad[row] = 1
        }
    }
    END {
        printf "%-12s %4s %14s %14s %7s %9s %9s %8s %6s\n", "test", "-P", "redis-bench", "structd-bench", "ratio",
               "CPU rb", "CPU sb", "acct %", "calls"
        for (r = 1; r <= nrows; r++) {
            row = rows[r]
            split(row, part, SUBSEP)
            rb = median(row SUBSEP "redis-benchmark", count[row SUBSEP "redis-benchmark"])
            sb = median(row SUBSEP "structd-benchmark", count[row SUBSEP "structd-benchmark"])
            n = 0
            for (k in rounds)
                if (rps[row, "redis-benchmark", k] > 0)
                    list[row SUBSEP "ratio", ++n] = rps[row, "structd-benchmark", k] / rps[row, "redis-benchmark", k]
            ratio = n > 0 ? median(row SUBSEP "ratio", n) : 0
            crb = median(row SUBSEP "redis-benchmark" SUBSEP "cpu", count[row SUBSEP "redis-benchmark" SUBSEP "cpu"])
            csb = median(row SUBSEP "structd-benchmark" SUBSEP "cpu", count[row SUBSEP "structd-benchmark" SUBSEP "cpu"])
            printf "%-12s %4s %14.0f %14.0f %7.2f %9.3f %9.3f %8.3f %6s\n", part[1], part[2], rb, sb, ratio,
                   crb, csb, acct[row], (row in callsbad) ? "NO" : "yes"
            if (ratio > 0) { logsum += log(ratio); logn++ }
            if (crb > 0 && csb > 0) { cpusum += log(csb / crb); cpun++ }
        }
        if (logn) printf "geometric mean of rate ratios: %.2f (target >= 1.00)\n", exp(logsum / logn)
        if (cpun) printf "geometric mean of CPU per request, structd-benchmark / redis-benchmark: %.2f (below 1 = cheaper)\n", exp(cpusum / cpun)
    }' "$results"
