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
REDIS_BIN=${REDIS_BIN:-/usr/bin/redis-server}

for tool in redis-benchmark redis-cli openssl; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench-tls: $tool not found (run scripts/install-deps.sh)" >&2; exit 1; }
done
[ -x "$REDIS_BIN" ] || { echo "bench-tls: $REDIS_BIN not found (run scripts/install-deps.sh)" >&2; exit 1; }
redis-benchmark --help 2>&1 | grep -q -- '--tls' || { echo "bench-tls: this redis-benchmark has no --tls" >&2; exit 1; }

if [ -z "${STRUCTD_BIN:-}" ]; then
    echo "bench-tls: building release (swift build -c release --static-swift-stdlib)" >&2
    swift build -c release --static-swift-stdlib --product structd-server >&2
    STRUCTD_BIN=.build/release/structd-server
fi
[ -x "$STRUCTD_BIN" ] || { echo "bench-tls: $STRUCTD_BIN is not an executable" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/structd-bench-tls-XXXXXX")
pids=()
stop_servers() {
    local pid i
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do
        for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

DH=none scripts/gen-test-certs.sh "$work/certs" 2>/dev/null
CA="$work/certs/ca.crt"
TLS_CLIENT=(--tls --cacert "$CA" --cert "$work/certs/client.crt" --key "$work/certs/client.key")

# A free port below the ephemeral range (client sockets cannot hold it).
free_port() {
    local port i
    for i in $(seq 200); do
        port=$((20000 + RANDOM % 12000))
        if command -v ss >/dev/null 2>&1; then
            ss -Hltn "sport = :$port" 2>/dev/null | grep -q . && continue
        elif (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            continue
        fi
        echo "$port"
        return 0
    done
    echo "bench-tls: no free port" >&2
    return 1
}

# launch NAME BINARY: starts it with a plain and a TLS port, waits (10 s at most) until it
# answers PING over TLS as the process we started, sets <NAME>_TLS and <NAME>_PID.
launch() {
    local name=$1 binary=$2 dir="$work/$1" port tls pid i owner
    mkdir -p "$dir"
    for _ in 1 2 3 4 5; do
        port=$(free_port)
        tls=$(free_port)
        [ "$port" != "$tls" ] || continue
        "$binary" --port "$port" --tls-port "$tls" --bind 127.0.0.1 --save '' --appendonly no \
            --tls-cert-file "$work/certs/server.crt" --tls-key-file "$work/certs/server.key" \
            --tls-ca-cert-file "$CA" --dir "$dir" >>"$dir/server.log" 2>&1 &
        pid=$!
        for i in $(seq 100); do
            kill -0 "$pid" 2>/dev/null || break
            if [ "$(redis-cli "${TLS_CLIENT[@]}" -h 127.0.0.1 -p "$tls" PING 2>/dev/null)" = PONG ]; then
                owner=$(redis-cli -h 127.0.0.1 -p "$port" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')
                if [ "$owner" = "$pid" ]; then
                    pids+=("$pid")
                    printf -v "${name}_TLS" '%s' "$tls"
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
    echo "bench-tls: $name ($binary) did not start; log:" >&2
    tail -n 20 "$dir/server.log" >&2
    return 1
}

launch structd "$STRUCTD_BIN"
launch redis "$REDIS_BIN"
echo "bench-tls: structd $STRUCTD_BIN (pid $structd_PID, TLS port $structd_TLS)" >&2
echo "bench-tls: redis   $REDIS_BIN (pid $redis_PID, TLS port $redis_TLS)" >&2

# Nanoseconds of CPU the process's threads have used (first field of each schedstat).
cpu_ns() {
    cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

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
awk -F'\t' '
    function median(key, n,   i, j, v) {
        for (i = 2; i <= n; i++) {
            v = val[key, i]
            for (j = i - 1; j >= 1 && val[key, j] > v; j--) val[key, j + 1] = val[key, j]
            val[key, j + 1] = v
        }
        return n % 2 ? val[key, (n + 1) / 2] : (val[key, n / 2] + val[key, n / 2 + 1]) / 2
    }
    function add(key, v) { val[key, ++cnt[key]] = v }
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
