/*
 * lockbench's lock-request log: loaded with LD_PRELOAD into a recorded program, it logs every POSIX
 * byte-range lock request (fcntl F_SETLK, F_SETLKW and the OFD variants) on the watched SQLite files,
 * with monotonic timestamps before and after the call and its result. SQLite's busy handler retries a
 * refused F_SETLK in user space, so these requests are the only trace of a wait outside the program.
 *
 * Environment:
 *   LOCKBENCH_WAITS_DIR    directory for one log per process, waits-PID.log (required)
 *   LOCKBENCH_WAITS_FILES  the watched databases, separated by ':' (absolute paths); each one's
 *                          -wal, -shm and -journal are watched with it
 *
 * The first line of a log is "# " and the process's command line. Then one line per request:
 * call-start-ns call-end-ns pid tid db-index file(D|W|S|J) command(L|W) type(R|W|U) start len errno
 * Lines are buffered per process and written whole (one write of many lines) when the buffer fills, when
 * 50 ms have passed since the last write, and when the process exits; a process killed with SIGKILL
 * loses at most its last 50 ms.
 *
 * Only requests on watched files are looked at further than an fd table lookup: the path behind an fd
 * is read once (readlink of /proc/self/fd/N) and forgotten when the fd is closed.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILES 16
#define MAX_FDS 65536
#define BUFFER_BYTES 65536
#define FLUSH_NANOS 50000000LL

typedef int (*fcntl_fn)(int, int, ...);
typedef int (*close_fn)(int);

static fcntl_fn real_fcntl;
static fcntl_fn real_fcntl64;
static close_fn real_close;

static char watched[MAX_FILES][PATH_MAX];
static size_t watched_len[MAX_FILES];
static int watched_count;
static char log_dir[PATH_MAX];
static int enabled;

/* Per fd: 0 not yet looked at, 1 not watched, 2+ watched: (db index << 3) | (file kind + 2). */
static unsigned short fd_state[MAX_FDS];

static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;
static char buffer[BUFFER_BYTES];
static size_t buffer_used;
static long long last_flush;
static int log_fd = -1;
static pid_t log_pid;
static __thread pid_t my_tid;

static long long now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The log's first line: "# " and the process's command line, arguments separated by spaces. */
static void write_command_line(void) {
    char line[1024] = "# ";
    size_t used = 2;
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, line + used, sizeof line - used - 1);
        real_close != NULL ? real_close(fd) : (int)syscall(SYS_close, fd);
        if (n > 0) {
            for (ssize_t i = 0; i < n; i++) {
                char c = line[used + i];
                line[used + i] = (c == 0 || c == '\n' || c == '\r') ? ' ' : c;
            }
            used += (size_t)n;
        }
    }
    line[used++] = '\n';
    if (log_fd >= 0 && write(log_fd, line, used) < 0) {
        /* the log is best effort: a full disk must not break the program it watches */
    }
}

static void flush_locked(void) {
    if (buffer_used == 0) {
        return;
    }
    pid_t pid = getpid();
    if (log_fd < 0 || log_pid != pid) {
        char path[PATH_MAX + 32];
        snprintf(path, sizeof path, "%s/waits-%d.log", log_dir, (int)pid);
        log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        log_pid = pid;
        write_command_line();
    }
    if (log_fd >= 0) {
        size_t done = 0;
        while (done < buffer_used) {
            ssize_t n = write(log_fd, buffer + done, buffer_used - done);
            if (n <= 0) {
                break;
            }
            done += (size_t)n;
        }
    }
    buffer_used = 0;
}

static void at_fork_child(void) {
    /* The parent's unwritten lines are the parent's: the child starts empty, with a file of its own. */
    pthread_mutex_init(&buffer_lock, NULL);
    buffer_used = 0;
    log_fd = -1;
    my_tid = 0;
}

__attribute__((constructor)) static void start(void) {
    real_fcntl = (fcntl_fn)dlsym(RTLD_NEXT, "fcntl");
    real_fcntl64 = (fcntl_fn)dlsym(RTLD_NEXT, "fcntl64");
    real_close = (close_fn)dlsym(RTLD_NEXT, "close");
    const char *dir = getenv("LOCKBENCH_WAITS_DIR");
    const char *files = getenv("LOCKBENCH_WAITS_FILES");
    if (dir == NULL || files == NULL || strlen(dir) >= sizeof log_dir) {
        return;
    }
    strcpy(log_dir, dir);
    const char *p = files;
    while (*p && watched_count < MAX_FILES) {
        const char *end = strchr(p, ':');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len > 0 && len < PATH_MAX - 16) {
            memcpy(watched[watched_count], p, len);
            watched[watched_count][len] = 0;
            watched_len[watched_count] = len;
            watched_count++;
        }
        if (!end) {
            break;
        }
        p = end + 1;
    }
    pthread_atfork(NULL, NULL, at_fork_child);
    last_flush = now_nanos();
    enabled = watched_count > 0;
}

__attribute__((destructor)) static void stop(void) {
    if (!enabled) {
        return;
    }
    pthread_mutex_lock(&buffer_lock);
    flush_locked();
    pthread_mutex_unlock(&buffer_lock);
}

/* Which watched file an fd is: 1 when none, else (db << 3) | (kind + 2), kind 0 D, 1 W, 2 S, 3 J. */
static unsigned short classify(int fd) {
    char link[64];
    char target[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) {
        return 1;
    }
    target[n] = 0;
    for (int i = 0; i < watched_count; i++) {
        size_t len = watched_len[i];
        if ((size_t)n < len || memcmp(target, watched[i], len) != 0) {
            continue;
        }
        const char *rest = target + len;
        int kind = -1;
        if (*rest == 0) {
            kind = 0;
        } else if (strcmp(rest, "-wal") == 0) {
            kind = 1;
        } else if (strcmp(rest, "-shm") == 0) {
            kind = 2;
        } else if (strcmp(rest, "-journal") == 0) {
            kind = 3;
        }
        if (kind >= 0) {
            return (unsigned short)((i << 3) | (kind + 2));
        }
    }
    return 1;
}

static int is_lock_command(int cmd) {
    return cmd == F_SETLK || cmd == F_SETLKW
#ifdef F_OFD_SETLK
           || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW
#endif
        ;
}

static int is_blocking(int cmd) {
    return cmd == F_SETLKW
#ifdef F_OFD_SETLKW
           || cmd == F_OFD_SETLKW
#endif
        ;
}

static void record(int fd, int cmd, const struct flock *lock, long long started, long long ended, int error) {
    unsigned short state = fd_state[fd];
    if (state == 0) {
        state = classify(fd);
        fd_state[fd] = state;
    }
    if (state == 1) {
        return;
    }
    static const char kinds[] = "DWSJ";
    char type = lock->l_type == F_RDLCK ? 'R' : lock->l_type == F_WRLCK ? 'W' : 'U';
    if (my_tid == 0) {
        my_tid = (pid_t)syscall(SYS_gettid);
    }
    char line[200];
    int len = snprintf(line, sizeof line, "%lld %lld %d %d %d %c %c %c %lld %lld %d\n", started, ended,
                       (int)getpid(), (int)my_tid, state >> 3, kinds[(state & 7) - 2],
                       is_blocking(cmd) ? 'W' : 'L', type, (long long)lock->l_start, (long long)lock->l_len, error);
    if (len <= 0 || (size_t)len >= sizeof line) {
        return;
    }
    pthread_mutex_lock(&buffer_lock);
    if (buffer_used + (size_t)len > sizeof buffer) {
        flush_locked();
    }
    memcpy(buffer + buffer_used, line, (size_t)len);
    buffer_used += (size_t)len;
    if (ended - last_flush > FLUSH_NANOS) {
        flush_locked();
        last_flush = ended;
    }
    pthread_mutex_unlock(&buffer_lock);
}

static int call(fcntl_fn real, int fd, int cmd, va_list args) {
    void *arg = va_arg(args, void *);
    if (real == NULL) {
        errno = ENOSYS;
        return -1;
    }
    if (!enabled || !is_lock_command(cmd) || fd < 0 || fd >= MAX_FDS || arg == NULL) {
        return real(fd, cmd, arg);
    }
    long long started = now_nanos();
    int result = real(fd, cmd, arg);
    int after = errno;
    long long ended = now_nanos();
    record(fd, cmd, (const struct flock *)arg, started, ended, result == 0 ? 0 : after);
    errno = after; /* as the call left it, whatever the logging did */
    return result;
}

int fcntl(int fd, int cmd, ...) {
    va_list args;
    va_start(args, cmd);
    int result = call(real_fcntl, fd, cmd, args);
    va_end(args);
    return result;
}

int fcntl64(int fd, int cmd, ...) {
    va_list args;
    va_start(args, cmd);
    int result = call(real_fcntl64 != NULL ? real_fcntl64 : real_fcntl, fd, cmd, args);
    va_end(args);
    return result;
}

int close(int fd) {
    if (fd >= 0 && fd < MAX_FDS) {
        fd_state[fd] = 0;
    }
    if (real_close == NULL) {
        return (int)syscall(SYS_close, fd);
    }
    return real_close(fd);
}
