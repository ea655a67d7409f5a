// TLSClientContext: the client-side OpenSSL context of structd-benchmark --tls (the options
// of redis-benchmark / redis-cli: --cacert, --cacertdir, --cert, --key, --insecure). The
// server never makes outgoing connections; its tls-client-* files are only validated
// (TLSContext.clientCtx). Connections are made with TLSConnection(clientContext:fd:serverName:).
//
// As redis-cli's context (cliSecureConnection): no SSLv2/v3 (OpenSSL 3's defaults
// leave TLS 1.2 and 1.3), peer verification against the given CA file/directory, or the system's default CA paths
// when neither is given, unless `verifyPeer` is false (--insecure). The server's name is not
// checked against its certificate (redis-cli does not either); --sni only sends SNI.

import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

public final class TLSClientContext: @unchecked Sendable {
    /// Immutable once built; SSL_new from several threads is safe (OpenSSL 3).
    public let ctx: OpaquePointer

    /// Throws redis-cli's wording for each failure (cliSecureConnection; redis-benchmark
    /// prints it after "Could not negotiate a TLS connection: ").
    public init(caCertFile: String?, caCertDir: String?, certFile: String?, keyFile: String?,
                verifyPeer: Bool) throws(TLSConfigError) {
        _ = TLSLibrary.initialise()
        ERR_clear_error()
        guard let c = SSL_CTX_new(TLS_client_method()) else {
            ERR_clear_error()
            throw TLSConfigError(message: "Failed to create SSL_CTX")
        }
        _ = SSL_CTX_set_options(c, structd_ssl_op_no_sslv2() | structd_ssl_op_no_sslv3())
        // The same modes as server connections: SSL_write takes a whole chunk (records go to
        // memory, TLSConnection), and a retried write may come from a moved buffer.
        _ = structd_ssl_ctx_set_mode(c, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        SSL_CTX_set_verify(c, verifyPeer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nil)
        func fail(_ message: String) -> TLSConfigError {
            ERR_clear_error()
            SSL_CTX_free(c)
            return TLSConfigError(message: message)
        }
        if caCertFile != nil || caCertDir != nil {
            if SSL_CTX_load_verify_locations(c, caCertFile, caCertDir) != 1 {
                throw fail("Invalid CA Certificate File/Directory")
            }
        } else if verifyPeer, SSL_CTX_set_default_verify_paths(c) != 1 {
            throw fail("Failed to use default CA paths")
        }
        if let certFile, SSL_CTX_use_certificate_chain_file(c, certFile) != 1 {
            throw fail("Invalid client certificate")
        }
        if let keyFile, SSL_CTX_use_PrivateKey_file(c, keyFile, structd_ssl_filetype_pem()) != 1 {
            throw fail("Invalid private key")
        }
        ctx = c
    }

    deinit { SSL_CTX_free(ctx) }
}
