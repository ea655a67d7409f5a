/* checksum.c: CRC-64/Jones and CRC-16/XMODEM kernels, and SHA-1 block compression with
 * the SHA extensions (see include/CChecksum.h).
 *
 * Why C: the folding kernels need PCLMULQDQ/VPCLMULQDQ intrinsics compiled for a CPU
 * feature set chosen per function (__attribute__((target))) and picked at run time; Swift
 * has neither. Everything else (API, hash slots, SHA1) lives in Swift.
 *
 * Method (docs/checksum.md has the algebra). With init 0 and xorout 0, a CRC is
 * M(x) * x^64 mod P, where M(x) is the message as one long polynomial. Any value
 * congruent to M mod P has the same CRC, so the message is "folded": a 128-bit block A
 * followed by D more bits becomes A*x^D + rest, and A*x^D is replaced by the congruent
 * H*(x^(D+64) mod P) + L*(x^D mod P) (H, L the 64-bit halves of A): two carry-less
 * 64x64 multiplications whose 128-bit sum is XORed into the block D bits later. Several
 * independent accumulators hide the multiplier latency; they are merged by folding each
 * over the distance to the last one. Bytes after the last whole 16-byte block are merged
 * with one overlapping load and byte shuffles (fold_tail), and the last 128-bit
 * accumulator is reduced to the CRC with one more fold and a Barrett reduction. Inputs
 * under 16 bytes go through the tables.
 *
 * CRC-64 is reflected: the first byte's least significant bit is the highest power, so a
 * little-endian load gives the register without any shuffle (its low qword is the high
 * half H) and constants are bit-reflected. CRC-16 is not reflected: each 16-byte block is
 * byte-reversed first, and it runs as a 64-bit CRC with generator P16 * x^48, whose
 * remainder is x^48 times the CRC-16, so both CRCs share one folding engine and differ
 * only in constants, the shuffle and the final reduction.
 *
 * The constants come from crc_constants.h, generated and verified by
 * scripts/gen-checksum-constants.py. x86-64 (little-endian) only.
 */
#include "CChecksum.h"
#include "crc_constants.h"

#include <immintrin.h>
#include <stdatomic.h>
#include <string.h>

#if !defined(__x86_64__)
#error "CChecksum: x86-64 only (the kernels use x86 intrinsics and little-endian loads)"
#endif

#define TARGET_PCLMUL __attribute__((target("pclmul,sse4.1,ssse3")))
#define TARGET_VPCLMUL \
    __attribute__((target("avx512f,avx512vl,avx512bw,vpclmulqdq,pclmul,sse4.1,ssse3")))
#define INLINE static inline __attribute__((always_inline))

/* ------------------------------------------------------------------ tables */

/* Slicing-by-8: after XORing the state into the next 8 bytes, their CRC is the XOR of
 * T[7-i][byte i], T[j][b] being the CRC of byte b followed by j zero bytes. */
INLINE uint64_t crc64_tables(uint64_t crc, const uint8_t *p, size_t n) {
    const uint64_t (*t)[256] = CRC64_TABLE;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        v ^= crc;
        crc = t[7][v & 0xff] ^ t[6][(v >> 8) & 0xff] ^ t[5][(v >> 16) & 0xff] ^
              t[4][(v >> 24) & 0xff] ^ t[3][(v >> 32) & 0xff] ^ t[2][(v >> 40) & 0xff] ^
              t[1][(v >> 48) & 0xff] ^ t[0][v >> 56];
        p += 8;
        n -= 8;
    }
    while (n--) crc = t[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

INLINE uint16_t crc16_tables(uint16_t crc, const uint8_t *p, size_t n) {
    const uint16_t (*t)[256] = CRC16_TABLE;
    while (n >= 8) {
        crc = t[7][p[0] ^ (crc >> 8)] ^ t[6][p[1] ^ (crc & 0xff)] ^ t[5][p[2]] ^
              t[4][p[3]] ^ t[3][p[4]] ^ t[2][p[5]] ^ t[1][p[6]] ^ t[0][p[7]];
        p += 8;
        n -= 8;
    }
    while (n--) crc = (uint16_t)((crc << 8) ^ t[0][(crc >> 8) ^ *p++]);
    return crc;
}

uint64_t cchk_crc64_table(uint64_t crc, const void *data, size_t len) {
    return crc64_tables(crc, data, len);
}

uint16_t cchk_crc16_table(uint16_t crc, const void *data, size_t len) {
    return crc16_tables(crc, data, len);
}

/* ------------------------------------------------------------------ combine */

/* a*b mod P on bit-reflected values (bit j = coefficient of x^(63-j)), by Horner's rule
 * from the highest power of a down; multiplying by x is a right shift here. */
static uint64_t crc64_mulmod(uint64_t a, uint64_t b) {
    const uint64_t rpoly = 0x95ac9329ac4bc9b5ULL; /* 0xad93d23594c935a9 bit-reversed */
    uint64_t r = 0;
    for (int j = 0; j < 64; j++) {
        r = (r >> 1) ^ ((r & 1) ? rpoly : 0);
        if ((a >> j) & 1) r ^= b;
    }
    return r;
}

/* crc(A || B) = crc(A) * x^(8|B|) + crc(B) mod P (init 0, xorout 0). */
uint64_t cchk_crc64_combine(uint64_t crc1, uint64_t crc2, uint64_t len2) {
    for (int i = 0; len2 != 0; i++, len2 >>= 1)
        if (len2 & 1) crc1 = crc64_mulmod(crc1, CRC64_XPOW8[i]);
    return crc1 ^ crc2;
}

/* ------------------------------------------------------------------ 128-bit folding */

/* Fold distance d bits = 128*k: constants CRC64_FOLD[k-1] / CRC16_FOLD[k-1]. */
#define K(table, k) (table[(k) - 1])

TARGET_PCLMUL INLINE __m128i kconst(const uint64_t k[2]) {
    return _mm_load_si128((const __m128i *)k);
}

TARGET_PCLMUL INLINE __m128i bswap128(__m128i v) {
    return _mm_shuffle_epi8(v, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

TARGET_PCLMUL INLINE __m128i load128(const uint8_t *p, int swap) {
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    return swap ? bswap128(v) : v;
}

/* x * x^d mod P, as a 128-bit value: low qword times k[0], high qword times k[1]. */
TARGET_PCLMUL INLINE __m128i fold128(__m128i x, __m128i k) {
    return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

/* Folds every whole 16-byte block of *pp[0..<*np] into one 128-bit register; the state
 * `seed` (already placed where the first block's bytes are) is XORed into that block.
 * Requires *np >= 16. Leaves *pp and *np at the unconsumed tail (< 16 bytes). */
TARGET_PCLMUL INLINE __m128i fold_blocks128(const uint8_t **pp, size_t *np, __m128i seed,
                                            const uint64_t (*tab)[2], int swap) {
    const uint8_t *p = *pp;
    size_t n = *np;
    __m128i x;
    if (n >= 128) {
        /* Eight accumulators, 128 bytes a round: each folds over 1024 bits. */
        __m128i x0 = _mm_xor_si128(load128(p, swap), seed);
        __m128i x1 = load128(p + 16, swap), x2 = load128(p + 32, swap);
        __m128i x3 = load128(p + 48, swap), x4 = load128(p + 64, swap);
        __m128i x5 = load128(p + 80, swap), x6 = load128(p + 96, swap);
        __m128i x7 = load128(p + 112, swap);
        p += 128;
        n -= 128;
        const __m128i k8 = kconst(K(tab, 8));
        while (n >= 128) {
            x0 = _mm_xor_si128(fold128(x0, k8), load128(p, swap));
            x1 = _mm_xor_si128(fold128(x1, k8), load128(p + 16, swap));
            x2 = _mm_xor_si128(fold128(x2, k8), load128(p + 32, swap));
            x3 = _mm_xor_si128(fold128(x3, k8), load128(p + 48, swap));
            x4 = _mm_xor_si128(fold128(x4, k8), load128(p + 64, swap));
            x5 = _mm_xor_si128(fold128(x5, k8), load128(p + 80, swap));
            x6 = _mm_xor_si128(fold128(x6, k8), load128(p + 96, swap));
            x7 = _mm_xor_si128(fold128(x7, k8), load128(p + 112, swap));
            p += 128;
            n -= 128;
        }
        /* Merge: accumulator i sits 7-i blocks before accumulator 7. */
        __m128i a = _mm_xor_si128(fold128(x0, kconst(K(tab, 7))), fold128(x1, kconst(K(tab, 6))));
        __m128i b = _mm_xor_si128(fold128(x2, kconst(K(tab, 5))), fold128(x3, kconst(K(tab, 4))));
        __m128i c = _mm_xor_si128(fold128(x4, kconst(K(tab, 3))), fold128(x5, kconst(K(tab, 2))));
        __m128i d = _mm_xor_si128(fold128(x6, kconst(K(tab, 1))), x7);
        x = _mm_xor_si128(_mm_xor_si128(a, b), _mm_xor_si128(c, d));
    } else if (n >= 64) {
        /* 64..127 bytes: four independent blocks merged in parallel, rather than a
         * chain of dependent folds. */
        __m128i x0 = _mm_xor_si128(load128(p, swap), seed);
        __m128i x1 = load128(p + 16, swap), x2 = load128(p + 32, swap);
        __m128i x3 = load128(p + 48, swap);
        p += 64;
        n -= 64;
        __m128i a = _mm_xor_si128(fold128(x0, kconst(K(tab, 3))), fold128(x1, kconst(K(tab, 2))));
        __m128i b = _mm_xor_si128(fold128(x2, kconst(K(tab, 1))), x3);
        x = _mm_xor_si128(a, b);
    } else {
        x = _mm_xor_si128(load128(p, swap), seed);
        p += 16;
        n -= 16;
    }
    const __m128i k1 = kconst(K(tab, 1));
    while (n >= 16) {
        x = _mm_xor_si128(fold128(x, k1), load128(p, swap));
        p += 16;
        n -= 16;
    }
    *pp = p;
    *np = n;
    return x;
}

/* Byte-shuffle masks for the tail: 16 "zero" entries (bit 7 set), 0..15, 16 more zeros. */
static const uint8_t TAIL_SHUFFLE[48] = {
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

/* Appends the last r (1..15) message bytes, which end at `end`, to the state x, without
 * tables. In message byte order, x followed by the tail t is
 *     X = Xa || Xb  (r and 16-r bytes),  X*x^(8r) + t = Xa * x^128 + (Xb || t),
 * so the first r bytes of x, right-aligned in a zeroed block, are folded by 128 bits onto
 * the block Xb || t. Xb || t is one unaligned load of the message's last 16 bytes with its
 * first 16-r bytes (already inside x) replaced by Xb. Requires 16 readable bytes before
 * `end`: the caller has consumed at least one whole block. */
TARGET_PCLMUL INLINE __m128i fold_tail(__m128i x, const uint8_t *end, size_t r,
                                       const uint64_t (*tab)[2], int swap) {
    const __m128i to_end = _mm_loadu_si128((const __m128i *)(TAIL_SHUFFLE + r));      /* byte j <- j-(16-r) */
    const __m128i to_front = _mm_loadu_si128((const __m128i *)(TAIL_SHUFFLE + 16 + r)); /* byte j <- j+r */
    const __m128i last = _mm_loadu_si128((const __m128i *)(end - 16));
    if (swap) x = bswap128(x); /* back to message byte order */
    __m128i a = _mm_shuffle_epi8(x, to_end);
    /* to_end has bit 7 set exactly in the first 16-r bytes: take those from x shifted. */
    __m128i c = _mm_blendv_epi8(last, _mm_shuffle_epi8(x, to_front), to_end);
    if (swap) {
        a = bswap128(a);
        c = bswap128(c);
    }
    return _mm_xor_si128(fold128(a, kconst(K(tab, 1))), c);
}

/* CRC-64 of the 16 bytes held by x (reflected). Y = H*x^128 + L*x^64 = X*x^64 (mod P) as
 * a 128-bit value, then Barrett: q = floor(Y/P), crc = Y + q*P mod x^64. */
TARGET_PCLMUL INLINE uint64_t crc64_reduce(__m128i x) {
    __m128i y = _mm_xor_si128(_mm_clmulepi64_si128(x, _mm_cvtsi64_si128((long long)CRC64_RK128), 0x00),
                              _mm_srli_si128(x, 8));
    __m128i t1 = _mm_clmulepi64_si128(y, _mm_cvtsi64_si128((long long)CRC64_MU), 0x00);
    __m128i t2 = _mm_clmulepi64_si128(t1, _mm_cvtsi64_si128((long long)CRC64_PX), 0x00);
    return (uint64_t)_mm_extract_epi64(y, 1) ^ (uint64_t)_mm_extract_epi64(t2, 1) ^
           (uint64_t)_mm_cvtsi128_si64(t1);
}

/* CRC-16 of the 16 bytes held by x (byte-reversed, normal bit order), via the 64-bit CRC
 * with generator P16*x^48: the remainder's top 16 bits are the CRC-16. */
TARGET_PCLMUL INLINE uint16_t crc16_reduce(__m128i x) {
    __m128i y = _mm_xor_si128(_mm_clmulepi64_si128(x, _mm_cvtsi64_si128((long long)CRC16_K128), 0x01),
                              _mm_slli_si128(x, 8));
    __m128i t = _mm_clmulepi64_si128(y, _mm_cvtsi64_si128((long long)CRC16_MU), 0x01);
    uint64_t q = (uint64_t)_mm_extract_epi64(y, 1) ^ (uint64_t)_mm_extract_epi64(t, 1);
    __m128i t2 = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)q),
                                      _mm_cvtsi64_si128((long long)CRC16_PX), 0x00);
    uint64_t r = (uint64_t)_mm_cvtsi128_si64(y) ^ (uint64_t)_mm_cvtsi128_si64(t2);
    return (uint16_t)(r >> 48);
}

/* The CRC-64 state goes into the first 8 bytes (little-endian, the low qword); the CRC-16
 * state into the first 2 bytes, big-endian: after the byte reversal, the top 16 bits. */
TARGET_PCLMUL INLINE __m128i crc64_seed(uint64_t crc) {
    return _mm_cvtsi64_si128((long long)crc);
}

TARGET_PCLMUL INLINE __m128i crc16_seed(uint16_t crc) {
    return _mm_set_epi64x((long long)((uint64_t)crc << 48), 0);
}

TARGET_PCLMUL uint64_t cchk_crc64_pclmul(uint64_t crc, const void *data, size_t len) {
    const uint8_t *p = data;
    if (len < 16) return crc64_tables(crc, p, len);
    __m128i x = fold_blocks128(&p, &len, crc64_seed(crc), CRC64_FOLD, 0);
    if (len) x = fold_tail(x, p + len, len, CRC64_FOLD, 0);
    return crc64_reduce(x);
}

TARGET_PCLMUL uint16_t cchk_crc16_pclmul(uint16_t crc, const void *data, size_t len) {
    const uint8_t *p = data;
    if (len < 16) return crc16_tables(crc, p, len);
    __m128i x = fold_blocks128(&p, &len, crc16_seed(crc), CRC16_FOLD, 1);
    if (len) x = fold_tail(x, p + len, len, CRC16_FOLD, 1);
    return crc16_reduce(x);
}

/* ------------------------------------------------------------------ 512-bit folding */

/* Below this many bytes the AVX-512 kernels hand over to the 128-bit ones. */
#define VPCLMUL_MIN 256

TARGET_VPCLMUL INLINE __m512i kconst512(const uint64_t k[2]) {
    return _mm512_broadcast_i32x4(_mm_load_si128((const __m128i *)k));
}

TARGET_VPCLMUL INLINE __m512i load512(const uint8_t *p, int swap) {
    __m512i v = _mm512_loadu_si512((const void *)p);
    if (!swap) return v;
    const __m512i m = _mm512_broadcast_i32x4(
        _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
    return _mm512_shuffle_epi8(v, m);
}

/* fold(x) ^ d for four 128-bit lanes at once; 0x96 is the three-way XOR truth table. */
TARGET_VPCLMUL INLINE __m512i fold512_xor(__m512i x, __m512i k, __m512i d) {
    return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, k, 0x00),
                                     _mm512_clmulepi64_epi128(x, k, 0x11), d, 0x96);
}

/* As fold_blocks128, four lanes a step. Requires *np >= VPCLMUL_MIN. */
TARGET_VPCLMUL INLINE __m128i fold_blocks512(const uint8_t **pp, size_t *np, __m128i seed,
                                             const uint64_t (*tab)[2], int swap) {
    const uint8_t *p = *pp;
    size_t n = *np;
    /* Four 512-bit accumulators, 256 bytes a round: each lane folds over 2048 bits. */
    __m512i z0 = _mm512_xor_si512(load512(p, swap), _mm512_zextsi128_si512(seed));
    __m512i z1 = load512(p + 64, swap);
    __m512i z2 = load512(p + 128, swap);
    __m512i z3 = load512(p + 192, swap);
    p += 256;
    n -= 256;
    const __m512i k16 = kconst512(K(tab, 16));
    while (n >= 256) {
        z0 = fold512_xor(z0, k16, load512(p, swap));
        z1 = fold512_xor(z1, k16, load512(p + 64, swap));
        z2 = fold512_xor(z2, k16, load512(p + 128, swap));
        z3 = fold512_xor(z3, k16, load512(p + 192, swap));
        p += 256;
        n -= 256;
    }
    /* Merge into z3: z0 is 1536 bits before it, z1 1024, z2 512. */
    __m512i z = fold512_xor(z0, kconst512(K(tab, 12)), z3);
    z = fold512_xor(z1, kconst512(K(tab, 8)), z);
    z = fold512_xor(z2, kconst512(K(tab, 4)), z);
    const __m512i k4 = kconst512(K(tab, 4));
    while (n >= 64) {
        z = fold512_xor(z, k4, load512(p, swap));
        p += 64;
        n -= 64;
    }
    /* Four lanes to one: lane i sits 3-i blocks before lane 3. Lane 3's constant is zero,
     * so its product vanishes and the lane itself is XORed in below. */
    const __m512i kl = _mm512_set_epi64(0, 0, (long long)K(tab, 1)[1], (long long)K(tab, 1)[0],
                                        (long long)K(tab, 2)[1], (long long)K(tab, 2)[0],
                                        (long long)K(tab, 3)[1], (long long)K(tab, 3)[0]);
    __m512i t = fold512_xor(z, kl, _mm512_maskz_mov_epi64(0xc0, z));
    __m256i h = _mm256_xor_si256(_mm512_castsi512_si256(t), _mm512_extracti64x4_epi64(t, 1));
    __m128i x = _mm_xor_si128(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
    const __m128i k1 = kconst(K(tab, 1));
    while (n >= 16) {
        x = _mm_xor_si128(fold128(x, k1), load128(p, swap));
        p += 16;
        n -= 16;
    }
    *pp = p;
    *np = n;
    return x;
}

TARGET_VPCLMUL uint64_t cchk_crc64_vpclmul(uint64_t crc, const void *data, size_t len) {
    const uint8_t *p = data;
    if (len < VPCLMUL_MIN) return cchk_crc64_pclmul(crc, p, len);
    __m128i x = fold_blocks512(&p, &len, crc64_seed(crc), CRC64_FOLD, 0);
    if (len) x = fold_tail(x, p + len, len, CRC64_FOLD, 0);
    return crc64_reduce(x);
}

TARGET_VPCLMUL uint16_t cchk_crc16_vpclmul(uint16_t crc, const void *data, size_t len) {
    const uint8_t *p = data;
    if (len < VPCLMUL_MIN) return cchk_crc16_pclmul(crc, p, len);
    __m128i x = fold_blocks512(&p, &len, crc16_seed(crc), CRC16_FOLD, 1);
    if (len) x = fold_tail(x, p + len, len, CRC16_FOLD, 1);
    return crc16_reduce(x);
}

/* ------------------------------------------------------------------ dispatch */

int cchk_cpu_level(void) {
    __builtin_cpu_init();
    if (!(__builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1") &&
          __builtin_cpu_supports("ssse3")))
        return 0;
    /* avx512f also means the OS saves the AVX-512 state (the runtime checks XCR0). */
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("vpclmulqdq"))
        return 2;
    return 1;
}

/* Each dispatch pointer starts at a resolver that picks the implementation, stores it
 * and forwards the call. Two threads racing through the resolver store the same value,
 * so relaxed atomics suffice; afterwards a call costs one load and an indirect call. */
typedef uint64_t (*crc64_fn)(uint64_t, const void *, size_t);
typedef uint16_t (*crc16_fn)(uint16_t, const void *, size_t);

static uint64_t crc64_resolve(uint64_t crc, const void *data, size_t len);
static uint16_t crc16_resolve(uint16_t crc, const void *data, size_t len);

static _Atomic(crc64_fn) crc64_impl = crc64_resolve;
static _Atomic(crc16_fn) crc16_impl = crc16_resolve;

static uint64_t crc64_resolve(uint64_t crc, const void *data, size_t len) {
    static const crc64_fn by_level[3] = {cchk_crc64_table, cchk_crc64_pclmul, cchk_crc64_vpclmul};
    crc64_fn f = by_level[cchk_cpu_level()];
    atomic_store_explicit(&crc64_impl, f, memory_order_relaxed);
    return f(crc, data, len);
}

static uint16_t crc16_resolve(uint16_t crc, const void *data, size_t len) {
    static const crc16_fn by_level[3] = {cchk_crc16_table, cchk_crc16_pclmul, cchk_crc16_vpclmul};
    crc16_fn f = by_level[cchk_cpu_level()];
    atomic_store_explicit(&crc16_impl, f, memory_order_relaxed);
    return f(crc, data, len);
}

uint64_t cchk_crc64(uint64_t crc, const void *data, size_t len) {
    /* The RDB writer feeds many 1-9 byte pieces: skip the indirect call for them. */
    if (len < 16) return crc64_tables(crc, data, len);
    return atomic_load_explicit(&crc64_impl, memory_order_relaxed)(crc, data, len);
}

uint16_t cchk_crc16(uint16_t crc, const void *data, size_t len) {
    /* Cluster keys are short: below one folding block the tables win outright. */
    if (len < 16) return crc16_tables(crc, data, len);
    return atomic_load_explicit(&crc16_impl, memory_order_relaxed)(crc, data, len);
}

/* ------------------------------------------------------------------ SHA-1 (SHA-NI) */

#define TARGET_SHA __attribute__((target("sha,sse4.1,ssse3")))

int cchk_cpu_has_sha(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") &&
           __builtin_cpu_supports("ssse3");
}

/* The rounds run in 20 groups of four. Registers hold four 32-bit words with the first
 * in the highest lane: `abcd` is (A, B, C, D); a message register holds W[4g..4g+3],
 * byte-reversed from the big-endian input. SHA1RNDS4 runs four rounds with round
 * function f given the state and (W[4g] + E, W[4g+1], W[4g+2], W[4g+3]); the E a group
 * needs is the A from the start of the group before, rotated by 30, which SHA1NEXTE adds
 * into the top lane of the message. The schedule W[t] = rol1(W[t-3] ^ W[t-8] ^ W[t-14] ^
 * W[t-16]) is SHA1MSG1 (the t-16 and t-14 terms), an XOR (t-8) and SHA1MSG2 (t-3,
 * including W[t+3]'s dependency on W[t]), four words at a time over a ring of four
 * registers m0..m3. */
TARGET_SHA void cchk_sha1_compress(uint32_t state[5], const void *blocks, size_t count) {
    const __m128i reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const uint8_t *p = blocks;
    /* state[0] = A is the lowest lane in memory: reverse the lanes. */
    __m128i abcd = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)state), 0x1b);
    __m128i e = _mm_set_epi32((int)state[4], 0, 0, 0);

    for (; count > 0; count--, p += 64) {
        const __m128i abcd_in = abcd, e_in = e;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), reverse);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), reverse);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), reverse);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), reverse);
        __m128i prev = abcd; /* the state at the start of the previous group */

/* Four rounds with round function f on message register m. */
#define SHA1_GROUP(m, f)                                          \
    do {                                                          \
        __m128i we = _mm_sha1nexte_epu32(prev, (m));              \
        prev = abcd;                                              \
        abcd = _mm_sha1rnds4_epu32(abcd, we, (f));                \
    } while (0)
/* a = W[4g..4g+3] from a = W[4(g-4)..], b = W[4(g-3)..], c = W[4(g-2)..], d = W[4(g-1)..]. */
#define SHA1_SCHEDULE(a, b, c, d) \
    (a) = _mm_sha1msg2_epu32(_mm_xor_si128(_mm_sha1msg1_epu32((a), (b)), (c)), (d))

        abcd = _mm_sha1rnds4_epu32(abcd, _mm_add_epi32(e, m0), 0); /* group 0: E as given */
        SHA1_GROUP(m1, 0);
        SHA1_GROUP(m2, 0);
        SHA1_GROUP(m3, 0);
        SHA1_SCHEDULE(m0, m1, m2, m3); SHA1_GROUP(m0, 0); /* group 4 */
        SHA1_SCHEDULE(m1, m2, m3, m0); SHA1_GROUP(m1, 1);
        SHA1_SCHEDULE(m2, m3, m0, m1); SHA1_GROUP(m2, 1);
        SHA1_SCHEDULE(m3, m0, m1, m2); SHA1_GROUP(m3, 1);
        SHA1_SCHEDULE(m0, m1, m2, m3); SHA1_GROUP(m0, 1); /* group 8 */
        SHA1_SCHEDULE(m1, m2, m3, m0); SHA1_GROUP(m1, 1);
        SHA1_SCHEDULE(m2, m3, m0, m1); SHA1_GROUP(m2, 2);
        SHA1_SCHEDULE(m3, m0, m1, m2); SHA1_GROUP(m3, 2);
        SHA1_SCHEDULE(m0, m1, m2, m3); SHA1_GROUP(m0, 2); /* group 12 */
        SHA1_SCHEDULE(m1, m2, m3, m0); SHA1_GROUP(m1, 2);
        SHA1_SCHEDULE(m2, m3, m0, m1); SHA1_GROUP(m2, 2);
        SHA1_SCHEDULE(m3, m0, m1, m2); SHA1_GROUP(m3, 3);
        SHA1_SCHEDULE(m0, m1, m2, m3); SHA1_GROUP(m0, 3); /* group 16 */
        SHA1_SCHEDULE(m1, m2, m3, m0); SHA1_GROUP(m1, 3);
        SHA1_SCHEDULE(m2, m3, m0, m1); SHA1_GROUP(m2, 3);
        SHA1_SCHEDULE(m3, m0, m1, m2); SHA1_GROUP(m3, 3);
#undef SHA1_GROUP
#undef SHA1_SCHEDULE

        /* E after the last group, plus the E this block started with. */
        e = _mm_sha1nexte_epu32(prev, e_in);
        abcd = _mm_add_epi32(abcd, abcd_in);
    }
    _mm_storeu_si128((__m128i *)state, _mm_shuffle_epi32(abcd, 0x1b));
    state[4] = (uint32_t)_mm_extract_epi32(e, 3);
}
