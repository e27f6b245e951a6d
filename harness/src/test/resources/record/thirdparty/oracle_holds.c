/*
 * An independent clock on write-lock holds, for tests. Preloaded before lockbench's library (so that its
 * fcntl wraps lockbench's), it notes in every process each grant and each release of the write lock
 * (WAL's byte 120 of -shm, rollback's RESERVED byte of the database) on ORACLE_DB into
 * ORACLE_DIR/oracle-PID.bin, as records of three little-endian longs: the kind ('G' or 'R') and two
 * monotonic clock readings taken right before and right after the call it wraps. Whatever the wrapped
 * library reads in between lies inside that bracket, preempted or not. The records are written into a
 * shared memory map made when the process starts, so that no system call falls between the two readings
 * and a process that leaves through _exit or a signal loses nothing. Written apart from lockbench's
 * library, sharing none of its code.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define MAP_BYTES (16L << 20)
#define FDS 4096
#define PREFAULT_BYTES (2L << 20)

struct note {
    long long kind;
    long long first;
    long long second;
};

static struct note *notes;
static long used;
static pid_t mapped_for;
static signed char fd_kind[FDS]; /* 0 unknown, -1 other, 1 -shm, 2 database */

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

/* Maps this process's file: at load and in every forked child, so that no note waits for it. */
static void map_notes(void) {
    if (getenv("ORACLE_DIR") == NULL) {
        return;
    }
    {
        char path[4096];
        snprintf(path, sizeof path, "%s/oracle-%d.bin", getenv("ORACLE_DIR"), (int)getpid());
        int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
        notes = NULL;
        if (fd >= 0 && ftruncate(fd, MAP_BYTES) == 0) {
            void *m = mmap(NULL, MAP_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            notes = m == MAP_FAILED ? NULL : m;
        }
        if (notes != NULL) {
            /* the first store to each page of a file mapping faults, for milliseconds on some file systems:
               the pages are touched now, not between a lock call and the clock read after it */
            memset(notes, 0, PREFAULT_BYTES);
        }
        if (fd >= 0) {
            close(fd);
        }
        used = 0;
        mapped_for = getpid();
    }
}

__attribute__((constructor)) static void start(void) {
    map_notes();
    pthread_atfork(NULL, NULL, map_notes);
}

static void note(char kind, long long first, long long second) {
    if (mapped_for != getpid()) {
        map_notes(); /* a child made without fork(), as by clone(): late, but never lost */
    }
    if (notes != NULL && (used + 1) * (long)sizeof(struct note) <= MAP_BYTES) {
        notes[used].kind = kind;
        notes[used].first = first;
        notes[used].second = second;
        used++;
    }
}

static int kind_of(int fd) {
    if (fd < 0 || fd >= FDS) {
        return -1;
    }
    if (fd_kind[fd] == 0) {
        const char *db = getenv("ORACLE_DB");
        char link[64], target[4096];
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof target - 1);
        fd_kind[fd] = -1;
        if (db != NULL && getenv("ORACLE_DIR") != NULL && n > 0) {
            target[n] = 0;
            size_t len = strlen(db);
            if (strncmp(target, db, len) == 0) {
                fd_kind[fd] = strcmp(target + len, "-shm") == 0 ? 1 : target[len] == 0 ? 2 : -1;
            }
        }
    }
    return fd_kind[fd];
}

static int wrap(const char *name, int fd, int cmd, void *arg) {
    int (*real)(int, int, ...) = (int (*)(int, int, ...))dlsym(RTLD_NEXT, name);
    if ((cmd != F_SETLK && cmd != F_SETLKW) || arg == NULL) {
        return real(fd, cmd, arg);
    }
    struct flock *l = arg;
    int kind = kind_of(fd);
    long long byte = kind == 1 ? 120 : kind == 2 ? 0x40000001LL : -1;
    int covers = byte >= 0 && l->l_start <= byte && (l->l_len == 0 || byte < l->l_start + l->l_len);
    short type = l->l_type;
    long long before = now();
    int rc = real(fd, cmd, arg);
    long long after = now();
    if (covers && type == F_UNLCK) {
        note('R', before, after);
    } else if (covers && type == F_WRLCK && rc == 0) {
        note('G', before, after);
    }
    return rc;
}

int fcntl(int fd, int cmd, ...) {
    va_list a;
    va_start(a, cmd);
    void *arg = va_arg(a, void *);
    va_end(a);
    return wrap("fcntl", fd, cmd, arg);
}

int fcntl64(int fd, int cmd, ...) {
    va_list a;
    va_start(a, cmd);
    void *arg = va_arg(a, void *);
    va_end(a);
    return wrap("fcntl64", fd, cmd, arg);
}

int close(int fd) {
    if (fd >= 0 && fd < FDS) {
        fd_kind[fd] = 0;
    }
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
    return real(fd);
}
