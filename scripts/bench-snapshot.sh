#!/usr/bin/env bash
# bench-snapshot.sh: issue 5's snapshot figures, StructD against Debian's redis-server 7.0.15,
# in one run (docs/snapshot.md, section 9, has the figures of the last run).
#
# Dataset: KEYS keys "key:%012d" (redis-benchmark's -r key names) of VALUE_SIZE random bytes
# (Python's random.Random(42).randbytes: incompressible, the same bytes for both servers),
# loaded with redis-cli --pipe. Same rdbcompression (RDBCOMPRESSION) and defaults otherwise.
# Each server runs alone (one after the other), in its own temporary directory:
#
#   1. save time: BGSAVE on an idle server, wall time from the command to
#      rdb_bgsave_in_progress:0 (polled every 10 ms), and the CPU time it cost the process
#      (utime+stime of the server plus its reaped children: Redis's fork child counts);
#   2. load time: restart on that dump, Redis's log line "DB loaded from disk: N seconds";
#   3. memory: a client overwrites random keys with random values at WRITE_RATE SETs/s
#      (pipelined batches every 10 ms); BGSAVE; the PSS of the server plus every descendant
#      (its fork child) is sampled from /proc/<pid>/smaps_rollup every 20 ms; reported: peak
#      PSS during the save over the peak of the second before it;
#   4. latency: redis-benchmark -t set,get -c LAT_CLIENTS -d VALUE_SIZE -r KEYS
#      -n LAT_REQUESTS, p99, idle and while BGSAVEs run back to back, alternated LAT_ROUNDS
#      times; the median of each is reported (single runs swing 2-4x on a busy machine).
#      The next BGSAVE is started by one client on one connection polling INFO every 20 ms
#      (a shell loop starting redis-cli, tr and grep 50 times a second cost the 2 vCPUs
#      ~30% of the benchmark's throughput and raised its p99 2.5x with no save running).
# Then a table with StructD / Redis ratios (lower is better everywhere).
#
# Environment (defaults): KEYS=1000000 VALUE_SIZE=1000 WRITE_RATE=50000 RDBCOMPRESSION=yes
# LAT_REQUESTS=100000 LAT_CLIENTS=50 LAT_ROUNDS=5 STRUCTD_BIN=.build/release/structd-server
# REDIS_BIN=/usr/bin/redis-server
#   KEYS=100000 scripts/bench-snapshot.sh      # a quick run (~100 MB)
# Needs python3, redis-cli, redis-benchmark. Uses ~2.5x the dataset in RAM (Redis's fork)
# and ~2x on disk. The machine is shared: the load average is printed before and after.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
KEYS="${KEYS:-1000000}"
VALUE_SIZE="${VALUE_SIZE:-1000}"
WRITE_RATE="${WRITE_RATE:-50000}"
RDBCOMPRESSION="${RDBCOMPRESSION:-yes}"
LAT_REQUESTS="${LAT_REQUESTS:-100000}"
LAT_CLIENTS="${LAT_CLIENTS:-50}"
LAT_ROUNDS="${LAT_ROUNDS:-5}"
STRUCTD_BIN="${STRUCTD_BIN:-$root/.build/release/structd-server}"
REDIS_BIN="${REDIS_BIN:-/usr/bin/redis-server}"
for tool in python3 redis-cli redis-benchmark; do
    command -v "$tool" >/dev/null || { echo "bench-snapshot: $tool not found" >&2; exit 1; }
done
[[ -x "$STRUCTD_BIN" ]] || { echo "bench-snapshot: $STRUCTD_BIN not built (swift build -c release --static-swift-stdlib)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/bench-snapshot-XXXXXX")"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.2
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

cat >"$work/helper.py" <<'EOF'
import os, random, socket, sys, time

def gen(n, size):
    r = random.Random(42)
    out = sys.stdout.buffer
    batch = []
    for i in range(n):
        k = b"key:%012d" % i
        v = r.randbytes(size)
        batch.append(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
        if len(batch) == 1000:
            out.write(b"".join(batch)); batch = []
    out.write(b"".join(batch))

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); print(p)

def descendants(pid):
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, t)) as f:
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out

def pss_kb(pid):
    total = 0
    for p in descendants(pid):
        try:
            with open("/proc/%d/smaps_rollup" % p) as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]); break
        except OSError:
            pass
    return total

def sample(pid, out, stop):
    # "monotonic_seconds pss_kb" every 20 ms until the stop file exists (bounded: 1 hour).
    with open(out, "w") as f:
        end = time.monotonic() + 3600
        while not os.path.exists(stop) and time.monotonic() < end:
            f.write("%.3f %d\n" % (time.monotonic(), pss_kb(pid))); f.flush()
            time.sleep(0.02)

def peaks(samples, t0, t1):
    # max PSS in the second before t0 (baseline) and between t0 and t1 (during the save)
    before, during = 0, 0
    for line in open(samples):
        t, kb = line.split(); t = float(t); kb = int(kb)
        if t0 - 1.0 <= t < t0: before = max(before, kb)
        if t0 <= t <= t1: during = max(during, kb)
    print(before, during)

def overwrite(port, keys, size, rate, stop):
    # SET key:<random> <random value> at `rate`/s in batches every 10 ms until `stop` exists.
    r = random.Random(7)
    # Pre-encoded pieces: "*3 SET <key>" per key, "$len <value>" per pooled random value.
    heads = [b"*3\r\n$3\r\nSET\r\n$16\r\n" + (b"key:%012d" % i) + b"\r\n" for i in range(keys)]
    pool = [b"$%d\r\n" % size + r.randbytes(size) + b"\r\n" for _ in range(4096)]
    rnd = r.random
    s = socket.create_connection(("127.0.0.1", port)); s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sent = 0; start = time.monotonic(); pending = 0; buf = b""
    end = start + 3600
    while not os.path.exists(stop) and time.monotonic() < end:
        due = int((time.monotonic() - start) * rate)
        n = min(due - sent, rate // 20)
        if n > 0:
            parts = []
            for _ in range(n):
                parts.append(heads[int(rnd() * keys)]); parts.append(pool[int(rnd() * 4096)])
            s.sendall(b"".join(parts)); sent += n; pending += n
        # Read what has arrived (replies are "+OK\r\n"), without waiting for all of them.
        s.setblocking(False)
        try:
            while True:
                d = s.recv(1 << 16)
                if not d: break
                pending -= d.count(b"\r\n")
        except BlockingIOError:
            pass
        s.setblocking(True)
        time.sleep(0.01)
    print("%.0f" % (sent / max(1e-9, time.monotonic() - start)))

def saver(port, stop):
    # BGSAVE whenever none runs (INFO persistence every 20 ms on one connection) until
    # `stop` exists (bounded: 1 hour); prints how many it started.
    s = socket.create_connection(("127.0.0.1", port)); f = s.makefile("rb")
    started = 0; end = time.monotonic() + 3600
    while not os.path.exists(stop) and time.monotonic() < end:
        s.sendall(b"*2\r\n$4\r\nINFO\r\n$11\r\npersistence\r\n")
        body = f.read(int(f.readline()[1:]) + 2)
        if b"rdb_bgsave_in_progress:0" in body:
            s.sendall(b"*1\r\n$6\r\nBGSAVE\r\n"); f.readline(); started += 1
        time.sleep(0.02)
    print(started)

cmd = sys.argv[1]
if cmd == "gen": gen(int(sys.argv[2]), int(sys.argv[3]))
elif cmd == "port": free_port()
elif cmd == "sample": sample(int(sys.argv[2]), sys.argv[3], sys.argv[4])
elif cmd == "peaks": peaks(sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
elif cmd == "overwrite": overwrite(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6])
elif cmd == "now": print("%.3f" % time.monotonic())
elif cmd == "saver": saver(int(sys.argv[2]), sys.argv[3])
EOF
py() { python3 "$work/helper.py" "$@"; }

echo "bench-snapshot: $KEYS keys x $VALUE_SIZE bytes, rdbcompression $RDBCOMPRESSION, overwrites at $WRITE_RATE/s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) CPUs)"
echo "generating the dataset..."
py gen "$KEYS" "$VALUE_SIZE" >"$work/data.resp"

# start_server <kind> <dir> <port>: starts in the background, records the pid in $server_pid.
start_server() {
    local kind=$1 dir=$2 port=$3
    local args=(--port "$port" --bind 127.0.0.1 --dir "$dir" --save "" --appendonly no
                --rdbcompression "$RDBCOMPRESSION" --dbfilename dump.rdb)
    if [[ $kind == redis ]]; then
        "$REDIS_BIN" "${args[@]}" --daemonize no --logfile "$dir/log" >/dev/null 2>&1 &
    else
        "$STRUCTD_BIN" "${args[@]}" >>"$dir/log" 2>&1 &
    fi
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 1 6000); do
        if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then return 0; fi
        sleep 0.05
    done
    echo "bench-snapshot: $kind did not start; log:" >&2; tail -20 "$dir/log" >&2; exit 1
}

stop_server() {
    local port=$1 pid=$2
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
}

in_progress() { redis-cli -p "$1" info persistence | tr -d '\r' | grep -q '^rdb_bgsave_in_progress:1'; }

wait_save() {
    local port=$1
    for _ in $(seq 1 360000); do in_progress "$port" || return 0; sleep 0.01; done
    echo "bench-snapshot: save did not end" >&2; exit 1
}

# CPU seconds of a process and its reaped children (a fork child counts once it is reaped).
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"; }

p99() {  # p99 of <test> from redis-benchmark --csv output
    awk -F'","' -v t="$2" '{ gsub(/"/, "", $1); gsub(/"/, "", $NF) } $1 == t { print $7 }' "$1"
}

declare -A R
run_one() {
    local kind=$1 dir="$work/$1" port
    mkdir -p "$dir"
    port=$(py port)
    echo "== $kind (port $port)"
    start_server "$kind" "$dir" "$port"
    local pid=$server_pid
    redis-cli -p "$port" --pipe <"$work/data.resp" | tail -1

    # 1. save time, idle
    local c0 t0 t1
    c0=$(cpu_seconds "$pid"); t0=$(py now)
    redis-cli -p "$port" bgsave >/dev/null
    sleep 0.01; wait_save "$port"
    t1=$(py now)
    R[$kind,save]=$(echo "$t1 - $t0" | bc -l)
    R[$kind,savecpu]=$(echo "$(cpu_seconds "$pid") - $c0" | bc -l)
    echo "   save: $(printf %.2f "${R[$kind,save]}") s wall, ${R[$kind,savecpu]} s CPU; dump $(stat -c %s "$dir/dump.rdb") bytes"

    # 2. load time
    stop_server "$port" "$pid"
    start_server "$kind" "$dir" "$port"
    pid=$server_pid
    R[$kind,load]=$(grep -o 'DB loaded from disk: [0-9.]* seconds' "$dir/log" | tail -1 | awk '{print $5}')
    echo "   load: ${R[$kind,load]} s"

    # 3. memory during a save under overwrites
    rm -f "$dir/stop"
    py sample "$pid" "$dir/pss" "$dir/stop" &
    local sampler=$!
    py overwrite "$port" "$KEYS" "$VALUE_SIZE" "$WRITE_RATE" "$dir/stop" >"$dir/rate" &
    local writer=$!
    sleep 3
    t0=$(py now)
    redis-cli -p "$port" bgsave >/dev/null
    sleep 0.01; wait_save "$port"
    t1=$(py now)
    sleep 0.3
    touch "$dir/stop"; wait "$writer" "$sampler" || true
    read -r before during < <(py peaks "$dir/pss" "$t0" "$(echo "$t1 + 0.2" | bc -l)")
    R[$kind,pssbase]=$before; R[$kind,psspeak]=$during
    R[$kind,pssover]=$(echo "($during - $before) * 100 / $before" | bc -l)
    R[$kind,savebusy]=$(echo "$t1 - $t0" | bc -l)
    echo "   memory: PSS $before kB before, $during kB peak during the save ($(printf %.2f "${R[$kind,pssover]}")%); save under writes $(printf %.2f "${R[$kind,savebusy]}") s; writes $(cat "$dir/rate")/s"

    # 4. latency: idle, then with BGSAVE back to back, alternated; medians
    local bench=(redis-benchmark -p "$port" -t set,get -c "$LAT_CLIENTS" -d "$VALUE_SIZE" -r "$KEYS" -n "$LAT_REQUESTS" --csv)
    local round
    for round in $(seq 1 "$LAT_ROUNDS"); do
        "${bench[@]}" >"$dir/lat-idle-$round" 2>/dev/null
        rm -f "$dir/stop"
        py saver "$port" "$dir/stop" >"$dir/saves-$round" &
        local saver=$!
        sleep 0.2
        "${bench[@]}" >"$dir/lat-save-$round" 2>/dev/null
        touch "$dir/stop"; wait "$saver" || true
        wait_save "$port"
    done
    for t in SET GET; do
        R[$kind,idle$t]=$(for f in "$dir"/lat-idle-*; do p99 "$f" "$t"; done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        R[$kind,save$t]=$(for f in "$dir"/lat-save-*; do p99 "$f" "$t"; done | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    done
    echo "   p99 ms idle / saving (median of $LAT_ROUNDS): SET ${R[$kind,idleSET]} / ${R[$kind,saveSET]}, GET ${R[$kind,idleGET]} / ${R[$kind,saveGET]}"
    stop_server "$port" "$pid"
}

run_one redis
run_one structd

ratio() { echo "$1 / $2" | bc -l | xargs printf %.2f; }
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %14s %14s %10s\n' "figure" "redis 7.0.15" "structd" "ratio"
row() { printf '%-40s %14s %14s %10s\n' "$1" "$2" "$3" "$4"; }
row "BGSAVE, idle: wall s" "$(printf %.2f "${R[redis,save]}")" "$(printf %.2f "${R[structd,save]}")" "$(ratio "${R[structd,save]}" "${R[redis,save]}")"
row "BGSAVE, idle: CPU s" "${R[redis,savecpu]}" "${R[structd,savecpu]}" "$(ratio "${R[structd,savecpu]}" "${R[redis,savecpu]}")"
row "load at start-up: s" "${R[redis,load]}" "${R[structd,load]}" "$(ratio "${R[structd,load]}" "${R[redis,load]}")"
row "PSS peak over baseline during BGSAVE %" "$(printf %.2f "${R[redis,pssover]}")" "$(printf %.2f "${R[structd,pssover]}")" "-"
row "BGSAVE under writes: wall s" "$(printf %.2f "${R[redis,savebusy]}")" "$(printf %.2f "${R[structd,savebusy]}")" "$(ratio "${R[structd,savebusy]}" "${R[redis,savebusy]}")"
for t in SET GET; do
    row "p99 $t idle ms" "${R[redis,idle$t]}" "${R[structd,idle$t]}" "$(ratio "${R[structd,idle$t]}" "${R[redis,idle$t]}")"
    row "p99 $t while saving ms" "${R[redis,save$t]}" "${R[structd,save$t]}" "$(ratio "${R[structd,save$t]}" "${R[redis,save$t]}")"
    row "p99 $t saving / idle (target <= 2)" "$(ratio "${R[redis,save$t]}" "${R[redis,idle$t]}")" "$(ratio "${R[structd,save$t]}" "${R[structd,idle$t]}")" "-"
done
