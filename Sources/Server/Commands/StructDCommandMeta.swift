// StructDCommandMeta: metadata rows for StructD's own commands and arguments, which Redis's
// command catalog does not have (docs/command-table.md, "StructD's own commands").
//
// The generated catalog (CommandCatalogData.swift) is Redis 7.0.15's interface and is never
// edited. What StructD adds is declared here, as data of the same shape, and merged into
// the catalog dictionary by buildCommandTable before handlers are joined:
//   - TXN.EVAL, TXN.ESHA: Redis's EVAL / EVALSHA rows (arity, flags, key specs with the
//     numkeys search, ACL categories) under the new name, with their own docs summary:
//     they take exactly EVAL's arguments, so COMMAND GETKEYS and key extraction work the
//     same way.
//   - TXN.MULTI: MULTI's row, plus `no_multi` (it cannot be nested in a transaction).
//   - SCRIPT's container gets new subcommands ALIAS, UNALIAS, ALIASES, and SCRIPT LOAD's row
//     is replaced: Redis says arity 3 (`SCRIPT LOAD script`); StructD accepts
//     `SCRIPT LOAD script [alias [NX|REPLACE]]`, so its arity becomes -3 and the extra forms
//     are checked by the handler (a syntax error beyond them). Everything else in the row
//     (flags, tips, ACL categories) stays Redis's.
// Rows are built from the Redis rows they extend, so flags and key specs cannot drift.

import RESP

enum StructDCommandMeta {
    /// The catalog with StructD's rows merged in.
    static func merged(into catalog: [String: CommandMeta]) -> [String: CommandMeta] {
        var out = catalog
        if let eval = catalog["eval"] {
            out["txn.eval"] = renamed(eval, to: "txn.eval",
                summary: "Executes a server-side Lua script; if it fails, every change it made is undone (StructD).")
        }
        if let evalsha = catalog["evalsha"] {
            out["txn.esha"] = renamed(evalsha, to: "txn.esha",
                summary: "Executes a cached server-side Lua script by SHA1 digest or alias; if it fails, every change it made is undone (StructD).")
        }
        if let multi = catalog["multi"] {
            out["txn.multi"] = renamed(multi, to: "txn.multi", addFlags: ["no_multi"],
                summary: "Starts a transaction whose EXEC undoes every change if a queued command fails (StructD).")
        }
        if let script = catalog["script"] {
            out["script"] = extendScript(script)
        }
        return out
    }

    // MARK: building rows

    /// A copy of `meta` under another name (its info entry and docs renamed to match).
    static func renamed(_ meta: CommandMeta, to name: String, arity: Int? = nil, addFlags: [String] = [],
                        summary: String) -> CommandMeta {
        var info = meta.info
        if case .array(var f) = info, f.count == 10 {
            f[0] = .bulk(name)
            if let arity { f[1] = .integer(Int64(arity)) }
            if !addFlags.isEmpty, let flags = f[2].elements {
                f[2] = .set(flags + addFlags.map { .simple($0) })
            }
            info = .array(f)
        }
        return CommandMeta(name: name, arity: arity ?? meta.arity, flags: meta.flags + addFlags,
                           firstKey: meta.firstKey, lastKey: meta.lastKey, step: meta.step,
                           aclCategories: meta.aclCategories, info: info,
                           docs: replacingDocs(meta.docs, summary: summary, since: "0.1.0"),
                           group: meta.group, subcommands: [])
    }

    /// Replaces summary and since (and drops Redis's version history) in a docs map.
    private static func replacingDocs(_ docs: RESPValue?, summary: String, since: String) -> RESPValue? {
        guard case .map(let flat)? = docs else { return docs }
        var out: [RESPValue] = []
        var i = 0
        while i + 1 < flat.count {
            switch flat[i].string {
            case "summary": out += [flat[i], .bulk(summary)]
            case "since": out += [flat[i], .bulk(since)]
            case "history", "doc_flags", "deprecated_since", "replaced_by": break
            default: out += [flat[i], flat[i + 1]]
            }
            i += 2
        }
        return .map(out)
    }

    /// SCRIPT with LOAD's extended arity and ALIAS / UNALIAS / ALIASES.
    private static func extendScript(_ script: CommandMeta) -> CommandMeta {
        var subs = script.subcommands.filter { $0.name != "script|load" }
        if let load = script.subcommands.first(where: { $0.name == "script|load" }) {
            var info = load.info
            if case .array(var f) = info, f.count == 10 {
                f[1] = .integer(-3)
                info = .array(f)
            }
            var docs = load.docs
            if case .map(var flat)? = docs {
                var i = 0
                while i + 1 < flat.count {
                    if flat[i].string == "arguments" {
                        flat[i + 1] = .array([
                            argument("script", "string"),
                            .map([.bulk("name"), .bulk("alias-block"), .bulk("type"), .bulk("block"),
                                  .bulk("flags"), .set([.simple("optional")]),
                                  .bulk("arguments"), .array([
                                      argument("alias", "string"),
                                      .map([.bulk("name"), .bulk("condition"), .bulk("type"), .bulk("oneof"),
                                            .bulk("flags"), .set([.simple("optional")]),
                                            .bulk("arguments"), .array([
                                                token("nx", "NX"), token("replace", "REPLACE"),
                                            ])]),
                                  ])]),
                        ])
                    }
                    i += 2
                }
                docs = .map(flat)
            }
            subs.append(CommandMeta(name: load.name, arity: -3, flags: load.flags, firstKey: 0, lastKey: 0, step: 0,
                                    aclCategories: load.aclCategories, info: info, docs: docs,
                                    group: load.group, subcommands: []))
        }
        subs.append(subcommand("script|alias", arity: -3,
            summary: "Lists the aliases of a cached script, or gives it an alias (StructD).",
            complexity: "O(1) to set an alias, O(N) to list them, N being the number of aliases.",
            arguments: [argument("sha1", "string"),
                        .map([.bulk("name"), .bulk("alias-block"), .bulk("type"), .bulk("block"),
                              .bulk("flags"), .set([.simple("optional")]),
                              .bulk("arguments"), .array([
                                  argument("alias", "string"),
                                  .map([.bulk("name"), .bulk("condition"), .bulk("type"), .bulk("oneof"),
                                        .bulk("flags"), .set([.simple("optional")]),
                                        .bulk("arguments"), .array([token("nx", "NX"), token("replace", "REPLACE")])]),
                              ])])]))
        subs.append(subcommand("script|unalias", arity: -3,
            summary: "Removes script aliases (StructD).",
            complexity: "O(N) with N being the number of aliases given.",
            arguments: [.map([.bulk("name"), .bulk("alias"), .bulk("type"), .bulk("string"),
                              .bulk("flags"), .set([.simple("multiple")])])]))
        subs.append(subcommand("script|aliases", arity: 2,
            summary: "Lists every script alias with the SHA1 digest it names (StructD).",
            complexity: "O(N) with N being the number of aliases.", arguments: nil))
        subs.sort { $0.name < $1.name }
        return CommandMeta(name: script.name, arity: script.arity, flags: script.flags,
                           firstKey: script.firstKey, lastKey: script.lastKey, step: script.step,
                           aclCategories: script.aclCategories, info: script.info, docs: script.docs,
                           group: script.group, subcommands: subs)
    }

    /// A SCRIPT subcommand row in Redis's shape (flags noscript and stale, @slow @scripting,
    /// tips for cluster as SCRIPT LOAD has them).
    private static func subcommand(_ name: String, arity: Int, summary: String, complexity: String,
                                   arguments: [RESPValue]?) -> CommandMeta {
        let flags = ["noscript", "stale"]
        let acl = ["@slow", "@scripting"]
        let info: RESPValue = .array([
            .bulk(name), .integer(Int64(arity)), .set(flags.map { .simple($0) }),
            .integer(0), .integer(0), .integer(0), .set(acl.map { .simple($0) }),
            .set([.bulk("request_policy:all_nodes"), .bulk("response_policy:all_succeeded")]),
            .set([]), .set([]),
        ])
        var docs: [RESPValue] = [
            .bulk("summary"), .bulk(summary), .bulk("since"), .bulk("0.1.0"),
            .bulk("group"), .bulk("scripting"), .bulk("complexity"), .bulk(complexity),
        ]
        if let arguments { docs += [.bulk("arguments"), .array(arguments)] }
        return CommandMeta(name: name, arity: arity, flags: flags, firstKey: 0, lastKey: 0, step: 0,
                           aclCategories: acl, info: info, docs: .map(docs), group: "scripting",
                           subcommands: [])
    }

    private static func argument(_ name: String, _ type: String) -> RESPValue {
        .map([.bulk("name"), .bulk(name), .bulk("type"), .bulk(type)])
    }

    private static func token(_ name: String, _ token: String) -> RESPValue {
        .map([.bulk("name"), .bulk(name), .bulk("type"), .bulk("pure-token"), .bulk("token"), .bulk(token)])
    }
}
