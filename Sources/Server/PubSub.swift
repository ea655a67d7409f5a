// Pub/sub: channel, pattern and shard-channel subscriptions and message delivery
// (Redis's pubsub.c), plus the wiring that connects transactions, pub/sub, keyspace
// notifications and client-side caching to the core's hooks.
//
// Three registries, one per kind of subscription, each a Dict from the channel (or the
// glob pattern) to the subscribers in subscription order — a message on a channel reaches
// its subscribers in the order they subscribed, then the pattern subscribers, as in
// Redis 7.0. Each subscribed client also keeps its own sets (ClientSubscriptions) so that
// UNSUBSCRIBE without arguments and teardown do not scan the server-wide tables.
//
// Delivery encodes a message once per PUBLISH into a scratch buffer and copies those
// bytes into every subscriber's output buffer: the RESP2 and RESP3 forms differ only in
// the first byte ('*' array vs '>' push), which is patched per recipient. Messages are
// pushes: like Redis 7.0 they reach the client even under CLIENT REPLY OFF/SKIP. After
// each append the subscriber's output buffer is checked against
// `client-output-buffer-limit pubsub`, so a subscriber that stops reading is closed
// instead of growing memory without bound.
//
// A client with any subscription (channel, pattern or shard channel) is in pub/sub mode:
// in RESP2 it may only run (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT and RESET (checked
// in processCommand), it belongs to the pubsub output-buffer class, and the idle
// `timeout` does not apply to it.

import RESP
import DataStructures

/// The subscribers of one channel or pattern, in subscription order.
final class Subscribers {
    var clients: [Client] = []
}

/// Which kind of subscription a command works on (channel, pattern or shard channel).
enum SubscriptionKind {
    case channel, pattern, shard

    var subscribeName: StaticString {
        switch self {
        case .channel: return "subscribe"
        case .pattern: return "psubscribe"
        case .shard: return "ssubscribe"
        }
    }

    var unsubscribeName: StaticString {
        switch self {
        case .channel: return "unsubscribe"
        case .pattern: return "punsubscribe"
        case .shard: return "sunsubscribe"
        }
    }
}

/// One client's subscriptions (the value of each Dict is unused).
final class ClientSubscriptions {
    let channels = Dict<UInt8>()
    let patterns = Dict<UInt8>()
    let shardChannels = Dict<UInt8>()

    func set(_ kind: SubscriptionKind) -> Dict<UInt8> {
        switch kind {
        case .channel: return channels
        case .pattern: return patterns
        case .shard: return shardChannels
        }
    }
}

/// The server-wide subscription tables.
final class PubSubRegistry {
    let channels = Dict<Subscribers>()
    let patterns = Dict<Subscribers>()
    let shardChannels = Dict<Subscribers>()
    /// One encoded message, reused by every PUBLISH.
    let scratch = IOBuffer(capacity: 1024)

    func table(_ kind: SubscriptionKind) -> Dict<Subscribers> {
        switch kind {
        case .channel: return channels
        case .pattern: return patterns
        case .shard: return shardChannels
        }
    }
}

extension Client {
    /// Appends bytes that must reach the client whatever CLIENT REPLY says (pub/sub
    /// messages, subscription confirmations, invalidations), as Redis's pushes.
    @inline(__always) func pushBytes(_ p: UnsafeRawBufferPointer) {
        if flags.contains(.closeASAP) || flags.contains(.fake) { return }
        willWrite()
        out.append(p)
    }

    /// A subscription confirmation: [kind, channel or null, count], as a push.
    func pushSubscriptionReply(_ name: StaticString, _ channel: UnsafeRawBufferPointer?, _ count: Int) {
        if flags.contains(.closeASAP) || flags.contains(.fake) { return }
        willWrite()
        out.writePushHeader(3, resp)
        out.writeBulk(name)
        if let ch = channel { out.writeBulk(ch) } else { out.writeNull(resp) }
        out.writeInteger(Int64(count))
    }

    /// The count a subscription reply carries: shard channels are counted on their own.
    func subscriptionCount(_ kind: SubscriptionKind) -> Int {
        kind == .shard ? shardChannelCount : channelCount + patternCount
    }

    func adjustSubscriptionCount(_ kind: SubscriptionKind, by d: Int) {
        switch kind {
        case .channel: channelCount += d
        case .pattern: patternCount += d
        case .shard: shardChannelCount += d
        }
    }
}

extension Server {
    // MARK: wiring

    /// Connects this family's features to the core: keyspace notifications publish
    /// through PUBLISH, closing (and RESET) drops a client's transaction, WATCHed keys,
    /// subscriptions and tracking state, and INFO reads the gauges. The key-modification
    /// hook is installed on first use (WATCH, CLIENT TRACKING), so a server that uses
    /// neither pays nothing per write.
    func installMessagingHooks() {
        publishHook = { [unowned self] channel, message in
            channel.withUnsafeBytes { ch in
                message.withUnsafeBytes { msg in _ = self.publishMessage(ch, msg, shard: false) }
            }
        }
        clientCloseHooks.append { [unowned self] c in
            if c.multiState != nil || c.flags.contains(.multi) { self.discardTransaction(c) }
            if c.isPubSub { self.unsubscribeAll(c) }
            if c.trackingState != nil { self.disableTracking(c) }
        }
        admin.gauges["pubsub_channels"] = { [unowned self] in Int64(self.pubsub.channels.count) }
        admin.gauges["pubsub_patterns"] = { [unowned self] in Int64(self.pubsub.patterns.count) }
        admin.gauges["pubsubshard_channels"] = { [unowned self] in Int64(self.pubsub.shardChannels.count) }
        admin.gauges["tracking_clients"] = { [unowned self] in Int64(self.tracking.clientCount) }
        admin.gauges["tracking_total_keys"] = { [unowned self] in Int64(self.tracking.table.count) }
        admin.gauges["tracking_total_items"] = { [unowned self] in Int64(self.tracking.totalItems) }
        admin.gauges["tracking_total_prefixes"] = { [unowned self] in Int64(self.tracking.prefixes.count) }
        admin.gauges["watching_clients"] = { [unowned self] in Int64(self.watchedKeys.watchingClients) }
        admin.gauges["total_watched_keys"] = { [unowned self] in Int64(self.watchedKeys.keyCount) }
    }

    /// Installs the one observer of key modifications shared by WATCH and tracking.
    func ensureKeyModifiedHook() {
        if watchedKeys.hookInstalled { return }
        watchedKeys.hookInstalled = true
        keyModifiedHooks.append { [unowned self] key, dbIndex in
            if self.watchedKeys.keyCount > 0 { self.touchWatchedKey(key, dbIndex: dbIndex) }
            if self.tracking.clientCount > 0 || self.tracking.table.count > 0 {
                self.trackingKeyModified(key)
            }
        }
    }

    /// The command that caused a key signal, when it changes keys in bulk (FLUSHALL,
    /// FLUSHDB and SWAPDB signal every key; WATCH and tracking treat those specially).
    var bulkKeyCommand: String? {
        if let held = structdScripting.heldBulkCommand { return held.name }  // UndoLog.swift
        guard let cmd = currentClient?.currentCommand, cmd.parent == nil else { return nil }
        switch cmd.name {
        case "flushall", "flushdb", "swapdb": return cmd.name
        default: return nil
        }
    }

    // MARK: subscriptions

    /// Adds one subscription; false when the client already had it.
    @discardableResult
    func subscribe(_ c: Client, _ name: UnsafeRawBufferPointer, _ kind: SubscriptionKind) -> Bool {
        let mine: ClientSubscriptions
        if let s = c.pubsubState { mine = s } else { mine = ClientSubscriptions(); c.pubsubState = mine }
        let set = mine.set(kind)
        if set.find(name) != nil { return false }
        let key = RStr(name)
        set.insertNew(key, 0)
        let table = pubsub.table(kind)
        if let e = table.find(name) {
            e.value.clients.append(c)
        } else {
            let subs = Subscribers()
            subs.clients.append(c)
            table.insertNew(key, subs)
        }
        c.adjustSubscriptionCount(kind, by: 1)
        return true
    }

    /// Removes one subscription; false when the client did not have it.
    @discardableResult
    func unsubscribe(_ c: Client, _ name: UnsafeRawBufferPointer, _ kind: SubscriptionKind) -> Bool {
        guard let mine = c.pubsubState, mine.set(kind).remove(name) != nil else { return false }
        let table = pubsub.table(kind)
        if let e = table.find(name) {
            if let i = e.value.clients.firstIndex(where: { $0 === c }) { e.value.clients.remove(at: i) }
            if e.value.clients.isEmpty { table.remove(name) }
        }
        c.adjustSubscriptionCount(kind, by: -1)
        return true
    }

    /// Drops every subscription of one kind, confirming each when `notify` (RESET and
    /// closing do not reply).
    func unsubscribeAll(_ c: Client, _ kind: SubscriptionKind, notify: Bool) {
        guard let mine = c.pubsubState, mine.set(kind).count > 0 else {
            if notify { c.pushSubscriptionReply(kind.unsubscribeName, nil, c.subscriptionCount(kind)) }
            return
        }
        for e in mine.set(kind).entries() {
            e.key.withBytes { name in
                unsubscribe(c, name, kind)
                if notify { c.pushSubscriptionReply(kind.unsubscribeName, name, c.subscriptionCount(kind)) }
            }
        }
    }

    /// Teardown: every subscription, no replies.
    func unsubscribeAll(_ c: Client) {
        unsubscribeAll(c, .channel, notify: false)
        unsubscribeAll(c, .pattern, notify: false)
        unsubscribeAll(c, .shard, notify: false)
        c.pubsubState = nil
    }

    /// Delivers `message` on `channel` to its subscribers, then (for classic pub/sub) to
    /// the clients whose patterns match; returns how many deliveries were made.
    @discardableResult
    func publishMessage(_ channel: UnsafeRawBufferPointer, _ message: UnsafeRawBufferPointer, shard: Bool) -> Int {
        // Inside a transactional script or TXN.MULTI: held until commit (UndoLog.swift).
        if let u = undo { return holdPublish(u, channel, message, shard: shard) }
        var receivers = 0
        let table = shard ? pubsub.shardChannels : pubsub.channels
        if table.count > 0, let e = table.find(channel) {
            let buf = pubsub.scratch
            buf.clear(shrinkAbove: 64 * 1024, to: 1024)
            buf.writeArrayHeader(3)
            if shard { buf.writeBulk("smessage") } else { buf.writeBulk("message") }
            buf.writeBulk(channel)
            buf.writeBulk(message)
            receivers += deliver(buf, to: e.value.clients)
        }
        if !shard && pubsub.patterns.count > 0 {
            for e in pubsub.patterns.entries() {
                let matched = e.key.withBytes { stringMatch($0, channel) }
                if !matched { continue }
                let buf = pubsub.scratch
                buf.clear(shrinkAbove: 64 * 1024, to: 1024)
                buf.writeArrayHeader(4)
                buf.writeBulk("pmessage")
                e.key.withBytes { buf.writeBulk($0) }
                buf.writeBulk(channel)
                buf.writeBulk(message)
                receivers += deliver(buf, to: e.value.clients)
            }
        }
        return receivers
    }

    /// Copies one encoded message (RESP2 array form in `buf`) to each client, as a push
    /// for RESP3 clients, and enforces the output buffer limits.
    private func deliver(_ buf: IOBuffer, to clients: [Client]) -> Int {
        let bytes = buf.readableView
        for s in clients where !s.flags.contains(.closeASAP) {
            if s.resp == .resp3 {
                // Appending may move the buffer: find the message from the end.
                let before = s.out.readableBytes
                s.pushBytes(bytes)
                if s.out.readableBytes > before { s.out.base[s.out.writeIndex - bytes.count] = UInt8(ascii: ">") }
            } else {
                s.pushBytes(bytes)
            }
            checkOutputBufferLimits(s)
        }
        return clients.count
    }
}
