/* CChecksum.h: the C side of the Checksum module, the CRC kernels Swift cannot express.
 *
 * Two CRCs, each in three implementations that must give identical results:
 *   - CRC-64/Jones as Redis computes it for RDB files and DUMP payloads: reflected,
 *     poly 0xad93d23594c935a9, init 0, xorout 0; check("123456789") = 0xe9c6d914c4b8d9ca.
 *   - CRC-16/XMODEM as Redis Cluster hashes keys to slots: not reflected, poly 0x1021,
 *     init 0, xorout 0; check("123456789") = 0x31c3.
 * Implementations:
 *   *_table    slicing-by-8 tables, any x86-64 (and the reference the tests compare with)
 *   *_pclmul   carry-less-multiply folding with 128-bit PCLMULQDQ (SSE4.1 + PCLMUL)
 *   *_vpclmul  the same folding four lanes at a time with AVX-512 VPCLMULQDQ
 * cchk_crc64 / cchk_crc16 pick the fastest one the CPU has, once, at the first call.
 * Calling a *_pclmul or *_vpclmul function on a CPU without it is undefined (SIGILL):
 * check cchk_cpu_level() first.
 *
 * Every function takes the running CRC value and returns the updated one, so a stream
 * can be checksummed piecewise: crc(a || b) == f(f(0, a), b). `data` may be NULL when
 * `len` is 0. Nothing here allocates or keeps state besides the dispatch pointers.
 *
 * Also here, for the same reason (CPU-specific intrinsics): SHA-1 block compression with
 * the SHA extensions; the SHA1 type in Swift falls back to its own code without them.
 */
#ifndef CCHECKSUM_H
#define CCHECKSUM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What the running CPU supports: 0 = tables only, 1 = PCLMUL, 2 = AVX-512 VPCLMULQDQ. */
int cchk_cpu_level(void);

uint64_t cchk_crc64(uint64_t crc, const void *data, size_t len);
uint64_t cchk_crc64_table(uint64_t crc, const void *data, size_t len);
uint64_t cchk_crc64_pclmul(uint64_t crc, const void *data, size_t len);
uint64_t cchk_crc64_vpclmul(uint64_t crc, const void *data, size_t len);

/* crc64(A || B) from crc1 = crc64(A), crc2 = crc64(B) and len2 = |B| in bytes. */
uint64_t cchk_crc64_combine(uint64_t crc1, uint64_t crc2, uint64_t len2);

uint16_t cchk_crc16(uint16_t crc, const void *data, size_t len);
uint16_t cchk_crc16_table(uint16_t crc, const void *data, size_t len);
uint16_t cchk_crc16_pclmul(uint16_t crc, const void *data, size_t len);
uint16_t cchk_crc16_vpclmul(uint16_t crc, const void *data, size_t len);

/* SHA-1 compression with the x86 SHA extensions (SHA-NI), for Swift's SHA1 type:
 * runs `count` consecutive 64-byte blocks through the five chaining words `state`
 * (h0..h4). Only when cchk_cpu_has_sha() is nonzero. */
int cchk_cpu_has_sha(void);
void cchk_sha1_compress(uint32_t state[5], const void *blocks, size_t count);

#ifdef __cplusplus
}
#endif

#endif
