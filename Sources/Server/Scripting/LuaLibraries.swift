// LuaLibraries: the libraries of Redis 7.0's script environment on top of Lua 5.3.
//
//   - Lua 5.1 compatibility: unpack, loadstring, gcinfo (LuaVM.swift), table.getn/maxn/
//     setn/foreach/foreachi, string.gfind, math.mod/atan2 (and pow/ldexp/... where this
//     Lua lacks them); 5.3-only functions Redis does not have are removed.
//   - math.random / math.randomseed: Redis's own generator (the 48-bit drand48 LCG, one
//     state for the whole server starting from drand48's default seed), so sequences
//     match Redis's.
//   - bit (Debian's lua-bitop): tohex guards the INT_MIN digit count that overflows its
//     buffer (CVE-2024-31449), answering as the fixed Redis does.
//   - cjson (Debian's lua-cjson 2.1.0, which has no overflow checks in its string
//     buffer, CVE-2022-24834): encode refuses output that could exceed what its int
//     sizes hold, decode refuses input that large, and the depth settings are capped at
//     the depth Redis's own Lua stack allowed, so recursion stays within the C stack.
//     cjson.new() returns an instance with the same guards.
//   - cmsgpack and struct: Redis's bundled C libraries, reimplemented here with the same
//     API, byte formats, limits and error messages (depth 16 when packing, the 5.1 stack
//     bound when unpacking), every read bounds-checked.
//
// Functions that must call back into Lua (table.foreach...) are a few lines of Lua
// compiled at start-up (the prelude below); everything else is Swift under the rules in
// LuaVM.swift (never raise, return STRUCTD_LUA_RAISE / STRUCTD_LUA_CONTINUE).

import CLua
#if canImport(Glibc)
import Glibc
#endif

/// lua_checkstack's bound in Redis's Lua 5.1 (LUAI_MAXCSTACK): cmsgpack and struct
/// report "stack overflow" past it, as Redis does.
let lua51StackLimit = 8000
/// cjson depth settings are capped here (Redis's 5.1 stack allowed ~2666 levels).
let cjsonMaxDepth: Int64 = 2500
/// cjson.encode refuses output bounds past this (its buffer sizes are C ints).
let cjsonMaxOutput = (1 << 30) - (1 << 20)

extension LuaVM {
    func installLibraries() {
        let g = LuaSlot.globals
        // Lua 5.1's argument conversions and number formatting, string.format,
        // table.concat/insert/remove, tonumber... (Sources/CLua/lua51_compat.c).
        structd_lua_install_compat(L, g)
        lua_settop(L, g)
        // string
        var t = pushLibrary("string")
        removeFields(t, ["pack", "packsize", "unpack"])
        alias(t, "gfind", to: "gmatch")
        lua_settop(L, g)
        // table
        t = pushLibrary("table")
        removeFields(t, ["move", "pack", "unpack"])
        setFunction(t, "getn", luaTableGetN)
        setFunction(t, "maxn", luaTableMaxN)
        setFunction(t, "setn", { L, _ in luaRaise(L!, "'setn' is obsolete") })
        lua_settop(L, g)
        // math
        t = pushLibrary("math")
        removeFields(t, ["maxinteger", "mininteger", "tointeger", "type", "ult"])
        alias(t, "atan2", to: "atan")
        alias(t, "mod", to: "fmod")
        let compat: [(StaticString, LuaFunction)] = [
            ("pow", luaMathPow), ("ldexp", luaMathLdexp), ("frexp", luaMathFrexp), ("cosh", luaMathCosh),
            ("sinh", luaMathSinh), ("tanh", luaMathTanh), ("log10", luaMathLog10),
        ]
        for (name, fn) in compat {
            if luaRawGetField(L, t, name) == LUA_TNIL { setFunction(t, name, fn) }
            lua_settop(L, t)
        }
        setFunction(t, "random", { L, ctx in LuaVM.from(ctx).engine.mathRandom(L!) })
        setFunction(t, "randomseed", { L, ctx in LuaVM.from(ctx).engine.mathRandomSeed(L!) })
        lua_settop(L, g)
        // coroutine
        t = pushLibrary("coroutine")
        removeFields(t, ["isyieldable"])
        lua_settop(L, g)
        // bit
        t = pushLibrary("bit")
        wrapFunction(t, "tohex", luaBitToHex)
        lua_settop(L, g)
        // cjson
        t = pushLibrary("cjson")
        guardCJSON(t)
        lua_settop(L, g)
        // error(5) gets a position, as in Lua 5.1 (5.3 only adds one to strings).
        setFunction(g, "error", luaCompatError)
        installCMsgpack()
        installStruct()
        runPrelude()
    }

    /// Wraps the fields of a cjson module table (the global one, or one from cjson.new).
    func guardCJSON(_ t: Int32) {
        wrapFunction(t, "encode", { L, ctx in LuaVM.from(ctx).cjsonEncodeGuard(L!) })
        wrapFunction(t, "decode", luaCJSONDecodeGuard)
        wrapFunction(t, "encode_max_depth", luaCJSONDepthGuard)
        wrapFunction(t, "decode_max_depth", luaCJSONDepthGuard)
    }

    /// The Lua-written compatibility functions, which call Lua functions back.
    private func runPrelude() {
        let prelude: StaticString = """
        local tbl, cjson, guard = ...
        local next, type, error, tostring, rawget = next, type, error, tostring, rawget
        local function tname(v, n) if n == 0 then return 'no value' end return type(v) end
        tbl.foreach = function(...)
          local t, f = ...
          local n = select('#', ...)
          if type(t) ~= 'table' then error("bad argument #1 to 'foreach' (table expected, got " .. tname(t, n) .. ")", 2) end
          if type(f) ~= 'function' then error("bad argument #2 to 'foreach' (function expected, got " .. tname(f, n - 1) .. ")", 2) end
          local k, v = next(t)
          while k ~= nil do
            local r = f(k, v)
            if r ~= nil then return r end
            k, v = next(t, k)
          end
        end
        tbl.foreachi = function(...)
          local t, f = ...
          local n = select('#', ...)
          if type(t) ~= 'table' then error("bad argument #1 to 'foreachi' (table expected, got " .. tname(t, n) .. ")", 2) end
          if type(f) ~= 'function' then error("bad argument #2 to 'foreachi' (function expected, got " .. tname(f, n - 1) .. ")", 2) end
          for i = 1, tbl.getn(t) do
            local r = f(i, rawget(t, i))
            if r ~= nil then return r end
          end
        end
        local new = cjson.new
        cjson.new = function(...)
          local m = new(...)
          guard(m)
          return m
        end
        """
        let top = lua_gettop(L)
        let code = UnsafeRawBufferPointer(start: prelude.utf8Start, count: prelude.utf8CodeUnitCount)
        if compile(code, name: "=[C]") != nil { fatalError("Lua prelude does not compile") }
        _ = pushLibrary("table")
        _ = pushLibrary("cjson")
        structd_lua_push_swift_function(L, { L, ctx in
            let vm = LuaVM.from(ctx)
            if lua_type(L, 1) == LUA_TTABLE { vm.guardCJSON(1) }
            return 0
        }, context)
        if lua_pcallk(L, 3, 0, 0, 0, nil) != LUA_OK { fatalError("Lua prelude failed: \(luaString(L, -1) ?? "")") }
        lua_settop(L, top)
    }
}

// MARK: - table, math, error

let luaTableGetN: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) != LUA_TTABLE { return luaTypeError(L, 1, "table") }
    lua_pushinteger(L, lua_Integer(lua_rawlen(L, 1)))
    return 1
}

/// table.maxn: the largest positive numeric key (0 if none).
let luaTableMaxN: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) != LUA_TTABLE { return luaTypeError(L, 1, "table") }
    var maxKey = 0.0
    lua_pushnil(L)
    while lua_next(L, 1) != 0 {
        lua_settop(L, -2)
        if lua_type(L, -1) == LUA_TNUMBER {
            let v = lua_tonumberx(L, -1, nil)
            if v > maxKey { maxKey = v }
        }
    }
    lua_pushnumber(L, maxKey)
    return 1
}

private func mathUnary(_ L: LuaState, _ f: (Double) -> Double) -> Int32 {
    var raised: Int32 = 0
    guard let x = luaCheckNumber(L, 1, &raised) else { return raised }
    lua_pushnumber(L, f(x))
    return 1
}

let luaMathCosh: LuaFunction = { L, _ in mathUnary(L!, cosh) }
let luaMathSinh: LuaFunction = { L, _ in mathUnary(L!, sinh) }
let luaMathTanh: LuaFunction = { L, _ in mathUnary(L!, tanh) }
let luaMathLog10: LuaFunction = { L, _ in mathUnary(L!, log10) }
let luaMathPow: LuaFunction = { L, _ in
    let L = L!
    var raised: Int32 = 0
    guard let x = luaCheckNumber(L, 1, &raised), let y = luaCheckNumber(L, 2, &raised) else { return raised }
    lua_pushnumber(L, pow(x, y))
    return 1
}
let luaMathLdexp: LuaFunction = { L, _ in
    let L = L!
    var raised: Int32 = 0
    guard let x = luaCheckNumber(L, 1, &raised), let e = luaCheckInt(L, 2, &raised) else { return raised }
    lua_pushnumber(L, ldexp(x, e))
    return 1
}
let luaMathFrexp: LuaFunction = { L, _ in
    let L = L!
    var raised: Int32 = 0
    guard let x = luaCheckNumber(L, 1, &raised) else { return raised }
    var e: Int32 = 0
    lua_pushnumber(L, frexp(x, &e))
    lua_pushinteger(L, lua_Integer(e))
    return 2
}

/// error(message [, level]) as Lua 5.1's: numbers get the position too.
let luaCompatError: LuaFunction = { L, _ in
    let L = L!
    var raised: Int32 = 0
    guard let level = luaOptInteger(L, 2, 1, &raised) else { return raised }
    lua_settop(L, 1)
    let t = lua_type(L, 1)
    if (t == LUA_TSTRING || t == LUA_TNUMBER) && level > 0 {
        luaL_where(L, Int32(truncatingIfNeeded: level))
        if t == LUA_TNUMBER {
            pushFormattedNumber(L, lua_tonumberx(L, 1, nil), precision: 14)
        } else {
            lua_pushvalue(L, 1)
        }
        lua_concat(L, 2)
    }
    return STRUCTD_LUA_RAISE
}

extension ScriptingEngine {
    /// redisLrand48: the next 31-bit value of the drand48 sequence.
    func nextRandom() -> Int32 {
        randomState = (0x5_DEEC_E66D &* randomState &+ 0xB) & 0xFFFF_FFFF_FFFF
        return Int32(truncatingIfNeeded: randomState >> 17)
    }

    /// Redis's math.random (Lua 5.1's algorithm over redisLrand48).
    func mathRandom(_ L: LuaState) -> Int32 {
        let r = Double(nextRandom() % Int32.max) / Double(Int32.max)
        var raised: Int32 = 0
        switch lua_gettop(L) {
        case 0:
            lua_pushnumber(L, r)
        case 1:
            guard let u = luaCheckInt(L, 1, &raised) else { return raised }
            if !(1 <= u) { return luaArgError(L, 1, "interval is empty") }
            lua_pushinteger(L, lua_Integer((r * Double(u)).rounded(.down)) + 1)
        case 2:
            guard let l = luaCheckInt(L, 1, &raised), let u = luaCheckInt(L, 2, &raised) else { return raised }
            if !(l <= u) { return luaArgError(L, 2, "interval is empty") }
            let span = Int32(truncatingIfNeeded: Int64(u) - Int64(l) + 1)
            lua_pushinteger(L, lua_Integer((r * Double(span)).rounded(.down)) + lua_Integer(l))
        default:
            return luaRaise(L, "wrong number of arguments")
        }
        return 1
    }

    /// math.randomseed(n): redisSrand48 (drand48's seeding).
    func mathRandomSeed(_ L: LuaState) -> Int32 {
        var raised: Int32 = 0
        guard let seed = luaCheckInt(L, 1, &raised) else { return raised }
        randomState = (UInt64(UInt32(bitPattern: seed)) << 16) | 0x330E
        return 0
    }
}

// MARK: - bit and cjson guards

/// bit.tohex: a digit count of INT_MIN (after lua-bitop's own conversion) is replaced by
/// INT_MIN+1, which prints 8 upper-case digits, as the fixed Redis does.
let luaBitToHex: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 2) != LUA_TNONE {
        var ok: Int32 = 0
        let d = lua_tonumberx(L, 2, &ok)
        if ok != 0 {
            // lua-bitop: n + 2^52 + 2^51, low 32 bits of the representation.
            let bits = UInt32(truncatingIfNeeded: (d + 6755399441055744.0).bitPattern)
            if bits == 0x8000_0000 {
                lua_pushinteger(L, -2_147_483_647)
                structd_lua_replace(L, 2)
            }
        }
    }
    return STRUCTD_LUA_CONTINUE
}

let luaCJSONDecodeGuard: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) == LUA_TSTRING, let s = luaBytes(L, 1), s.count > cjsonMaxOutput {
        return luaRaise(L, "Cannot decode: input too large")
    }
    return STRUCTD_LUA_CONTINUE
}

let luaCJSONDepthGuard: LuaFunction = { L, _ in
    let L = L!
    if lua_type(L, 1) == LUA_TNUMBER, lua_tonumberx(L, 1, nil) > Double(cjsonMaxDepth) {
        lua_pushinteger(L, cjsonMaxDepth)
        structd_lua_replace(L, 1)
    }
    return STRUCTD_LUA_CONTINUE
}

extension LuaVM {
    /// cjson.encode's guard: an upper bound of the bytes its buffer may be asked for
    /// (6 per string byte, as it reserves) must fit its int sizes.
    func cjsonEncodeGuard(_ L: LuaState) -> Int32 {
        var total = 0
        if !cjsonBound(L, 1, depth: 0, &total) {
            return luaRaise(L, "Cannot serialise: output too large")
        }
        return STRUCTD_LUA_CONTINUE
    }

    private func cjsonBound(_ L: LuaState, _ i: Int32, depth: Int, _ total: inout Int) -> Bool {
        switch lua_type(L, i) {
        case LUA_TSTRING:
            var len = 0
            _ = lua_tolstring(L, i, &len)
            total += len * 6 + 2
        case LUA_TTABLE:
            // Deeper than cjson allows: cjson itself reports the nesting error.
            if depth > Int(cjsonMaxDepth) || lua_checkstack(L, 4) == 0 { return true }
            let t = lua_absindex(L, i)
            total += 2
            lua_pushnil(L)
            while lua_next(L, t) != 0 {
                total += 2
                if !cjsonBound(L, -2, depth: depth + 1, &total) || !cjsonBound(L, -1, depth: depth + 1, &total) {
                    lua_settop(L, t)
                    return false
                }
                lua_settop(L, -2)
                if total > cjsonMaxOutput { lua_settop(L, t); return false }
            }
        default:
            total += 32
        }
        return total <= cjsonMaxOutput
    }
}

// MARK: - cmsgpack

extension LuaVM {
    func installCMsgpack() {
        lua_createtable(L, 0, 8)
        let t = lua_gettop(L)
        setFunction(t, "pack", { L, ctx in LuaVM.from(ctx).msgpackPack(L!) })
        setFunction(t, "unpack", { L, ctx in LuaVM.from(ctx).msgpackUnpack(L!, mode: 0) })
        setFunction(t, "unpack_one", { L, ctx in LuaVM.from(ctx).msgpackUnpack(L!, mode: 1) })
        setFunction(t, "unpack_limit", { L, ctx in LuaVM.from(ctx).msgpackUnpack(L!, mode: 2) })
        let fields: [(StaticString, StaticString)] = [
            ("_NAME", "cmsgpack"), ("_VERSION", "lua-cmsgpack 0.4.0"),
            ("_COPYRIGHT", "Copyright (C) 2012, Salvatore Sanfilippo"),
            ("_DESCRIPTION", "MessagePack C implementation for Lua"),
        ]
        for (k, v) in fields {
            luaPush(L, v)
            luaRawSetField(L, t, k)
        }
        luaRawSetField(L, LuaSlot.globals, "cmsgpack")
    }

    /// cmsgpack.pack(...): every argument encoded, concatenated.
    func msgpackPack(_ L: LuaState) -> Int32 {
        let argc = lua_gettop(L)
        if argc == 0 { return luaArgError(L, 0, "MessagePack pack needs input.") }
        var out: [UInt8] = []
        // The output is built outside Lua's allocator (the cap is suspended in callbacks),
        // so it is bounded here by what the script may still allocate: the same string
        // repeated in a table must not build gigabytes behind the cap's back.
        let x = extra.pointee
        let budget = x.limit > 0 ? (x.limit > x.used ? Int(x.limit - x.used) : 0) : engine.scriptMemoryAllowance
        let top = lua_gettop(L)
        for i in 1...argc {
            lua_pushvalue(L, i)
            if !msgpackEncode(L, level: 0, &out, budget: budget) || out.count > budget {
                lua_settop(L, top)
                return luaRaise(L, "not enough memory (cmsgpack.pack output exceeds the script memory limit)")
            }
        }
        luaPush(L, bytes: out)
        return 1
    }

    /// Encodes the value on top of the stack (popping it). False when the output went
    /// past `budget` bytes (the stack is then left for the caller to reset).
    private func msgpackEncode(_ L: LuaState, level: Int, _ out: inout [UInt8], budget: Int) -> Bool {
        if out.count > budget { return false }
        var t = lua_type(L, -1)
        if t == LUA_TTABLE && level == 16 { t = LUA_TNIL }
        switch t {
        case LUA_TBOOLEAN:
            out.append(lua_toboolean(L, -1) != 0 ? 0xc3 : 0xc2)
        case LUA_TNUMBER:
            let n = lua_tonumberx(L, -1, nil)
            if !n.isInfinite && !n.isNaN && Double(truncatingInt64(n)) == n {
                msgpackInt(truncatingInt64(n), &out)
            } else {
                let f = Float(n)
                if Double(f) == n {
                    out.append(0xca)
                    appendBigEndian(UInt64(f.bitPattern), 4, &out)
                } else {
                    out.append(0xcb)
                    appendBigEndian(n.bitPattern, 8, &out)
                }
            }
        case LUA_TSTRING:
            let s = luaBytes(L, -1)!
            let n = s.count
            if n < 32 {
                out.append(0xa0 | UInt8(n))
            } else if n <= 0xff {
                out.append(0xd9); out.append(UInt8(n))
            } else if n <= 0xffff {
                out.append(0xda); appendBigEndian(UInt64(n), 2, &out)
            } else {
                out.append(0xdb); appendBigEndian(UInt64(n), 4, &out)
            }
            if out.count + n > budget { return false }
            out.append(contentsOf: s)
        case LUA_TTABLE:
            if !msgpackEncodeTable(L, level: level, &out, budget: budget) { return false }
        default:
            out.append(0xc0)
        }
        lua_settop(L, -2)
        return true
    }

    private func msgpackInt(_ n: Int64, _ out: inout [UInt8]) {
        if n >= 0 {
            if n <= 127 { out.append(UInt8(n)) }
            else if n <= 0xff { out.append(0xcc); out.append(UInt8(n)) }
            else if n <= 0xffff { out.append(0xcd); appendBigEndian(UInt64(n), 2, &out) }
            else if n <= 0xffff_ffff { out.append(0xce); appendBigEndian(UInt64(n), 4, &out) }
            else { out.append(0xcf); appendBigEndian(UInt64(n), 8, &out) }
        } else {
            let u = UInt64(bitPattern: n)
            if n >= -32 { out.append(UInt8(truncatingIfNeeded: n)) }
            else if n >= -128 { out.append(0xd0); out.append(UInt8(truncatingIfNeeded: n)) }
            else if n >= -32768 { out.append(0xd1); appendBigEndian(u, 2, &out) }
            else if n >= -2_147_483_648 { out.append(0xd2); appendBigEndian(u, 4, &out) }
            else { out.append(0xd3); appendBigEndian(u, 8, &out) }
        }
    }

    private func msgpackEncodeTable(_ L: LuaState, level: Int, _ out: inout [UInt8], budget: Int) -> Bool {
        let t = lua_gettop(L)
        _ = lua_checkstack(L, 4)
        // An array when the keys are exactly 1...n.
        var count = 0
        var maxKey = 0.0
        var isArray = true
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            lua_settop(L, -2)
            let n = lua_tonumberx(L, -1, nil)
            if lua_type(L, -1) != LUA_TNUMBER || n <= 0 || n.isInfinite || n.isNaN
                || Double(truncatingInt64(n)) != n || Double(Int32(truncatingIfNeeded: truncatingInt64(n))) != n {
                isArray = false
                count = 0
                lua_settop(L, t)
                break
            }
            if n > maxKey { maxKey = n }
            count += 1
        }
        if isArray && Double(count) == maxKey {
            let n = Int(lua_rawlen(L, t))
            msgpackHeader(n, fix: 0x90, fixMax: 15, 0xdc, 0xdd, &out)
            for j in 0..<n {
                lua_rawgeti(L, t, lua_Integer(j + 1))
                if !msgpackEncode(L, level: level + 1, &out, budget: budget) { return false }
            }
            return true
        }
        lua_settop(L, t)
        count = 0
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            count += 1
            lua_settop(L, -2)
        }
        msgpackHeader(count, fix: 0x80, fixMax: 15, 0xde, 0xdf, &out)
        lua_pushnil(L)
        while lua_next(L, t) != 0 {
            lua_pushvalue(L, -2)
            if !msgpackEncode(L, level: level + 1, &out, budget: budget) { return false }  // key
            if !msgpackEncode(L, level: level + 1, &out, budget: budget) { return false }  // value
        }
        return true
    }

    private func msgpackHeader(_ n: Int, fix: UInt8, fixMax: Int, _ b16: UInt8, _ b32: UInt8, _ out: inout [UInt8]) {
        if n <= fixMax { out.append(fix | UInt8(n)) }
        else if n <= 0xffff { out.append(b16); appendBigEndian(UInt64(n), 2, &out) }
        else { out.append(b32); appendBigEndian(UInt64(n), 4, &out) }
    }

    /// unpack (mode 0), unpack_one (1), unpack_limit (2).
    func msgpackUnpack(_ L: LuaState, mode: Int) -> Int32 {
        var raised: Int32 = 0
        var limit: Int64 = 0
        var offset: Int64 = 0
        if mode == 1 {
            guard let o = luaOptInteger(L, 2, 0, &raised) else { return raised }
            offset = Int64(Int32(truncatingIfNeeded: o))
            lua_settop(L, 1)
            limit = 1
        } else if mode == 2 {
            guard let lim = luaCheckNumber(L, 2, &raised) else { return raised }
            guard let o = luaOptInteger(L, 3, 0, &raised) else { return raised }
            limit = Int64(Int32(truncatingIfNeeded: truncatingInt64(lim)))
            offset = Int64(Int32(truncatingIfNeeded: o))
            lua_settop(L, 1)
        }
        guard let s = luaCheckBytes(L, 1, &raised) else { return raised }
        let len = s.count
        let decodeAll = limit == 0 && offset == 0
        if offset < 0 || limit < 0 {
            return luaRaise(L, "Invalid request to unpack with offset of \(offset) and limit of \(len).")
        } else if offset > Int64(len) {
            return luaRaise(L, "Start offset \(offset) greater than input length \(len).")
        }
        if decodeAll { limit = Int64(Int32.max) }
        var cursor = MsgpackCursor(bytes: s, pos: Int(offset))
        var count: Int64 = 0
        while cursor.left > 0 && count < limit {
            let r = msgpackDecode(L, &cursor, height: Int(lua_gettop(L)))
            if r != 0 { return r }
            count += 1
        }
        if !decodeAll {
            lua_pushinteger(L, cursor.left == 0 ? -1 : lua_Integer(len - cursor.left))
            lua_rotate(L, 2, 1)
            count += 1
        }
        return Int32(count)
    }

    /// Decodes one value and pushes it. Returns 0, or STRUCTD_LUA_RAISE with the error
    /// pushed. `height` is the slot count of Redis's C frame (for its stack bound).
    private func msgpackDecode(_ L: LuaState, _ c: inout MsgpackCursor, height: Int) -> Int32 {
        if height + 1 > lua51StackLimit {
            return luaRaise(L, "stack overflow (too many return values at once; use unpack_one or unpack_limit instead.)")
        }
        if lua_checkstack(L, 4) == 0 { return luaRaise(L, "stack overflow") }
        let missing = "Missing bytes in input."
        guard c.left >= 1 else { return luaRaise(L, missing) }
        let b = c.byte(0)
        switch b {
        case 0xcc, 0xd0:
            guard c.left >= 2 else { return luaRaise(L, missing) }
            let v = c.byte(1)
            lua_pushinteger(L, b == 0xcc ? lua_Integer(v) : lua_Integer(Int8(bitPattern: v)))
            c.pos += 2
        case 0xcd, 0xd1:
            guard c.left >= 3 else { return luaRaise(L, missing) }
            let v = UInt16(c.bigEndian(1, 2))
            lua_pushinteger(L, b == 0xcd ? lua_Integer(v) : lua_Integer(Int16(bitPattern: v)))
            c.pos += 3
        case 0xce, 0xd2:
            guard c.left >= 5 else { return luaRaise(L, missing) }
            let v = UInt32(c.bigEndian(1, 4))
            lua_pushinteger(L, b == 0xce ? lua_Integer(v) : lua_Integer(Int32(bitPattern: v)))
            c.pos += 5
        case 0xcf, 0xd3:
            guard c.left >= 9 else { return luaRaise(L, missing) }
            lua_pushinteger(L, lua_Integer(bitPattern: c.bigEndian(1, 8)))
            c.pos += 9
        case 0xc0: lua_pushnil(L); c.pos += 1
        case 0xc3: lua_pushboolean(L, 1); c.pos += 1
        case 0xc2: lua_pushboolean(L, 0); c.pos += 1
        case 0xca:
            guard c.left >= 5 else { return luaRaise(L, missing) }
            lua_pushnumber(L, Double(Float(bitPattern: UInt32(c.bigEndian(1, 4)))))
            c.pos += 5
        case 0xcb:
            guard c.left >= 9 else { return luaRaise(L, missing) }
            lua_pushnumber(L, Double(bitPattern: c.bigEndian(1, 8)))
            c.pos += 9
        case 0xd9, 0xda, 0xdb:
            let w = b == 0xd9 ? 1 : (b == 0xda ? 2 : 4)
            guard c.left >= 1 + w else { return luaRaise(L, missing) }
            let n = Int(c.bigEndian(1, w))
            guard c.left >= 1 + w + n else { return luaRaise(L, missing) }
            luaPush(L, bytes: c.slice(1 + w, n))
            c.pos += 1 + w + n
        case 0xdc, 0xdd, 0xde, 0xdf:
            let w = (b == 0xdc || b == 0xde) ? 2 : 4
            guard c.left >= 1 + w else { return luaRaise(L, missing) }
            let n = Int(c.bigEndian(1, w))
            c.pos += 1 + w
            return b <= 0xdd ? msgpackDecodeArray(L, &c, n, height: height) : msgpackDecodeMap(L, &c, n, height: height)
        default:
            if b & 0x80 == 0 {
                lua_pushinteger(L, lua_Integer(b)); c.pos += 1
            } else if b & 0xe0 == 0xe0 {
                lua_pushinteger(L, lua_Integer(Int8(bitPattern: b))); c.pos += 1
            } else if b & 0xe0 == 0xa0 {
                let n = Int(b & 0x1f)
                guard c.left >= 1 + n else { return luaRaise(L, missing) }
                luaPush(L, bytes: c.slice(1, n))
                c.pos += 1 + n
            } else if b & 0xf0 == 0x90 {
                c.pos += 1
                return msgpackDecodeArray(L, &c, Int(b & 0xf), height: height)
            } else if b & 0xf0 == 0x80 {
                c.pos += 1
                return msgpackDecodeMap(L, &c, Int(b & 0xf), height: height)
            } else {
                return luaRaise(L, "Bad data format in input.")
            }
        }
        return 0
    }

    private func msgpackDecodeArray(_ L: LuaState, _ c: inout MsgpackCursor, _ n: Int, height: Int) -> Int32 {
        lua_createtable(L, Int32(min(n, c.left)), 0)
        if height + 2 > lua51StackLimit {
            return luaRaise(L, "stack overflow (in function mp_decode_to_lua_array)")
        }
        var i: lua_Integer = 1
        var left = n
        while left > 0 {
            let r = msgpackDecode(L, &c, height: height + 2)
            if r != 0 { return r }
            lua_rawseti(L, -2, i)
            i += 1
            left -= 1
        }
        return 0
    }

    private func msgpackDecodeMap(_ L: LuaState, _ c: inout MsgpackCursor, _ n: Int, height: Int) -> Int32 {
        lua_createtable(L, 0, Int32(min(n, c.left)))
        var left = n
        while left > 0 {
            var r = msgpackDecode(L, &c, height: height + 1)
            if r != 0 { return r }
            r = msgpackDecode(L, &c, height: height + 2)
            if r != 0 { return r }
            if lua_type(L, -2) == LUA_TNIL { return luaRaisePlain(L, "table index is nil") }
            if lua_type(L, -2) == LUA_TNUMBER && lua_tonumberx(L, -2, nil).isNaN {
                return luaRaisePlain(L, "table index is NaN")
            }
            lua_rawset(L, -3)
            left -= 1
        }
        return 0
    }
}

struct MsgpackCursor {
    let bytes: UnsafeRawBufferPointer
    var pos: Int
    var left: Int { bytes.count - pos }
    @inline(__always) func byte(_ i: Int) -> UInt8 { bytes[pos + i] }
    func bigEndian(_ at: Int, _ width: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<width { v = v << 8 | UInt64(bytes[pos + at + i]) }
        return v
    }
    func slice(_ at: Int, _ n: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[(pos + at)..<(pos + at + n)])
    }
}

@inline(__always) func appendBigEndian(_ v: UInt64, _ width: Int, _ out: inout [UInt8]) {
    var i = width - 1
    while i >= 0 {
        out.append(UInt8(truncatingIfNeeded: v >> (UInt64(i) * 8)))
        i -= 1
    }
}

// MARK: - struct

extension LuaVM {
    func installStruct() {
        lua_createtable(L, 0, 3)
        let t = lua_gettop(L)
        setFunction(t, "pack", { L, _ in structPack(L!) })
        setFunction(t, "unpack", { L, _ in structUnpack(L!) })
        setFunction(t, "size", { L, _ in structSize(L!) })
        luaRawSetField(L, LuaSlot.globals, "struct")
    }
}

/// A format string as C sees it (up to the first NUL) with lua_struct.c's parser state.
private struct StructFormat {
    let f: [UInt8]
    var i = 0
    var bigEndian = false
    var align = 1

    init(_ s: UnsafeRawBufferPointer) { f = Array(s.prefix { $0 != 0 }) }

    var done: Bool { i >= f.count }
    mutating func next() -> UInt8 { defer { i += 1 }; return f[i] }
    var peekDigit: Bool { i < f.count && f[i] >= 48 && f[i] <= 57 }

    /// getnum: digits after an option, or `def`; nil means "integral size overflow".
    mutating func number(_ def: Int) -> Int? {
        if !peekDigit { return def }
        var a = 0
        repeat {
            let d = Int(f[i] - 48)
            if a > Int(Int32.max) / 10 || a * 10 > Int(Int32.max) - d { return nil }
            a = a * 10 + d
            i += 1
        } while peekDigit
        return a
    }
}

/// optsize: the size of option `opt` (reading its digits), or an error message.
private func structOptionSize(_ opt: UInt8, _ fmt: inout StructFormat) -> (Int, String?) {
    switch opt {
    case UInt8(ascii: "B"), UInt8(ascii: "b"): return (1, nil)
    case UInt8(ascii: "H"), UInt8(ascii: "h"): return (2, nil)
    case UInt8(ascii: "L"), UInt8(ascii: "l"), UInt8(ascii: "T"): return (8, nil)
    case UInt8(ascii: "f"): return (4, nil)
    case UInt8(ascii: "d"): return (8, nil)
    case UInt8(ascii: "x"): return (1, nil)
    case UInt8(ascii: "c"):
        guard let n = fmt.number(1) else { return (0, "integral size overflow") }
        return (n, nil)
    case UInt8(ascii: "i"), UInt8(ascii: "I"):
        guard let n = fmt.number(4) else { return (0, "integral size overflow") }
        if n > 32 { return (0, "integral size \(n) is larger than limit of 32") }
        return (n, nil)
    default: return (0, nil)
    }
}

private func structToAlign(_ len: Int, _ fmt: StructFormat, _ opt: UInt8, _ size: Int) -> Int {
    if size == 0 || opt == UInt8(ascii: "c") { return 0 }
    let s = min(size, fmt.align)
    return (s - (len & (s - 1))) & (s - 1)
}

/// controloptions: endianness, alignment, spaces; nil or the error to raise.
private func structControl(_ L: LuaState, _ opt: UInt8, _ fmt: inout StructFormat) -> Int32? {
    switch opt {
    case UInt8(ascii: " "): return nil
    case UInt8(ascii: ">"): fmt.bigEndian = true; return nil
    case UInt8(ascii: "<"): fmt.bigEndian = false; return nil
    case UInt8(ascii: "!"):
        guard let a = fmt.number(8) else { return luaRaise(L, "integral size overflow") }
        if !(a > 0 && a & (a - 1) == 0) { return luaRaise(L, "alignment \(a) is not a power of 2") }
        fmt.align = a
        return nil
    default:
        return luaArgError(L, 1, "invalid format option '\(Character(UnicodeScalar(opt)))'")
    }
}

private func isStructInteger(_ opt: UInt8) -> Bool {
    switch opt {
    case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "l"),
         UInt8(ascii: "L"), UInt8(ascii: "T"), UInt8(ascii: "i"), UInt8(ascii: "I"): return true
    default: return false
    }
}

/// struct.pack(fmt, ...).
func structPack(_ L: LuaState) -> Int32 {
    var raised: Int32 = 0
    guard let fmtBytes = luaCheckBytes(L, 1, &raised) else { return raised }
    var fmt = StructFormat(fmtBytes)
    let nargs = lua_gettop(L)
    var arg: Int32 = 2
    var out: [UInt8] = []
    // lua_struct.c pushes a nil after the arguments: a missing one reads as nil first.
    func missing(_ a: Int32, _ expected: String) -> Int32 {
        if a > nargs {
            return luaArgError(L, a, "\(expected) expected, got \(a == nargs + 1 ? "nil" : "no value")")
        }
        return luaTypeError(L, a, expected)
    }
    func number(_ a: Int32) -> Double? {
        var ok: Int32 = 0
        let d = a <= nargs ? lua_tonumberx(L, a, &ok) : 0
        if ok == 0 { raised = missing(a, "number"); return nil }
        return d
    }
    while !fmt.done {
        let opt = fmt.next()
        let (size, err) = structOptionSize(opt, &fmt)
        if let err { return luaRaise(L, err) }
        let pad = structToAlign(out.count, fmt, opt, size)
        out.append(contentsOf: repeatElement(0, count: pad))
        var size2 = size
        if isStructInteger(opt) {
            guard let n = number(arg) else { return raised }
            arg += 1
            var v: UInt64 = n < 0 ? UInt64(bitPattern: truncatingInt64(n)) : truncatingUInt64(n)
            var bytes = [UInt8](repeating: 0, count: size)
            for k in 0..<size {
                bytes[fmt.bigEndian ? size - 1 - k : k] = UInt8(truncatingIfNeeded: v)
                v >>= 8
            }
            out += bytes
        } else if opt == UInt8(ascii: "x") {
            out.append(0)
        } else if opt == UInt8(ascii: "f") || opt == UInt8(ascii: "d") {
            guard let n = number(arg) else { return raised }
            arg += 1
            let bits: UInt64 = opt == UInt8(ascii: "f") ? UInt64(Float(n).bitPattern) : n.bitPattern
            for k in 0..<size {
                let shift = fmt.bigEndian ? (size - 1 - k) * 8 : k * 8
                out.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
            }
        } else if opt == UInt8(ascii: "c") || opt == UInt8(ascii: "s") {
            let t = arg <= nargs ? lua_type(L, arg) : LUA_TNONE
            guard t == LUA_TSTRING || t == LUA_TNUMBER, let s = luaBytes(L, arg) else { return missing(arg, "string") }
            arg += 1
            if size2 == 0 { size2 = s.count }
            if s.count < size2 { return luaArgError(L, arg, "string too short") }
            out.append(contentsOf: s.prefix(size2))
            if opt == UInt8(ascii: "s") {
                out.append(0)
                size2 += 1
            }
        } else if let r = structControl(L, opt, &fmt) {
            return r
        }
    }
    luaPush(L, bytes: out)
    return 1
}

/// struct.unpack(fmt, s [, init]): the values, then the next position.
func structUnpack(_ L: LuaState) -> Int32 {
    var raised: Int32 = 0
    guard let fmtBytes = luaCheckBytes(L, 1, &raised) else { return raised }
    guard let data = luaCheckBytes(L, 2, &raised) else { return raised }
    guard let initial = luaOptInteger(L, 3, 1, &raised) else { return raised }
    var fmt = StructFormat(fmtBytes)
    let ld = data.count
    // size_t arithmetic: a negative init wraps to a huge position (then "too short").
    var pos = UInt(bitPattern: Int(initial))
    if pos == 0 { return luaArgError(L, 3, "offset must be 1 or greater") }
    pos -= 1
    var n = 0
    while !fmt.done {
        let opt = fmt.next()
        let (optSize, err) = structOptionSize(opt, &fmt)
        if let err { return luaRaise(L, err) }
        var size = UInt(optSize)
        pos &+= UInt(bitPattern: structToAlign(Int(bitPattern: pos), fmt, opt, optSize))
        if !(size <= UInt(ld) && pos <= UInt(ld) - size) { return luaArgError(L, 2, "data string too short") }
        if Int(lua_gettop(L)) + 2 > lua51StackLimit { return luaRaise(L, "stack overflow (too many results)") }
        _ = lua_checkstack(L, 4)
        let p = Int(pos)
        if isStructInteger(opt) {
            let signed = opt >= UInt8(ascii: "a")
            var l: UInt64 = 0
            for k in 0..<optSize {
                let idx = fmt.bigEndian ? k : optSize - 1 - k
                l = l << 8 | UInt64(data[p + idx])
            }
            if signed {
                let mask: UInt64 = ~0 << UInt64((optSize * 8 - 1) & 63)
                if l & mask != 0 { l |= mask }
                lua_pushinteger(L, lua_Integer(Int64(bitPattern: l)))
            } else if l <= UInt64(Int64.max) {
                lua_pushinteger(L, lua_Integer(l))
            } else {
                lua_pushnumber(L, Double(l))
            }
            n += 1
        } else if opt == UInt8(ascii: "x") {
        } else if opt == UInt8(ascii: "f") || opt == UInt8(ascii: "d") {
            var bits: UInt64 = 0
            for k in 0..<optSize {
                let idx = fmt.bigEndian ? k : optSize - 1 - k
                bits = bits << 8 | UInt64(data[p + idx])
            }
            lua_pushnumber(L, opt == UInt8(ascii: "f") ? Double(Float(bitPattern: UInt32(bits))) : Double(bitPattern: bits))
            n += 1
        } else if opt == UInt8(ascii: "c") {
            if size == 0 {
                if n == 0 || lua_isnumber(L, -1) == 0 { return luaRaise(L, "format 'c0' needs a previous size") }
                size = UInt(bitPattern: Int(truncatingInt64(lua_tonumberx(L, -1, nil))))
                lua_settop(L, -2)
                n -= 1
                if !(size <= UInt(ld) && pos <= UInt(ld) - size) { return luaArgError(L, 2, "data string too short") }
            }
            luaPush(L, bytes: UnsafeRawBufferPointer(rebasing: data[p..<(p + Int(size))]))
            n += 1
        } else if opt == UInt8(ascii: "s") {
            guard let nul = data[p...].firstIndex(of: 0) else { return luaRaise(L, "unfinished string in data") }
            size = UInt(nul - p + 1)
            luaPush(L, bytes: UnsafeRawBufferPointer(rebasing: data[p..<nul]))
            n += 1
        } else if let r = structControl(L, opt, &fmt) {
            return r
        }
        pos &+= size
    }
    lua_pushinteger(L, lua_Integer(bitPattern: UInt64(pos &+ 1)))
    return Int32(n + 1)
}

/// struct.size(fmt).
func structSize(_ L: LuaState) -> Int32 {
    var raised: Int32 = 0
    guard let fmtBytes = luaCheckBytes(L, 1, &raised) else { return raised }
    var fmt = StructFormat(fmtBytes)
    var pos = 0
    while !fmt.done {
        let opt = fmt.next()
        let (size, err) = structOptionSize(opt, &fmt)
        if let err { return luaRaise(L, err) }
        pos += structToAlign(pos, fmt, opt, size)
        if opt == UInt8(ascii: "s") { return luaArgError(L, 1, "option 's' has no fixed size") }
        if opt == UInt8(ascii: "c") && size == 0 { return luaArgError(L, 1, "option 'c0' has no fixed size") }
        let alnum = (opt >= 48 && opt <= 57) || (opt >= 65 && opt <= 90) || (opt >= 97 && opt <= 122)
        if !alnum, let r = structControl(L, opt, &fmt) { return r }
        pos += size
    }
    lua_pushinteger(L, lua_Integer(pos))
    return 1
}
