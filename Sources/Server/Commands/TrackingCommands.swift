// CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR, CLIENT TRACKINGINFO (Redis's
// networking.c client command, tracking part). The tracking table, BCAST prefixes and
// invalidation delivery are in Tracking.swift.
//
// CLIENT TRACKING parses every option first (syntax errors and a bad or unknown REDIRECT
// id are reported while parsing, in argument order), then checks the combination in
// Redis's order: PREFIX without BCAST, switching BCAST on/off, BCAST with OPTIN/OPTOUT,
// OPTIN with OPTOUT, switching OPTIN/OPTOUT, then prefix overlaps.

import RESP
import DataStructures

extension Server {
    static func trackingCommands() -> [(String, CommandHandler)] {
        [
            ("client|tracking", { s, c in s.clientTrackingCommand(c) }),
            ("client|caching", { s, c in s.clientCachingCommand(c) }),
            ("client|getredir", { s, c in s.clientGetredirCommand(c) }),
            ("client|trackinginfo", { s, c in s.clientTrackinginfoCommand(c) }),
        ]
    }

    /// CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]
    func clientTrackingCommand(_ c: Client) {
        var redirect: Int64 = 0
        var bcast = false, optin = false, optout = false, noloop = false
        var prefixes: [RStr] = []
        var j = 3
        while j < c.argc {
            let more = c.argc - 1 - j
            if c.argIs(j, "redirect") && more > 0 {
                j += 1
                if redirect != 0 {
                    c.addError("ERR A client can only redirect to a single other client")
                    return
                }
                guard let id = parseStrictInt64(c.arg(j)) else {
                    c.addErrorNotInteger()
                    return
                }
                redirect = id
                if clientsById[id] == nil {
                    c.addError("ERR The client ID you want redirect to does not exist")
                    return
                }
            } else if c.argIs(j, "bcast") {
                bcast = true
            } else if c.argIs(j, "optin") {
                optin = true
            } else if c.argIs(j, "optout") {
                optout = true
            } else if c.argIs(j, "noloop") {
                noloop = true
            } else if c.argIs(j, "prefix") && more > 0 {
                j += 1
                prefixes.append(c.argRStr(j))
            } else {
                c.addErrorSyntax()
                return
            }
            j += 1
        }
        if c.argIs(2, "on") {
            if !bcast && !prefixes.isEmpty {
                c.addError("ERR PREFIX option requires BCAST mode to be enabled")
                return
            }
            let current = c.trackingState
            if let t = current, t.enabled, t.bcast != bcast {
                c.addError("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.")
                return
            }
            if bcast && (optin || optout) {
                c.addError("ERR OPTIN and OPTOUT are not compatible with BCAST")
                return
            }
            if optin && optout {
                c.addError("ERR You can't specify both OPTIN mode and OPTOUT mode")
                return
            }
            if let t = current, t.enabled, (optin && t.optout) || (optout && t.optin) {
                c.addError("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.")
                return
            }
            if bcast && !checkPrefixCollisions(c, prefixes) { return }
            enableTracking(c, redirect: redirect, bcast: bcast, optin: optin, optout: optout, noloop: noloop, prefixes: prefixes)
        } else if c.argIs(2, "off") {
            disableTracking(c)
        } else {
            c.addErrorSyntax()
            return
        }
        c.addOK()
    }

    /// Prefixes of one client must not overlap (one a prefix of the other): neither with
    /// those it registered before nor among the new ones. Replies and returns false on the
    /// first overlap — except that, as in Redis 7.0, an overlap among the new prefixes
    /// found past the first one is reported and the command still goes ahead.
    private func checkPrefixCollisions(_ c: Client, _ prefixes: [RStr]) -> Bool {
        func overlap(_ a: RStr, _ b: RStr) -> Bool {
            a.withBytes { x in b.withBytes { y in
                let n = min(x.count, y.count)
                return n == 0 || memcmpEqual(x, y, n)
            } }
        }
        func text(_ s: RStr) -> String {
            String(decoding: s.bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        let existing = c.trackingState?.prefixes ?? []
        for i in 0..<prefixes.count {
            if let old = existing.first(where: { overlap($0, prefixes[i]) }) {
                c.addError("ERR Prefix '\(text(prefixes[i]))' overlaps with an existing prefix '\(text(old))'. Prefixes for a single client must not overlap.")
                return false
            }
            for k in (i + 1)..<max(i + 1, prefixes.count) where overlap(prefixes[i], prefixes[k]) {
                c.addError("ERR Prefix '\(text(prefixes[i]))' overlaps with another provided prefix '\(text(prefixes[k]))'. Prefixes for a single client must not overlap.")
                return i != 0
            }
        }
        return true
    }

    /// CLIENT CACHING YES|NO: whether the next command's keys are tracked (OPTIN / OPTOUT).
    func clientCachingCommand(_ c: Client) {
        guard let t = c.trackingState, t.enabled else {
            c.addError("ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled")
            return
        }
        if c.argIs(2, "yes") {
            guard t.optin else {
                c.addError("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.")
                return
            }
        } else if c.argIs(2, "no") {
            guard t.optout else {
                c.addError("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.")
                return
            }
        } else {
            c.addErrorSyntax()
            return
        }
        t.cachingGiven = true
        c.addOK()
    }

    func clientGetredirCommand(_ c: Client) {
        c.addInt(trackingRedirection(c))
    }

    /// CLIENT TRACKINGINFO: flags, redirect and prefixes, as a map.
    func clientTrackinginfoCommand(_ c: Client) {
        c.addMapLen(3)
        c.addBulk("flags")
        if let t = c.trackingState, t.enabled {
            var flags: [StaticString] = ["on"]
            if t.bcast { flags.append("bcast") }
            if t.optin {
                flags.append("optin")
                if t.cachingGiven { flags.append("caching-yes") }
            }
            if t.optout {
                flags.append("optout")
                if t.cachingGiven { flags.append("caching-no") }
            }
            if t.noloop { flags.append("noloop") }
            if t.brokenRedirect { flags.append("broken_redirect") }
            c.addSetLen(flags.count)
            for f in flags { c.addBulk(f) }
        } else {
            c.addSetLen(1)
            c.addBulk("off")
        }
        c.addBulk("redirect")
        c.addInt(trackingRedirection(c))
        c.addBulk("prefixes")
        let prefixes = c.trackingState.map { $0.enabled ? $0.prefixes : [] } ?? []
        c.addArrayLen(prefixes.count)
        for p in prefixes { c.addBulk(p) }
    }
}

/// The first `n` bytes of `a` and `b` are equal.
private func memcmpEqual(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer, _ n: Int) -> Bool {
    for i in 0..<n where a[i] != b[i] { return false }
    return true
}
