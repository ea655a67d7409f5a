#!/usr/bin/env bash
# bench-memory.sh: used_memory of structd-server and Debian's redis-server after loading the
# same datasets, one row per dataset, with the ratio StructD / Redis (below 1 = StructD
# smaller). For each dataset both servers are flushed, INFO memory's used_memory is read,
# the dataset is sent through `redis-cli --pipe` (the same RESP bytes to both), and
# used_memory is read again once it holds still (a keyspace rehash may be finishing in the
# server's cron): the row shows the difference, per element and per key, and
# the encoding OBJECT ENCODING reports for the first key on each server.
#
# Datasets (big encodings: one key of 1M elements; small encodings: many small keys):
#   list-1M        RPUSH of 1M "item:N" into one key            quicklist
#   hash-1M        1M fields "field:N" -> "value:N"              hashtable
#   set-1M         1M members "member:N"                         hashtable
#   zset-1M        1M members "member:N", score N                skiplist
#   intset-1M      1M integers, with set-max-intset-entries 1000000 on both   intset
#   string-100k    100k keys "key:N" -> "value:N"                 embstr
#   hash-100kx3    100k keys x 3 fields                           listpack
#   zset-100kx10   100k keys x 10 members                         listpack
#   set-100kx5int  100k keys x 5 integers                         intset
#   set-100kx5str  100k keys x 5 strings (hashtable in 7.0; listpack sets came in 7.2)
#   list-100kx5    100k keys x 5 items                            quicklist (one node)
#   hash-10kx100   10k keys x 100 fields                          listpack
#
# Settings (environment):
#   DATASETS      comma-separated names from the list above (default: all)
#   SCALE=1       divide every element and key count by this (quick runs)
#   STRUCTD_BIN   binary to measure (default: build and use .build/release/structd-server)
#   REDIS_BIN=/usr/bin/redis-server
# Both servers run with --save '' --appendonly no --slowlog-log-slower-than -1 on free
# loopback ports, in a temporary directory; both are stopped on exit, however the script
# ends. Every loop is bounded by the dataset sizes above.
set -euo pipefail

cd "$(dirname "$0")/.."

ALL_DATASETS=list-1M,hash-1M,set-1M,zset-1M,intset-1M,string-100k,hash-100kx3,zset-100kx10,set-100kx5int,set-100kx5str,list-100kx5,hash-10kx100
DATASETS=${DATASETS:-$ALL_DATASETS}
SCALE=${SCALE:-1}
BENCH_NAME=bench-memory
. scripts/lib/bench-common.sh
require_tools redis-cli awk
require_redis
resolve_structd_bin
bench_workdir benchmem

# generate NAME: writes the dataset's commands in RESP to stdout; prints nothing for an
# unknown name. Big structures are sent 1000 elements per command.
generate() {
    awk -v ds="$1" -v scale="$SCALE" '
        function cmd(n) { printf "*%d\r\n", n }
        function arg(s) { s = s ""; printf "$%d\r\n%s\r\n", length(s), s }
        # One key of n elements: VERB key (prefix elements)..., batch elements a command.
        function big(verb, key, n, kind,   i, j, m) {
            for (i = 0; i < n; i += m) {
                m = n - i < 1000 ? n - i : 1000
                if (kind == "pair" || kind == "scored") cmd(2 + 2 * m); else cmd(2 + m)
                arg(verb); arg(key)
                for (j = i; j < i + m; j++) {
                    if (kind == "item") arg("item:" j)
                    else if (kind == "member") arg("member:" j)
                    else if (kind == "int") arg(j)
                    else if (kind == "pair") { arg("field:" j); arg("value:" j) }
                    else if (kind == "scored") { arg(j); arg("member:" j) }
                }
            }
        }
        BEGIN {
            M = int(1000000 / scale); K = int(100000 / scale); T = int(10000 / scale)
            if (ds == "list-1M") big("RPUSH", "list:big", M, "item")
            else if (ds == "hash-1M") big("HSET", "hash:big", M, "pair")
            else if (ds == "set-1M") big("SADD", "set:big", M, "member")
            else if (ds == "zset-1M") big("ZADD", "zset:big", M, "scored")
            else if (ds == "intset-1M") big("SADD", "intset:big", M, "int")
            else if (ds == "string-100k") {
                for (k = 0; k < K; k++) { cmd(3); arg("SET"); arg("key:" k); arg("value:" k) }
            } else if (ds == "hash-100kx3") {
                for (k = 0; k < K; k++) {
                    cmd(8); arg("HSET"); arg("user:" k)
                    arg("name"); arg("name" k); arg("email"); arg("u" k "@example.com"); arg("visits"); arg(k % 1000)
                }
            } else if (ds == "zset-100kx10") {
                for (k = 0; k < K; k++) {
                    cmd(22); arg("ZADD"); arg("board:" k)
                    for (j = 0; j < 10; j++) { arg(j * 10 + k % 7); arg("player:" j) }
                }
            } else if (ds == "set-100kx5int") {
                for (k = 0; k < K; k++) {
                    cmd(7); arg("SADD"); arg("ids:" k)
                    for (j = 0; j < 5; j++) arg(k * 5 + j)
                }
            } else if (ds == "set-100kx5str") {
                for (k = 0; k < K; k++) {
                    cmd(7); arg("SADD"); arg("tags:" k)
                    for (j = 0; j < 5; j++) arg("tag:" j)
                }
            } else if (ds == "list-100kx5") {
                for (k = 0; k < K; k++) {
                    cmd(7); arg("RPUSH"); arg("queue:" k)
                    for (j = 0; j < 5; j++) arg("job:" k ":" j)
                }
            } else if (ds == "hash-10kx100") {
                for (k = 0; k < T; k++) {
                    cmd(202); arg("HSET"); arg("object:" k)
                    for (j = 0; j < 100; j++) { arg("attr" j); arg("val" j "_" k) }
                }
            }
        }'
}

# Elements per dataset and keys per dataset (for the per-element and per-key columns).
elements_of() {
    case $1 in
        *-1M) echo $((1000000 / SCALE)) ;;
        string-100k) echo $((100000 / SCALE)) ;;
        hash-100kx3) echo $((300000 / SCALE)) ;;
        zset-100kx10) echo $((1000000 / SCALE)) ;;
        set-100kx5*|list-100kx5) echo $((500000 / SCALE)) ;;
        hash-10kx100) echo $((1000000 / SCALE)) ;;
    esac
}
keys_of() {
    case $1 in
        *-1M) echo 1 ;;
        *-100k*) echo $((100000 / SCALE)) ;;
        *-10k*) echo $((10000 / SCALE)) ;;
    esac
}
first_key_of() {
    case $1 in
        list-1M) echo list:big ;; hash-1M) echo hash:big ;; set-1M) echo set:big ;;
        zset-1M) echo zset:big ;; intset-1M) echo intset:big ;; string-100k) echo key:0 ;;
        hash-100kx3) echo user:0 ;; zset-100kx10) echo board:0 ;; set-100kx5int) echo ids:0 ;;
        set-100kx5str) echo tags:0 ;; list-100kx5) echo queue:0 ;; hash-10kx100) echo object:0 ;;
    esac
}

used_memory() {
    redis-cli -h 127.0.0.1 -p "$1" INFO memory | tr -d '\r' | sed -n 's/^used_memory://p'
}

# The slow log is off on both: an entry (the command's arguments, kept until 128 more come)
# is made whenever a command happens to take 10 ms, e.g. when a busy machine preempts the
# server mid-command, so it would add timing noise of a few KB to a row.
start_server structd "$STRUCTD_BIN" --slowlog-log-slower-than -1
start_server redis "$REDIS_BIN" --slowlog-log-slower-than -1
echo "bench-memory: structd $STRUCTD_BIN (pid $structd_PID, port $structd_PORT)" >&2
echo "bench-memory: redis   $REDIS_BIN (pid $redis_PID, port $redis_PORT)" >&2

printf '%-14s %-20s %12s %12s %9s %9s %9s %9s %6s\n' dataset "encoding (S/R)" "StructD B" "Redis B" \
    "S B/elem" "R B/elem" "S B/key" "R B/key" ratio
IFS=, read -r -a wanted <<<"$DATASETS"
for ds in "${wanted[@]}"; do
    [ -n "$(elements_of "$ds")" ] || { echo "bench-memory: unknown dataset $ds" >&2; exit 1; }
    generate "$ds" >"$work/load.resp"
    for name in structd redis; do
        port_var="${name}_PORT"
        port=${!port_var}
        redis-cli -h 127.0.0.1 -p "$port" FLUSHALL >/dev/null
        if [ "$ds" = intset-1M ]; then
            redis-cli -h 127.0.0.1 -p "$port" CONFIG SET set-max-intset-entries 1000000 >/dev/null
        fi
        before=$(used_memory "$port")
        redis-cli -h 127.0.0.1 -p "$port" --pipe <"$work/load.resp" >"$work/pipe.$name.log" 2>&1 || {
            echo "bench-memory: $name: redis-cli --pipe failed for $ds:" >&2
            cat "$work/pipe.$name.log" >&2
            exit 1
        }
        grep -q "errors: 0," "$work/pipe.$name.log" || {
            echo "bench-memory: $name: errors while loading $ds:" >&2
            cat "$work/pipe.$name.log" >&2
            exit 1
        }
        # The keyspace may still be rehashing into a bigger bucket array (both arrays
        # allocated); the server's cron finishes it within a few ticks: read once the figure
        # holds still (30 readings 200 ms apart at most).
        after=$(used_memory "$port")
        for _ in $(seq 30); do
            sleep 0.2
            now=$(used_memory "$port")
            [ "$now" = "$after" ] && break
            after=$now
        done
        printf -v "${name}_delta" '%s' $((after - before))
        printf -v "${name}_enc" '%s' "$(redis-cli -h 127.0.0.1 -p "$port" OBJECT ENCODING "$(first_key_of "$ds")" | tr -d '\r')"
        if [ "$ds" = intset-1M ]; then
            redis-cli -h 127.0.0.1 -p "$port" CONFIG SET set-max-intset-entries 512 >/dev/null
        fi
    done
    awk -v ds="$ds" -v enc="$structd_enc/$redis_enc" -v s="$structd_delta" -v r="$redis_delta" \
        -v e="$(elements_of "$ds")" -v k="$(keys_of "$ds")" 'BEGIN {
        sk = k > 1 ? sprintf("%9.1f", s / k) : sprintf("%9s", "-")
        rk = k > 1 ? sprintf("%9.1f", r / k) : sprintf("%9s", "-")
        printf "%-14s %-20s %12d %12d %9.2f %9.2f %s %s %6.3f\n", ds, enc, s, r, s / e, r / e,
            sk, rk, (r > 0 ? s / r : 0)
    }'
done
redis-cli -h 127.0.0.1 -p "$structd_PORT" FLUSHALL >/dev/null
redis-cli -h 127.0.0.1 -p "$redis_PORT" FLUSHALL >/dev/null
