/* CSystem: the few system interfaces Swift's Glibc module does not import.
 *
 * Glibc's module map leaves out <sys/epoll.h>; accept4() and SOCK_NONBLOCK need
 * _GNU_SOURCE; mallinfo2() gives the allocator's in-use bytes for INFO memory.
 * Everything here is a thin static inline wrapper: no logic lives in C. */
#ifndef STRUCTD_CSYSTEM_H
#define STRUCTD_CSYSTEM_H

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <malloc.h>
#include <signal.h>
#include <stdint.h>
#include <stddef.h>
#include <unistd.h>
#include <errno.h>
#include <sys/random.h>
#include <sys/prctl.h>

/* Defined in shim.c, which is compiled with _GNU_SOURCE (defining it here would
 * give this module different struct definitions from Swift's Glibc module). */
int structd_accept4(int fd, struct sockaddr *addr, socklen_t *len);
int structd_socket_nonblock(int domain, int type, int protocol);
/* Redis's daemonize(): fork, parent exits, setsid, stdio to /dev/null. Must run before
 * any thread exists. Returns 0 in the daemon, -1 if fork failed. */
int structd_daemonize(void);
/* sync_file_range: start writeback of a file range without waiting for it, or write it
 * and wait until it is on the disk (the range's data only, not metadata: not an fsync). */
int structd_writeback_start(int fd, int64_t offset, int64_t length);
int structd_writeback_wait(int fd, int64_t offset, int64_t length);

/* Names the calling thread as top -H, ps -L, perf and /proc/<pid>/task/<tid>/comm show it
 * (at most 15 bytes; longer names are cut). prctl is variadic: Swift cannot call it. */
static inline void structd_name_thread(const char *name) { (void)prctl(PR_SET_NAME, name, 0, 0, 0); }

/* epoll_event is packed on x86-64; building it in C avoids layout surprises. */
static inline int structd_epoll_ctl(int epfd, int op, int fd, uint32_t events) {
    struct epoll_event ev;
    ev.events = events;
    ev.data.u64 = 0;
    ev.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &ev);
}

/* Waits and copies (fd, events) pairs into two flat arrays Swift can read. */
static inline int structd_epoll_wait(int epfd, struct epoll_event *scratch, int max,
                                     int timeout_ms, int32_t *fds, uint32_t *events) {
    int n = epoll_wait(epfd, scratch, max, timeout_ms);
    for (int i = 0; i < n; i++) {
        fds[i] = scratch[i].data.fd;
        events[i] = scratch[i].events;
    }
    return n;
}

static inline size_t structd_epoll_event_size(void) { return sizeof(struct epoll_event); }

/* Bytes handed out by malloc and not yet freed (heap arenas plus mmapped chunks). */
static inline size_t structd_malloc_used(void) {
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* Bytes currently allocated through malloc & co. (see alloc.c). */
size_t structd_allocated_bytes(void);

/* A zeroed mapping of `n` bytes (a multiple of the page size), counted as `n` allocated
 * bytes; NULL when mmap fails. structd_unmap releases it (see alloc.c). */
void *structd_map_zeroed(size_t n);
void structd_unmap(void *p, size_t n);

static inline int structd_errno(void) { return errno; }

#define STRUCTD_EPOLLIN  EPOLLIN
#define STRUCTD_EPOLLOUT EPOLLOUT
#define STRUCTD_EPOLLERR EPOLLERR
#define STRUCTD_EPOLLHUP EPOLLHUP
static const uint32_t structd_epollin = EPOLLIN;
static const uint32_t structd_epollout = EPOLLOUT;
static const uint32_t structd_epollerr = EPOLLERR;
static const uint32_t structd_epollhup = EPOLLHUP;

#endif
