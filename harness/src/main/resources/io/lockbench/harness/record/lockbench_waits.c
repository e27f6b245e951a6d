/*
 * lockbench's lock-request log: loaded with LD_PRELOAD into a recorded program, it watches every POSIX
 * byte-range lock request (fcntl F_SETLK, F_SETLKW and the OFD variants) on the watched SQLite files
 * and logs, with monotonic timestamps and the result, every refused request, every blocking one, and
 * each grant that ends a thread's refused requests for the same lock byte; unlocks and grants nobody
 * waited for say nothing of waits and are not logged, so a program that never waits writes nothing.
 * SQLite's busy handler retries a refused F_SETLK in user space, so these requests are the only trace
 * of a wait outside the program.
 *
 * Environment:
 *   LOCKBENCH_WAITS_DIR    directory for one log per process, waits-PID.log (required)
 *   LOCKBENCH_WAITS_FILES  the watched databases, separated by ':' (absolute paths); each one's
 *                          -wal, -shm and -journal are watched with it
 *
 * The first line of a log is "# " and the process's command line. Then one line per logged request
 * (a non-blocking request's start is its end: it returns at once):
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
/* getpid() is a system call in current glibc; the pid changes only across fork, which resets it. */
static pid_t my_pid;

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

/* Opens this process's log and writes its header, unless already done; with buffer_lock held. */
static void open_log(void) {
    pid_t pid = my_pid;
    if (log_fd >= 0 && log_pid == pid) {
        return;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/waits-%d.log", log_dir, (int)pid);
    log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    log_pid = pid;
    write_command_line();
}

static void flush_locked(void) {
    if (buffer_used == 0) {
        return;
    }
    open_log();
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
    my_pid = (pid_t)syscall(SYS_getpid);
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
    my_pid = getpid();
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

/* Appends v in decimal and then end; at most 21 characters. */
static char *put_number(char *p, long long v, char end) {
    char digits[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        *p++ = '-';
    }
    while (n > 0) {
        *p++ = digits[--n];
    }
    *p++ = end;
    return p;
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

static void record(unsigned short state, int cmd, const struct flock *lock, long long started, long long ended,
                   int error) {
    static const char kinds[] = "DWSJ";
    char type = lock->l_type == F_RDLCK ? 'R' : lock->l_type == F_WRLCK ? 'W' : 'U';
    if (my_tid == 0) {
        my_tid = (pid_t)syscall(SYS_gettid);
    }
    /* Formatted by hand: snprintf took as long as the lock request it logs. */
    char line[200];
    char *p = line;
    p = put_number(p, started, ' ');
    p = put_number(p, ended, ' ');
    p = put_number(p, my_pid, ' ');
    p = put_number(p, my_tid, ' ');
    p = put_number(p, state >> 3, ' ');
    *p++ = kinds[(state & 7) - 2];
    *p++ = ' ';
    *p++ = is_blocking(cmd) ? 'W' : 'L';
    *p++ = ' ';
    *p++ = type;
    *p++ = ' ';
    p = put_number(p, (long long)lock->l_start, ' ');
    p = put_number(p, (long long)lock->l_len, ' ');
    p = put_number(p, error, '\n');
    int len = (int)(p - line);
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

/*
 * Refused requests of this thread that no grant has followed yet, by file and lock byte: a grant is
 * logged only when it ends one of them, so a program that never waits logs nothing (and pays for one
 * clock read per lock request on a watched file).
 */
#define MAX_PENDING 16
static __thread unsigned short pending_state[MAX_PENDING];
static __thread long long pending_offset[MAX_PENDING];
static __thread int pending_count;

static int pending_index(unsigned short state, long long offset) {
    for (int i = 0; i < pending_count; i++) {
        if (pending_state[i] == state && pending_offset[i] == offset) {
            return i;
        }
    }
    return -1;
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
    unsigned short state = fd_state[fd];
    if (state == 0) {
        int saved = errno;
        state = classify(fd);
        fd_state[fd] = state;
        errno = saved;
    }
    if (state == 1) {
        return real(fd, cmd, arg);
    }
    if (log_fd < 0 || log_pid != my_pid) {
        /* The first request on a watched file opens the log: its header tells lockbench that this
           process was seen, so a process that held a lock without one was not (static, setuid). */
        pthread_mutex_lock(&buffer_lock);
        open_log();
        pthread_mutex_unlock(&buffer_lock);
    }
    const struct flock *lock = (const struct flock *)arg;
    int blocking = is_blocking(cmd);
    /* A non-blocking request returns at once: one clock read serves as its start and its end. */
    long long started = blocking ? now_nanos() : 0;
    int result = real(fd, cmd, arg);
    int after = errno;
    if (lock->l_type == F_UNLCK) {
        return result;
    }
    long long ended = now_nanos();
    if (!blocking) {
        started = ended;
    }
    long long offset = (long long)lock->l_start;
    int at = pending_index(state, offset);
    if (blocking || result != 0) {
        record(state, cmd, lock, started, ended, result == 0 ? 0 : after);
        if (result != 0 && !blocking && at < 0 && pending_count < MAX_PENDING) {
            pending_state[pending_count] = state;
            pending_offset[pending_count] = offset;
            pending_count++;
        }
    } else if (at >= 0) {
        record(state, cmd, lock, started, ended, 0);
        pending_count--;
        pending_state[at] = pending_state[pending_count];
        pending_offset[at] = pending_offset[pending_count];
    }
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
