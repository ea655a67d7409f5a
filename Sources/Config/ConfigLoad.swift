// ConfigLoad.swift — startup configuration: redis-server command-line
// handling (config path, `--name value...`, `-` for stdin), redis.conf text
// parsing with sdssplitargs quoting, `include` (with globs), file-only
// directives, and fatal errors formatted exactly like redis-server.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension ServerConfig {

    // MARK: command line

    /// Mimics redis-server's main(): `args` are the arguments AFTER the program
    /// name. Returns the absolute config file path (first argument when it does
    /// not start with '-') and the directive text redis appends after the file
    /// content: stdin content (when `-` is the first or last argument), a
    /// newline, then one line per `--name value ...` option with values quoted
    /// like sdscatrepr. Load with `loadStartupConfig(configFile:directives:)`
    /// so line numbers in errors match redis-server.
    public static func parseCommandLine(_ args: [String]) throws -> (configFile: String?, directives: String) {
        try parseCommandLine(args, readStdin: {
            var text = ""
            while let line = readLine(strippingNewline: false) { text += line }
            return text
        })
    }

    /// `parseCommandLine` with an injectable stdin reader (called at most once).
    public static func parseCommandLine(_ args: [String], readStdin: () -> String) throws
        -> (configFile: String?, directives: String) {
        var configFile: String?
        var j = 0
        if let first = args.first, !first.hasPrefix("-") {
            configFile = absolutePath(first)
            j = 1
        }
        var options = ""
        var fromStdin = false
        var handledLastConfigArg = true
        let argc = args.count
        while j < argc {
            let a = args[j]
            if a == "-" && (j == 0 || j == argc - 1) {
                fromStdin = true
            } else if handledLastConfigArg && a.hasPrefix("--") {
                if !options.isEmpty { options += "\n" }
                options += String(a.dropFirst(2)) + " "
                let parts = ConfigParsing.splitArgs(a) ?? []
                if parts.count == 1 {
                    handledLastConfigArg = false
                    let nextIsOption = j != argc - 1 && args[j + 1].hasPrefix("--")
                    let lower = asciiLowercased(a)
                    if nextIsOption && lower == "--save" {
                        options += "\"\""
                        handledLastConfigArg = true
                    } else if j == argc - 1 && lower == "--save" {
                        options += "\"\""
                    } else if nextIsOption && lower == "--sentinel" {
                        handledLastConfigArg = true
                    }
                } else {
                    handledLastConfigArg = true
                }
            } else {
                options += ConfigParsing.repr(a) + " "
                handledLastConfigArg = true
            }
            j += 1
        }
        let stdinText = fromStdin ? readStdin() : ""
        return (configFile, stdinText + "\n" + options)
    }

    /// redis getAbsolutePath(): trims, joins with the cwd and folds leading "../".
    static func absolutePath(_ path: String) -> String {
        var rel = String(ConfigParsing.trim(Substring(path), [0x20, 0x0d, 0x0a, 0x09]))
        if rel.hasPrefix("/") { return rel }
        var abs = ConfigValues.currentDirectory()
        if !abs.isEmpty && !abs.hasSuffix("/") { abs += "/" }
        while rel.hasPrefix("../") {
            rel.removeFirst(3)
            if abs.utf8.count > 1 {
                var u = Array(abs.utf8)
                u.removeLast()
                while let l = u.last, l != UInt8(ascii: "/") { u.removeLast() }
                abs = String(decoding: u, as: UTF8.self)
            }
        }
        return abs + rel
    }

    // MARK: loading

    /// Load the startup configuration exactly like redis' loadServerConfig():
    /// the file's content followed by `directives` (from `parseCommandLine`),
    /// parsed as one text. Sets `configFilePath`.
    public func loadStartupConfig(configFile: String?, directives: String) throws {
        var text = ""
        if let configFile {
            configFilePath = configFile
            text = try Self.readConfigFile(configFile)
        }
        try loadConfigText(text + directives, fileName: configFile)
    }

    /// Load one config file (glob patterns allowed, as for `include`).
    public func loadConfigFile(_ path: String) throws {
        let resolved = resolvePath(path)
        if path.contains("*") || path.contains("?") || path.contains("[") {
            var text = ""
            for p in Self.globPaths(resolved) { text += try Self.readConfigFile(p) }
            try loadConfigText(text, fileName: path)
        } else {
            try loadConfigText(try Self.readConfigFile(resolved), fileName: path)
        }
    }

    /// Parse redis.conf syntax and apply every directive. Throws
    /// `ConfigLoadError` whose `message` is what redis-server prints.
    public func loadConfigText(_ text: String, fileName: String? = nil) throws {
        readingConfigFile = true
        defer { readingConfigFile = false; refreshHot() }
        let lines = text.isEmpty ? [] : ConfigParsing.splitLines(text)
        for (i, rawLine) in lines.enumerated() {
            let lineNo = i + 1
            let line = ConfigParsing.trim(rawLine, [0x20, 0x09, 0x0d, 0x0a])
            if line.isEmpty || line.utf8.first == UInt8(ascii: "#") { continue }
            func fail(_ reason: String) -> ConfigLoadError {
                ConfigLoadError(kind: .directive, line: lineNo, lineText: String(line), reason: reason,
                                fileName: fileName)
            }
            guard let argvBytes = ConfigParsing.splitArgsBytes(Array(line.utf8)) else {
                throw fail("Unbalanced quotes in configuration line")
            }
            if argvBytes.isEmpty { continue }
            var argv = argvBytes.map { String(decoding: $0, as: UTF8.self) }
            argv[0] = asciiLowercased(argv[0])
            let name = argv[0]
            let argc = argv.count

            if let entry = DirectiveTable.byName[name] {
                let spec = DirectiveTable.all[entry.index]
                if !spec.flags.contains(.multiArg) && argc != 2 { throw fail("wrong number of arguments") }
                var args = Array(argv.dropFirst())
                if spec.flags.contains(.multiArg) && argc == 2 && !argv[1].isEmpty {
                    args = ConfigParsing.splitArgs(argv[1]) ?? []
                }
                if let err = setArgs(entry.index, args) { throw fail(err.message) }
                continue
            }
            if DirectiveTable.deprecated.contains(where: { $0.name == name && $0.argc == argc }) { continue }

            if name == "include" && argc == 2 {
                // Like redis, the nested load clears the reading-config-file
                // flag, so later `save` lines in this file replace instead of append.
                try loadConfigFile(argv[1])
            } else if name == "rename-command" && argc == 3 {
                if let hook = fileDirectiveHooks["rename-command"], let err = hook(Array(argv.dropFirst())) {
                    throw fail(err)
                }
                renamedCommands.append((argv[1], argv[2]))
            } else if name == "user" && argc >= 2 {
                if let hook = fileDirectiveHooks["user"], let err = hook(Array(argv.dropFirst())) {
                    throw fail(err)
                }
                userDirectives.append(Array(argv.dropFirst()))
            } else if name == "loadmodule" && argc >= 2 {
                if let hook = fileDirectiveHooks["loadmodule"], let err = hook(Array(argv.dropFirst())) {
                    throw fail(err)
                }
                moduleLoads.append((argv[1], Array(argv.dropFirst(2))))
            } else if name.contains(".") {
                if argc != 2 { throw fail("Module config specified without value") }
                if let k = moduleConfigs.firstIndex(where: { $0.name == name }) {
                    moduleConfigs[k].value = argv[1]
                } else {
                    moduleConfigs.append((name, argv[1]))
                }
            } else if name == "sentinel" {
                if argc != 1 {
                    if !sentinelMode { throw fail("sentinel directive while not in sentinel mode") }
                    if let hook = fileDirectiveHooks["sentinel"], let err = hook(Array(argv.dropFirst())) {
                        throw fail(err)
                    }
                    sentinelDirectives.append(Array(argv.dropFirst()))
                }
            } else {
                throw fail("Bad directive or wrong number of arguments")
            }
        }

        // Post-load sanity checks (reported without a line).
        func fatal(_ reason: String) -> ConfigLoadError {
            ConfigLoadError(kind: .directive, line: nil, lineText: nil, reason: reason, fileName: fileName)
        }
        if case .str(let lf?) = values[DirectiveTable.index("logfile")], !lf.isEmpty {
            let fp = fopen(resolvePath(lf), "a")
            if fp == nil { throw fatal("Can't open the log file: \(ConfigValues.errnoString(errno))") }
            fclose(fp)
        }
        if case .bool(true) = values[DirectiveTable.index("cluster-enabled")],
           case .replicaof(let host, _) = values[DirectiveTable.index("replicaof")], host != nil {
            throw fatal("replicaof directive not allowed in cluster mode")
        }
    }

    /// Relative paths are resolved against the configured `dir` (redis has
    /// already chdir'ed there when it opens them).
    func resolvePath(_ p: String) -> String {
        if p.hasPrefix("/") || dirValue.isEmpty { return p }
        return dirValue.hasSuffix("/") ? dirValue + p : dirValue + "/" + p
    }

    var dirValue: String {
        if case .dir(let d) = values[DirectiveTable.index("dir")] { return d }
        return ""
    }

    static func readConfigFile(_ path: String) throws -> String {
        guard let fp = fopen(path, "r") else {
            let reason = "Fatal error, can't open config file '\(path)': \(ConfigValues.errnoString(errno))"
            throw ConfigLoadError(kind: .openFile, line: nil, lineText: nil, reason: reason, fileName: path)
        }
        defer { fclose(fp) }
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buf, 1, buf.count, fp)
            if n <= 0 { break }
            data += buf[0..<n]
        }
        if let z = data.firstIndex(of: 0) { data.removeSubrange(z...) }
        return String(decoding: data, as: UTF8.self)
    }

    static func globPaths(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }
}
