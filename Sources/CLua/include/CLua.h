/* CLua: the boundary between Swift and Debian's Lua 5.3 (docs/scripting.md).
 *
 * Three jobs, nothing else:
 *  1. Make Lua's function-like macros callable from Swift (static inline wrappers).
 *  2. Keep longjmp out of Swift frames. lua_error/luaL_error longjmp to the nearest
 *     lua_pcall; crossing a Swift frame leaks objects and corrupts exclusivity state.
 *     So Swift functions exposed to Lua never raise: they return STRUCTD_LUA_RAISE with
 *     an error value pushed, and the C trampoline below raises it from a C frame. A
 *     Swift function wrapping a library function (sanitising its arguments) returns
 *     STRUCTD_LUA_CONTINUE and the trampoline calls the original, again from C.
 *     Memory errors are kept out of Swift callbacks by the allocator: while a Swift
 *     callback runs, the script memory cap is suspended (the callback's pushes are
 *     bounded by the reply it converts), so lua_push* cannot fail there on the cap.
 *  3. Stop runaway scripts: a count hook calls back into Swift (`tick`: time limit,
 *     serving other clients while busy, SCRIPT KILL) and raises from C when asked.
 *
 * The allocator enforces a per-state memory cap and counts usage. */
#ifndef STRUCTD_CLUA_H
#define STRUCTD_CLUA_H

#include <lua5.3/lua.h>
#include <lua5.3/lauxlib.h>
#include <lua5.3/lualib.h>
#include <stddef.h>
#include <stdint.h>

/* Returned by a Swift callback to ask the trampoline to raise the value on top. */
#define STRUCTD_LUA_RAISE (-1)
/* Returned by a Swift wrapper: tail-call the wrapped C function with the stack. */
#define STRUCTD_LUA_CONTINUE (-2)

typedef int (*structd_swift_fn)(lua_State *L, void *context);

/* Per-state bookkeeping kept in lua_getextraspace. */
typedef struct structd_lua_extra {
    void *context;            /* the Swift owner (unretained) */
    size_t used;              /* bytes currently allocated by Lua */
    size_t limit;             /* cap while a script runs (0 = none) */
    int cap_suspended;        /* > 0 while inside a Swift callback */
    int kill;                 /* set to make the hook raise */
    const char *kill_message; /* the error raised by the hook, as {err=...} */
    int (*tick)(void *context); /* called from the count hook; non-zero = raise */
    int gc_tuned;             /* collectgarbage stop/setpause/setstepmul was called */
} structd_lua_extra;

/* A new state using the capped allocator; NULL when out of memory. */
lua_State *structd_lua_new(void *context);
/* Closes the state and frees its bookkeeping. */
void structd_lua_close(lua_State *L);
structd_lua_extra *structd_lua_extra_of(lua_State *L);

/* Pushes a C closure that calls `fn(L, context)` and raises its error when asked. */
void structd_lua_push_swift_function(lua_State *L, structd_swift_fn fn, void *context);
/* Pops the C function on top (with at most one upvalue) and pushes a closure calling
 * `fn` first; `fn` may return STRUCTD_LUA_CONTINUE to tail-call the popped function with
 * the arguments it left. */
void structd_lua_push_swift_wrapper(lua_State *L, structd_swift_fn fn, void *context);

/* Installs the count hook (every `every` instructions) that calls extra->tick. */
void structd_lua_set_tick_hook(lua_State *L, int every);

/* Opens the libraries a Redis 7.0 script may use: base, table, string, math and
 * coroutine from Lua, plus cjson and bit from Debian's modules. The Swift side then
 * trims and completes them (docs/scripting.md). */
int structd_lua_open_libs(lua_State *L);

/* Replaces library functions of the (not yet protected) globals table at `globals` with
 * Lua 5.1-compatible versions (lua51_compat.c): integer arguments truncated, numbers as
 * 5.1 strings, 5.1's string.format, table.concat/insert/remove, tonumber, math.fmod... */
int structd_lua_install_compat(lua_State *L, int globals);

/* Redis 7.0's pcall: an error table with an "err" string comes back as that string
 * (scripts written for Redis 6 expect strings from pcall(redis.call, ...)). A C function
 * because it is a longjmp boundary: lua_pcall catches the script's errors here. */
int structd_lua_redis_pcall(lua_State *L);

/* luaL_loadbuffer that refuses precompiled chunks ("t" mode only). */
int structd_lua_load_text(lua_State *L, const char *code, size_t len, const char *name);

/* snprintf(buf, cap, "%.*g", precision, d): Swift cannot call C variadics cheaply. */
int structd_format_double(char *buf, size_t cap, double d, int precision);

/* Pushes luaL_where(L, level) followed by `msg` as one string (luaL_error's text). */
void structd_lua_push_where(lua_State *L, int level, const char *msg, size_t len);

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
static inline int structd_lua_ridx_globals(void) { return LUA_RIDX_GLOBALS; }
static inline const char *structd_lua_typename_at(lua_State *L, int i) { return luaL_typename(L, i); }

#endif
