/* COpenSSL has only static inline wrappers (include/COpenSSL.h); SwiftPM wants one
 * source file per C target. */
#include "COpenSSL.h"

/* OpenSSL's allocations straight from glibc, past the process's counting malloc
 * (CSystem/alloc.c): Redis's used_memory counts only its own zmalloc calls, not OpenSSL's,
 * and a TLS handshake makes some two thousand small allocations, each of which would
 * otherwise pay malloc_usable_size and two atomic updates (docs/tls.md). */
extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static void *structd_openssl_malloc(size_t n, const char *file, int line) {
    (void)file; (void)line;
    return __libc_malloc(n);
}

static void *structd_openssl_realloc(void *p, size_t n, const char *file, int line) {
    (void)file; (void)line;
    return __libc_realloc(p, n);
}

static void structd_openssl_free(void *p, const char *file, int line) {
    (void)file; (void)line;
    __libc_free(p);
}

int structd_openssl_use_libc_malloc(void) {
    return CRYPTO_set_mem_functions(structd_openssl_malloc, structd_openssl_realloc, structd_openssl_free);
}
