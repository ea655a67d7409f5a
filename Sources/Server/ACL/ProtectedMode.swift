// Protected mode (Redis 7.0's clientAcceptHandlerCommon): while `protected-mode` is yes
// and the default user has no password (nopass), a TCP client whose address is not a
// loopback one gets the DENIED error below and is disconnected before it can send
// anything. Unix-socket clients are always local.
//
// Redis 7.0 applies this whatever `bind` says (6.x only did without an explicit bind):
// checked against redis-server 7.0.15 bound to `*`, `0.0.0.0`, `* -::*` and to the host's
// own non-loopback address, all of which answer DENIED to a client connecting from that
// address. "Local" is Redis's connIsLocal: an address starting with "127." or "::1"
// (plus IPv4-mapped loopback, which a dual-stack socket could report).

extension Server {
    /// Whether protected mode refuses a TCP client connecting from `peerIP`.
    static func protectedModeDenies(enabled: Bool, defaultUserNopass: Bool, peerIP: String) -> Bool {
        protectedModeDenies(enabled: enabled, defaultUserNopass: defaultUserNopass, loopback: isLoopbackAddress(peerIP))
    }

    /// The same for a client whose address was found loopback or not at accept (a TLS
    /// client is checked once its handshake is done: ClientFlags.loopbackPeer).
    static func protectedModeDenies(enabled: Bool, defaultUserNopass: Bool, loopback: Bool) -> Bool {
        enabled && defaultUserNopass && !loopback
    }

    static func isLoopbackAddress(_ ip: String) -> Bool {
        ip.hasPrefix("127.") || ip == "::1" || ip.hasPrefix("::ffff:127.")
    }

    /// Redis 7.0.15's text, sent as is (it has its own "-" and CRLF).
    static let protectedModeMessage = "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n"
}
