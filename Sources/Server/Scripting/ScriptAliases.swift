// ScriptAliases: StructD's names for cached EVAL scripts (SCRIPT LOAD ... <alias>,
// SCRIPT ALIAS / UNALIAS / ALIASES, EVALSHA <alias>, CALL.<alias> inside scripts).
//
// An alias names a script body, not only a sha: the registry keeps the body, so an alias
// outlives SCRIPT FLUSH (the script is compiled again from the body the next time the
// alias is used) and a restart (the snapshot saves aliases with their bodies, as AUX fields
// real Redis ignores; see aliasesForSnapshot / restoreAliases and docs/scripting.md).
//
// Names: letters, digits and underscores (so `CALL.name` is valid Lua), 1 to 128 bytes,
// case-sensitive, and never 40 hexadecimal digits (EVALSHA and SCRIPT ALIAS take either a
// sha or an alias: a sha always wins, and an alias may not look like one). Setting an
// alias that already names another script: NX leaves it (the reply says nothing was set),
// REPLACE moves it, neither is an error. Setting it to the script it already names is a
// no-op success either way.

import DataStructures
import Checksum

/// One alias: its name and the script it names.
final class ScriptAlias {
    let name: RStr
    var sha: String
    var body: [UInt8]

    init(name: RStr, sha: String, body: [UInt8]) {
        self.name = name
        self.sha = sha
        self.body = body
    }
}

final class ScriptAliasRegistry {
    let byName = Dict<ScriptAlias>()

    var count: Int { byName.count }

    func find(_ name: UnsafeRawBufferPointer) -> ScriptAlias? { byName.find(name)?.value }

    /// Every alias, by name.
    func sorted() -> [ScriptAlias] {
        var all: [ScriptAlias] = []
        all.reserveCapacity(byName.count)
        byName.forEach { all.append($0.value) }
        return all.sorted { $0.name.bytes.lexicographicallyPrecedes($1.name.bytes) }
    }

    /// The aliases naming `sha`, by name.
    func aliases(of sha: String) -> [ScriptAlias] {
        sorted().filter { $0.sha == sha }
    }

    /// Inside an undo scope (TXN.MULTI): the first change records the whole table (name,
    /// sha, body), and a rollback puts exactly that back.
    func willChange(_ server: Server) {
        guard let u = server.undo else { return }
        u.recordOnce("aliases") {
            var saved: [(RStr, String, [UInt8])] = []
            byName.forEach { saved.append(($0.key, $0.value.sha, $0.value.body)) }
            return { [unowned self] in
                self.byName.clearAll()
                for (name, sha, body) in saved { self.byName.insertNew(name, ScriptAlias(name: name, sha: sha, body: body)) }
            }
        }
    }
}

/// What setting an alias did.
enum AliasSetOutcome {
    case set
    /// NX and the alias names another script.
    case kept
    case error(String)
}

extension Server {
    static let aliasNameError = "ERR Alias names can only contain letters, numbers, or underscores(_) and must be at least one character long"

    /// nil when `name` is a valid alias name, else the error reply.
    func validateAliasName(_ name: UnsafeRawBufferPointer) -> String? {
        if name.isEmpty || name.count > 128 { return Server.aliasNameError }
        var hex = name.count == 40
        for b in name {
            let letter = (b >= 65 && b <= 90) || (b >= 97 && b <= 122)
            let digit = b >= 48 && b <= 57
            if !letter && !digit && b != 95 { return Server.aliasNameError }
            if hex && !(digit || (b >= 97 && b <= 102) || (b >= 65 && b <= 70)) { hex = false }
        }
        if hex { return "ERR An alias can not be 40 hexadecimal digits (it would read as a SHA1 digest)" }
        return nil
    }

    /// The script an alias names, compiled again from its body if the cache lost it
    /// (SCRIPT FLUSH). nil when there is no such alias.
    func resolveScriptAlias(_ name: UnsafeRawBufferPointer) -> (alias: ScriptAlias, script: EvalScript)? {
        guard let a = structdScripting.aliases.find(name) else { return nil }
        let engine = scriptingEngine
        if let s = engine.scripts.find(RStr(a.sha))?.value { return (a, s) }
        guard case .success(let s) = a.body.withUnsafeBytes({ engine.loadScript($0) }) else { return nil }
        return (a, s)
    }

    /// Points `name` at (sha, body) following the NX / REPLACE rules.
    func setScriptAlias(_ name: UnsafeRawBufferPointer, sha: String, body: [UInt8], nx: Bool, replace: Bool) -> AliasSetOutcome {
        let reg = structdScripting.aliases
        if let a = reg.find(name) {
            if a.sha == sha { return .set }
            if nx { return .kept }
            if !replace {
                return .error("ERR Alias '\(String(decoding: name, as: UTF8.self))' already names another script (use NX or REPLACE)")
            }
            reg.willChange(self)
            a.sha = sha
            a.body = body
            dirty += 1
            return .set
        }
        reg.willChange(self)
        reg.byName.insertNew(RStr(name), ScriptAlias(name: RStr(name), sha: sha, body: body))
        // Aliases are saved with the snapshot: a change counts toward the save points.
        dirty += 1
        return .set
    }

    /// The optional `<alias> [NX|REPLACE]` tail of SCRIPT LOAD / SCRIPT ALIAS starting at
    /// argument `i`: (alias index or nil, nx, replace), or nil after replying an error.
    func parseAliasTail(_ c: Client, from i: Int) -> (alias: Int?, nx: Bool, replace: Bool)? {
        if c.argc <= i { return (nil, false, false) }
        if c.argc > i + 2 {
            c.addErrorSyntax()
            return nil
        }
        var nx = false, replace = false
        if c.argc == i + 2 {
            if c.argIs(i + 1, "nx") {
                nx = true
            } else if c.argIs(i + 1, "replace") {
                replace = true
            } else {
                c.addErrorSyntax()
                return nil
            }
        }
        if let e = validateAliasName(c.arg(i)) {
            c.addError(e)
            return nil
        }
        return (i, nx, replace)
    }

    // MARK: commands

    /// SCRIPT LOAD script alias [NX|REPLACE] (the plain form is ScriptCommands.swift's).
    /// Reply: the sha, or a null bulk when NX left the alias naming another script.
    func scriptLoadAliasCommand(_ c: Client) {
        guard let tail = parseAliasTail(c, from: 3), let aliasIndex = tail.alias else { return }
        let body = c.arg(2)
        let sha = SHA1.hexDigest(body)
        if !tail.nx && !tail.replace, let a = structdScripting.aliases.find(c.arg(aliasIndex)), a.sha != sha {
            c.addError("ERR Alias '\(c.argString(aliasIndex))' already names another script (use NX or REPLACE)")
            return
        }
        switch scriptingEngine.loadScript(body) {
        case .failure(let e):
            c.addError(e.message)
        case .success(let s):
            switch setScriptAlias(c.arg(aliasIndex), sha: s.sha, body: s.body, nx: tail.nx, replace: tail.replace) {
            case .set: c.addBulk(string: s.sha)
            case .kept: c.addNull()
            case .error(let e): c.addError(e)
            }
        }
    }

    /// SCRIPT ALIAS sha|alias [alias [NX|REPLACE]]: without an alias, the aliases of the
    /// script (an array, by name); with one, names the script (+OK, or a null bulk when NX
    /// left it naming another script). The script is found in the cache, or through an
    /// alias (by the alias's name, or by a sha an alias names).
    func scriptAliasCommand(_ c: Client) {
        guard let tail = parseAliasTail(c, from: 3) else { return }
        let engine = scriptingEngine
        var target: (sha: String, body: [UInt8])? = nil
        if let s = engine.findScript(sha: c.arg(2)) {
            target = (s.sha, s.body)
        } else if let a = structdScripting.aliases.find(c.arg(2)) {
            target = (a.sha, a.body)
        } else if c.arg(2).count == 40 {
            // Not cached (SCRIPT FLUSH) but named by an alias: the alias keeps its body.
            let sha = c.argString(2).lowercased()
            if let a = structdScripting.aliases.sorted().first(where: { $0.sha == sha }) { target = (a.sha, a.body) }
        }
        guard let aliasIndex = tail.alias else {
            let list = target.map { structdScripting.aliases.aliases(of: $0.sha) } ?? []
            c.addArrayLen(list.count)
            for a in list { c.addBulk(a.name) }
            return
        }
        guard let target else {
            c.addError("NOSCRIPT No matching script. Please use EVAL.")
            return
        }
        switch setScriptAlias(c.arg(aliasIndex), sha: target.sha, body: target.body, nx: tail.nx, replace: tail.replace) {
        case .set: c.addOK()
        case .kept: c.addNull()
        case .error(let e): c.addError(e)
        }
    }

    /// SCRIPT UNALIAS alias [alias ...]: the number of aliases removed.
    func scriptUnaliasCommand(_ c: Client) {
        let reg = structdScripting.aliases
        var removed = 0
        reg.willChange(self)
        for i in 2..<c.argc where reg.byName.remove(c.arg(i)) != nil { removed += 1 }
        dirty += Int64(removed)
        c.addInt(removed)
    }

    /// SCRIPT ALIASES: alias -> sha for every alias, by name (a map in RESP3, a flat array
    /// in RESP2).
    func scriptAliasesCommand(_ c: Client) {
        let all = structdScripting.aliases.sorted()
        c.addMapLen(all.count)
        for a in all {
            c.addBulk(a.name)
            c.addBulk(string: a.sha)
        }
    }

    // MARK: persistence (used by the snapshot writer and loader)

    /// Every alias with the sha and body of the script it names, by name.
    func aliasesForSnapshot() -> [(alias: [UInt8], sha: String, body: [UInt8])] {
        structdScripting.aliases.sorted().map { ($0.name.bytes, $0.sha, $0.body) }
    }

    /// Restores aliases saved by aliasesForSnapshot (the sha is recomputed from the body;
    /// an invalid name is skipped). Existing aliases of the same names are replaced.
    func restoreAliases(_ entries: [(alias: [UInt8], body: [UInt8])]) {
        let dirtyBefore = dirty   // loading is not a change
        defer { dirty = dirtyBefore }
        for (name, body) in entries {
            let ok = name.withUnsafeBytes { validateAliasName($0) == nil }
            if !ok {
                log.warning("Ignoring saved script alias '\(String(decoding: name, as: UTF8.self))': invalid name")
                continue
            }
            let sha = body.withUnsafeBytes { SHA1.hexDigest($0) }
            _ = name.withUnsafeBytes { setScriptAlias($0, sha: sha, body: body, nx: false, replace: true) }
        }
    }
}
