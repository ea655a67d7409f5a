/* See include/CLua.h for why this file exists. Only allocation, trampolines, hooks and
 * library opening live here; everything else about scripting is Swift
 * (Sources/Server/Scripting, docs/scripting.md). */
#include "CLua.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

structd_lua_extra *structd_lua_extra_of(lua_State *L) {
    return *(structd_lua_extra **)lua_getextraspace(L);
}

static void *structd_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    structd_lua_extra *x = (structd_lua_extra *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        x->used -= old;
        return NULL;
    }
    if (x->limit && !x->cap_suspended && nsize > old && x->used - old + nsize > x->limit) {
        return NULL; /* Lua raises "not enough memory" from its own frame */
    }
    void *p = realloc(ptr, nsize);
    if (p) x->used = x->used - old + nsize;
    return p;
}

static int structd_panic(lua_State *L) {
    (void)L;
    /* Unprotected error: only reachable through a bug on our side. */
    abort();
}

lua_State *structd_lua_new(void *context) {
    structd_lua_extra *x = calloc(1, sizeof(*x));
    if (!x) return NULL;
    x->context = context;
    lua_State *L = lua_newstate(structd_alloc, x);
    if (!L) { free(x); return NULL; }
    *(structd_lua_extra **)lua_getextraspace(L) = x;
    lua_atpanic(L, structd_panic);
    return L;
}

void structd_lua_close(lua_State *L) {
    structd_lua_extra *x = structd_lua_extra_of(L);
    x->limit = 0;
    lua_close(L);
    free(x);
}

/* Calls the Swift function whose (fn, context, original) are upvalues base..base+2.
 * A wrapper's closure first repeats the original's upvalues (cjson keeps its settings in
 * upvalue 1), so continuing into the original is a plain C tail call in this frame: its
 * errors name the function as the script called it and point at the script's line. */
static int structd_call_swift(lua_State *L, int base) {
    structd_swift_fn fn = (structd_swift_fn)lua_touserdata(L, lua_upvalueindex(base));
    void *ctx = lua_touserdata(L, lua_upvalueindex(base + 1));
    structd_lua_extra *x = structd_lua_extra_of(L);
    /* Reserve stack up front so pushes from Swift cannot fail on stack growth. */
    if (!lua_checkstack(L, 64)) return luaL_error(L, "stack overflow");
    x->cap_suspended++;
    int n = fn(L, ctx);
    x->cap_suspended--;
    if (n == STRUCTD_LUA_RAISE) return lua_error(L); /* raised here, in C */
    if (n == STRUCTD_LUA_CONTINUE) {
        lua_CFunction original = (lua_CFunction)lua_touserdata(L, lua_upvalueindex(base + 2));
        return original(L); /* its errors unwind C frames only */
    }
    return n;
}

static int structd_trampoline(lua_State *L) { return structd_call_swift(L, 1); }
static int structd_trampoline_up1(lua_State *L) { return structd_call_swift(L, 2); }

void structd_lua_push_swift_function(lua_State *L, structd_swift_fn fn, void *context) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    lua_pushcclosure(L, structd_trampoline, 2);
}

void structd_lua_push_swift_wrapper(lua_State *L, structd_swift_fn fn, void *context) {
    lua_CFunction original = lua_tocfunction(L, -1);
    if (!original) abort(); /* only C functions are wrapped */
    int ups = 0;
    if (lua_getupvalue(L, -1, 1)) { /* the original's upvalue 1, now on top */
        ups = 1;
        if (lua_getupvalue(L, -2, 2)) abort(); /* more than one: not supported */
    }
    lua_remove(L, -1 - ups); /* drop the original function value */
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    lua_pushlightuserdata(L, (void *)original);
    lua_pushcclosure(L, ups ? structd_trampoline_up1 : structd_trampoline, ups + 3);
}

static void structd_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    structd_lua_extra *x = structd_lua_extra_of(L);
    if (!x->kill && x->tick && x->tick(x->context)) x->kill = 1;
    if (x->kill) {
        /* From now on raise at every line, so a pcall in the script cannot swallow it. */
        lua_sethook(L, structd_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
        x->cap_suspended++;
        lua_createtable(L, 0, 1);
        lua_pushstring(L, x->kill_message ? x->kill_message : "ERR Script killed by user with SCRIPT KILL...");
        lua_setfield(L, -2, "err");
        x->cap_suspended--;
        lua_error(L);
    }
}

void structd_lua_set_tick_hook(lua_State *L, int every) {
    lua_sethook(L, structd_hook, LUA_MASKCOUNT, every);
}

/* Debian's lua-cjson and lua-bitop ship luaopen_* in shared libraries linked below. */
int luaopen_cjson(lua_State *L);
int luaopen_bit(lua_State *L);

static void structd_require(lua_State *L, const char *name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

int structd_lua_open_libs(lua_State *L) {
    structd_require(L, "_G", luaopen_base);
    structd_require(L, LUA_TABLIBNAME, luaopen_table);
    structd_require(L, LUA_STRLIBNAME, luaopen_string);
    structd_require(L, LUA_MATHLIBNAME, luaopen_math);
    structd_require(L, LUA_COLIBNAME, luaopen_coroutine);
    structd_require(L, "cjson", luaopen_cjson);
    structd_require(L, "bit", luaopen_bit);
    return 0;
}

int structd_lua_redis_pcall(lua_State *L) {
    int argc = lua_gettop(L);
    if (argc == 0) { /* Redis 7.0 calls its own placeholder here */
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "attempt to call a boolean value");
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    if (lua_pcall(L, argc - 1, LUA_MULTRET, 0) != LUA_OK) {
        lua_remove(L, 1);
        if (lua_istable(L, -1)) {
            lua_pushliteral(L, "err");
            lua_rawget(L, -2);
            if (lua_isstring(L, -1)) lua_replace(L, -2);
            else lua_pop(L, 1);
        }
        lua_pushboolean(L, 0);
        lua_insert(L, 1);
    }
    return lua_gettop(L);
}

int structd_lua_load_text(lua_State *L, const char *code, size_t len, const char *name) {
    return luaL_loadbufferx(L, code, len, name, "t");
}

int structd_format_double(char *buf, size_t cap, double d, int precision) {
    return snprintf(buf, cap, "%.*g", precision, d);
}

void structd_lua_push_where(lua_State *L, int level, const char *msg, size_t len) {
    luaL_where(L, level);
    lua_pushlstring(L, msg, len);
    lua_concat(L, 2);
}
