// LuaConversion: Redis replies to Lua values and back, exactly as Redis 7.0 documents
// them (docs/scripting.md), plus the error handler every script runs under.
//
// Reply -> Lua (what redis.call returns). The command ran on the script's fake client,
// whose output buffer holds RESP2 or RESP3 (redis.setresp) bytes; they are parsed in
// place and pushed without intermediate objects:
//   integer -> number, bulk -> string, nil bulk / nil array -> false (RESP2),
//   array -> table, status -> {ok=...}, error -> {err=...} (Redis's "CODE message" form,
//   with ignore_error_stats_update), RESP3 null -> nil, map -> {map={...}},
//   set -> {set={k=true}}, double -> {double=n}, boolean -> true/false,
//   big number -> {big_number=s}, verbatim -> {verbatim_string={format=, string=}};
//   attributes are skipped.
// Lua -> reply (what a script returns): number -> integer (C's truncating cast),
// string -> bulk, table -> array up to the first nil, or {err}/{ok}/{double}/{big_number}/
// {verbatim_string}/{map}/{set} (checked in that order, raw fields only), true -> 1 (or
// RESP3 true after setresp(3)), false/nil -> null (false is RESP3 false after setresp(3)).
// Nesting is bounded the way Redis's Lua 5.1 stack bounded it (8000 slots): deeper
// values become "reached lua stack limit" errors, so a self-referencing table is safe.

import CLua
import RESP
import DataStructures
import EventLoop
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Redis's error tables

/// Redis's luaPushErrorBuff: "-CODE message" or "message" becomes {err="CODE message"}
/// ("ERR" when there is no code); CR/LF at both ends are trimmed.
func luaPushRedisError(_ L: LuaState, _ text: UnsafeRawBufferPointer, ignoreStats: Bool = false) {
    var code: UnsafeRawBufferPointer
    var msg: UnsafeRawBufferPointer
    let errCode = UnsafeRawBufferPointer(start: luaCString("ERR"), count: 3)
    if text.first == UInt8(ascii: "-") {
        if let sp = text.firstIndex(of: 32) {
            code = UnsafeRawBufferPointer(rebasing: text[1..<sp])
            msg = UnsafeRawBufferPointer(rebasing: text[(sp + 1)...])
        } else {
            code = errCode
            msg = UnsafeRawBufferPointer(rebasing: text[1...])
        }
    } else {
        code = errCode
        msg = text
    }
    var lo = 0, hi = msg.count
    while lo < hi && (msg[lo] == 13 || msg[lo] == 10) { lo += 1 }
    while hi > lo && (msg[hi - 1] == 13 || msg[hi - 1] == 10) { hi -= 1 }
    msg = UnsafeRawBufferPointer(rebasing: msg[lo..<hi])
    lua_createtable(L, 0, ignoreStats ? 2 : 1)
    luaPush(L, "err")
    luaPush(L, bytes: code)
    luaPush(L, " ")
    luaPush(L, bytes: msg)
    lua_concat(L, 3)
    lua_rawset(L, -3)
    if ignoreStats {
        lua_pushboolean(L, 1)
        luaRawSetField(L, lua_gettop(L) - 1, "ignore_error_stats_update")
    }
}

func luaPushRedisError(_ L: LuaState, _ text: String, ignoreStats: Bool = false) {
    var t = text
    t.withUTF8 { luaPushRedisError(L, UnsafeRawBufferPointer($0), ignoreStats: ignoreStats) }
}

/// The message handler of every script call (Redis's __redis__err__handler): turns any
/// error into a table {err=..., source=..., line=...}, the position being the Lua
/// function that raised it (or the caller of the C function that did).
let luaErrorHandler: LuaFunction = { L, _ in
    let L = L!
    var ar = lua_Debug()
    var haveInfo = lua_getstack(L, 1, &ar) != 0 && lua_getinfo(L, "nSl", &ar) != 0
    if haveInfo, let w = ar.what, w[0] == 67, w[1] == 0 {  // "C"
        haveInfo = lua_getstack(L, 2, &ar) != 0 && lua_getinfo(L, "nSl", &ar) != 0
    }
    lua_createtable(L, 0, 4)
    let result = lua_gettop(L)
    if lua_type(L, 1) == LUA_TTABLE {
        for field: StaticString in ["err", "source", "line", "ignore_error_stats_update"] {
            _ = luaRawGetField(L, 1, field)
            luaRawSetField(L, result, field)
        }
    } else {
        luaPush(L, "ERR ")
        luaPushToString(L, 1)
        lua_concat(L, 2)
        luaRawSetField(L, result, "err")
    }
    if haveInfo {
        if let src = ar.source {
            lua_pushstring(L, src)
            luaRawSetField(L, result, "source")
        }
        lua_pushinteger(L, lua_Integer(ar.currentline))
        luaRawSetField(L, result, "line")
    }
    return 1
}

/// Pushes tostring(v) as Lua 5.1 prints it, without calling metamethods.
func luaPushToString(_ L: LuaState, _ i: Int32) {
    switch lua_type(L, i) {
    case LUA_TSTRING: lua_pushvalue(L, i)
    case LUA_TNUMBER: pushFormattedNumber(L, lua_tonumberx(L, i, nil), precision: 14)
    case LUA_TNIL: luaPush(L, "nil")
    case LUA_TBOOLEAN: lua_toboolean(L, i) != 0 ? luaPush(L, "true") : luaPush(L, "false")
    default:
        let p = UInt(bitPattern: lua_topointer(L, i))
        luaPush(L, string: "\(luaTypeName(L, i)): 0x" + String(p, radix: 16))
    }
}

// MARK: - reply -> Lua

/// Parses one RESP2/RESP3 reply at `pos` in `buf` and pushes it (exactly one value).
/// Returns false if the bytes are not a complete reply (nothing useful is pushed then:
/// the caller pops to its saved top).
func luaPushReply(_ L: LuaState, _ buf: UnsafeRawBufferPointer, _ pos: inout Int) -> Bool {
    guard pos < buf.count, lua_checkstack(L, 4) != 0 else { return false }
    let type = buf[pos]
    // The line after the type byte.
    let start = pos + 1
    var end = start
    while end + 1 < buf.count && !(buf[end] == 13 && buf[end + 1] == 10) { end += 1 }
    guard end + 1 < buf.count else { return false }
    let line = UnsafeRawBufferPointer(rebasing: buf[start..<end])
    pos = end + 2
    switch type {
    case UInt8(ascii: "+"):
        lua_createtable(L, 0, 1)
        luaPush(L, "ok")
        luaPush(L, bytes: line)
        lua_rawset(L, -3)
    case UInt8(ascii: "-"):
        luaPushRedisError(L, UnsafeRawBufferPointer(rebasing: buf[(start - 1)..<end]), ignoreStats: true)
    case UInt8(ascii: ":"):
        lua_pushinteger(L, parseReplyInteger(line))
    case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "("), UInt8(ascii: ","), UInt8(ascii: "#"), UInt8(ascii: "_"):
        var payload = line
        if type == UInt8(ascii: "$") || type == UInt8(ascii: "=") || type == UInt8(ascii: "!") {
            let n = Int(parseReplyInteger(line))
            if n < 0 {
                lua_pushboolean(L, 0)
                return true
            }
            guard pos + n + 2 <= buf.count else { return false }
            payload = UnsafeRawBufferPointer(rebasing: buf[pos..<(pos + n)])
            pos += n + 2
        }
        switch type {
        case UInt8(ascii: "$"):
            luaPush(L, bytes: payload)
        case UInt8(ascii: "!"):
            var text: [UInt8] = [45]
            text += payload
            text.withUnsafeBytes { luaPushRedisError(L, $0, ignoreStats: true) }
        case UInt8(ascii: "="):
            lua_createtable(L, 0, 1)
            luaPush(L, "verbatim_string")
            lua_createtable(L, 0, 2)
            let fmtLen = min(3, payload.count)
            luaPush(L, "format")
            luaPush(L, bytes: UnsafeRawBufferPointer(rebasing: payload[0..<fmtLen]))
            lua_rawset(L, -3)
            luaPush(L, "string")
            luaPush(L, bytes: UnsafeRawBufferPointer(rebasing: payload[min(4, payload.count)...]))
            lua_rawset(L, -3)
            lua_rawset(L, -3)
        case UInt8(ascii: "("):
            lua_createtable(L, 0, 1)
            luaPush(L, "big_number")
            luaPush(L, bytes: payload)
            lua_rawset(L, -3)
        case UInt8(ascii: ","):
            lua_createtable(L, 0, 1)
            luaPush(L, "double")
            lua_pushnumber(L, parseReplyDouble(payload))
            lua_rawset(L, -3)
        case UInt8(ascii: "#"):
            lua_pushboolean(L, payload.first == UInt8(ascii: "t") ? 1 : 0)
        default:  // "_"
            lua_pushnil(L)
        }
    case UInt8(ascii: "*"), UInt8(ascii: ">"):
        let n = parseReplyInteger(line)
        if n < 0 {
            lua_pushboolean(L, 0)
            return true
        }
        lua_createtable(L, Int32(clamping: n), 0)
        var j: lua_Integer = 1
        while j <= n {
            guard luaPushReply(L, buf, &pos) else { return false }
            lua_rawseti(L, -2, j)
            j += 1
        }
    case UInt8(ascii: "%"), UInt8(ascii: "~"):
        let n = parseReplyInteger(line)
        let isMap = type == UInt8(ascii: "%")
        lua_createtable(L, 0, 1)
        isMap ? luaPush(L, "map") : luaPush(L, "set")
        lua_createtable(L, 0, Int32(clamping: max(0, n)))
        var j: Int64 = 0
        while j < n {
            guard luaPushReply(L, buf, &pos) else { return false }
            if isMap {
                guard luaPushReply(L, buf, &pos) else { return false }
            } else {
                lua_pushboolean(L, 1)
            }
            if lua_type(L, -2) == LUA_TNIL || (lua_type(L, -2) == LUA_TNUMBER && lua_tonumberx(L, -2, nil).isNaN) {
                lua_settop(L, -3)  // a key Lua cannot store
            } else {
                lua_rawset(L, -3)
            }
            j += 1
        }
        lua_rawset(L, -3)
    case UInt8(ascii: "|"):
        // Attributes: parsed and dropped; the reply proper follows.
        let n = parseReplyInteger(line)
        var j: Int64 = 0
        while j < n * 2 {
            guard luaPushReply(L, buf, &pos) else { return false }
            lua_settop(L, -2)
            j += 1
        }
        return luaPushReply(L, buf, &pos)
    default:
        return false
    }
    return true
}

@inline(__always) func parseReplyInteger(_ p: UnsafeRawBufferPointer) -> Int64 {
    var v: Int64 = 0
    var neg = false
    for (i, b) in p.enumerated() {
        if i == 0 && b == UInt8(ascii: "-") { neg = true; continue }
        v = v &* 10 &+ Int64(b &- 48)
    }
    return neg ? 0 &- v : v
}

func parseReplyDouble(_ p: UnsafeRawBufferPointer) -> Double {
    var tmp = [CChar](repeating: 0, count: p.count + 1)
    for i in 0..<p.count { tmp[i] = CChar(bitPattern: p[i]) }
    return strtod(tmp, nil)
}

// MARK: - Lua -> reply

/// Redis's Lua 5.1 stack allowed 8000 slots; conversion depth is bounded the same way.
let luaConversionStackLimit = 8000

extension Client {
    /// An error reply from raw bytes (no leading '-'; CR/LF become spaces), counted in
    /// errorstats as Redis's afterErrorReply counts it, or not at all.
    func addScriptError(_ message: UnsafeRawBufferPointer, countStats: Bool) {
        if countStats { server.recordError(redisErrorCode(message), client: self) }
        if repliesEnabled {
            willWrite()
            out.append(UInt8(ascii: "-"))
            out.reserve(message.count + 2)
            for b in message { out.append(b == 13 || b == 10 ? 32 : b) }
            out.writeCRLF()
        }
    }

    func addScriptError(_ message: [UInt8], countStats: Bool) {
        message.withUnsafeBytes { addScriptError($0, countStats: countStats) }
    }

    /// A status reply from raw bytes (CR/LF become spaces).
    func addStatusBytes(_ s: UnsafeRawBufferPointer) {
        if repliesEnabled {
            willWrite()
            out.append(UInt8(ascii: "+"))
            out.reserve(s.count + 2)
            for b in s { out.append(b == 13 || b == 10 ? 32 : b) }
            out.writeCRLF()
        }
    }

    /// RESP3 big number (a bulk string in RESP2).
    func addBigNumber(_ s: UnsafeRawBufferPointer) {
        guard repliesEnabled else { return }
        willWrite()
        // CR/LF become spaces in both protocols (a bulk string in RESP2), as Redis does.
        if resp == .resp2 {
            out.append(UInt8(ascii: "$"))
            out.appendDecimal(Int64(s.count))
            out.writeCRLF()
        } else {
            out.append(UInt8(ascii: "("))
        }
        for b in s { out.append(b == 13 || b == 10 ? 32 : b) }
        out.writeCRLF()
    }

    /// RESP3 verbatim string with a 3-byte format (a bulk string in RESP2).
    func addVerbatim(_ s: UnsafeRawBufferPointer, format: UnsafeRawBufferPointer) {
        guard repliesEnabled else { return }
        willWrite()
        if resp == .resp2 {
            out.writeBulk(s)
            return
        }
        out.append(UInt8(ascii: "="))
        out.appendDecimal(Int64(s.count + 4))
        out.writeCRLF()
        for i in 0..<3 { out.append(i < format.count ? format[i] : 0) }
        out.append(UInt8(ascii: ":"))
        out.append(s)
        out.writeCRLF()
    }
}

/// The error code Redis's afterErrorReply files an error reply under: the text up to the
/// first space within its first 31 bytes, else "ERR". Returned as "<code> ", the form
/// Server.recordError takes.
func redisErrorCode(_ message: UnsafeRawBufferPointer) -> String {
    let window = min(message.count, 31)
    for i in 0..<window where message[i] == 32 {
        return String(decoding: UnsafeRawBufferPointer(rebasing: message[0..<i]), as: UTF8.self) + " "
    }
    return "ERR "
}

/// Writes the value on top of the stack to `c` and pops it. `height` is the slot the
/// value occupies on Redis's (5.1) Lua stack, for the nesting bound.
func luaWriteReply(_ L: LuaState, to c: Client, scriptResp: RESPVersion, height: Int) {
    if height + 4 > luaConversionStackLimit || lua_checkstack(L, 6) == 0 {
        c.addError("ERR reached lua stack limit")
        lua_settop(L, -2)
        return
    }
    let top = lua_gettop(L)
    switch lua_type(L, top) {
    case LUA_TSTRING:
        c.addBulk(luaBytes(L, top)!)
    case LUA_TBOOLEAN:
        let b = lua_toboolean(L, top) != 0
        if scriptResp == .resp2 {
            if b { c.addInt(1) } else { c.addNull() }
        } else {
            c.addBool(b)
        }
    case LUA_TNUMBER:
        c.addInt(truncatingInt64(lua_tonumberx(L, top, nil)))
    case LUA_TTABLE:
        luaWriteTable(L, top, to: c, scriptResp: scriptResp, height: height)
    default:
        c.addNull()
    }
    lua_settop(L, top - 1)
}

private func luaWriteTable(_ L: LuaState, _ t: Int32, to c: Client, scriptResp: RESPVersion, height: Int) {
    // {err=...}
    if luaRawGetField(L, t, "err") == LUA_TSTRING {
        let msg = luaBytes(L, -1)!
        let ignore = luaRawGetField(L, t, "ignore_error_stats_update") == LUA_TBOOLEAN && lua_toboolean(L, -1) != 0
        c.addScriptError(msg, countStats: !ignore)
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "ok") == LUA_TSTRING {
        c.addStatusBytes(luaBytes(L, -1)!)
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "double") == LUA_TNUMBER {
        c.addDouble(lua_tonumberx(L, -1, nil))
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "big_number") == LUA_TSTRING {
        c.addBigNumber(luaBytes(L, -1)!)
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "verbatim_string") == LUA_TTABLE {
        let v = lua_gettop(L)
        if luaRawGetField(L, v, "format") == LUA_TSTRING, luaRawGetField(L, v, "string") == LUA_TSTRING {
            c.addVerbatim(luaBytes(L, -1)!, format: luaBytes(L, -2)!)
            lua_settop(L, t)
            return
        }
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "map") == LUA_TTABLE {
        let m = lua_gettop(L)
        var n = 0
        lua_pushnil(L)
        while lua_next(L, m) != 0 {
            n += 1
            lua_settop(L, -2)
        }
        c.addMapLen(n)
        lua_pushnil(L)
        while lua_next(L, m) != 0 {
            lua_pushvalue(L, -2)
            luaWriteReply(L, to: c, scriptResp: scriptResp, height: height + 4)  // the key
            luaWriteReply(L, to: c, scriptResp: scriptResp, height: height + 3)  // the value
        }
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    if luaRawGetField(L, t, "set") == LUA_TTABLE {
        let s = lua_gettop(L)
        var n = 0
        lua_pushnil(L)
        while lua_next(L, s) != 0 {
            n += 1
            lua_settop(L, -2)
        }
        c.addSetLen(n)
        lua_pushnil(L)
        while lua_next(L, s) != 0 {
            lua_settop(L, -2)
            lua_pushvalue(L, -1)
            luaWriteReply(L, to: c, scriptResp: scriptResp, height: height + 3)
        }
        lua_settop(L, t)
        return
    }
    lua_settop(L, t)
    // An array, up to the first nil.
    var n: lua_Integer = 0
    while lua_rawgeti(L, t, n + 1) != LUA_TNIL {
        n += 1
        lua_settop(L, t)
    }
    lua_settop(L, t)
    c.addArrayLen(Int(n))
    var j: lua_Integer = 1
    while j <= n {
        lua_rawgeti(L, t, j)
        luaWriteReply(L, to: c, scriptResp: scriptResp, height: height + 1)
        j += 1
    }
}
