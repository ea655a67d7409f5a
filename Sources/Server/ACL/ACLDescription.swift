// ACLDescription: users written back as rules (ACL LIST, ACL SAVE, CONFIG REWRITE, ACL
// GETUSER), in Redis 7.0's format.
//
// A user line is: flags (on|off, nopass, skip-sanitize-payload|sanitize-payload), "#<hash>"
// per password, then the root selector, then " (<selector>)" per extra selector. A
// selector is: its key patterns ("~*" when allkeys, else "~p", "%R~p", "%W~p"), its
// channels ("&*" when allchannels, else "resetchannels" followed by "&p" per pattern),
// then its command rules.
//
// Redis 7.0 does not remember the command rules as written: it derives them from the
// permission bitmap. It starts with "+@all" when the selector can run future commands
// (the reserved bit +@all sets), "-@all" otherwise; then, over and over, it picks the
// category that best fits the remaining differences (more commands in common than not;
// fewest differences; ties broken by most in common; categories tried in Redis's order),
// emits "+@cat" (or "-@cat" when starting from +@all) and applies it to a scratch
// selector; finally it walks every command and subcommand emitting "+cmd" / "-cmd" where
// the scratch bitmap still differs, and "+cmd|arg" for allowed first-args. We do the
// same, so `ACL SETUSER u -@all +@read -get +get +config` is listed as
// "-@all +@read +config", as Redis lists it. Redis walks its command hash table, whose
// order changes between processes; we walk the catalog in name order, so the set of
// single-command rules matches Redis's and only their order may differ.

extension ACLCommandSpace {
    /// Commands of category `index` allowed (on) and denied (off) by `selector`, Redis's
    /// commands only.
    func countCategory(_ index: Int, _ selector: ACLSelector) -> (on: Int, off: Int) {
        var on = 0
        for id in redisMembers[index] where selector.allows(id) { on += 1 }
        return (on, redisMembers[index].count - on)
    }
}

extension ACLSelector {
    /// The command rules of this selector (ACLDescribeSelectorCommandRules).
    func commandRules(_ space: ACLCommandSpace) -> [UInt8] {
        // Bytes, not String: first-args are binary (a lossy conversion would change them).
        var rules: [[UInt8]] = []
        let additive = !futureCommands
        var fake = ACLSelector(root: false, allChannels: false, space: space)
        fake.setAllCommands(!additive, space)
        rules.append(Array((additive ? "-@all" : "+@all").utf8))
        var temp = self
        var applied = [Bool](repeating: false, count: aclCategoryNames.count)
        while true {
            var best = -1
            var minDiff = Int.max, maxSame = 0
            for j in 0..<aclCategoryNames.count where !applied[j] {
                let (on, off) = space.countCategory(j, temp)
                let diff = additive ? off : on
                let same = additive ? on : off
                if same > diff && (diff < minDiff || (diff == minDiff && same > maxSame)) {
                    best = j
                    minDiff = diff
                    maxSame = same
                }
            }
            if best < 0 { break }
            let bit: UInt32 = 1 << UInt32(best)
            fake.changeCategory(bit, additive, space)
            temp.changeCategory(bit, !additive, space)
            rules.append(Array(((additive ? "+@" : "-@") + aclCategoryNames[best]).utf8))
            applied[best] = true
        }
        func singles(_ ids: [Int]) {
            for id in ids {
                let info = space.commands[id]
                let userBit = allows(id)
                if userBit != fake.allows(id) {
                    rules.append(Array(((userBit ? "+" : "-") + info.fullName).utf8))
                    fake.changePermission(info, userBit)
                }
                if !info.subcommands.isEmpty { singles(info.subcommands) }
                if !userBit, let args = firstArgs[id] {
                    for a in args { rules.append(Array(("+" + info.fullName + "|").utf8) + a) }
                }
            }
        }
        singles(space.topLevel)
        return Array(rules.joined(separator: [32]))
    }

    /// "~*" or the patterns, space separated (ACL GETUSER's "keys").
    var keysDescription: [UInt8] {
        if allKeys { return Array("~*".utf8) }
        var out: [UInt8] = []
        for (i, k) in keys.enumerated() {
            if i > 0 { out.append(32) }
            out += k.described
        }
        return out
    }

    /// "&*" or the patterns, space separated (ACL GETUSER's "channels").
    var channelsDescription: [UInt8] {
        if allChannels { return Array("&*".utf8) }
        var out: [UInt8] = []
        for (i, ch) in channels.enumerated() {
            if i > 0 { out.append(32) }
            out.append(UInt8(ascii: "&"))
            out += ch
        }
        return out
    }

    /// The whole selector (ACLDescribeSelector).
    func described(_ space: ACLCommandSpace) -> [UInt8] {
        var out: [UInt8] = []
        if allKeys {
            out += Array("~* ".utf8)
        } else {
            for k in keys { out += k.described; out.append(32) }
        }
        if allChannels {
            out += Array("&* ".utf8)
        } else {
            out += Array("resetchannels ".utf8)
            for ch in channels { out.append(UInt8(ascii: "&")); out += ch; out.append(32) }
        }
        out += commandRules(space)
        return out
    }
}

extension ACLKeyPattern {
    var described: [UInt8] {
        switch permissions {
        case aclReadPermission: return Array("%R~".utf8) + pattern
        case aclWritePermission: return Array("%W~".utf8) + pattern
        default: return [UInt8(ascii: "~")] + pattern
        }
    }
}

extension ACLUser {
    /// The flag words of the user, in Redis's order.
    var flagNames: [String] {
        var out: [String] = [enabled ? "on" : "off"]
        if nopass { out.append("nopass") }
        if let s = sanitizePayload { out.append(s ? "sanitize-payload" : "skip-sanitize-payload") }
        return out
    }

    /// Everything after "user <name> " (ACLDescribeUser).
    func described(_ space: ACLCommandSpace) -> [UInt8] {
        var out: [UInt8] = []
        for f in flagNames { out += Array(f.utf8); out.append(32) }
        for p in passwords { out.append(UInt8(ascii: "#")); out += p; out.append(32) }
        for s in selectors {
            if s.isRoot {
                out += s.described(space)
            } else {
                out += Array(" (".utf8) + s.described(space) + [UInt8(ascii: ")")]
            }
        }
        return out
    }

    /// "user <name> <rules>", as ACL LIST, ACL SAVE and CONFIG REWRITE write it.
    func line(_ space: ACLCommandSpace) -> [UInt8] {
        Array("user ".utf8) + name + [32] + described(space)
    }
}
