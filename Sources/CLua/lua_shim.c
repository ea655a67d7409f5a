/* See include/CLua.h for why this file exists. Only allocation, trampolines, hooks and
 * library opening live here; everything else about scripting is Swift. */
#include "CLua.h"
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

static int structd_trampoline(lua_State *L) {
    structd_swift_fn fn = (structd_swift_fn)lua_touserdata(L, lua_upvalueindex(1));
    void *ctx = lua_touserdata(L, lua_upvalueindex(2));
    structd_lua_extra *x = structd_lua_extra_of(L);
    /* Reserve stack up front so pushes from Swift cannot fail on stack growth. */
    if (!lua_checkstack(L, 64)) return luaL_error(L, "stack overflow");
    x->cap_suspended++;
    int n = fn(L, ctx);
    x->cap_suspended--;
    if (n == STRUCTD_LUA_RAISE) return lua_error(L); /* raised here, in C */
    return n;
}

void structd_lua_push_swift_function(lua_State *L, structd_swift_fn fn, void *context) {
    lua_pushlightuserdata(L, (void *)fn);
    lua_pushlightuserdata(L, context);
    lua_pushcclosure(L, structd_trampoline, 2);
}

static void structd_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    structd_lua_extra *x = structd_lua_extra_of(L);
    if (x->tick && x->tick(x->context)) x->kill = 1;
    if (x->kill) {
        lua_sethook(L, structd_hook, LUA_MASKLINE | LUA_MASKCOUNT, 1);
        luaL_error(L, "%s", x->kill_message ? x->kill_message : "Script killed by user with SCRIPT KILL...");
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
    structd_require(L, LUA_DBLIBNAME, luaopen_debug);
    structd_require(L, LUA_OSLIBNAME, luaopen_os);
    structd_require(L, "cjson", luaopen_cjson);
    structd_require(L, "bit", luaopen_bit);
    /* Keep only os.clock of os, as Redis does. */
    lua_getglobal(L, "os");
    lua_getfield(L, -1, "clock");
    lua_newtable(L);
    lua_insert(L, -2);
    lua_setfield(L, -2, "clock");
    lua_setglobal(L, "os");
    lua_pop(L, 1);
    return 0;
}

int structd_lua_load_text(lua_State *L, const char *code, size_t len, const char *name) {
    return luaL_loadbufferx(L, code, len, name, "t");
}
