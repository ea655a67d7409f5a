// ACLSetup: how the ACL subsystem and rename-command plug into configuration and start-up.
//
// Before the config file is read (ServerMain), `installConfigValidation` registers the
// checks Redis makes while parsing: `user` lines are tried on a scratch user (unknown
// command or category names pass here and fail at start-up, as in Redis; other errors
// are fatal config errors, worded "Error in user declaration '<arg>': <reason>", where
// <arg> is picked with Redis's own index arithmetic) and `rename-command` lines are
// replayed on the set of command names ("No such command in rename-command", "Target
// command name already exists").
//
// When the server is built (Server.init, `installACL`): every command of the table gets
// its ACL id, renames are applied to the command table's lookup, requirepass becomes the
// default user's password, and CONFIG SET requirepass / CONFIG REWRITE of `user` lines
// are wired to the ACL state. Config `user` lines and the aclfile are loaded later, after
// "Server initialized" (ACLState.swift).

import Config

extension Server {
    /// Config-file checks that need no server (see the top comment). Call before loading.
    public static func installConfigValidation(_ config: ServerConfig) {
        final class LoadState {
            var users: Set<[UInt8]> = []
            var names = Set(ACLCommandSpace.shared.topLevel.map { ACLCommandSpace.shared.commands[$0].fullName })
        }
        let state = LoadState()
        config.fileDirectiveHooks["user"] = { args in
            // Redis prints argv[index] of the whole "user <name> <rules...>" line.
            let argv = ["user"] + args
            func failure(_ index: Int, _ error: ACLRuleError) -> String {
                "Error in user declaration '\(argv[min(max(index, 0), argv.count - 1)])': \(error.message)"
            }
            let name = Array(args[0].utf8)
            if state.users.contains(name) { return failure(1, .duplicateUser) }
            let raw = args.dropFirst().map { Array($0.utf8) }
            let rules: [[UInt8]]
            switch aclMergeSelectorArguments(raw) {
            case .success(let r): rules = r
            case .failure(let e): return failure(e.index, .unknownCommand)
            }
            let scratch = ACLUser(name: name, allChannels: false, space: ACLCommandSpace.shared)
            for (j, rule) in rules.enumerated() {
                do {
                    try scratch.apply(rule, allChannelsDefault: false, space: ACLCommandSpace.shared)
                } catch let error as ACLRuleError {
                    if error != .unknownCommand { return failure(j, error) }
                } catch {}
            }
            state.users.insert(name)
            return nil
        }
        config.fileDirectiveHooks["rename-command"] = { args in
            let from = args[0].lowercased(), to = args[1].lowercased()
            guard state.names.remove(from) != nil else { return "No such command in rename-command" }
            if !to.isEmpty {
                if state.names.contains(to) { return "Target command name already exists" }
                state.names.insert(to)
            }
            return nil
        }
    }

    /// Wires ACL to the built command table and the configuration (see the top comment).
    func installACL() {
        for cmd in commands.all {
            cmd.aclId = acl.space.id(ofFullName: cmd.fullName) ?? 0
            for sub in cmd.subcommands.values { sub.aclId = acl.space.id(ofFullName: sub.fullName) ?? 0 }
        }
        for (from, to) in config.renamedCommands { commands.rename(from, to: to) }
        if let p = config.requirepass { aclApplyRequirepass(p) }
        config.applyHooks["requirepass"] = { [unowned self] cfg in
            self.aclApplyRequirepass(cfg.requirepass)
            return nil
        }
        config.rewriteProviders["user"] = { [unowned self] in
            // With an aclfile, users live there and `user` lines are dropped (Redis).
            if !self.config.aclfile.isEmpty { return [] }
            return self.acl.sortedUsers.map { String(decoding: $0.line(self.acl.space), as: UTF8.self) }
        }
    }
}
