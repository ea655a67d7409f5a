#!/usr/bin/env python3
"""Derive and verify every constant used by the CRC kernels in Sources/CChecksum.

Run from the repository root:

    python3 scripts/gen-checksum-constants.py          # rewrite Sources/CChecksum/crc_constants.h
    python3 scripts/gen-checksum-constants.py --check  # verify, and that the header is current

What it computes (docs/checksum.md explains the algebra):

* CRC-64/Jones as Redis uses it: reflected, P = x^64 + 0xad93d23594c935a9, init 0,
  xorout 0, check("123456789") = 0xe9c6d914c4b8d9ca.
  - fold constants for a distance of D = 128*k bits (k = 1..32): the pair
    (x^(D+63) mod P, x^(D-1) mod P), bit-reflected to 64 bits. The "-1" absorbs the
    one-bit offset that carry-less multiplication of two bit-reflected values produces.
  - the 128 -> 64 bit reduction constant x^127 mod P and the Barrett constants
    floor(x^128 / P) and P itself, each stored as the 64 high-degree coefficients
    (the x^0 coefficient drops out, see the docs).
  - slicing-by-8 tables T[j][b] = CRC of byte b followed by j zero bytes.
  - x^(8 * 2^i) mod P for i = 0..63, used by crc64_combine.
* CRC-16/XMODEM as Redis Cluster uses it: not reflected, P16 = x^16 + 0x1021, init 0,
  xorout 0, check = 0x31c3. The CLMUL kernel runs it as a 64-bit CRC with the generator
  P16 * x^48 (the remainder is then x^48 times the CRC-16), so it gets the same constant
  kinds, unreflected: (x^D mod P, x^(D+64) mod P), x^128 mod P, floor(x^128 / P) - x^64,
  P - x^64; and slicing-by-8 tables.

Every constant is checked here against a bit-at-a-time CRC before anything is written, by
emulating the exact register operations the C kernels perform (PCLMULQDQ selectors,
byte shifts, Barrett steps) on random 128-bit states.
"""

import random
import sys
from pathlib import Path

MASK64 = (1 << 64) - 1
MASK128 = (1 << 128) - 1

CRC64_POLY = 0xAD93D23594C935A9          # normal form, x^64 implied
CRC64_FULL = (1 << 64) | CRC64_POLY      # with the x^64 term
CRC16_POLY = 0x1021
CRC16_FULL = (1 << 16) | CRC16_POLY
CRC16_AS64 = CRC16_FULL << 48            # x^48 * P16: degree 64


# ---------------------------------------------------------------- GF(2)[x] arithmetic
# Polynomials are Python ints in normal form: bit i is the coefficient of x^i.

def pmul(a, b):
    """Carry-less product."""
    r = 0
    while b:
        if b & 1:
            r ^= a
        a <<= 1
        b >>= 1
    return r


def pdivmod(a, m):
    """Quotient and remainder of a / m."""
    q = 0
    dm = m.bit_length() - 1
    while a.bit_length() - 1 >= dm:
        s = a.bit_length() - 1 - dm
        q |= 1 << s
        a ^= m << s
    return q, a


def xpow_mod(n, m):
    """x^n mod m, by square-and-multiply (n can be as large as 2^66)."""
    result, base = 1, pdivmod(2, m)[1]
    while n:
        if n & 1:
            result = pdivmod(pmul(result, base), m)[1]
        base = pdivmod(pmul(base, base), m)[1]
        n >>= 1
    return result


def rev(v, width):
    """Reverse the low `width` bits of v."""
    return int(format(v, f"0{width}b")[::-1], 2)


def clmul(a, b):
    """PCLMULQDQ on two 64-bit lanes: a 128-bit carry-less product."""
    assert 0 <= a <= MASK64 and 0 <= b <= MASK64
    return pmul(a, b)


def lo(r):
    return r & MASK64


def hi(r):
    return r >> 64


# ---------------------------------------------------------------- reference CRCs

def crc64_bitwise(data, crc=0):
    """Reflected CRC-64/Jones, one bit at a time (the definition)."""
    rpoly = rev(CRC64_POLY, 64)
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (rpoly if crc & 1 else 0)
    return crc


def crc16_bitwise(data, crc=0):
    """CRC-16/XMODEM, one bit at a time (the definition)."""
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ CRC16_POLY) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
    return crc


# ---------------------------------------------------------------- CRC-64 (reflected)
# A 64-bit lane holds a polynomial bit-reflected: bit j is the coefficient of x^(63-j).
# A 128-bit register loaded little-endian from 16 message bytes holds bit k as the
# coefficient of x^(127-k): its low qword H is the high-degree half. PCLMULQDQ of two
# reflected lanes yields rev128(a*b*x): the product, one degree too high.

def r64(poly):
    """A polynomial of degree < 64 as a reflected lane."""
    assert poly < (1 << 64)
    return rev(poly, 64)


def crc64_fold_pair(k):
    """(constant for the low lane H, constant for the high lane L) for D = 128*k bits."""
    d = 128 * k
    return r64(xpow_mod(d + 63, CRC64_FULL)), r64(xpow_mod(d - 1, CRC64_FULL))


CRC64_FOLD = [crc64_fold_pair(k) for k in range(1, 33)]
CRC64_RK128 = r64(xpow_mod(127, CRC64_FULL))           # folds H by x^128 at the end
_mu64 = pdivmod(1 << 128, CRC64_FULL)[0]                # floor(x^128 / P), degree 64
CRC64_MU = r64(_mu64 >> 1)                              # its x^64..x^1 coefficients
CRC64_PX = r64(CRC64_FULL >> 1)                         # P's x^64..x^1 coefficients


def crc64_fold(reg, pair):
    """_mm_clmulepi64_si128(reg, K, 0x00) ^ _mm_clmulepi64_si128(reg, K, 0x11)."""
    return clmul(lo(reg), pair[0]) ^ clmul(hi(reg), pair[1])


def crc64_reduce(reg):
    """128-bit register X (CRC = X * x^64 mod P) -> the reflected CRC, as the C code does."""
    y = clmul(lo(reg), CRC64_RK128) ^ (reg >> 64)       # Y = H*x^128 + L*x^64, lo = Yh
    t1 = clmul(lo(y), CRC64_MU)                         # lo(t1) = q = floor(Y / P)
    t2 = clmul(lo(t1), CRC64_PX)                        # hi(t2) = low64(q*P) ^ q
    return hi(y) ^ hi(t2) ^ lo(t1)


# ---------------------------------------------------------------- CRC-16 as a 64-bit CRC
# Not reflected: the C code byte-reverses each 16-byte block, so bit k of the register is
# the coefficient of x^k and PCLMULQDQ gives the exact product. The high qword is H.

def crc16_fold_pair(k):
    """(constant for the low lane L, constant for the high lane H) for D = 128*k bits."""
    d = 128 * k
    return xpow_mod(d, CRC16_AS64), xpow_mod(d + 64, CRC16_AS64)


CRC16_FOLD = [crc16_fold_pair(k) for k in range(1, 33)]
CRC16_K128 = xpow_mod(128, CRC16_AS64)
CRC16_MU = pdivmod(1 << 128, CRC16_AS64)[0] ^ (1 << 64)     # floor(x^128/P) - x^64
CRC16_PX = CRC16_AS64 ^ (1 << 64)                           # P - x^64 = 0x1021 << 48


def crc16_fold(reg, pair):
    return clmul(lo(reg), pair[0]) ^ clmul(hi(reg), pair[1])


def crc16_reduce(reg):
    """128-bit register X (normal order) -> CRC-16, as the C code does."""
    y = clmul(hi(reg), CRC16_K128) ^ ((reg << 64) & MASK128)   # Y = H*x^128 + L*x^64
    q = hi(y) ^ hi(clmul(hi(y), CRC16_MU))                     # floor(Y / P)
    r = lo(y) ^ lo(clmul(q, CRC16_PX))
    assert r & ((1 << 48) - 1) == 0
    return r >> 48


# ---------------------------------------------------------------- tables

def crc64_tables():
    t = [[crc64_bitwise(bytes([b])) for b in range(256)]]
    for j in range(1, 8):
        t.append([(t[j - 1][b] >> 8) ^ t[0][t[j - 1][b] & 0xFF] for b in range(256)])
    return t


def crc16_tables():
    t = [[crc16_bitwise(bytes([b])) for b in range(256)]]
    for j in range(1, 8):
        t.append([((t[j - 1][b] << 8) & 0xFFFF) ^ t[0][t[j - 1][b] >> 8] for b in range(256)])
    return t


_T64 = None
_T16 = None


def crc64_fast(data, crc=0):
    """Byte-at-a-time with table 0 (itself checked against the bitwise CRC first)."""
    for byte in data:
        crc = (crc >> 8) ^ _T64[(crc ^ byte) & 0xFF]
    return crc


def crc16_fast(data, crc=0):
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _T16[(crc >> 8) ^ byte]
    return crc


CRC64_XPOW8 = [r64(xpow_mod(8 * (1 << i), CRC64_FULL)) for i in range(64)]


def r64_mulmod(a, b):
    """Reflected a*b mod P, the loop crc64_combine uses."""
    rpoly = rev(CRC64_POLY, 64)
    r = 0
    for j in range(64):
        r = (r >> 1) ^ (rpoly if r & 1 else 0)
        if (a >> j) & 1:
            r ^= b
    return r


def crc64_combine(c1, c2, len2):
    i = 0
    while len2:
        if len2 & 1:
            c1 = r64_mulmod(c1, CRC64_XPOW8[i])
        len2 >>= 1
        i += 1
    return c1 ^ c2


# ---------------------------------------------------------------- verification

def verify():
    rnd = random.Random(20240607)
    check = b"123456789"
    assert crc64_bitwise(check) == 0xE9C6D914C4B8D9CA
    assert crc16_bitwise(check) == 0x31C3

    global _T64, _T16
    t64 = crc64_tables()
    t16 = crc16_tables()
    _T64, _T16 = t64[0], t16[0]
    for _ in range(50):
        msg = rnd.randbytes(rnd.randrange(0, 100))
        assert crc64_fast(msg) == crc64_bitwise(msg) and crc16_fast(msg) == crc16_bitwise(msg)
    for j in range(8):
        for b in (0, 1, 0x80, 0xFF, rnd.randrange(256)):
            msg = bytes([b]) + bytes(j)
            assert t64[j][b] == crc64_bitwise(msg)
            assert t16[j][b] == crc16_bitwise(msg)

    for _ in range(50):
        x = rnd.getrandbits(128)
        block = x.to_bytes(16, "little")
        # Reduction: CRC of the 16 bytes a register holds.
        assert crc64_reduce(x) == crc64_bitwise(block), "crc64 reduction"
        # Folding by D bits: the register followed by D/8 zero bytes has the same CRC as
        # the folded register on its own.
        for k in range(1, 33):
            folded = crc64_fold(x, CRC64_FOLD[k - 1])
            assert folded <= MASK128
            assert crc64_fast(folded.to_bytes(16, "little")) == \
                crc64_fast(block + bytes(16 * k)), f"crc64 fold k={k}"

        xb = x.to_bytes(16, "big")                   # after the byte reversal
        assert crc16_reduce(x) == crc16_bitwise(xb), "crc16 reduction"
        for k in range(1, 33):
            folded = crc16_fold(x, CRC16_FOLD[k - 1])
            assert crc16_fast(folded.to_bytes(16, "big")) == \
                crc16_fast(xb + bytes(16 * k)), f"crc16 fold k={k}"

    for _ in range(100):
        a = rnd.randbytes(rnd.randrange(0, 50))
        b = rnd.randbytes(rnd.randrange(0, 300))
        assert crc64_combine(crc64_fast(a), crc64_fast(b), len(b)) == \
            crc64_fast(a + b), "combine"


# ---------------------------------------------------------------- output

def emit():
    out = []
    w = out.append
    w("/* crc_constants.h: GENERATED by scripts/gen-checksum-constants.py. Do not edit.")
    w(" *")
    w(" * Constants for the CRC kernels in checksum.c; docs/checksum.md derives them. Every")
    w(" * value was verified by the generator against a bit-at-a-time CRC before it was written.")
    w(" */")
    w("#ifndef CCHECKSUM_CRC_CONSTANTS_H")
    w("#define CCHECKSUM_CRC_CONSTANTS_H")
    w("")
    w("#include <stdint.h>")
    w("")
    w("/* CRC-64/Jones, reflected. CRC64_FOLD[k-1] folds a 128-bit lane forward by 128*k bits:")
    w(" * { x^(128k+63) mod P, x^(128k-1) mod P }, bit-reflected (low lane first). */")
    w("static const uint64_t CRC64_FOLD[32][2] __attribute__((aligned(16))) = {")
    for k, (a, b) in enumerate(CRC64_FOLD, 1):
        w(f"    {{ 0x{a:016x}ULL, 0x{b:016x}ULL }}, /* {128 * k} bits */")
    w("};")
    w(f"static const uint64_t CRC64_RK128 = 0x{CRC64_RK128:016x}ULL; /* x^127 mod P, reflected */")
    w(f"static const uint64_t CRC64_MU    = 0x{CRC64_MU:016x}ULL; /* floor(x^128/P), x^64..x^1, reflected */")
    w(f"static const uint64_t CRC64_PX    = 0x{CRC64_PX:016x}ULL; /* P, x^64..x^1, reflected */")
    w("")
    w("/* CRC-16/XMODEM run as a 64-bit CRC with generator P16*x^48, not reflected.")
    w(" * CRC16_FOLD[k-1] = { x^(128k) mod P, x^(128k+64) mod P } (low lane first). */")
    w("static const uint64_t CRC16_FOLD[32][2] __attribute__((aligned(16))) = {")
    for k, (a, b) in enumerate(CRC16_FOLD, 1):
        w(f"    {{ 0x{a:016x}ULL, 0x{b:016x}ULL }}, /* {128 * k} bits */")
    w("};")
    w(f"static const uint64_t CRC16_K128 = 0x{CRC16_K128:016x}ULL; /* x^128 mod P */")
    w(f"static const uint64_t CRC16_MU   = 0x{CRC16_MU:016x}ULL; /* floor(x^128/P) - x^64 */")
    w(f"static const uint64_t CRC16_PX   = 0x{CRC16_PX:016x}ULL; /* P - x^64 */")
    w("")
    w("/* crc64_combine: x^(8 * 2^i) mod P, reflected. */")
    w("static const uint64_t CRC64_XPOW8[64] = {")
    for i in range(0, 64, 4):
        w("    " + " ".join(f"0x{v:016x}ULL," for v in CRC64_XPOW8[i:i + 4]))
    w("};")
    w("")
    w("/* Slicing-by-8: T[j][b] = CRC of byte b followed by j zero bytes. */")
    w("static const uint64_t CRC64_TABLE[8][256] __attribute__((aligned(64))) = {")
    for row in crc64_tables():
        w("  {")
        for i in range(0, 256, 4):
            w("    " + " ".join(f"0x{v:016x}ULL," for v in row[i:i + 4]))
        w("  },")
    w("};")
    w("static const uint16_t CRC16_TABLE[8][256] __attribute__((aligned(64))) = {")
    for row in crc16_tables():
        w("  {")
        for i in range(0, 256, 8):
            w("    " + " ".join(f"0x{v:04x}," for v in row[i:i + 8]))
        w("  },")
    w("};")
    w("")
    w("#endif")
    return "\n".join(out) + "\n"


def main():
    verify()
    print("all constants verified against bit-at-a-time CRCs")
    root = Path(__file__).resolve().parent.parent
    target = root / "Sources" / "CChecksum" / "crc_constants.h"
    if "--check" in sys.argv:
        if not target.exists() or target.read_text() != emit():
            sys.exit(f"{target.relative_to(root)} is out of date: rerun without --check")
        print(f"{target.relative_to(root)} is up to date")
        return
    target.write_text(emit())
    print(f"wrote {target.relative_to(root)}")


if __name__ == "__main__":
    main()
