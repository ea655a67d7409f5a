/* Lua 5.1 behaviour of the library functions Redis scripts call (docs/scripting.md,
 * "Lua 5.1 compatibility").
 *
 * Redis runs scripts on Lua 5.1, where every number is a double: library functions
 * truncate a fractional argument where they want an integer (string.sub(s, 1, #s/2)),
 * numbers become strings with "%.14g" ("5", never "5.0"), table.insert/remove take any
 * position, tonumber follows strtod/strtoul. Lua 5.3 refuses fractional integer
 * arguments ("number has no integer representation"), prints integral floats as "5.0",
 * checks positions, and so on. The functions here restore 5.1's behaviour at the library
 * boundary. They are C, not Swift: they run under the script's memory cap and may raise
 * (a plain C function may longjmp; a Swift frame may not).
 *
 * Two kinds:
 *  - an argument adapter: a closure over the 5.3 function and a spec string, which
 *    rewrites the arguments in place (one spec character per argument position) and
 *    calls the 5.3 function in the same C frame, so its errors still name the function
 *    the script called and point at the script's line. Spec characters:
 *      '-'  leave the argument alone;
 *      's'  a number becomes its 5.1 string ("%.14g");
 *      'i'  a number (or numeric string) becomes the int 5.1's luaL_checkint makes of it
 *           ((int)(long)d: truncated, low 32 bits);
 *      'I'  a float (or numeric string) becomes (long)d, as 5.1's luaL_checkinteger;
 *      'c'  like 'i', and must fit a byte ("invalid value", 5.1's string.char);
 *      'p'  like 'I', then a start position past the end of the string argument 1 is
 *           the end (5.1's find/match search from there; 5.3 gives up);
 *      '*'  the previous rule for every remaining argument;
 *      '.'  arguments from here on are dropped (5.1 had no such parameter).
 *  - whole functions with 5.1 semantics: string.format (5.1's conversions, %q quoting and
 *    errors, then 5.3's formatter on the rewritten format), table.concat, table.insert,
 *    table.remove, tonumber, math.fmod, collectgarbage (no "isrunning") and
 *    coroutine.running (nil in the main thread). */
#include "CLua.h"
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* (long)d as the x86-64 conversion does it: NaN and out-of-range values give INT64_MIN
 * (what Redis's 5.1 build gets from the same C cast). */
static long long trunc_ll(lua_Number d) {
    if (d != d || d >= 9223372036854775808.0 || d < -9223372036854775808.0) return INT64_MIN;
    return (long long)d;
}

/* (int)(long)d: 5.1's luaL_checkint. */
static int trunc_int_via_long(lua_Number d) {
    return (int)(uint32_t)(uint64_t)trunc_ll(d);
}

/* (int)d directly (cvttsd2si with a 32-bit destination): 5.1's string.format %c. */
static int trunc_int_direct(lua_Number d) {
    if (d != d || d >= 2147483648.0 || d < -2147483648.0) return INT32_MIN;
    return (int)d;
}

/* (unsigned long)d as GCC compiles it for x86-64. */
static unsigned long long trunc_ull(lua_Number d) {
    if (d != d) return 1ULL << 63;
    if (d < 9223372036854775808.0) return (unsigned long long)trunc_ll(d);
    return (unsigned long long)trunc_ll(d - 9223372036854775808.0) ^ (1ULL << 63);
}

/* Pushes a number as Lua 5.1 printed it. */
static void push_number51(lua_State *L, lua_Number n) {
    char buf[64];
    int len = snprintf(buf, sizeof buf, "%.14g", (double)n);
    if (len < 0) len = 0;
    if (len >= (int)sizeof buf) len = (int)sizeof buf - 1;
    lua_pushlstring(L, buf, (size_t)len);
}

/* A number at `idx` (integer or float: 5.1 had only doubles) becomes its 5.1 string. */
static void number_to_string51(lua_State *L, int idx) {
    if (lua_type(L, idx) == LUA_TNUMBER) {
        push_number51(L, lua_tonumber(L, idx));
        lua_replace(L, idx);
    }
}

/* A number, or a string Lua reads as one, at `idx`: its value in *out. */
static int numeric_arg(lua_State *L, int idx, lua_Number *out) {
    int t = lua_type(L, idx);
    if (t == LUA_TNUMBER || (t == LUA_TSTRING && lua_isnumber(L, idx))) {
        *out = lua_tonumber(L, idx);
        return 1;
    }
    return 0;
}

static void apply_rule(lua_State *L, int idx, char rule) {
    lua_Number d;
    switch (rule) {
    case 's':
        number_to_string51(L, idx);
        break;
    case 'i':
    case 'c':
        if (lua_type(L, idx) == LUA_TNUMBER && lua_isinteger(L, idx)) {
            lua_Integer n = lua_tointeger(L, idx);
            int v = (int)(uint32_t)(uint64_t)n;
            if (rule == 'c' && (int)(unsigned char)v != v) luaL_argerror(L, idx, "invalid value");
            if ((lua_Integer)v != n) {  /* the common case, an int already, is left alone */
                lua_pushinteger(L, v);
                lua_replace(L, idx);
            }
        } else if (numeric_arg(L, idx, &d)) {
            int v = trunc_int_via_long(d);
            if (rule == 'c' && (int)(unsigned char)v != v) luaL_argerror(L, idx, "invalid value");
            lua_pushinteger(L, v);
            lua_replace(L, idx);
        }
        break;
    case 'I':
    case 'p':
        if (!(lua_type(L, idx) == LUA_TNUMBER && lua_isinteger(L, idx)) && numeric_arg(L, idx, &d)) {
            lua_pushinteger(L, (lua_Integer)trunc_ll(d));
            lua_replace(L, idx);
        }
        if (rule == 'p' && lua_isinteger(L, idx) && lua_type(L, 1) == LUA_TSTRING) {
            lua_Integer limit = (lua_Integer)lua_rawlen(L, 1) + 1;
            if (lua_tointeger(L, idx) > limit) {
                lua_pushinteger(L, limit);
                lua_replace(L, idx);
            }
        }
        break;
    default:
        break;
    }
}

static void adjust_args(lua_State *L, const char *spec) {
    int top = lua_gettop(L);
    char rule = '-';
    const char *p = spec;
    for (int i = 1;; i++) {
        if (*p == '\0') return;
        if (*p == '.') {
            if (top >= i) lua_settop(L, i - 1);
            return;
        }
        if (*p != '*') rule = *p++;
        if (i > top) return;
        apply_rule(L, i, rule);
    }
}

/* upvalue 1: the 5.3 function; upvalue 2: the spec (a static string). */
static int compat_adapter(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    const char *spec = (const char *)lua_touserdata(L, lua_upvalueindex(2));
    adjust_args(L, spec);
    return original(L);
}

/* table[name] = adapter(table[name], spec), when table[name] is a C function. */
static void adapt(lua_State *L, int t, const char *name, const char *spec) {
    lua_getfield(L, t, name);
    if (lua_tocfunction(L, -1) == NULL) {
        lua_pop(L, 1);
        return;
    }
    lua_pushlightuserdata(L, (void *)spec);
    lua_pushcclosure(L, compat_adapter, 2);
    lua_setfield(L, t, name);
}

/* ---- string.format ---------------------------------------------------------------- */

#define FMT_FLAGS "-+ #0"

/* Appends the 5.1 %q quoting of s[0..l) to out; returns the new length. */
static size_t quote51(char *out, const char *s, size_t l) {
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < l; i++) {
        char c = s[i];
        if (c == '"' || c == '\\' || c == '\n') {
            out[o++] = '\\';
            out[o++] = c;
        } else if (c == '\r') {
            out[o++] = '\\';
            out[o++] = 'r';
        } else if (c == '\0') {
            memcpy(out + o, "\\000", 4);
            o += 4;
        } else {
            out[o++] = c;
        }
    }
    out[o++] = '"';
    return o;
}

/* upvalue 1: 5.3's string.format. Checks and converts each conversion the way 5.1's
 * str_format did, rewrites the format where 5.3 would print differently (%q), then lets
 * 5.3's formatter produce the string. */
static int compat_format(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    number_to_string51(L, 1);
    size_t len;
    const char *fmt = luaL_checklstring(L, 1, &len);
    const char *end = fmt + len;
    int top = lua_gettop(L);
    int arg = 1;
    /* The rewritten format is never longer than the original. */
    char *out = (char *)lua_newuserdata(L, len + 1);
    size_t o = 0;
    const char *p = fmt;
    while (p < end) {
        if (*p != '%') {
            out[o++] = *p++;
            continue;
        }
        if (p + 1 < end && p[1] == '%') {
            out[o++] = '%';
            out[o++] = '%';
            p += 2;
            continue;
        }
        p++;
        if (++arg > top) return luaL_argerror(L, arg, "no value");
        const char *spec = p;
        while (p < end && *p != '\0' && strchr(FMT_FLAGS, *p) != NULL) p++;
        if ((size_t)(p - spec) >= sizeof(FMT_FLAGS)) return luaL_error(L, "invalid format (repeated flags)");
        if (p < end && isdigit((unsigned char)*p)) p++;
        if (p < end && isdigit((unsigned char)*p)) p++;
        int precision = 0;
        if (p < end && *p == '.') {
            precision = 1;
            p++;
            if (p < end && isdigit((unsigned char)*p)) p++;
            if (p < end && isdigit((unsigned char)*p)) p++;
        }
        if (p < end && isdigit((unsigned char)*p)) return luaL_error(L, "invalid format (width or precision too long)");
        char conversion = p < end ? *p : '\0';
        p++;
        int keep_spec = 1;
        switch (conversion) {
        case 'c': {
            int v = trunc_int_direct(luaL_checknumber(L, arg));
            if ((unsigned char)v == 0) {
                /* 5.1 copied sprintf's output up to its first zero byte: the padding before
                 * a NUL character survives, the character itself does not. */
                int minus = 0, width = 0;
                const char *f = spec;
                while (*f != '\0' && strchr(FMT_FLAGS, *f) != NULL) minus |= (*f++ == '-');
                while (isdigit((unsigned char)*f)) width = width * 10 + (*f++ - '0');
                if (!minus) {
                    for (int k = 1; k < width; k++) out[o++] = ' ';
                }
                lua_pushliteral(L, "");
                lua_replace(L, arg);
                memcpy(out + o, "%s", 2);
                o += 2;
                keep_spec = 0;
            } else {
                lua_pushinteger(L, v);
                lua_replace(L, arg);
            }
            break;
        }
        case 'd':
        case 'i':
            lua_pushinteger(L, (lua_Integer)trunc_ll(luaL_checknumber(L, arg)));
            lua_replace(L, arg);
            break;
        case 'o':
        case 'u':
        case 'x':
        case 'X':
            lua_pushinteger(L, (lua_Integer)trunc_ull(luaL_checknumber(L, arg)));
            lua_replace(L, arg);
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'g':
        case 'G':
            luaL_checknumber(L, arg);
            break;
        case 'q': {
            number_to_string51(L, arg);
            size_t l;
            const char *s = luaL_checklstring(L, arg, &l);
            char *q = (char *)lua_newuserdata(L, l * 4 + 2);
            size_t n = quote51(q, s, l);
            lua_pushlstring(L, q, n);
            lua_replace(L, arg);
            lua_pop(L, 1);
            /* 5.1 ignores flags, width and precision here. */
            memcpy(out + o, "%s", 2);
            o += 2;
            keep_spec = 0;
            break;
        }
        case 's': {
            number_to_string51(L, arg);
            size_t l;
            const char *s = luaL_checklstring(L, arg, &l);
            if (!precision && l >= 100) {
                /* 5.1 keeps such a string whole, whatever the flags and width. */
                memcpy(out + o, "%s", 2);
                o += 2;
                keep_spec = 0;
            } else {
                /* 5.1 formats it as a C string: it ends at the first zero byte. */
                const char *z = memchr(s, '\0', l);
                if (z != NULL) {
                    lua_pushlstring(L, s, (size_t)(z - s));
                    lua_replace(L, arg);
                }
            }
            break;
        }
        default: {
            char shown[2] = {conversion, '\0'};
            return luaL_error(L, "invalid option '%%%s' to 'format'", shown);
        }
        }
        if (keep_spec) {
            out[o++] = '%';
            memcpy(out + o, spec, (size_t)(p - spec));
            o += (size_t)(p - spec);
        }
    }
    lua_pushlstring(L, out, o);
    lua_replace(L, 1);
    lua_settop(L, top);
    return original(L);
}

/* ---- table ------------------------------------------------------------------------- */

/* 5.1's luaL_checkint / luaL_optint. */
static int check_int51(lua_State *L, int idx) {
    return trunc_int_via_long(luaL_checknumber(L, idx));
}

static int opt_int51(lua_State *L, int idx, int def) {
    return lua_isnoneornil(L, idx) ? def : check_int51(L, idx);
}

/* 5.1's luaL_getn: the raw length, as an int. */
static int raw_getn(lua_State *L, int idx) {
    luaL_checktype(L, idx, LUA_TTABLE);
    return (int)lua_rawlen(L, idx);
}

static int compat_concat(lua_State *L) {
    number_to_string51(L, 2);
    size_t lsep;
    const char *sep = luaL_optlstring(L, 2, "", &lsep);
    luaL_checktype(L, 1, LUA_TTABLE);
    int i = opt_int51(L, 3, 1);
    int last = lua_isnoneornil(L, 4) ? raw_getn(L, 1) : check_int51(L, 4);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (; i <= last; i++) {
        lua_rawgeti(L, 1, i);
        int t = lua_type(L, -1);
        if (t == LUA_TNUMBER) {
            lua_Number n = lua_tonumber(L, -1);
            lua_pop(L, 1);
            push_number51(L, n);
        } else if (t != LUA_TSTRING) {
            return luaL_error(L, "invalid value (%s) at index %d in table for 'concat'", luaL_typename(L, -1), i);
        }
        luaL_addvalue(&b);
        if (i == last) break;
        luaL_addlstring(&b, sep, lsep);
    }
    luaL_pushresult(&b);
    return 1;
}

static int compat_insert(lua_State *L) {
    int e = raw_getn(L, 1) + 1; /* the first empty element */
    int pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = check_int51(L, 2);
        if (pos > e) e = pos;
        for (int i = e; i > pos; i--) {
            lua_rawgeti(L, 1, i - 1);
            lua_rawseti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_rawseti(L, 1, pos);
    return 0;
}

static int compat_remove(lua_State *L) {
    int e = raw_getn(L, 1);
    int pos = opt_int51(L, 2, e);
    if (!(1 <= pos && pos <= e)) return 0;
    lua_rawgeti(L, 1, pos);
    for (; pos < e; pos++) {
        lua_rawgeti(L, 1, pos + 1);
        lua_rawseti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_rawseti(L, 1, e);
    return 1;
}

/* ---- numbers ----------------------------------------------------------------------- */

/* A 5.1 number result: integral values that fit are pushed as integers, so they print
 * as 5.1 printed them ("10", not "10.0") when concatenated. */
static void push_number_result(lua_State *L, lua_Number n) {
    if (n == floor(n) && n >= -9223372036854775808.0 && n < 9223372036854775808.0 && !(n == 0 && signbit(n))) {
        lua_pushinteger(L, (lua_Integer)n);
    } else {
        lua_pushnumber(L, n);
    }
}

/* 5.1's luaO_str2d on a C string (it stops at the first zero byte, as 5.1 did). */
static int str2d51(const char *s, lua_Number *result) {
    char *endptr;
    *result = strtod(s, &endptr);
    if (endptr == s) return 0;
    if (*endptr == 'x' || *endptr == 'X') *result = (lua_Number)strtoul(s, &endptr, 16);
    while (isspace((unsigned char)*endptr)) endptr++;
    return *endptr == '\0';
}

static int compat_tonumber(lua_State *L) {
    int base = opt_int51(L, 2, 10);
    if (base == 10) {
        luaL_checkany(L, 1);
        if (lua_type(L, 1) == LUA_TNUMBER) {
            lua_settop(L, 1);
            return 1;
        }
        if (lua_type(L, 1) == LUA_TSTRING) {
            lua_Number n;
            if (str2d51(lua_tostring(L, 1), &n)) {
                push_number_result(L, n);
                return 1;
            }
        }
    } else {
        number_to_string51(L, 1);
        const char *s1 = luaL_checkstring(L, 1);
        luaL_argcheck(L, 2 <= base && base <= 36, 2, "base out of range");
        char *s2;
        unsigned long n = strtoul(s1, &s2, base);
        if (s1 != s2) {
            while (isspace((unsigned char)*s2)) s2++;
            if (*s2 == '\0') {
                push_number_result(L, (lua_Number)n);
                return 1;
            }
        }
    }
    lua_pushnil(L);
    return 1;
}

/* math.fmod: C's fmod on doubles (5.3 uses integer arithmetic for two integers and
 * refuses a zero divisor). */
static int compat_fmod(lua_State *L) {
    lua_Number a = luaL_checknumber(L, 1);
    lua_Number b = luaL_checknumber(L, 2);
    lua_Number r = fmod(a, b);
    if (lua_isinteger(L, 1) && lua_isinteger(L, 2)) {
        push_number_result(L, r);
    } else {
        lua_pushnumber(L, r);
    }
    return 1;
}

/* ---- base and coroutine ------------------------------------------------------------- */

/* upvalue 1: 5.3's collectgarbage. 5.1 has no "isrunning". Stopping or tuning the
 * collector is noted, so the engine puts the defaults back after the run. */
static int compat_collectgarbage(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    if (lua_type(L, 1) == LUA_TSTRING) {
        const char *option = lua_tostring(L, 1);
        if (strcmp(option, "isrunning") == 0) return luaL_argerror(L, 1, "invalid option 'isrunning'");
        if (strcmp(option, "stop") == 0 || strcmp(option, "setpause") == 0 || strcmp(option, "setstepmul") == 0) {
            structd_lua_extra_of(L)->gc_tuned = 1;
        }
    }
    return original(L);
}

/* coroutine.running: the running coroutine, nil in the main thread (5.1). */
static int compat_running(lua_State *L) {
    if (lua_pushthread(L)) {
        lua_pop(L, 1);
        lua_pushnil(L);
    }
    return 1;
}

/* A gsub replacement function or table (upvalue 1) whose number results become 5.1
 * strings ("5", not "5.0"). A table is indexed by the first capture, as gsub does. */
static int gsub_replacement51(lua_State *L) {
    int n = lua_gettop(L);
    if (lua_type(L, lua_upvalueindex(1)) == LUA_TFUNCTION) {
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_call(L, n, 1);
    } else {
        lua_settop(L, 1);
        lua_pushvalue(L, lua_upvalueindex(1));
        lua_insert(L, 1);
        lua_gettable(L, 1);
    }
    number_to_string51(L, lua_gettop(L));
    return 1;
}

/* upvalue 1: 5.3's string.gsub. 5.1's replacement strings: "%x" for a non-digit x is x
 * (5.3 refuses it), a lone "%" at the end is a zero byte; numbers returned by a
 * replacement function or table are 5.1 strings. */
static int compat_gsub(lua_State *L) {
    lua_CFunction original = lua_tocfunction(L, lua_upvalueindex(1));
    adjust_args(L, "sssi");
    int rt = lua_type(L, 3);
    if (rt == LUA_TFUNCTION || rt == LUA_TTABLE) {
        lua_pushvalue(L, 3);
        lua_pushcclosure(L, gsub_replacement51, 1);
        lua_replace(L, 3);
    } else if (rt == LUA_TSTRING) {
        size_t l;
        const char *r = lua_tolstring(L, 3, &l);
        int rewrite = 0;
        for (size_t i = 0; i < l; i++) {
            if (r[i] != '%') continue;
            if (i + 1 >= l || (!isdigit((unsigned char)r[i + 1]) && r[i + 1] != '%')) {
                rewrite = 1;
                break;
            }
            i++;
        }
        if (rewrite) {
            char *out = (char *)lua_newuserdata(L, l + 1);
            size_t o = 0;
            for (size_t i = 0; i < l; i++) {
                if (r[i] != '%') {
                    out[o++] = r[i];
                } else if (i + 1 >= l) {
                    out[o++] = '\0';
                } else if (isdigit((unsigned char)r[i + 1]) || r[i + 1] == '%') {
                    out[o++] = '%';
                    out[o++] = r[++i];
                } else {
                    out[o++] = r[++i];
                }
            }
            lua_pushlstring(L, out, o);
            lua_replace(L, 3);
            lua_pop(L, 1);
        }
    }
    return original(L);
}

/* ---- installing --------------------------------------------------------------------- */

/* table[name] = closure(fn, table[name]) for the functions that call the 5.3 original. */
static void wrap_with_original(lua_State *L, int t, const char *name, lua_CFunction fn) {
    lua_getfield(L, t, name);
    if (lua_tocfunction(L, -1) == NULL) {
        lua_pop(L, 1);
        return;
    }
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, t, name);
}

static void set_function(lua_State *L, int t, const char *name, lua_CFunction fn) {
    lua_pushcfunction(L, fn);
    lua_setfield(L, t, name);
}

int structd_lua_install_compat(lua_State *L, int globals) {
    globals = lua_absindex(L, globals);
    adapt(L, globals, "select", "i");
    adapt(L, globals, "unpack", "-ii");
    set_function(L, globals, "tonumber", compat_tonumber);
    wrap_with_original(L, globals, "collectgarbage", compat_collectgarbage);

    if (lua_getfield(L, globals, "string") == LUA_TTABLE) {
        int s = lua_gettop(L);
        adapt(L, s, "len", "s");
        adapt(L, s, "upper", "s");
        adapt(L, s, "lower", "s");
        adapt(L, s, "reverse", "s");
        adapt(L, s, "rep", "sI.");
        adapt(L, s, "sub", "sII");
        adapt(L, s, "byte", "sII");
        adapt(L, s, "char", "c*");
        adapt(L, s, "find", "ssp");
        adapt(L, s, "match", "ssp");
        adapt(L, s, "gmatch", "ss");
        wrap_with_original(L, s, "gsub", compat_gsub);
        wrap_with_original(L, s, "format", compat_format);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, globals, "table") == LUA_TTABLE) {
        int t = lua_gettop(L);
        set_function(L, t, "concat", compat_concat);
        set_function(L, t, "insert", compat_insert);
        set_function(L, t, "remove", compat_remove);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, globals, "math") == LUA_TTABLE) {
        int m = lua_gettop(L);
        adapt(L, m, "log", "-.");
        adapt(L, m, "ldexp", "-i");
        set_function(L, m, "fmod", compat_fmod);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, globals, "coroutine") == LUA_TTABLE) {
        set_function(L, lua_gettop(L), "running", compat_running);
    }
    lua_pop(L, 1);
    return 0;
}
