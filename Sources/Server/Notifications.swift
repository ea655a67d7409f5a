// Keyspace notifications (notify-keyspace-events): after a change, publish to
// `__keyspace@<db>__:<key>` (the event name) and/or `__keyevent@<db>__:<event>` (the
// key), when the event's class is enabled. Publishing goes through pub/sub.

import Config
import DataStructures

/// Event classes, with the letters notify-keyspace-events uses.
struct NotifyClass: OptionSet {
    let rawValue: Int
    static let keyspace = NotifyClass(rawValue: 1 << 0)   // K
    static let keyevent = NotifyClass(rawValue: 1 << 1)   // E
    static let generic = NotifyClass(rawValue: 1 << 2)    // g
    static let string = NotifyClass(rawValue: 1 << 3)     // $
    static let list = NotifyClass(rawValue: 1 << 4)       // l
    static let set = NotifyClass(rawValue: 1 << 5)        // s
    static let hash = NotifyClass(rawValue: 1 << 6)       // h
    static let zset = NotifyClass(rawValue: 1 << 7)       // z
    static let expired = NotifyClass(rawValue: 1 << 8)    // x
    static let evicted = NotifyClass(rawValue: 1 << 9)    // e
    static let stream = NotifyClass(rawValue: 1 << 10)    // t
    static let keyMiss = NotifyClass(rawValue: 1 << 11)   // m
    static let module = NotifyClass(rawValue: 1 << 12)    // d
    static let newKey = NotifyClass(rawValue: 1 << 13)    // n

    /// Parses the config string ("KEA", "Ex", ...); nil on an unknown letter.
    static func parse(_ s: String) -> NotifyClass? {
        var f: NotifyClass = []
        for ch in s {
            switch ch {
            case "A": f.formUnion([.generic, .string, .list, .set, .hash, .zset, .expired, .evicted, .stream, .module])
            case "g": f.insert(.generic)
            case "$": f.insert(.string)
            case "l": f.insert(.list)
            case "s": f.insert(.set)
            case "h": f.insert(.hash)
            case "z": f.insert(.zset)
            case "x": f.insert(.expired)
            case "e": f.insert(.evicted)
            case "K": f.insert(.keyspace)
            case "E": f.insert(.keyevent)
            case "t": f.insert(.stream)
            case "m": f.insert(.keyMiss)
            case "d": f.insert(.module)
            case "n": f.insert(.newKey)
            default: return nil
            }
        }
        return f
    }
}

extension Server {
    func notifyKeyspaceEvent(_ cls: NotifyClass, _ event: String, _ key: UnsafeRawBufferPointer, dbIndex: Int) {
        let enabled = notifyMask
        if enabled.isEmpty || enabled.isDisjoint(with: cls) { return }
        if let u = undo { u.hold(.notify(cls, event, Array(key), dbIndex)); return }
        guard let publish = publishHook else { return }
        if enabled.contains(.keyspace) {
            var channel = Array("__keyspace@\(dbIndex)__:".utf8)
            channel.append(contentsOf: key)
            publish(channel, Array(event.utf8))
        }
        if enabled.contains(.keyevent) {
            let channel = Array("__keyevent@\(dbIndex)__:\(event)".utf8)
            publish(channel, Array(key))
        }
    }
}
