// PUBSUB family commands (Redis's pubsub.c command layer): SUBSCRIBE, PSUBSCRIBE,
// SSUBSCRIBE and their UNSUBSCRIBE counterparts, PUBLISH, SPUBLISH, and the PUBSUB
// introspection subcommands. The subscription tables and message delivery live in
// PubSub.swift; one generic function per shape serves the three kinds of subscription.

import RESP
import DataStructures

extension Server {
    static func pubsubCommands() -> [(String, CommandHandler)] {
        [
            ("subscribe", { s, c in s.subscribeCommand(c, .channel) }),
            ("psubscribe", { s, c in s.subscribeCommand(c, .pattern) }),
            ("ssubscribe", { s, c in s.subscribeCommand(c, .shard) }),
            ("unsubscribe", { s, c in s.unsubscribeCommand(c, .channel) }),
            ("punsubscribe", { s, c in s.unsubscribeCommand(c, .pattern) }),
            ("sunsubscribe", { s, c in s.unsubscribeCommand(c, .shard) }),
            ("publish", { s, c in s.publishCommand(c, shard: false) }),
            ("spublish", { s, c in s.publishCommand(c, shard: true) }),
            ("pubsub|channels", { s, c in s.pubsubChannelsCommand(c, shard: false) }),
            ("pubsub|shardchannels", { s, c in s.pubsubChannelsCommand(c, shard: true) }),
            ("pubsub|numsub", { s, c in s.pubsubNumsubCommand(c, shard: false) }),
            ("pubsub|shardnumsub", { s, c in s.pubsubNumsubCommand(c, shard: true) }),
            ("pubsub|numpat", { s, c in c.addInt(s.pubsub.patterns.count) }),
            ("pubsub|help", { _, c in c.addHelpReply("PUBSUB", pubsubHelp) }),
        ]
    }

    /// (P|S)SUBSCRIBE name [name ...]: one confirmation per argument, duplicates included.
    func subscribeCommand(_ c: Client, _ kind: SubscriptionKind) {
        // A transaction may subscribe (the reply lands in EXEC's array); other clients
        // that cannot block (scripts) may not. SSUBSCRIBE is refused inside EXEC too.
        if c.flags.contains(.lua) || (kind == .shard && c.flags.contains(.multi)) {
            c.addError("ERR \(kind == .shard ? "SSUBSCRIBE" : kind == .pattern ? "PSUBSCRIBE" : "SUBSCRIBE") isn't allowed for a DENY BLOCKING client")
            return
        }
        for i in 1..<c.argc {
            subscribe(c, c.arg(i), kind)
            c.pushSubscriptionReply(kind.subscribeName, c.arg(i), c.subscriptionCount(kind))
        }
    }

    /// (P|S)UNSUBSCRIBE [name ...]: without names, every subscription of that kind (or
    /// one confirmation with a null name when there is none).
    func unsubscribeCommand(_ c: Client, _ kind: SubscriptionKind) {
        if c.argc == 1 {
            unsubscribeAll(c, kind, notify: true)
            return
        }
        for i in 1..<c.argc {
            unsubscribe(c, c.arg(i), kind)
            c.pushSubscriptionReply(kind.unsubscribeName, c.arg(i), c.subscriptionCount(kind))
        }
    }

    func publishCommand(_ c: Client, shard: Bool) {
        let n = publishMessage(c.arg(1), c.arg(2), shard: shard)
        c.addInt(n)
    }

    // MARK: PUBSUB introspection

    /// PUBSUB CHANNELS / SHARDCHANNELS [pattern]: active channels matching the pattern.
    func pubsubChannelsCommand(_ c: Client, shard: Bool) {
        if c.argc > 3 {
            c.addSubcommandSyntaxError("PUBSUB")
            return
        }
        let table = shard ? pubsub.shardChannels : pubsub.channels
        var names: [RStr] = []
        for e in table.entries() {
            if c.argc == 3 {
                let ok = e.key.withBytes { stringMatch(c.arg(2), $0) }
                if !ok { continue }
            }
            names.append(e.key)
        }
        c.addArrayLen(names.count)
        for n in names { c.addBulk(n) }
    }

    /// PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: flat channel/count pairs (an array in
    /// RESP3 too, as Redis 7.0).
    func pubsubNumsubCommand(_ c: Client, shard: Bool) {
        let table = shard ? pubsub.shardChannels : pubsub.channels
        c.addArrayLen((c.argc - 2) * 2)
        for i in 2..<max(2, c.argc) {
            c.addBulk(c.arg(i))
            c.addInt(table.find(c.arg(i))?.value.clients.count ?? 0)
        }
    }
}

private let pubsubHelp: [String] = [
    "CHANNELS [<pattern>]",
    "    Return the currently active channels matching a <pattern> (default: '*').",
    "NUMPAT",
    "    Return number of subscriptions to patterns.",
    "NUMSUB [<channel> ...]",
    "    Return the number of subscribers for the specified channels, excluding",
    "    pattern subscriptions(default: no channels).",
    "SHARDCHANNELS [<pattern>]",
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    "SHARDNUMSUB [<shardchannel> ...]",
    "    Return the number of subscribers for the specified shard level channel(s)",
]
