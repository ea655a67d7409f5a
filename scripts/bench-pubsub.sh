#!/usr/bin/env bash
# bench-pubsub.sh: pub/sub fan-out of structd-server side by side with Debian's
# redis-server, on this machine, in one run.
#
# SUBSCRIBERS connections subscribe to one channel; one publisher connection sends
# PUBLISHES messages of PAYLOAD bytes, PIPELINE at a time (it waits for each batch's
# replies before sending the next). Two figures per server:
#   publish rate   PUBLISH commands acknowledged per second (the publisher's view);
#   delivery rate  messages received per second, summed over all subscribers, from the
#                  first PUBLISH until the last subscriber has every message.
# The load generator is a small C program (epoll, one thread reading the subscribers, one
# publishing), compiled here with cc, so the client side costs the same for both servers
# and stays well below what it measures. Servers alternate every round (the order flips),
# ROUNDS rounds; the table shows medians and the median of the per-round ratios
# StructD / Redis (above 1 = StructD faster).
#
# Settings (environment):
#   ROUNDS=3  SUBSCRIBERS=1000  PUBLISHES=20000  PAYLOAD=16  PIPELINE=32
#   STRUCTD_BIN   binary to measure (default: build and use .build/release/structd-server)
#   REDIS_BIN=/usr/bin/redis-server
# Both servers run with --save '' --appendonly no and no pubsub output-buffer limit (the
# subscribers read as fast as they can; a limit would only add disconnections to compare),
# on free loopback ports in a temporary directory, and are stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-3}
SUBSCRIBERS=${SUBSCRIBERS:-1000}
PUBLISHES=${PUBLISHES:-20000}
PAYLOAD=${PAYLOAD:-16}
PIPELINE=${PIPELINE:-32}
BENCH_NAME=bench
. scripts/lib/bench-common.sh
require_tools cc redis-cli
require_redis
resolve_structd_bin

# Each subscriber is a descriptor on both sides of the loopback connection.
ulimit -n $((SUBSCRIBERS * 2 + 256)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"

bench_workdir bench-pubsub

# ---------------------------------------------------------------- the load generator
cat > "$work/pubsub-load.c" <<'EOF'
/* pubsub-load HOST PORT SUBSCRIBERS PUBLISHES PAYLOAD PIPELINE
 * Prints "<publishes/s> <deliveries/s>". Every message has the same size, so each
 * subscriber's progress is simply the number of bytes it has read. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *host;
static int port, subscribers, publishes, payload, pipeline;
static double publishSeconds;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what) { perror(what); exit(1); }

static int dial(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
    inet_pton(AF_INET, host, &a.sin_addr);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void writeAll(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) { if (errno == EINTR) continue; die("write"); }
        p += w; n -= (size_t)w;
    }
}

/* Reads exactly n bytes (blocking). */
static void readExactly(int fd, char *buf, size_t n) {
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0) { if (r < 0 && errno == EINTR) continue; die("read"); }
        got += (size_t)r;
    }
}

static void *publisher(void *arg) {
    (void)arg;
    int fd = dial();
    char *msg = malloc((size_t)payload);
    memset(msg, 'x', (size_t)payload);
    char head[128];
    int hl = snprintf(head, sizeof head, "*3\r\n$7\r\nPUBLISH\r\n$5\r\nbench\r\n$%d\r\n", payload);
    size_t one = (size_t)hl + (size_t)payload + 2;
    char *batch = malloc(one * (size_t)pipeline);
    for (int i = 0; i < pipeline; i++) {
        char *p = batch + one * (size_t)i;
        memcpy(p, head, (size_t)hl);
        memcpy(p + hl, msg, (size_t)payload);
        memcpy(p + hl + payload, "\r\n", 2);
    }
    /* Each reply is ":<subscribers>\r\n". */
    char reply[64];
    int rl = snprintf(reply, sizeof reply, ":%d\r\n", subscribers);
    char *replies = malloc((size_t)rl * (size_t)pipeline);
    double start = now();
    for (int sent = 0; sent < publishes; sent += pipeline) {
        int n = publishes - sent < pipeline ? publishes - sent : pipeline;
        writeAll(fd, batch, one * (size_t)n);
        readExactly(fd, replies, (size_t)rl * (size_t)n);
        if (memcmp(replies, reply, (size_t)rl) != 0) {
            fprintf(stderr, "unexpected PUBLISH reply: %.*s\n", rl, replies);
            exit(1);
        }
    }
    publishSeconds = now() - start;
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 7) { fprintf(stderr, "usage: %s host port subscribers publishes payload pipeline\n", argv[0]); return 2; }
    host = argv[1]; port = atoi(argv[2]); subscribers = atoi(argv[3]);
    publishes = atoi(argv[4]); payload = atoi(argv[5]); pipeline = atoi(argv[6]);

    const char *sub = "*2\r\n$9\r\nSUBSCRIBE\r\n$5\r\nbench\r\n";
    const char *confirm = "*3\r\n$9\r\nsubscribe\r\n$5\r\nbench\r\n:1\r\n";
    char tmp[256];
    int *fds = malloc(sizeof(int) * (size_t)subscribers);
    long long *got = calloc((size_t)subscribers, sizeof(long long));
    int ep = epoll_create1(0);
    for (int i = 0; i < subscribers; i++) {
        fds[i] = dial();
        writeAll(fds[i], sub, strlen(sub));
        readExactly(fds[i], tmp, strlen(confirm));
        if (memcmp(tmp, confirm, strlen(confirm)) != 0) { fprintf(stderr, "bad SUBSCRIBE reply\n"); return 1; }
        fcntl(fds[i], F_SETFL, fcntl(fds[i], F_GETFL) | O_NONBLOCK);
        struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)i };
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) < 0) die("epoll_ctl");
    }
    char head[128];
    int ml = snprintf(head, sizeof head, "*3\r\n$7\r\nmessage\r\n$5\r\nbench\r\n$%d\r\n", payload) + payload + 2;
    long long want = (long long)ml * publishes;

    pthread_t t;
    double start = now();
    pthread_create(&t, NULL, publisher, NULL);
    int done = 0;
    static char buf[1 << 18];
    struct epoll_event events[256];
    while (done < subscribers) {
        int n = epoll_wait(ep, events, 256, 10000);
        if (n == 0) { fprintf(stderr, "timed out with %d of %d subscribers complete\n", done, subscribers); return 1; }
        for (int k = 0; k < n; k++) {
            int i = (int)events[k].data.u32;
            for (;;) {
                ssize_t r = read(fds[i], buf, sizeof buf);
                if (r > 0) {
                    got[i] += r;
                    if (got[i] == want) done++;
                    continue;
                }
                if (r < 0 && (errno == EAGAIN || errno == EINTR)) break;
                fprintf(stderr, "subscriber %d: connection closed after %lld of %lld bytes\n", i, got[i], want);
                return 1;
            }
        }
    }
    double deliverSeconds = now() - start;
    pthread_join(t, NULL);
    printf("%.0f %.0f\n", publishes / publishSeconds, (double)publishes * subscribers / deliverSeconds);
    return 0;
}
EOF
cc -O2 -pthread -o "$work/pubsub-load" "$work/pubsub-load.c"

# ---------------------------------------------------------------- servers
start_server structd "$STRUCTD_BIN" --client-output-buffer-limit "pubsub 0 0 0" --maxclients $((SUBSCRIBERS + 100))
start_server redis "$REDIS_BIN" --client-output-buffer-limit "pubsub 0 0 0" --maxclients $((SUBSCRIBERS + 100))
STRUCTD_PORT=$structd_PORT
REDIS_PORT=$redis_PORT

run_one() {  # port -> "publish delivery"
    "$work/pubsub-load" 127.0.0.1 "$1" "$SUBSCRIBERS" "$PUBLISHES" "$PAYLOAD" "$PIPELINE"
}

sp=(); sd=(); rp=(); rd=(); ratio_p=(); ratio_d=()
for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="structd redis"; else order="redis structd"; fi
    for who in $order; do
        if [ "$who" = structd ]; then read -r p d < <(run_one "$STRUCTD_PORT"); sp+=("$p"); sd+=("$d")
        else read -r p d < <(run_one "$REDIS_PORT"); rp+=("$p"); rd+=("$d"); fi
    done
    i=$((round - 1))
    ratio_p+=("$(ratio "${sp[$i]}" "${rp[$i]}")")
    ratio_d+=("$(ratio "${sd[$i]}" "${rd[$i]}")")
    echo "round $round: structd ${sp[$i]} pub/s ${sd[$i]} msg/s | redis ${rp[$i]} pub/s ${rd[$i]} msg/s" >&2
done

printf '\npub/sub fan-out: %d subscribers, %d publishes of %d bytes, pipeline %d, %d rounds (medians)\n\n' \
    "$SUBSCRIBERS" "$PUBLISHES" "$PAYLOAD" "$PIPELINE" "$ROUNDS"
printf '%-16s %14s %14s %16s\n' "" "structd" "redis" "structd/redis"
printf '%-16s %14s %14s %16s\n' "publish/s" "$(printf '%s\n' "${sp[@]}" | median)" "$(printf '%s\n' "${rp[@]}" | median)" "$(printf '%s\n' "${ratio_p[@]}" | median)"
printf '%-16s %14s %14s %16s\n' "delivered msg/s" "$(printf '%s\n' "${sd[@]}" | median)" "$(printf '%s\n' "${rd[@]}" | median)" "$(printf '%s\n' "${ratio_d[@]}" | median)"
