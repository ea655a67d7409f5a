#!/usr/bin/env bash
# bench-checksum.sh: throughput of every CRC implementation in Sources/CChecksum, against
# the references the targets are stated in (docs/checksum.md, issue 5):
#
#   CRC64  byte-at-a-time (one 256-entry table, the textbook loop), slicing-by-8 (our
#          `table` kernel; Redis 7.0's crc64 is a slicing-by-8 of the same kind), PCLMUL
#          folding, AVX-512 VPCLMULQDQ folding.
#   CRC16  Redis's algorithm (XMODEM, one 256-entry table, a byte per step, as Redis's
#          crc16.c), slicing-by-8 (our `table` kernel), PCLMUL, VPCLMULQDQ, and the
#          dispatching entry point the server calls (`cchk_crc16`).
#
# Part 1 prints GB/s (10^9 bytes/s) per implementation and buffer size, then the ratios the
# targets are about on 64 KiB: CRC64 fastest / slicing-by-8 and / byte-at-a-time, CRC16
# fastest / Redis's table. Part 2 is cluster keys: ns per call over keys of 3..40 bytes
# (random lengths and contents, a fresh key each call), and the ratio to Redis's table.
#
# The reference loops are written here from the CRC definitions (tables generated at run
# time from the polynomials); every implementation's result is checked against them, and
# against the check values, before anything is timed.
#
#   scripts/bench-checksum.sh            # default sizes
#   scripts/bench-checksum.sh 64 4096    # only these buffer sizes (bytes) in part 1
#
# Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), best of 5 runs, so time spent
# descheduled on a busy shared machine does not count; a sibling hyperthread's load still
# can. Compare implementations within one run rather than across runs.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cc="${CC:-}"
if [[ -z "$cc" ]]; then
    if command -v clang >/dev/null 2>&1; then cc=clang; else cc=cc; fi
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/bench.c" <<'EOF'
#define _POSIX_C_SOURCE 200809L
#include "CChecksum.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- References, from the definitions ---- */

/* CRC-64/Jones, reflected: the reflected polynomial of 0xad93d23594c935a9. */
static uint64_t T64[256];
/* CRC-16/XMODEM, not reflected, polynomial 0x1021 (Redis's cluster slot CRC). */
static uint16_t T16[256];

static void make_tables(void) {
    const uint64_t poly64 = 0x95ac9329ac4bc9b5ULL; /* bit-reversed 0xad93d23594c935a9 */
    for (int b = 0; b < 256; b++) {
        uint64_t c = (uint64_t)b;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ poly64 : c >> 1;
        T64[b] = c;
        uint16_t d = (uint16_t)(b << 8);
        for (int k = 0; k < 8; k++) d = (d & 0x8000) ? (uint16_t)((d << 1) ^ 0x1021) : (uint16_t)(d << 1);
        T16[b] = d;
    }
}

/* One byte per step through one table. */
static uint64_t crc64_bytewise(uint64_t crc, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) crc = T64[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
    return crc;
}

/* Redis's crc16 loop: crc = (crc << 8) ^ table[(crc >> 8) ^ byte]. */
static uint16_t crc16_redis(uint16_t crc, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) crc = (uint16_t)((crc << 8) ^ T16[((crc >> 8) ^ p[i]) & 0xff]);
    return crc;
}

typedef uint64_t (*fn64)(uint64_t, const void *, size_t);
typedef uint16_t (*fn16)(uint16_t, const void *, size_t);
static volatile uint64_t sink;

/* Best of 5 runs of ~40 ms each; the buffer stays in cache (L1/L2 for small sizes). */
static double measure(int is16, void *f, const unsigned char *buf, size_t len) {
    size_t reps = 1;
    double best = 0;
    for (;;) { /* calibrate */
        double t0 = now();
        uint64_t acc = 0;
        for (size_t r = 0; r < reps; r++)
            acc += is16 ? ((fn16)f)((uint16_t)r, buf, len) : ((fn64)f)(r, buf, len);
        sink = acc;
        if (now() - t0 > 0.04) break;
        reps *= 2;
    }
    for (int run = 0; run < 5; run++) {
        double t0 = now();
        uint64_t acc = 0;
        for (size_t r = 0; r < reps; r++)
            acc += is16 ? ((fn16)f)((uint16_t)r, buf, len) : ((fn64)f)(r, buf, len);
        sink = acc;
        double gbs = (double)len * (double)reps / (now() - t0) / 1e9;
        if (gbs > best) best = gbs;
    }
    return best;
}

/* Cluster keys: NKEYS keys of 3..40 random bytes; ns per call, a different key each call. */
#define NKEYS 4096
static unsigned char keybuf[NKEYS * 48];
static size_t keyoff[NKEYS], keylen[NKEYS];

static double measure_keys(fn16 f) {
    size_t rounds = 1;
    double best = 1e30;
    for (;;) {
        double t0 = now();
        uint64_t acc = 0;
        for (size_t r = 0; r < rounds; r++)
            for (size_t k = 0; k < NKEYS; k++) acc += f(0, keybuf + keyoff[k], keylen[k]);
        sink = acc;
        if (now() - t0 > 0.04) break;
        rounds *= 2;
    }
    for (int run = 0; run < 5; run++) {
        double t0 = now();
        uint64_t acc = 0;
        for (size_t r = 0; r < rounds; r++)
            for (size_t k = 0; k < NKEYS; k++) acc += f(0, keybuf + keyoff[k], keylen[k]);
        sink = acc;
        double ns = (now() - t0) * 1e9 / (double)(rounds * NKEYS);
        if (ns < best) best = ns;
    }
    return best;
}

static int failures = 0;
static void verify(const char *name, int ok) {
    if (!ok) { fprintf(stderr, "MISMATCH: %s disagrees with the reference\n", name); failures++; }
}

int main(int argc, char **argv) {
    make_tables();
    size_t defaults[] = {16, 64, 256, 1024, 4096, 65536, 1 << 20};
    size_t nsizes = argc > 1 ? (size_t)(argc - 1) : sizeof defaults / sizeof defaults[0];
    int level = cchk_cpu_level();
    size_t cap = (1 << 20) | 64;
    unsigned char *buf = malloc(cap);
    for (size_t i = 0; i < cap; i++) buf[i] = (unsigned char)(i * 2654435761u >> 13);

    /* Correctness first: check values, then agreement on many lengths and seeds. */
    verify("crc64 bytewise check value", crc64_bytewise(0, "123456789", 9) == 0xe9c6d914c4b8d9caULL);
    verify("crc16 redis check value", crc16_redis(0, "123456789", 9) == 0x31c3);
    for (size_t len = 0; len < 2100; len += (len < 64 ? 1 : 37)) {
        uint64_t r64 = crc64_bytewise(len, buf + (len & 7), len);
        uint16_t r16 = crc16_redis((uint16_t)len, buf + (len & 7), len);
        verify("crc64 slicing-by-8", cchk_crc64_table(len, buf + (len & 7), len) == r64);
        verify("crc64 dispatch", cchk_crc64(len, buf + (len & 7), len) == r64);
        if (level >= 1) verify("crc64 pclmul", cchk_crc64_pclmul(len, buf + (len & 7), len) == r64);
        if (level >= 2) verify("crc64 vpclmul", cchk_crc64_vpclmul(len, buf + (len & 7), len) == r64);
        verify("crc16 slicing-by-8", cchk_crc16_table((uint16_t)len, buf + (len & 7), len) == r16);
        verify("crc16 dispatch", cchk_crc16((uint16_t)len, buf + (len & 7), len) == r16);
        if (level >= 1) verify("crc16 pclmul", cchk_crc16_pclmul((uint16_t)len, buf + (len & 7), len) == r16);
        if (level >= 2) verify("crc16 vpclmul", cchk_crc16_vpclmul((uint16_t)len, buf + (len & 7), len) == r16);
    }
    if (failures) return 1;

    printf("cpu level %d (0 = tables, 1 = PCLMUL, 2 = AVX-512 VPCLMULQDQ); all implementations agree with the references\n\n", level);
    printf("1. throughput, GB/s\n");
    printf("%-8s %10s %10s %10s %10s | %10s %10s %10s %10s\n", "bytes", "crc64-byte", "crc64-sl8",
           "crc64-pcl", "crc64-vpcl", "crc16-redis", "crc16-sl8", "crc16-pcl", "crc16-vpcl");
    double b64 = 0, s64 = 0, f64 = 0, r16 = 0, s16 = 0, f16 = 0;
    for (size_t s = 0; s < nsizes; s++) {
        size_t len = argc > 1 ? (size_t)atol(argv[s + 1]) : defaults[s];
        if (len > (1 << 20)) len = 1 << 20;
        double v[8];
        v[0] = measure(0, (void *)crc64_bytewise, buf, len);
        v[1] = measure(0, (void *)cchk_crc64_table, buf, len);
        v[2] = level >= 1 ? measure(0, (void *)cchk_crc64_pclmul, buf, len) : 0.0;
        v[3] = level >= 2 ? measure(0, (void *)cchk_crc64_vpclmul, buf, len) : 0.0;
        v[4] = measure(1, (void *)crc16_redis, buf, len);
        v[5] = measure(1, (void *)cchk_crc16_table, buf, len);
        v[6] = level >= 1 ? measure(1, (void *)cchk_crc16_pclmul, buf, len) : 0.0;
        v[7] = level >= 2 ? measure(1, (void *)cchk_crc16_vpclmul, buf, len) : 0.0;
        printf("%-8zu %10.2f %10.2f %10.2f %10.2f | %10.2f %10.2f %10.2f %10.2f\n", len,
               v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        if (len == 65536) {
            b64 = v[0]; s64 = v[1]; r16 = v[4]; s16 = v[5];
            f64 = v[1]; for (int i = 2; i < 4; i++) if (v[i] > f64) f64 = v[i];
            f16 = v[5]; for (int i = 6; i < 8; i++) if (v[i] > f16) f16 = v[i];
        }
    }
    if (s64 > 0) {
        printf("\n64 KiB: CRC64 fastest %.1f GB/s = %.1fx slicing-by-8, %.1fx byte-at-a-time (target >= 30 GB/s)\n",
               f64, f64 / s64, f64 / b64);
        printf("64 KiB: CRC16 fastest %.1f GB/s = %.1fx Redis's byte table (target >= 6x); slicing-by-8 alone %.1fx\n",
               f16, f16 / r16, s16 / r16);
    }

    /* Part 2: cluster keys. */
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    size_t off = 0;
    double meanlen = 0;
    for (size_t k = 0; k < NKEYS; k++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        keylen[k] = 3 + (size_t)(x % 38);
        keyoff[k] = off;
        for (size_t i = 0; i < keylen[k]; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; keybuf[off + i] = (unsigned char)x; }
        off += keylen[k];
        meanlen += (double)keylen[k];
    }
    for (size_t k = 0; k < NKEYS; k++) {
        uint16_t r = crc16_redis(0, keybuf + keyoff[k], keylen[k]);
        verify("crc16 dispatch on keys", cchk_crc16(0, keybuf + keyoff[k], keylen[k]) == r);
    }
    if (failures) return 1;
    printf("\n2. cluster keys: %d keys of 3..40 bytes (mean %.1f), ns per call\n", NKEYS, meanlen / NKEYS);
    double kr = measure_keys(crc16_redis);
    double ks = measure_keys(cchk_crc16_table);
    double kd = measure_keys(cchk_crc16);
    printf("%-28s %8.2f ns\n", "crc16 Redis's byte table", kr);
    printf("%-28s %8.2f ns  (%.2fx)\n", "crc16 slicing-by-8", ks, kr / ks);
    if (level >= 1) {
        double kp = measure_keys(cchk_crc16_pclmul);
        printf("%-28s %8.2f ns  (%.2fx)\n", "crc16 pclmul", kp, kr / kp);
    }
    printf("%-28s %8.2f ns  (%.2fx)  <- what CLUSTER KEYSLOT uses\n", "crc16 dispatch (cchk_crc16)", kd, kr / kd);
    return 0;
}
EOF

"$cc" -O3 -std=c11 -I"$root/Sources/CChecksum/include" -I"$root/Sources/CChecksum" \
    "$root/Sources/CChecksum/checksum.c" "$work/bench.c" -o "$work/bench"
"$work/bench" "$@"
