/* Allocation accounting: Redis's zmalloc used_memory, for the whole process.
 *
 * INFO used_memory, maxmemory and eviction need the bytes currently allocated, updated
 * at every malloc and free (eviction frees keys until the count drops below the limit).
 * glibc's mallinfo2() is not usable for that: it is slow-ish and it still counts chunks
 * parked in the per-thread caches as in use, so freeing keys does not move it.
 *
 * So the executable defines malloc & co. itself (ELF symbol interposition: the Swift
 * runtime and every library resolve to these), forwards to glibc's implementations
 * (__libc_malloc...), and keeps a relaxed atomic counter of malloc_usable_size() — the
 * same notion of "used" as Redis's jemalloc-based counter, size-class rounding included.
 * Atomic because background threads (lazy free, snapshot writer) allocate too. */
#include <stddef.h>
#include <stdatomic.h>
#include <malloc.h>
#include <errno.h>
#include <sys/mman.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static _Atomic size_t structd_used_bytes;

static inline void count_add(void *p) {
    if (p) atomic_fetch_add_explicit(&structd_used_bytes, malloc_usable_size(p), memory_order_relaxed);
}

size_t structd_allocated_bytes(void) {
    return atomic_load_explicit(&structd_used_bytes, memory_order_relaxed);
}

void *malloc(size_t n) {
    void *p = __libc_malloc(n);
    count_add(p);
    return p;
}

void *calloc(size_t n, size_t size) {
    void *p = __libc_calloc(n, size);
    count_add(p);
    return p;
}

void free(void *p) {
    if (!p) return;
    atomic_fetch_sub_explicit(&structd_used_bytes, malloc_usable_size(p), memory_order_relaxed);
    __libc_free(p);
}

void *realloc(void *p, size_t n) {
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = __libc_realloc(p, n);
    if (q) {
        atomic_fetch_sub_explicit(&structd_used_bytes, old, memory_order_relaxed);
        count_add(q);
    } else if (p && n == 0) {
        atomic_fetch_sub_explicit(&structd_used_bytes, old, memory_order_relaxed);
    }
    return q;
}

void *memalign(size_t align, size_t n) {
    void *p = __libc_memalign(align, n);
    count_add(p);
    return p;
}

void *aligned_alloc(size_t align, size_t n) {
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n) {
    if (align < sizeof(void *) || (align & (align - 1)) != 0) return EINVAL;
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    count_add(p);
    *out = p;
    return 0;
}

/* Large zeroed blocks straight from mmap, for power-of-two tables (the keyspace's bucket
 * arrays). glibc serves a request of 128 KiB or more with its own mapping, but puts a
 * 16-byte header in front of the block, so a 1 MiB array takes 1 MiB + 4 KiB of pages and
 * malloc_usable_size says 1052656; jemalloc (Redis) has an exact 1 MiB class. A mapping of
 * exactly `n` bytes (a multiple of the page size) costs `n`, and that is what is counted. */
void *structd_map_zeroed(size_t n) {
    void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    atomic_fetch_add_explicit(&structd_used_bytes, n, memory_order_relaxed);
    return p;
}

void structd_unmap(void *p, size_t n) {
    munmap(p, n);
    atomic_fetch_sub_explicit(&structd_used_bytes, n, memory_order_relaxed);
}
