// Unit tests of the ACL building blocks (Sources/Server/ACL): SHA-256 known answers, the
// password check, the protected-mode decision, selector-argument merging, and the
// describe/rebuild round trip of rules. The behaviour as clients see it is checked against
// redis-server in IntegrationTests (ACLTests, ACLConfigTests, HardeningTests).

@testable import Server
import Testing

private func hex(_ s: String) -> String { String(decoding: SHA256.hex(Array(s.utf8)), as: UTF8.self) }

@Suite("ACL units")
struct ACLUnitTests {
    @Test func sha256KnownAnswers() {
        // FIPS 180-4 examples, and a password Redis showed as its ACL hash.
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(hex("p1") == "f64551fcd6f07823cb87971cfb91446425da18286b3ab1ef935e0cbd7a69f68a")
        // Lengths around the padding boundary (55, 56, 63, 64, 65 bytes) differ from each other.
        let lengths = [55, 56, 63, 64, 65, 119, 120]
        let digests = Set(lengths.map { hex(String(repeating: "x", count: $0)) })
        #expect(digests.count == lengths.count)
    }

    @Test func passwordsMatchByDigest() throws {
        let space = ACLCommandSpace.shared
        let u = ACLUser(name: Array("u".utf8), allChannels: false, space: space)
        try u.apply(Array(">secret".utf8), allChannelsDefault: false, space: space)
        try u.apply(Array(">other".utf8), allChannelsDefault: false, space: space)
        func check(_ p: String) -> Bool { Array(p.utf8).withUnsafeBytes { u.passwordMatches($0) } }
        #expect(check("secret") && check("other"))
        #expect(!check("secreT") && !check("secre") && !check("secret ") && !check(""))
        try u.apply(Array("<secret".utf8), allChannelsDefault: false, space: space)
        #expect(!check("secret") && check("other"))
        #expect(throws: ACLRuleError.noSuchPassword) { try u.apply(Array("<secret".utf8), allChannelsDefault: false, space: space) }
        #expect(throws: ACLRuleError.badHash) { try u.apply(Array("#ABC".utf8), allChannelsDefault: false, space: space) }
    }

    @Test func protectedModeDecision() {
        #expect(Server.protectedModeDenies(enabled: true, defaultUserNopass: true, peerIP: "192.0.2.7"))
        #expect(Server.protectedModeDenies(enabled: true, defaultUserNopass: true, peerIP: "fd00::2"))
        #expect(!Server.protectedModeDenies(enabled: true, defaultUserNopass: true, peerIP: "127.0.0.1"))
        #expect(!Server.protectedModeDenies(enabled: true, defaultUserNopass: true, peerIP: "127.1.2.3"))
        #expect(!Server.protectedModeDenies(enabled: true, defaultUserNopass: true, peerIP: "::1"))
        #expect(!Server.protectedModeDenies(enabled: false, defaultUserNopass: true, peerIP: "192.0.2.7"))
        #expect(!Server.protectedModeDenies(enabled: true, defaultUserNopass: false, peerIP: "192.0.2.7"))
        #expect(Server.protectedModeMessage.hasPrefix("-DENIED Redis is running in protected mode"))
        #expect(Server.protectedModeMessage.hasSuffix("from the outside.\r\n"))
    }

    @Test func selectorArgumentsMerge() {
        func merge(_ args: [String]) -> [String]? {
            switch aclMergeSelectorArguments(args.map { Array($0.utf8) }) {
            case .success(let r): return r.map { String(decoding: $0, as: UTF8.self) }
            case .failure: return nil
            }
        }
        #expect(merge(["on", "(+get", "~x)", "off"]) == ["on", "(+get ~x)", "off"])
        #expect(merge(["(", "+get", ")"]) == ["( +get )"])
        #expect(merge(["(+get)"]) == ["(+get)"])
        #expect(merge(["(+get", "~x"]) == nil)
    }

    /// Described rules rebuild the same permissions (the invariant Redis asserts).
    @Test(arguments: [
        "on >p ~a* %R~r* %W~w* &ch* -@all +@string +@list -append +client|id +select|0 +select|1",
        "+@all -@dangerous", "+@all -@write +set", "-@all +@read +@write -@keyspace +del",
        "+@all -@slow", "+@all -@fast +get", "nocommands +config|get +config|set +client -client|kill",
        "+@all -config +config|get", "-@all +@read -get +get +config", "+@all -@keyspace -@read -@write +ping",
        "(+get ~x) (%R~y +@hash -hdel) (&c -@all +publish)", "+@hash +@set +@sortedset -hdel -@fast +zadd",
        "%R~* %W~y ~x", "allkeys allchannels allcommands", "reset", "+get|a +get|b -@all +set|x",
    ])
    func describedRulesRebuildTheSelector(rules: String) throws {
        let harness = try FuzzHarness()
        harness.run(.acl, Array(rules.utf8))   // preconditions inside
        let space = ACLCommandSpace.shared
        let u = ACLUser(name: Array("x".utf8), allChannels: false, space: space)
        for w in rules.split(separator: " ") where !w.hasPrefix("(") && !w.hasSuffix(")") {
            try? u.apply(Array(w.utf8), allChannelsDefault: false, space: space)
        }
        let text = String(decoding: u.selectors[0].described(space), as: UTF8.self)
        var rebuilt = ACLSelector(root: true, allChannels: false, space: space)
        for rule in text.split(separator: " ") { try rebuilt.apply(Array(rule.utf8), space) }
        #expect(rebuilt.grantsSame(as: u.selectors[0]), "\(rules) -> \(text)")
    }
}

@Suite("ACL key checks")
struct ACLKeyCheckTests {
    /// The allocation-free key check (plain position specs) refuses exactly the keys the
    /// general extraction (COMMAND GETKEYSANDFLAGS's) refuses, for every command of the
    /// table and argument counts up to 9, with read-only, write-only and read-write patterns.
    @Test func fastKeyPathMatchesTheGeneralExtraction() throws {
        let harness = try FuzzHarness()
        let server = harness.server
        let space = server.acl.space
        var selector = ACLSelector(root: true, allChannels: true, space: space)
        for rule in ["allcommands", "%R~r*", "%W~w*", "~b*"] { try selector.apply(Array(rule.utf8), space) }
        let names = ["r1", "w1", "b1", "x1", "r2", "w2", "b2", "3", "r3"]
        var compared = 0
        var commands: [Command] = []
        for cmd in server.commands.all {
            commands.append(cmd)
            commands += cmd.subcommands.values
        }
        for cmd in commands where server.aclKeyInfo(cmd).ranges != nil {
            for argc in 1...9 {
                for rotation in 0..<names.count {
                    var strings = [Array(cmd.fullName.split(separator: "|").first!.utf8)]
                    if cmd.parent != nil { strings.append(Array(cmd.name.utf8)) }
                    while strings.count < argc { strings.append(Array(names[(strings.count + rotation) % names.count].utf8)) }
                    let owned = OwnedArgs(strings: strings)
                    let argv = owned.slices
                    // General path: every key the extraction finds, in order.
                    var general: Int? = nil
                    for k in server.aclKeyPositions(cmd, argv) where !server.aclKeyAllowed(selector, argv[k.index], k.need) {
                        general = k.index
                        break
                    }
                    let u = ACLUser(name: Array("t".utf8), allChannels: true, space: space)
                    u.selectors[0] = selector
                    let fast = server.aclCheck(u, cmd, argv)
                    #expect(fast?.index == general, "\(cmd.fullName) argc \(argc) rotation \(rotation)")
                    #expect((fast == nil) == (general == nil), "\(cmd.fullName) argc \(argc)")
                    compared += 1
                }
            }
        }
        #expect(compared > 1000)
    }
}
