// ACLState: the server's users, the ACL log, authentication, and the users' lifecycle
// (config file `user` lines, aclfile, ACL LOAD / SAVE, requirepass, deleting users).
//
// Users are kept by name; ACL LIST / USERS / SAVE list them in byte order of their names,
// as Redis's radix tree does. The default user always exists and is always the same
// object (ACL LOAD copies the file's default user into it), so every client created with
// it follows its changes.
//
// Authentication (Redis's ACLCheckUserCredentials): the user must exist and be on; a
// nopass user accepts any password; otherwise the SHA-256 of the given password is
// compared with every stored digest (ACLUser.passwordMatches). An unknown or disabled user
// still costs one SHA-256, so the reply time does not tell whether the name exists.
// `requirepass` is a view of the default user's password, as in Redis: setting it runs
// "resetpass" then ">pass" (or "nopass" when empty) on the default user.
//
// Whether a client must authenticate is Redis's authRequired(): not authenticated, and
// the default user has a password or is off. It is read when a command arrives, so a
// client that connected while a password was set may run commands once the default user
// is nopass again, as in Redis.
//
// Start-up order (Redis's ACLLoadUsersAtStartup, after "Server initialized"): `user` lines
// of the config file and an `aclfile` together are refused; config users are created (a
// `user default` line resets the default user first); then the aclfile is loaded, any
// error aborting the start.
//
// The ACL log (ACL LOG): newest first, at most acllog-max-len entries; a denial like one
// of the 10 newest entries (same reason, context, object and user, within 60 s) bumps that
// entry's count instead of adding one.

import Config
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

/// Why a command was refused; the order is Redis's (ACL_DENIED_CMD < KEY < AUTH < CHANNEL),
/// which decides which denial is reported when several selectors refuse.
enum ACLDenialReason: Int, Comparable {
    case command = 1, key = 2, auth = 3, channel = 4
    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    var logName: String {
        switch self {
        case .command: return "command"
        case .key: return "key"
        case .auth: return "auth"
        case .channel: return "channel"
        }
    }
}

enum ACLLogContext: String {
    case toplevel, multi, lua
}

struct ACLLogEntry {
    var count: Int64
    let reason: ACLDenialReason
    let context: ACLLogContext
    let object: [UInt8]
    let username: [UInt8]
    var createdMillis: Int64
    var clientInfo: String
}

final class ACLState {
    let space = ACLCommandSpace.shared
    private(set) var users: [[UInt8]: ACLUser] = [:]
    let defaultUser: ACLUser
    var log: [ACLLogEntry] = []
    /// Parsed key specs per command id, filled on first use by a restricted user.
    var keySpecCache: [ACLKeyInfo?]

    init() {
        let space = ACLCommandSpace.shared
        keySpecCache = [ACLKeyInfo?](repeating: nil, count: space.commands.count)
        let u = ACLUser(name: Array("default".utf8), allChannels: false, space: space)
        for rule in ["+@all", "~*", "&*", "on", "nopass"] {
            try? u.apply(Array(rule.utf8), allChannelsDefault: false, space: space)
        }
        defaultUser = u
        users[u.name] = u
    }

    /// Whether unauthenticated clients are refused (Redis's authRequired without the client).
    var defaultUserRequiresAuth: Bool { !defaultUser.nopass || !defaultUser.enabled }

    func user(_ name: some Sequence<UInt8>) -> ACLUser? { users[Array(name)] }

    /// Users in the order Redis lists them (byte order of the names).
    var sortedUsers: [ACLUser] {
        users.values.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    func add(_ u: ACLUser) { users[u.name] = u }

    func remove(_ name: [UInt8]) -> ACLUser? { users.removeValue(forKey: name) }

    /// Replaces every user but the default one (ACL LOAD); returns the users dropped.
    func replaceUsers(_ new: [ACLUser]) -> [ACLUser] {
        let old = users.values.filter { $0 !== defaultUser }
        users = [defaultUser.name: defaultUser]
        for u in new { users[u.name] = u }
        return old
    }

    /// The user `name` if the password is right (ACLCheckUserCredentials).
    func checkCredentials(_ name: UnsafeRawBufferPointer, _ password: UnsafeRawBufferPointer) -> ACLUser? {
        guard let u = users[Array(name)], u.enabled else {
            _ = SHA256.digest(password)   // same work as a wrong password
            return nil
        }
        if u.nopass {
            _ = SHA256.digest(password)
            return u
        }
        return u.passwordMatches(password) ? u : nil
    }
}

extension Client {
    /// Redis's authRequired(c): commands other than no-auth ones are refused.
    var authRequired: Bool { !authenticated && server.acl.defaultUserRequiresAuth }
}

extension Server {
    // MARK: authentication

    /// AUTH / HELLO AUTH: on success the client is authenticated as the user; on failure
    /// an "auth" entry goes to the ACL log (object: the command name as typed) and the
    /// client keeps its state.
    func aclAuthenticate(_ c: Client, user name: UnsafeRawBufferPointer, password: UnsafeRawBufferPointer) -> Bool {
        if let u = acl.checkCredentials(name, password) {
            c.authenticated = true
            c.user = u
            return true
        }
        aclLogAdd(c, .auth, context: c.flags.contains(.multi) ? .multi : .toplevel,
                  object: Array(c.argv[0]), username: Array(name))
        return false
    }

    /// The state a new connection (or RESET) starts with: the default user, authenticated
    /// when that user is nopass and on (Redis's clientSetDefaultAuth).
    func aclSetDefaultAuth(_ c: Client) {
        c.user = acl.defaultUser
        c.authenticated = acl.defaultUser.nopass && acl.defaultUser.enabled
    }

    /// requirepass: the default user's only password, or nopass when empty.
    func aclApplyRequirepass(_ password: String?) {
        let u = acl.defaultUser
        try? u.apply(Array("resetpass".utf8), allChannelsDefault: false, space: acl.space)
        if let p = password, !p.isEmpty {
            try? u.apply([UInt8(ascii: ">")] + Array(p.utf8), allChannelsDefault: false, space: acl.space)
        } else {
            try? u.apply(Array("nopass".utf8), allChannelsDefault: false, space: acl.space)
        }
    }

    /// Applies one rule list to a user the way ACL SETUSER and ACL LOAD do.
    func aclNewUser(_ name: [UInt8]) -> ACLUser {
        ACLUser(name: name, allChannels: config.aclPubsubDefaultAllChannels, space: acl.space)
    }

    // MARK: clients of changed users

    /// Disconnects every client authenticated as `u` (ACL DELUSER, ACL LOAD): each is put
    /// back on the default user, unauthenticated, and closed; the client running the
    /// command gets its reply first.
    func aclKillClients(of u: ACLUser) {
        for c in Array(clients.values) where c.user === u {
            c.user = acl.defaultUser
            c.authenticated = false
            if c === currentClient {
                c.flags.insert(.closeAfterReply)
            } else {
                closeAsync(c)
            }
        }
    }

    /// Subscribers authenticated as `original` whose channels `updated` no longer allows
    /// are disconnected (Redis's ACLKillPubsubClientsIfNeeded, same shortcuts: nothing
    /// happens when a selector has allchannels, or when every channel pattern the user had
    /// is still listed).
    func aclKillPubsubClientsIfNeeded(updated: ACLUser, original: ACLUser) {
        if updated.selectors.contains(where: { $0.allChannels }) { return }
        let upcoming = updated.selectors.flatMap(\.channels)
        let kept = original.selectors.allSatisfy { s in s.channels.allSatisfy { upcoming.contains($0) } }
        if kept { return }
        for c in Array(clients.values) where c.user === original && c.isPubSub {
            guard let subs = c.pubsubState else { continue }
            var kill = false
            subs.patterns.forEach { e in
                if kill { return }
                e.key.withBytes { p in kill = !upcoming.contains { $0.elementsEqual(p) } }
            }
            for table in [subs.channels, subs.shardChannels] where !kill {
                table.forEach { e in
                    if kill { return }
                    e.key.withBytes { ch in
                        kill = !upcoming.contains { pat in pat.withUnsafeBytes { stringMatch($0, ch) } }
                    }
                }
            }
            if kill { freeClient(c) }
        }
    }

    // MARK: the ACL log

    func aclLogAdd(_ c: Client, _ reason: ACLDenialReason, context: ACLLogContext, object: [UInt8],
                   username: [UInt8]? = nil) {
        let now = wallClockMicros() / 1000
        // A script's fake client reports its caller.
        var real = c
        if c.flags.contains(.fake), let caller = scripting?.run.caller { real = caller }
        let info = clientInfoLine(real)
        let name = username ?? c.user?.name ?? real.user?.name ?? Array("default".utf8)
        for i in 0..<min(10, acl.log.count) {
            let e = acl.log[i]
            if e.reason == reason && e.context == context && abs(e.createdMillis - now) <= 60_000
                && e.object == object && e.username == name {
                var m = acl.log.remove(at: i)
                m.count += 1
                m.createdMillis = now
                m.clientInfo = info
                acl.log.insert(m, at: 0)
                return
            }
        }
        acl.log.insert(ACLLogEntry(count: 1, reason: reason, context: context, object: object, username: name,
                                   createdMillis: now, clientInfo: info), at: 0)
        let limit = max(0, config.acllogMaxLen)
        if acl.log.count > limit { acl.log.removeLast(acl.log.count - limit) }
    }

    // MARK: start-up

    /// Redis's ACLLoadUsersAtStartup: config `user` lines, then the aclfile. Errors are
    /// logged as Redis logs them and stop the start.
    func aclLoadUsersAtStartup() throws {
        if !config.aclfile.isEmpty && !config.userDirectives.isEmpty {
            throw StartupError(message: "Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.")
        }
        for directive in config.userDirectives {
            let name = Array(directive[0].utf8)
            if aclHasSpaces(name) {
                log.warning("Spaces not allowed in ACL usernames")
                throw StartupError(message: "Critical error while loading ACLs. Exiting.")
            }
            let u: ACLUser
            if let existing = acl.user(name) {
                u = existing   // only "default" can exist already
                try? u.apply(Array("reset".utf8), allChannelsDefault: config.aclPubsubDefaultAllChannels, space: acl.space)
            } else {
                u = aclNewUser(name)
                acl.add(u)
            }
            let rules = (try? aclMergeSelectorArguments(directive.dropFirst().map { Array($0.utf8) }).get()) ?? []
            for rule in rules {
                do {
                    try u.apply(rule, allChannelsDefault: config.aclPubsubDefaultAllChannels, space: acl.space)
                } catch {
                    log.warning("Error loading ACL rule '\(String(decoding: rule, as: UTF8.self))' for the user named '\(directive[0])': \(error.message)")
                    throw StartupError(message: "Critical error while loading ACLs. Exiting.")
                }
            }
            if !u.enabled {
                log.notice("The user '\(directive[0])' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.")
            }
        }
        if !config.aclfile.isEmpty, let errors = aclLoadFromFile(config.aclfile) {
            throw StartupError(message: "Aborting Redis startup because of ACL errors: \(errors)")
        }
    }

    // MARK: the ACL file

    /// Loads the ACL file (Redis's ACLLoadFromFile): nil on success, else one line listing
    /// every problem, in which case nothing changed. On success every user but the default
    /// one is replaced (their clients are disconnected) and the default user takes the
    /// file's rules (or the built-in default rules when the file has no default user).
    func aclLoadFromFile(_ path: String) -> String? {
        guard let data = readWholeFile(path) else {
            return "Error loading ACLs, opening file '\(path)': \(String(cString: strerror(errno)))"
        }
        let fileName = config.aclfile
        var errors = ""
        var loaded: [[UInt8]: ACLUser] = [:]
        let lines = data.split(separator: 10, omittingEmptySubsequences: false)
        for (i, rawLine) in lines.enumerated() {
            let lineNumber = i + 1
            let line = aclTrim(Array(rawLine), [32, 9, 13, 10])
            if line.isEmpty { continue }
            let argv = line.split(separator: 32, omittingEmptySubsequences: false).map { Array($0) }
            guard argv.count >= 2, argv[0] == Array("user".utf8) else {
                errors += "\(fileName):\(lineNumber) should start with user keyword followed by the username. "
                continue
            }
            if aclHasSpaces(argv[1]) {
                errors += "'\(fileName):\(lineNumber): username '\(String(decoding: argv[1], as: UTF8.self))' contains invalid characters. "
                continue
            }
            if loaded[argv[1]] != nil {
                errors += "WARNING: Duplicate user '\(String(decoding: argv[1], as: UTF8.self))' found on line \(lineNumber). "
                continue
            }
            let u = aclNewUser(argv[1])
            loaded[argv[1]] = u
            let rules: [[UInt8]]
            switch aclMergeSelectorArguments(Array(argv[2...])) {
            case .success(let r): rules = r
            case .failure:
                // Redis 7.0.15 reports this and then crashes on the unmerged rules; we stop here.
                errors += "\(fileName):\(lineNumber): Unmatched parenthesis in selector definition."
                continue
            }
            var reported = false
            for rule in rules {
                let op = aclTrim(rule, [9, 13, 10])
                do {
                    try u.apply(op, allChannelsDefault: config.aclPubsubDefaultAllChannels, space: acl.space)
                } catch {
                    if error == .unknownCommand {
                        // Unknown names are safe to repeat; other rules may hold passwords.
                        errors += "\(fileName):\(lineNumber): Error in applying operation '\(String(decoding: op, as: UTF8.self))': \(error.message). "
                    } else if !reported {
                        errors += "\(fileName):\(lineNumber): \(error.message). "
                        reported = true
                    }
                }
            }
        }
        if !errors.isEmpty {
            return errors + "WARNING: ACL errors detected, no change to the previously active ACL rules was performed"
        }
        let newDefault = loaded.removeValue(forKey: acl.defaultUser.name) ?? ACLState.builtInDefaultUser(acl.space)
        acl.defaultUser.copyRules(from: newDefault)
        let dropped = acl.replaceUsers(Array(loaded.values))
        for u in dropped { aclKillClients(of: u) }
        return nil
    }

    /// Writes every user to the ACL file: a temporary file, fsync, rename (Redis's
    /// ACLSaveToFile, plus the fsync the team's data-file rule asks for).
    func aclSaveToFile(_ path: String) -> Bool {
        var text: [UInt8] = []
        for u in acl.sortedUsers {
            text += u.line(acl.space)
            text.append(10)
        }
        let tmp = "\(path).tmp-\(getpid())-\(wallClockMicros() / 1000)"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 {
            log.warning("Opening temp ACL file for ACL SAVE: \(String(cString: strerror(errno)))")
            return false
        }
        var ok = text.withUnsafeBytes { b -> Bool in
            var off = 0
            while off < b.count {
                let n = write(fd, b.baseAddress! + off, b.count - off)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        if !ok { log.warning("Writing ACL file for ACL SAVE: \(String(cString: strerror(errno)))") }
        if ok && fsync(fd) != 0 {
            log.warning("Writing ACL file for ACL SAVE: \(String(cString: strerror(errno)))")
            ok = false
        }
        close(fd)
        if ok && rename(tmp, path) != 0 {
            log.warning("Renaming ACL file for ACL SAVE: \(String(cString: strerror(errno)))")
            ok = false
        }
        if !ok { unlink(tmp) }
        return ok
    }

    private func readWholeFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            out += chunk[0..<n]
        }
        return out
    }
}

extension ACLState {
    /// A fresh default user with Redis's built-in rules (ACLCreateDefaultUser).
    static func builtInDefaultUser(_ space: ACLCommandSpace) -> ACLUser {
        let u = ACLUser(name: Array("default".utf8), allChannels: false, space: space)
        for rule in ["+@all", "~*", "&*", "on", "nopass"] {
            try? u.apply(Array(rule.utf8), allChannelsDefault: false, space: space)
        }
        return u
    }
}

/// sdstrim: drops the given bytes from both ends.
func aclTrim(_ s: [UInt8], _ set: [UInt8]) -> [UInt8] {
    var a = 0, b = s.count
    while a < b && set.contains(s[a]) { a += 1 }
    while b > a && set.contains(s[b - 1]) { b -= 1 }
    return Array(s[a..<b])
}
