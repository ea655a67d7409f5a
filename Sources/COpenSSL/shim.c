/* COpenSSL's C: OpenSSL's allocator (the rest of the shim is static inline wrappers in
 * include/COpenSSL.h).
 *
 * OpenSSL allocates past the process's counting malloc (CSystem/alloc.c): Redis's
 * used_memory counts only its own zmalloc calls, not OpenSSL's. And it allocates a lot: a
 * server handshake (RSA certificate, client certificate verified) makes about 7200
 * allocations, 87% of them 32 bytes or less, most freed within the same handshake, in bursts
 * of hundreds of one size. glibc's tcache keeps only 7 free chunks per size, so glibc served
 * most of them from its bins (_int_malloc, _int_free, unlink_chunk, malloc_consolidate):
 * 11% of a handshake's instructions (callgrind), 15% of its CPU time (perf). Redis gets
 * jemalloc there.
 *
 * So OpenSSL gets a small front: per-thread free lists of blocks up to 1032 bytes, by 16-byte
 * class, in front of glibc (docs/tls.md, "Allocation"). Every block, small or large, is a
 * glibc chunk with a 16-byte header in front (OpenSSL's pointers stay 16-byte aligned) that
 * says which list the block belongs to, so free and realloc need no size. A free pushes the
 * block on the freeing thread's list of its class, or hands it to glibc when the lists are
 * full; a block freed on another thread than the one that allocated it is still a plain glibc
 * chunk, so any thread may keep or free it. A thread's lists hold at most 64 KiB of chunks in
 * all (512 blocks per list): what a burst of handshakes leaves behind is that much, uncounted
 * like the rest of OpenSSL's memory. They are emptied into glibc when the thread exits. */
#include "COpenSSL.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

/* Class c holds payloads of up to 16c + 8 bytes: with the header the glibc request is
 * 16c + 24, whose chunk (16c + 32) has no slack. Classes 0..64: up to 1032 bytes. */
enum {
    HEADER = 16,
    CLASSES = 65,
    /* The largest payload kept in a list. */
    SMALL_LIMIT = 16 * (CLASSES - 1) + 8,
    /* The header's class of a block that is not kept (glibc's only). */
    LARGE = CLASSES,
    /* Bytes of glibc chunks all lists of a thread may hold together. */
    BUDGET = 64 * 1024,
    /* The most blocks one list may hold. */
    LIST_MAX = 512,
};

struct header {
    uint64_t sizeClass;
    /* The next free block of the list, while the block is in one. */
    struct header *next;
};

_Static_assert(sizeof(struct header) == HEADER, "the header keeps 16-byte alignment");

struct cache {
    struct header *head[CLASSES];
    uint16_t count[CLASSES];
    /* Bytes of glibc chunks in all lists. */
    size_t bytes;
    /* 0 until the thread's first kept block, 1 once registered for the thread-exit
     * drain, 2 after the drain (later frees go to glibc). */
    uint8_t state;
};

static __thread struct cache cache;
static pthread_key_t exitKey;
static pthread_once_t exitKeyOnce = PTHREAD_ONCE_INIT;

static inline size_t classOf(size_t n) { return (n + 7) >> 4; }
static inline size_t capacityOf(size_t c) { return 16 * c + 8; }
static inline size_t chunkOf(size_t c) { return 16 * c + 32; }

static void drain(void *unused) {
    (void)unused;
    for (size_t c = 0; c < CLASSES; c++) {
        struct header *h = cache.head[c];
        while (h) {
            struct header *next = h->next;
            __libc_free(h);
            h = next;
        }
        cache.head[c] = NULL;
        cache.count[c] = 0;
    }
    cache.bytes = 0;
    cache.state = 2;
}

static void makeExitKey(void) { pthread_key_create(&exitKey, drain); }

/* First block kept by this thread: the key's destructor drains the lists at thread exit.
 * Returns whether blocks may be kept (not during or after the drain, nor without a key). */
static int registerThread(void) {
    if (cache.state == 2) return 0;
    pthread_once(&exitKeyOnce, makeExitKey);
    if (pthread_setspecific(exitKey, &cache) != 0) return 0;
    cache.state = 1;
    return 1;
}

static inline int listHasRoom(size_t c) {
    return c < CLASSES && cache.count[c] < LIST_MAX && cache.bytes + chunkOf(c) <= BUDGET;
}

static inline void push(struct header *h, size_t c) {
    h->next = cache.head[c];
    cache.head[c] = h;
    cache.count[c]++;
    cache.bytes += chunkOf(c);
}

/* free's uncommon cases, out of line so that the common one saves no registers: the
 * thread's first kept block, full lists, large blocks. */
__attribute__((noinline)) static void freeSlowly(struct header *h, size_t c) {
    if (listHasRoom(c) && (cache.state == 1 || registerThread())) {
        push(h, c);
        return;
    }
    __libc_free(h);
}

void *structd_openssl_malloc(size_t n) {
    if (n <= SMALL_LIMIT) {
        size_t c = classOf(n);
        struct header *h = cache.head[c];
        if (h) {
            cache.head[c] = h->next;
            cache.count[c]--;
            cache.bytes -= chunkOf(c);
            return h + 1;
        }
        h = __libc_malloc(chunkOf(c) - 8);
        if (!h) return NULL;
        h->sizeClass = c;
        return h + 1;
    }
    if (n > SIZE_MAX - HEADER) return NULL;
    struct header *h = __libc_malloc(n + HEADER);
    if (!h) return NULL;
    h->sizeClass = LARGE;
    return h + 1;
}

void structd_openssl_free(void *p) {
    if (!p) return;
    struct header *h = (struct header *)p - 1;
    size_t c = h->sizeClass;
    if (cache.state == 1 && listHasRoom(c)) {
        push(h, c);
        return;
    }
    freeSlowly(h, c);
}

void *structd_openssl_realloc(void *p, size_t n) {
    if (!p) return structd_openssl_malloc(n);
    if (n == 0) {
        /* As OpenSSL's own CRYPTO_realloc. */
        structd_openssl_free(p);
        return NULL;
    }
    struct header *h = (struct header *)p - 1;
    size_t c = h->sizeClass;
    if (c == LARGE && n > SMALL_LIMIT) {
        /* Large to large: glibc grows or shrinks in place when it can. */
        if (n > SIZE_MAX - HEADER) return NULL;
        struct header *q = __libc_realloc(h, n + HEADER);
        return q ? q + 1 : NULL;
    }
    size_t capacity = c == LARGE ? SIZE_MAX : capacityOf(c);
    /* A small block that still fits, unless it would waste more than half of it. */
    if (c < CLASSES && n <= capacity && n > capacity / 2) return p;
    void *q = structd_openssl_malloc(n);
    if (!q) return NULL;
    memcpy(q, p, n < capacity ? n : capacity);
    structd_openssl_free(p);
    return q;
}

void structd_openssl_cache_usage(size_t *blocks, size_t *bytes) {
    size_t b = 0;
    for (size_t c = 0; c < CLASSES; c++) b += cache.count[c];
    *blocks = b;
    *bytes = cache.bytes;
}

size_t structd_openssl_cache_limit(void) { return SMALL_LIMIT; }

static void *opensslMalloc(size_t n, const char *file, int line) {
    (void)file; (void)line;
    return structd_openssl_malloc(n);
}

static void *opensslRealloc(void *p, size_t n, const char *file, int line) {
    (void)file; (void)line;
    return structd_openssl_realloc(p, n);
}

static void opensslFree(void *p, const char *file, int line) {
    (void)file; (void)line;
    structd_openssl_free(p);
}

int structd_openssl_use_own_malloc(void) {
    return CRYPTO_set_mem_functions(opensslMalloc, opensslRealloc, opensslFree);
}
