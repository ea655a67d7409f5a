// ConfigCommand.swift — CONFIG GET / CONFIG SET logic. The Server module turns
// the results into RESP replies. Error texts match Redis 7.0.15 exactly.

extension ServerConfig {

    /// Names (canonical and aliases) sorted, for deterministic CONFIG GET output.
    static let sortedEntries: [(name: String, entry: DirectiveTable.Entry)] =
        DirectiveTable.byName.map { ($0.key, $0.value) }.sorted { $0.name < $1.name }

    /// CONFIG GET. Each argument is an exact name (returned spelled as given)
    /// or, when it contains `*`, `?` or `[`, a case-insensitive glob matched
    /// against every non-hidden name and alias. A name/alias is returned once.
    /// Order: arguments in order; each glob's matches sorted by name (redis
    /// itself replies in hash-table order, which varies between runs).
    public func configGet(patterns: [String]) -> [(String, String)] {
        var seen = Set<DirectiveTable.Entry>()
        var out: [(String, String)] = []
        for pattern in patterns {
            let isGlob = pattern.utf8.contains { $0 == UInt8(ascii: "*") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "[") }
            if !isGlob {
                guard let e = DirectiveTable.lookup(pattern), !seen.contains(e) else { continue }
                seen.insert(e)
                out.append((pattern, ConfigValues.format(DirectiveTable.all[e.index], values[e.index])))
                continue
            }
            for (name, e) in Self.sortedEntries {
                let spec = DirectiveTable.all[e.index]
                if spec.flags.contains(.hidden) || seen.contains(e) { continue }
                if ConfigParsing.stringMatch(pattern, name, nocase: true) {
                    seen.insert(e)
                    out.append((name, ConfigValues.format(spec, values[e.index])))
                }
            }
        }
        return out
    }

    /// CONFIG SET with one or more name/value pairs, atomically: all names are
    /// checked (unknown, immutable, protected, loading, duplicate — first error
    /// wins), then all values parsed and stored, then the apply hooks of the
    /// directives whose value changed run in order. Any failure restores every
    /// value (re-running hooks) and returns redis' error text.
    /// `clientIsLocal` matters for protected configs with enable-protected-configs local.
    public func configSet(_ pairs: [(String, String)], clientIsLocal: Bool = false) -> ConfigSetError? {
        var entries: [DirectiveTable.Entry] = []
        var firstError: ConfigSetError?
        for (name, _) in pairs {
            guard let e = DirectiveTable.lookup(name) else {
                if firstError == nil {
                    firstError = ConfigSetError("ERR Unknown option or number of arguments for CONFIG SET - '\(name)'")
                }
                continue
            }
            if firstError != nil { continue }
            let spec = DirectiveTable.all[e.index]
            if spec.flags.contains(.immutable) {
                firstError = Self.failed(name, "can't set immutable config")
            } else if spec.flags.contains(.protected) && !enableProtectedConfigs.allows(clientIsLocal: clientIsLocal) {
                firstError = Self.failed(name, "can't set protected config")
            } else if loading && spec.flags.contains(.denyLoading) {
                firstError = ConfigSetError("LOADING Redis is loading the dataset in memory")
            } else if entries.contains(e) {
                firstError = Self.failed(name, "duplicate parameter")
            }
            entries.append(e)
        }
        if let firstError { return firstError }

        let backup = values
        var changed: [(index: Int, name: String)] = []
        for (k, (_, value)) in pairs.enumerated() {
            let e = entries[k]
            let spec = DirectiveTable.all[e.index]
            let args = spec.flags.contains(.multiArg) ? Self.splitOnSpaces(value) : [value]
            let before = values[e.index]
            if let err = setArgs(e.index, args) {
                values = backup
                refreshHot()
                return Self.failed(e.name, err.message)
            }
            if values[e.index] != before && !changed.contains(where: { $0.index == e.index }) {
                changed.append((e.index, e.name))
            }
        }
        // redis' resizeReplicationBacklog() (the apply step of CONFIG SET only)
        // raises repl-backlog-size to its 16kb minimum.
        let backlog = DirectiveTable.index("repl-backlog-size")
        if changed.contains(where: { $0.index == backlog }), case .num(let v) = values[backlog], v < 16 * 1024 {
            values[backlog] = .num(16 * 1024)
        }
        refreshHot()

        var applied: [Int] = []
        for (index, name) in changed {
            guard let hook = applyHooks[DirectiveTable.all[index].name] else { continue }
            applied.append(index)
            if let err = hook(self) {
                values = backup
                refreshHot()
                for i in applied {
                    _ = applyHooks[DirectiveTable.all[i].name]?(self)
                }
                return Self.failed(name, err)
            }
        }
        return nil
    }

    static func failed(_ name: String, _ reason: String) -> ConfigSetError {
        ConfigSetError("ERR CONFIG SET failed (possibly related to argument '\(name)') - \(reason)")
    }

    /// sdssplitlen(value, " "): empty input gives no arguments; consecutive
    /// spaces give empty arguments.
    static func splitOnSpaces(_ s: String) -> [String] {
        if s.isEmpty { return [] }
        return s.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }
}
