#!/usr/bin/env bash
# bench-checksum.sh: throughput of every CRC implementation in Sources/CChecksum.
#
# Compiles the C kernels as the package does (-O3) together with a small timing driver
# (written below into a temporary directory) and prints GB/s (10^9 bytes per second) per
# implementation and buffer size, the best of several runs. No Swift, no SwiftPM target:
# the Swift wrappers add one call per buffer, nothing per byte.
#
#   scripts/bench-checksum.sh            # default sizes
#   scripts/bench-checksum.sh 64 4096    # only these buffer sizes (bytes)
#
# Time is this thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so time spent descheduled on a
# busy shared machine does not count; a sibling hyperthread's load still can. Compare
# implementations within one run rather than across runs.
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

int main(int argc, char **argv) {
    size_t defaults[] = {16, 64, 256, 1024, 4096, 65536, 1 << 20};
    size_t nsizes = argc > 1 ? (size_t)(argc - 1) : sizeof defaults / sizeof defaults[0];
    int level = cchk_cpu_level();
    unsigned char *buf = malloc(1 << 20 | 64);
    for (size_t i = 0; i < (1 << 20 | 64); i++) buf[i] = (unsigned char)(i * 2654435761u >> 13);
    printf("cpu level %d (0 = tables, 1 = PCLMUL, 2 = AVX-512 VPCLMULQDQ); GB/s\n", level);
    printf("%-8s %10s %10s %10s %10s %10s %10s\n", "bytes", "crc64-tab", "crc64-pcl",
           "crc64-vpcl", "crc16-tab", "crc16-pcl", "crc16-vpcl");
    for (size_t s = 0; s < nsizes; s++) {
        size_t len = argc > 1 ? (size_t)atol(argv[s + 1]) : defaults[s];
        if (len > (1 << 20)) len = 1 << 20;
        printf("%-8zu %10.2f", len, measure(0, (void *)cchk_crc64_table, buf, len));
        printf(" %10.2f", level >= 1 ? measure(0, (void *)cchk_crc64_pclmul, buf, len) : 0.0);
        printf(" %10.2f", level >= 2 ? measure(0, (void *)cchk_crc64_vpclmul, buf, len) : 0.0);
        printf(" %10.2f", measure(1, (void *)cchk_crc16_table, buf, len));
        printf(" %10.2f", level >= 1 ? measure(1, (void *)cchk_crc16_pclmul, buf, len) : 0.0);
        printf(" %10.2f\n", level >= 2 ? measure(1, (void *)cchk_crc16_vpclmul, buf, len) : 0.0);
    }
    return 0;
}
EOF

"$cc" -O3 -std=c11 -I"$root/Sources/CChecksum/include" -I"$root/Sources/CChecksum" \
    "$root/Sources/CChecksum/checksum.c" "$work/bench.c" -o "$work/bench"
"$work/bench" "$@"
