/* CLua: the boundary between Swift and Debian's Lua 5.3.
 *
 * Two jobs, nothing else:
 *  1. Make Lua's function-like macros callable from Swift (static inline wrappers).
 *  2. Keep longjmp out of Swift frames. lua_error/luaL_error longjmp to the nearest
 *     lua_pcall; crossing a Swift frame leaks objects and corrupts exclusivity state.
 *     So Swift functions exposed to Lua never raise: they return STRUCTD_LUA_RAISE with
 *     an error value pushed, and the C trampoline below raises it from a C frame.
 *     Memory errors are kept out of Swift callbacks by the allocator: while a Swift
 *     callback runs, the script memory cap is suspended (the callback's pushes are
 *     bounded by the reply it converts), so lua_push* cannot fail there on the cap.
 *
 * The allocator enforces a per-state memory cap and counts usage; the count hook lets
 * the server stop runaway scripts (time limit, SCRIPT KILL) by raising from C. */
#ifndef STRUCTD_CLUA_H
#define STRUCTD_CLUA_H

#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include <stddef.h>
#include <stdint.h>

/* Returned by a Swift callback to ask the trampoline to raise the value on top. */
#define STRUCTD_LUA_RAISE (-1)

typedef int (*structd_swift_fn)(lua_State *L, void *context);

/* Per-state bookkeeping kept in lua_getextraspace. */
typedef struct structd_lua_extra {
    void *context;            /* the Swift owner (unretained) */
    size_t used;              /* bytes currently allocated by Lua */
    size_t limit;             /* cap while a script runs (0 = none) */
    int cap_suspended;        /* > 0 while inside a Swift callback */
    volatile int kill;        /* set to make the hook raise */
    const char *kill_message; /* message raised by the hook */
    int (*tick)(void *context); /* called from the count hook; non-zero = raise */
} structd_lua_extra;

lua_State *structd_lua_new(void *context);
structd_lua_extra *structd_lua_extra_of(lua_State *L);

/* Pushes a C closure that calls `fn(L, context)` and raises its error when asked. */
void structd_lua_push_swift_function(lua_State *L, structd_swift_fn fn, void *context);

/* Installs the count hook (every `every` instructions) that calls extra->tick. */
void structd_lua_set_tick_hook(lua_State *L, int every);

/* Opens only the libraries a Redis script may use (base, table, string, math, and
 * the parts of os/debug that Redis keeps), plus cjson and bit from Debian's modules. */
int structd_lua_open_libs(lua_State *L);

/* luaL_loadbuffer that refuses precompiled chunks ("t" mode only). */
int structd_lua_load_text(lua_State *L, const char *code, size_t len, const char *name);

/* Macro wrappers. */
static inline int structd_lua_pcall(lua_State *L, int n, int r, int h) { return lua_pcall(L, n, r, h); }
static inline const char *structd_lua_tostring(lua_State *L, int i) { return lua_tostring(L, i); }
static inline void structd_lua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void structd_lua_newtable(lua_State *L) { lua_newtable(L); }
static inline int structd_lua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline int structd_lua_isnil(lua_State *L, int i) { return lua_isnil(L, i); }
static inline int structd_lua_istable(lua_State *L, int i) { return lua_istable(L, i); }
static inline int structd_lua_isfunction(lua_State *L, int i) { return lua_isfunction(L, i); }
static inline lua_Number structd_lua_tonumber(lua_State *L, int i) { return lua_tonumber(L, i); }
static inline lua_Integer structd_lua_tointeger(lua_State *L, int i) { return lua_tointeger(L, i); }
static inline void structd_lua_insert(lua_State *L, int i) { lua_insert(L, i); }
static inline void structd_lua_remove(lua_State *L, int i) { lua_remove(L, i); }
static inline void structd_lua_replace(lua_State *L, int i) { lua_replace(L, i); }
static inline void structd_lua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int structd_lua_registryindex(void) { return LUA_REGISTRYINDEX; }

#endif
