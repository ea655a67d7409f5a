/* COpenSSL: the parts of Debian's OpenSSL 3 (libssl-dev) Swift cannot import by itself.
 *
 * Swift imports OpenSSL's functions and its plain integer constants (SSL_ERROR_*,
 * SSL_VERIFY_*, SSL_MODE_*, SSL_SESS_CACHE_*) directly. What it cannot import are
 * function-like macros (SSL_CTX_set_mode, SSL_CTX_set_session_cache_mode, ...) and
 * constants built from them (SSL_OP_* are SSL_OP_BIT(n) expressions). Each gets a
 * one-line wrapper here; no TLS logic lives in C (the TLS module is Swift, docs/tls.md).
 * shim.c is OpenSSL's allocator.
 * The library is linked through the target's linker settings (-lssl -lcrypto, what
 * `pkg-config --libs openssl` prints on Debian). */
#ifndef STRUCTD_COPENSSL_H
#define STRUCTD_COPENSSL_H

#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/decoder.h>
#include <openssl/rand.h>
#include <openssl/core_dispatch.h>
#include <stdint.h>

/* Hands OpenSSL's allocations to shim.c's allocator (per-thread free lists in front of
 * glibc, uncounted); must run before OpenSSL's first allocation. Returns 0 when it is too
 * late (OpenSSL then keeps malloc). */
int structd_openssl_use_own_malloc(void);

/* That allocator, callable directly (the tests). */
void *structd_openssl_malloc(size_t n);
void *structd_openssl_realloc(void *p, size_t n);
void structd_openssl_free(void *p);
/* Blocks, and bytes of glibc chunks, in the calling thread's free lists. */
void structd_openssl_cache_usage(size_t *blocks, size_t *bytes);
/* The largest size the free lists keep (larger blocks go back to glibc at once). */
size_t structd_openssl_cache_limit(void);

/* SSL_OP_* option bits (SSL_CTX_set_options takes and returns uint64_t in 3.0). */
static inline uint64_t structd_ssl_op_no_sslv2(void) { return SSL_OP_NO_SSLv2; }
static inline uint64_t structd_ssl_op_no_sslv3(void) { return SSL_OP_NO_SSLv3; }
static inline uint64_t structd_ssl_op_no_tlsv1(void) { return SSL_OP_NO_TLSv1; }
static inline uint64_t structd_ssl_op_no_tlsv1_1(void) { return SSL_OP_NO_TLSv1_1; }
static inline uint64_t structd_ssl_op_no_tlsv1_2(void) { return SSL_OP_NO_TLSv1_2; }
static inline uint64_t structd_ssl_op_no_tlsv1_3(void) { return SSL_OP_NO_TLSv1_3; }
static inline uint64_t structd_ssl_op_no_compression(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t structd_ssl_op_no_renegotiation(void) { return SSL_OP_NO_RENEGOTIATION; }
/* LibreSSL's name; OpenSSL 3 has no such bit (it refuses client renegotiation by default
 * unless SSL_OP_ALLOW_CLIENT_RENEGOTIATION is set). */
static inline uint64_t structd_ssl_op_no_client_renegotiation(void) {
#ifdef SSL_OP_NO_CLIENT_RENEGOTIATION
    return SSL_OP_NO_CLIENT_RENEGOTIATION;
#else
    return 0;
#endif
}
static inline uint64_t structd_ssl_op_cipher_server_preference(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t structd_ssl_op_single_dh_use(void) { return SSL_OP_SINGLE_DH_USE; }
static inline uint64_t structd_ssl_op_dont_insert_empty_fragments(void) { return SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS; }

static inline int structd_ssl_filetype_pem(void) { return SSL_FILETYPE_PEM; }
static inline int structd_keymgmt_select_domain_parameters(void) { return OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS; }

/* Function-like macros over SSL_CTX_ctrl / SSL_ctrl. */
static inline long structd_ssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long structd_ssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long structd_ssl_ctx_sess_set_cache_size(SSL_CTX *ctx, long size) {
    return SSL_CTX_sess_set_cache_size(ctx, size);
}
static inline long structd_ssl_ctx_set_dh_auto(SSL_CTX *ctx, int on) { return SSL_CTX_set_dh_auto(ctx, on); }
static inline long structd_ssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long structd_ssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long structd_ssl_ctx_set_max_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_max_proto_version(ctx, version);
}

/* OPENSSL_init_ssl's flag combination used at start-up (macros). */
static inline uint64_t structd_openssl_init_flags(void) {
    return OPENSSL_INIT_LOAD_CONFIG | OPENSSL_INIT_ATFORK;
}

#endif
