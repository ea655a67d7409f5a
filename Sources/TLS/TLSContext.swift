// TLSContext: one OpenSSL server context built from the tls-* directives, with Redis 7.0's
// rules and its exact log texts for every way the configuration can be wrong (tls.c's
// tlsConfigure; see docs/tls.md). A context is immutable once built: CONFIG SET builds a
// new one and swaps it in, so connections already open keep the context they started with
// (each SSL object holds a reference to its SSL_CTX).

import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

/// The tls-* directives a context is built from (nil: not configured).
public struct TLSSettings: Equatable, Sendable {
    public var certFile: String? = nil
    public var keyFile: String? = nil
    public var keyFilePass: String? = nil
    public var clientCertFile: String? = nil
    public var clientKeyFile: String? = nil
    public var clientKeyFilePass: String? = nil
    public var dhParamsFile: String? = nil
    public var caCertFile: String? = nil
    public var caCertDir: String? = nil
    /// "TLSv1.2 TLSv1.3" style; nil = TLSv1.2 and TLSv1.3.
    public var protocols: String? = nil
    public var ciphers: String? = nil
    public var ciphersuites: String? = nil
    public var preferServerCiphers = false
    public var sessionCaching = true
    public var sessionCacheSize = 20 * 1024
    public var sessionCacheTimeout = 300
    /// tls-auth-clients is not `no`, or tls-cluster / tls-replication is on: a CA is required.
    public var requiresCA = true

    public init() {}
}

/// tls-auth-clients.
public enum TLSClientAuth: Int, Sendable {
    case no = 0, yes = 1, optional = 2
}

/// A configuration that cannot be applied; `message` is the line Redis logs (warning level).
public struct TLSConfigError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// OpenSSL's one-time process set-up (Redis's tlsInit), done before the first context.
public enum TLSLibrary {
    nonisolated(unsafe) private static var initialised = false

    /// Returns a warning to log, if any (nil when all went well).
    public static func initialise() -> String? {
        if initialised { return nil }
        initialised = true
        // Before OpenSSL's first allocation: its memory is not counted in used_memory (as
        // in Redis), and a handshake's ~7000 allocations mostly come from per-thread free
        // lists instead of glibc's bins (COpenSSL/shim.c, docs/tls.md).
        _ = structd_openssl_use_own_malloc()
        _ = OPENSSL_init_ssl(structd_openssl_init_flags(), nil)
        if RAND_poll() != 1 { return "OpenSSL: Failed to seed random number generator." }
        return nil
    }

    /// The oldest error in this thread's OpenSSL error queue as ERR_error_string_n prints
    /// it ("error:0A000086:SSL routines::certificate verify failed"); clears the queue.
    public static func takeError(bufferSize: Int = 256) -> String {
        let code = ERR_get_error()
        ERR_clear_error()
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: bufferSize) { buf in
            ERR_error_string_n(code, buf.baseAddress, bufferSize)
            return String(cString: buf.baseAddress!)
        }
    }
}

/// Hands the key file password to OpenSSL (SSL_CTX_set_default_passwd_cb). Without a
/// password it fails the load, as Redis does.
private let passwordCallback: @convention(c) (UnsafeMutablePointer<CChar>?, Int32, Int32, UnsafeMutableRawPointer?) -> Int32 = {
    buf, size, _, userdata in
    guard let buf, let userdata else { return -1 }
    let pass = userdata.assumingMemoryBound(to: CChar.self)
    let len = strlen(pass)
    if len > Int(size) { return -1 }
    memcpy(buf, pass, len)
    return Int32(len)
}

public final class TLSContext {
    /// The server-side context new connections are created from.
    public let ctx: OpaquePointer
    /// The client-side context (tls-client-cert-file/-key-file). StructD makes no outgoing
    /// connections (no replication, no cluster bus); it is built so that the configuration is
    /// validated, and refused, exactly as Redis does.
    public let clientCtx: OpaquePointer?
    public let settings: TLSSettings

    /// Builds the contexts or throws the first problem, with Redis's log text.
    public init(_ s: TLSSettings) throws {
        guard let certFile = s.certFile else { throw TLSConfigError(message: "No tls-cert-file configured!") }
        guard let keyFile = s.keyFile else { throw TLSConfigError(message: "No tls-key-file configured!") }
        if s.requiresCA && s.caCertFile == nil && s.caCertDir == nil {
            throw TLSConfigError(message: "Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-cluster, tls-replication or tls-auth-clients are enabled!")
        }
        let protocols = try TLSContext.parseProtocols(s.protocols)
        ERR_clear_error()
        let server = try TLSContext.makeBase(s, protocols: protocols, certFile: certFile, keyFile: keyFile,
                                             keyFilePass: s.keyFilePass)
        do {
            if s.sessionCaching {
                _ = structd_ssl_ctx_set_session_cache_mode(server, Int(SSL_SESS_CACHE_SERVER))
                _ = structd_ssl_ctx_sess_set_cache_size(server, s.sessionCacheSize)
                _ = SSL_CTX_set_timeout(server, s.sessionCacheTimeout)
                _ = SSL_CTX_set_session_id_context(server, "redis", 5)
            } else {
                _ = structd_ssl_ctx_set_session_cache_mode(server, Int(SSL_SESS_CACHE_OFF))
            }
            // Renegotiation: none asked by clients (as Redis), and none at all (TLS 1.2's
            // renegotiation is the only way a read could need a write after the handshake
            // besides TLS 1.3 key updates, which OpenSSL answers within SSL_read).
            _ = SSL_CTX_set_options(server, structd_ssl_op_no_client_renegotiation() | structd_ssl_op_no_renegotiation())
            if s.preferServerCiphers { _ = SSL_CTX_set_options(server, structd_ssl_op_cipher_server_preference()) }
            _ = SSL_CTX_set_options(server, structd_ssl_op_single_dh_use())
            if let dh = s.dhParamsFile {
                try TLSContext.loadDHParams(server, path: dh)
            } else {
                _ = structd_ssl_ctx_set_dh_auto(server, 1)
            }
            if let cc = s.clientCertFile, let ck = s.clientKeyFile {
                clientCtx = try TLSContext.makeBase(s, protocols: protocols, certFile: cc, keyFile: ck,
                                                    keyFilePass: s.clientKeyFilePass)
            } else {
                clientCtx = nil
            }
        } catch {
            SSL_CTX_free(server)
            throw error
        }
        ctx = server
        settings = s
    }

    deinit {
        SSL_CTX_free(ctx)
        if let clientCtx { SSL_CTX_free(clientCtx) }
    }

    struct Protocols: OptionSet {
        let rawValue: Int
        static let tls1 = Protocols(rawValue: 1)
        static let tls1_1 = Protocols(rawValue: 2)
        static let tls1_2 = Protocols(rawValue: 4)
        static let tls1_3 = Protocols(rawValue: 8)
    }

    /// tls-protocols: words separated by single spaces (an empty word, from two spaces in a
    /// row, is invalid as in Redis), case-insensitive.
    static func parseProtocols(_ text: String?) throws -> Protocols {
        guard let text else { return [.tls1_2, .tls1_3] }
        var p: Protocols = []
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            switch word.lowercased() {
            case "tlsv1": p.insert(.tls1)
            case "tlsv1.1": p.insert(.tls1_1)
            case "tlsv1.2": p.insert(.tls1_2)
            case "tlsv1.3": p.insert(.tls1_3)
            default:
                throw TLSConfigError(message: "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'.")
            }
        }
        return p
    }

    /// What the server and client contexts share: protocols, modes, verification, the
    /// certificate and key, the CA, the cipher lists.
    private static func makeBase(_ s: TLSSettings, protocols: Protocols, certFile: String, keyFile: String,
                                 keyFilePass: String?) throws -> OpaquePointer {
        guard let ctx = SSL_CTX_new(TLS_method()) else {
            throw TLSConfigError(message: "Failed to create SSL context: \(TLSLibrary.takeError())")
        }
        var options = structd_ssl_op_no_sslv2() | structd_ssl_op_no_sslv3() | structd_ssl_op_dont_insert_empty_fragments()
            | structd_ssl_op_no_compression()
        if !protocols.contains(.tls1) { options |= structd_ssl_op_no_tlsv1() }
        if !protocols.contains(.tls1_1) { options |= structd_ssl_op_no_tlsv1_1() }
        if !protocols.contains(.tls1_2) { options |= structd_ssl_op_no_tlsv1_2() }
        if !protocols.contains(.tls1_3) { options |= structd_ssl_op_no_tlsv1_3() }
        _ = SSL_CTX_set_options(ctx, options)
        // No SSL_MODE_ENABLE_PARTIAL_WRITE (Redis sets it): server connections write their
        // records to memory (TLSConnection), so SSL_write takes a whole chunk at once. Moving
        // buffer: a retried write may come from an output buffer that moved as it grew.
        _ = structd_ssl_ctx_set_mode(ctx, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)

        // The password is needed only while the files are read; it is freed right after.
        let pass = keyFilePass.map { strdup($0) } ?? nil
        SSL_CTX_set_default_passwd_cb(ctx, passwordCallback)
        SSL_CTX_set_default_passwd_cb_userdata(ctx, pass.map { UnsafeMutableRawPointer($0) })
        var built = false
        defer {
            if built { SSL_CTX_set_default_passwd_cb_userdata(ctx, nil) } else { SSL_CTX_free(ctx) }
            if let pass {
                memset(pass, 0, strlen(pass))
                free(pass)
            }
        }
        func fail(_ message: String) -> TLSConfigError { TLSConfigError(message: message) }
        if SSL_CTX_use_certificate_chain_file(ctx, certFile) <= 0 {
            throw fail("Failed to load certificate: \(certFile): \(TLSLibrary.takeError())")
        }
        if SSL_CTX_use_PrivateKey_file(ctx, keyFile, structd_ssl_filetype_pem()) <= 0 {
            throw fail("Failed to load private key: \(keyFile): \(TLSLibrary.takeError())")
        }
        if s.caCertFile != nil || s.caCertDir != nil,
           SSL_CTX_load_verify_locations(ctx, s.caCertFile, s.caCertDir) <= 0 {
            throw fail("Failed to configure CA certificate(s) file/directory: \(TLSLibrary.takeError())")
        }
        if let ciphers = s.ciphers, SSL_CTX_set_cipher_list(ctx, ciphers) == 0 {
            ERR_clear_error()
            throw fail("Failed to configure ciphers: \(ciphers)")
        }
        if let suites = s.ciphersuites, SSL_CTX_set_ciphersuites(ctx, suites) == 0 {
            ERR_clear_error()
            throw fail("Failed to configure ciphersuites: \(suites)")
        }
        built = true
        return ctx
    }

    /// tls-dh-params-file: PEM DH parameters through OpenSSL 3's decoder.
    private static func loadDHParams(_ ctx: OpaquePointer, path: String) throws {
        guard let file = fopen(path, "r") else {
            throw TLSConfigError(message: "Failed to load \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var pkey: OpaquePointer? = nil
        guard let decoder = OSSL_DECODER_CTX_new_for_pkey(&pkey, "PEM", nil, "DH",
                                                          structd_keymgmt_select_domain_parameters(), nil, nil) else {
            ERR_clear_error()
            throw TLSConfigError(message: "No decoder for DH params.")
        }
        defer { OSSL_DECODER_CTX_free(decoder) }
        if OSSL_DECODER_from_fp(decoder, file) == 0 {
            ERR_clear_error()
            throw TLSConfigError(message: "\(path): failed to read DH params.")
        }
        // On success the context owns the key.
        if SSL_CTX_set0_tmp_dh_pkey(ctx, pkey) <= 0 {
            let e = TLSLibrary.takeError()
            EVP_PKEY_free(pkey)
            throw TLSConfigError(message: "Failed to load DH params file: \(path): \(e)")
        }
    }
}
