/*
 * lockbench's lock-event log (format 1, described in docs/lock-events.md): loaded with LD_PRELOAD into
 * a recorded program, it logs from inside each process
 *   - every POSIX byte-range lock request (fcntl F_SETLK, F_SETLKW and the OFD variants) on the watched
 *     SQLite files, acquisitions and releases, granted or refused: exact write-lock holds, one per
 *     transaction, and every refused attempt;
 *   - where the program calls SQLite through a shared library (Python's sqlite3, the sqlite3 shell, Ruby,
 *     PHP, Perl, C, Go with cgo on the system library), the SQLite API: every sqlite3_step, sqlite3_exec
 *     and sqlite3_prepare* that returned SQLITE_BUSY or SQLITE_LOCKED with its extended code, the
 *     statement that began each write transaction and how many statements it ran, and the timeout the
 *     program set;
 *   - what each write transaction did while its thread held the lock: syncs (fsync, fdatasync), write
 *     calls and bytes written (pwrite, pwrite64) to the database, its WAL and its journal, and the CPU
 *     time the thread used;
 *   - the sleeps of SQLite's busy handler (usleep or nanosleep called inside a SQLite call, or from a
 *     library that has SQLite built in, as sqlite-jdbc's), which are waits even between two connections
 *     of one process, where no lock request is refused.
 * SQL is logged as its shape only: literals become ?, comments and runs of blanks go, 160 characters at
 * most; bound values are never read.
 *
 * Environment:
 *   LOCKBENCH_EVENTS_DIR    directory for one log per process, events-PID.log (required)
 *   LOCKBENCH_EVENTS_FILES  the watched databases, separated by ':' (absolute paths); each one's -wal,
 *                           -shm and -journal are watched with it
 *   LOCKBENCH_EVENTS_LIMIT  bytes one process may log (default 256 MiB); past it, events are counted,
 *                           not logged, and the count ends the log
 *
 * Lines are buffered per process and written whole when the buffer fills, when 50 ms have passed since the
 * last write, before exec and at exit (also _exit); a process killed with SIGKILL loses at most its last
 * 50 ms. No system call is made per event beyond the lock request itself and one clock read (vDSO), but
 * two reads of the thread's CPU clock around a sample of write transactions.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define FORMAT_VERSION 1
#define MAX_FILES 16
#define MAX_FDS 65536
#define BUFFER_BYTES 65536
#define FLUSH_NANOS 50000000LL
#define SHAPE_MAX 160
#define MAX_SHAPES 4096

#define SQLITE_BUSY_CODE 5
#define SQLITE_LOCKED_CODE 6
#define WAL_WRITE_BYTE 120
#define RESERVED_BYTE (0x40000000LL + 1)

typedef int (*fcntl_fn)(int, int, ...);
typedef int (*close_fn)(int);
typedef int (*usleep_fn)(useconds_t);
typedef int (*nanosleep_fn)(const struct timespec *, struct timespec *);
typedef int (*execve_fn)(const char *, char *const[], char *const[]);
typedef int (*execvp_fn)(const char *, char *const[]);
typedef int (*execvpe_fn)(const char *, char *const[], char *const[]);
typedef void (*exit_fn)(int);

static fcntl_fn real_fcntl;
static fcntl_fn real_fcntl64;
static close_fn real_close;
static usleep_fn real_usleep;
static nanosleep_fn real_nanosleep;

static char watched[MAX_FILES][PATH_MAX];
static size_t watched_len[MAX_FILES];
static int watched_count;
static char log_dir[PATH_MAX];
static int enabled;
static long long limit_bytes = 256LL << 20;

/* Per fd: 0 not yet looked at, 1 not watched, 2+ watched: (db index << 3) | (file kind + 2). */
static unsigned short fd_state[MAX_FDS];

static pthread_mutex_t buffer_lock = PTHREAD_MUTEX_INITIALIZER;
static char buffer[BUFFER_BYTES];
static size_t buffer_used;
static long long last_flush;
static long long logged_bytes;
static long long dropped_events;
static int log_fd = -1;
static pid_t log_pid;
/* getpid() is a system call in current glibc; the pid changes only across fork, which resets it. */
static pid_t my_pid;
static __thread pid_t my_tid;

static long long now_nanos(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static pid_t tid(void) {
    if (my_tid == 0) {
        my_tid = (pid_t)syscall(SYS_gettid);
    }
    return my_tid;
}

/* ---- the log ---------------------------------------------------------------------------------------- */

static void write_all(const char *bytes, size_t n) {
    size_t done = 0;
    while (log_fd >= 0 && done < n) {
        ssize_t w = write(log_fd, bytes + done, n - done);
        if (w <= 0) {
            break; /* the log is best effort: a full disk must not break the program it watches */
        }
        done += (size_t)w;
    }
}

/* Appends v in decimal and then end; at most 21 characters. Formatted by hand: snprintf took as long as
   the lock request it logs. */
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

/* The header: "V version pid ppid start-ns", then "C " and the command line, arguments separated by spaces. */
static void write_header(void) {
    char line[1200];
    char *p = line;
    *p++ = 'V';
    *p++ = ' ';
    p = put_number(p, FORMAT_VERSION, ' ');
    p = put_number(p, my_pid, ' ');
    p = put_number(p, getppid(), ' ');
    p = put_number(p, now_nanos(), '\n');
    *p++ = 'C';
    *p++ = ' ';
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, p, 1024);
        real_close != NULL ? real_close(fd) : (int)syscall(SYS_close, fd);
        for (ssize_t i = 0; i < n; i++) {
            char c = p[i];
            p[i] = (c == 0 || c == '\n' || c == '\r') ? ' ' : c;
        }
        if (n > 0) {
            p += n;
        }
    }
    *p++ = '\n';
    write_all(line, (size_t)(p - line));
}

/* Opens this process's log and writes its header, unless already done; with buffer_lock held. */
static void open_log(void) {
    if (log_fd >= 0 && log_pid == my_pid) {
        return;
    }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/events-%d.log", log_dir, (int)my_pid);
    log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    log_pid = my_pid;
    write_header();
}

static void flush_locked(void) {
    if (buffer_used == 0) {
        return;
    }
    open_log();
    write_all(buffer, buffer_used);
    buffer_used = 0;
}

/* Appends one line (ending in '\n') to the buffer, flushing as the rules say. */
static void emit(const char *line, size_t len, long long now) {
    pthread_mutex_lock(&buffer_lock);
    if (logged_bytes + (long long)len > limit_bytes) {
        dropped_events++;
        pthread_mutex_unlock(&buffer_lock);
        return;
    }
    logged_bytes += (long long)len;
    if (buffer_used + len > sizeof buffer) {
        flush_locked();
    }
    memcpy(buffer + buffer_used, line, len);
    buffer_used += len;
    if (now - last_flush > FLUSH_NANOS) {
        flush_locked();
        last_flush = now;
    }
    pthread_mutex_unlock(&buffer_lock);
}

static void flush_all(void) {
    if (!enabled) {
        return;
    }
    pthread_mutex_lock(&buffer_lock);
    if (dropped_events > 0) {
        char line[64];
        char *p = line;
        *p++ = 'D';
        *p++ = ' ';
        p = put_number(p, dropped_events, '\n');
        /* Past the limit on purpose: this line says what the limit cost. */
        if (buffer_used + (size_t)(p - line) > sizeof buffer) {
            flush_locked();
        }
        memcpy(buffer + buffer_used, line, (size_t)(p - line));
        buffer_used += (size_t)(p - line);
        dropped_events = 0;
    }
    flush_locked();
    pthread_mutex_unlock(&buffer_lock);
}

static void forget_shapes(void);

static void at_fork_child(void) {
    /* The parent's unwritten lines are the parent's: the child starts empty, with a file of its own. */
    pthread_mutex_init(&buffer_lock, NULL);
    buffer_used = 0;
    logged_bytes = 0;
    dropped_events = 0;
    log_fd = -1;
    my_tid = 0;
    my_pid = (pid_t)syscall(SYS_getpid);
    forget_shapes();
}

__attribute__((constructor)) static void start(void) {
    real_fcntl = (fcntl_fn)dlsym(RTLD_NEXT, "fcntl");
    real_fcntl64 = (fcntl_fn)dlsym(RTLD_NEXT, "fcntl64");
    real_close = (close_fn)dlsym(RTLD_NEXT, "close");
    real_usleep = (usleep_fn)dlsym(RTLD_NEXT, "usleep");
    real_nanosleep = (nanosleep_fn)dlsym(RTLD_NEXT, "nanosleep");
    const char *dir = getenv("LOCKBENCH_EVENTS_DIR");
    const char *files = getenv("LOCKBENCH_EVENTS_FILES");
    const char *limit = getenv("LOCKBENCH_EVENTS_LIMIT");
    if (dir == NULL || files == NULL || strlen(dir) >= sizeof log_dir) {
        return;
    }
    if (limit != NULL && atoll(limit) > 0) {
        limit_bytes = atoll(limit);
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
    flush_all();
}

/* ---- statements ------------------------------------------------------------------------------------ */

/*
 * The SQLite functions are found per call site: the library that the caller would have reached (a
 * process may hold two SQLite builds, and Python's is loaded RTLD_LOCAL, out of RTLD_NEXT's reach), and
 * the helpers from the library where the real function lives.
 */
typedef int (*step_fn)(void *);
typedef int (*exec_fn)(void *, const char *, void *, void *, char **);
typedef int (*prepare_fn)(void *, const char *, int, void **, const char **);
typedef int (*prepare3_fn)(void *, const char *, int, unsigned int, void **, const char **);
typedef const char *(*sql_fn)(void *);
typedef void *(*db_handle_fn)(void *);
typedef int (*errcode_fn)(void *);
typedef int (*busy_timeout_fn)(void *, int);
typedef int (*busy_handler_fn)(void *, int (*)(void *, int), void *);

struct api {
    void *base;
    step_fn step;
    exec_fn exec;
    prepare_fn prepare;
    prepare_fn prepare_v2;
    prepare3_fn prepare_v3;
    sql_fn sql;
    db_handle_fn db_handle;
    errcode_fn extended_errcode;
    step_fn stmt_busy;
    busy_timeout_fn busy_timeout;
    busy_handler_fn busy_handler;
};

#define MAX_APIS 8
#define SITE_SLOTS 512
struct site {
    void *ret;
    const struct api *api;
};
static struct api apis[MAX_APIS];
static int api_count;
static struct site *sites[SITE_SLOTS];
static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;
static void *self_base;
static int api_announced_pid;

static void *own_symbol_base(void *symbol) {
    Dl_info info;
    return dladdr(symbol, &info) ? info.dli_fbase : NULL;
}

/* The definition of name that a call from the object at ret would reach were this library not loaded. */
static void *real_symbol(void *ret, const char *name) {
    Dl_info info;
    void *fn = NULL;
    if (ret != NULL && dladdr(ret, &info) && info.dli_fname != NULL && info.dli_fbase != self_base) {
        void *h = dlopen(info.dli_fname, RTLD_NOLOAD | RTLD_LAZY);
        if (h != NULL) {
            fn = dlsym(h, name);
            dlclose(h);
        }
    }
    if (fn == NULL || own_symbol_base(fn) == self_base) {
        fn = dlsym(RTLD_NEXT, name);
    }
    if (fn == NULL || own_symbol_base(fn) == self_base) {
        void *h = dlopen("libsqlite3.so.0", RTLD_NOLOAD | RTLD_LAZY);
        fn = h != NULL ? dlsym(h, name) : NULL;
        if (h != NULL) {
            dlclose(h);
        }
    }
    return fn != NULL && own_symbol_base(fn) != self_base ? fn : NULL;
}

static void announce_api(const struct api *a);

static const struct api *api_for(void *ret, const char *name) {
    uintptr_t slot = ((uintptr_t)ret >> 4) % SITE_SLOTS;
    struct site *s = __atomic_load_n(&sites[slot], __ATOMIC_ACQUIRE);
    if (s != NULL && s->ret == ret) {
        return s->api;
    }
    pthread_mutex_lock(&api_lock);
    if (self_base == NULL) {
        self_base = own_symbol_base((void *)&api_for);
    }
    const struct api *found = NULL;
    void *fn = real_symbol(ret, name);
    Dl_info info;
    if (fn != NULL && dladdr(fn, &info)) {
        for (int i = 0; i < api_count && found == NULL; i++) {
            if (apis[i].base == info.dli_fbase) {
                found = &apis[i];
            }
        }
        if (found == NULL && api_count < MAX_APIS) {
            struct api *a = &apis[api_count];
            void *h = dlopen(info.dli_fname, RTLD_NOLOAD | RTLD_LAZY);
            if (h != NULL) {
                a->base = info.dli_fbase;
                a->step = (step_fn)dlsym(h, "sqlite3_step");
                a->exec = (exec_fn)dlsym(h, "sqlite3_exec");
                a->prepare = (prepare_fn)dlsym(h, "sqlite3_prepare");
                a->prepare_v2 = (prepare_fn)dlsym(h, "sqlite3_prepare_v2");
                a->prepare_v3 = (prepare3_fn)dlsym(h, "sqlite3_prepare_v3");
                a->sql = (sql_fn)dlsym(h, "sqlite3_sql");
                a->db_handle = (db_handle_fn)dlsym(h, "sqlite3_db_handle");
                a->extended_errcode = (errcode_fn)dlsym(h, "sqlite3_extended_errcode");
                a->stmt_busy = (step_fn)dlsym(h, "sqlite3_stmt_busy");
                a->busy_timeout = (busy_timeout_fn)dlsym(h, "sqlite3_busy_timeout");
                a->busy_handler = (busy_handler_fn)dlsym(h, "sqlite3_busy_handler");
                /* the library stays loaded for as long as its caller: the handle is not closed */
                api_count++;
                found = a;
                announce_api(a);
            }
        }
    }
    if (found != NULL) {
        struct site *n = malloc(sizeof *n);
        if (n != NULL) {
            n->ret = ret;
            n->api = found;
            __atomic_store_n(&sites[slot], n, __ATOMIC_RELEASE); /* an evicted site leaks 16 bytes, once */
        }
    }
    pthread_mutex_unlock(&api_lock);
    return found;
}

/* The statement shape: literals as ?, no comments, blanks collapsed, at most SHAPE_MAX characters. */
static size_t shape_of(const char *sql, char *out) {
    size_t n = 0;
    int blank = 0;
    const char *p = sql;
    while (*p && n < SHAPE_MAX) {
        char c = *p;
        if (c == '-' && p[1] == '-') {
            while (*p && *p != '\n') {
                p++;
            }
            blank = n > 0;
            continue;
        }
        if (c == '/' && p[1] == '*') {
            p += 2;
            while (*p && !(p[0] == '*' && p[1] == '/')) {
                p++;
            }
            p += *p ? 2 : 0;
            blank = n > 0;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            blank = n > 0;
            p++;
            continue;
        }
        if (blank) {
            out[n++] = ' ';
            blank = 0;
            if (n >= SHAPE_MAX) {
                break;
            }
        }
        int after_word = n > 0 && (out[n - 1] == '_' || (out[n - 1] >= 'a' && out[n - 1] <= 'z') ||
                                   (out[n - 1] >= 'A' && out[n - 1] <= 'Z') || (out[n - 1] >= '0' && out[n - 1] <= '9'));
        if (c == '\'' || ((c == 'x' || c == 'X') && p[1] == '\'' && !after_word)) {
            p += c == '\'' ? 1 : 2;
            while (*p) {
                if (*p == '\'' && p[1] == '\'') {
                    p += 2;
                } else if (*p == '\'') {
                    p++;
                    break;
                } else {
                    p++;
                }
            }
            out[n++] = '?';
            continue;
        }
        if (c >= '0' && c <= '9' && !after_word) {
            while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == 'x' || *p == 'X' ||
                   (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')) {
                p++;
            }
            out[n++] = '?';
            continue;
        }
        if (c == '"' || c == '`' || c == '[') {
            char close = c == '[' ? ']' : c;
            out[n++] = c;
            p++;
            while (*p && n < SHAPE_MAX - 1) {
                out[n++] = *p;
                if (*p++ == close) {
                    break;
                }
            }
            continue;
        }
        out[n++] = (c == '\n' || c == '\r') ? ' ' : c;
        p++;
    }
    while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ';')) {
        n--;
    }
    out[n] = 0;
    return n;
}

static int is_control(const char *shape) {
    static const char *words[] = {"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE", NULL};
    for (int i = 0; words[i] != NULL; i++) {
        size_t len = strlen(words[i]);
        if (strncasecmp(shape, words[i], len) == 0 && (shape[len] == 0 || shape[len] == ' ' || shape[len] == ';')) {
            return 1;
        }
    }
    return 0;
}

/* Bumped in a forked child, whose log must define every shape it uses again: cached ids of the parent's
   table are then stale. */
static unsigned int shape_generation;
static unsigned long long shape_hashes[MAX_SHAPES];
static unsigned char shape_control[MAX_SHAPES];
static int shape_count;
static pthread_mutex_t shape_lock = PTHREAD_MUTEX_INITIALIZER;

static void forget_shapes(void) {
    pthread_mutex_init(&shape_lock, NULL);
    shape_count = 0;
    shape_generation++;
}

/* The shape's id in this process (1, 2, ...; 0 when the table is full), logged as "Q id control shape" on
   first use. */
static int shape_id(const char *sql, int *control) {
    char shape[SHAPE_MAX + 1];
    size_t len = shape_of(sql, shape);
    unsigned long long h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char)shape[i]) * 1099511628211ULL;
    }
    pthread_mutex_lock(&shape_lock);
    int id = 0;
    for (int i = 0; i < shape_count; i++) {
        if (shape_hashes[i] == h) {
            id = i + 1;
            break;
        }
    }
    int fresh = 0;
    if (id == 0 && shape_count < MAX_SHAPES) {
        shape_hashes[shape_count] = h;
        shape_control[shape_count] = (unsigned char)is_control(shape);
        id = ++shape_count;
        fresh = 1;
    }
    *control = id > 0 ? shape_control[id - 1] : 0;
    pthread_mutex_unlock(&shape_lock);
    if (fresh && enabled) {
        char line[SHAPE_MAX + 40];
        char *p = line;
        *p++ = 'Q';
        *p++ = ' ';
        p = put_number(p, id, ' ');
        p = put_number(p, *control, ' ');
        memcpy(p, shape, len);
        p += len;
        *p++ = '\n';
        emit(line, (size_t)(p - line), now_nanos());
    }
    return id;
}

/* What a thread is doing inside SQLite, and the write transaction it holds the lock for. */
static __thread int api_depth;
static __thread int busy_logged;
static __thread int slept;
static __thread void *current_stmt;
static __thread const struct api *current_api;
static __thread int holding;
static __thread int hold_first;
static __thread int hold_statements;
/* What the thread did to the watched files while it held the write lock: its commit's syncs, the bytes
   it wrote to the database, its WAL and its rollback journal, its write calls, and the CPU time it used. */
static __thread long long hold_syncs;
static __thread long long hold_db_bytes;
static __thread long long hold_wal_bytes;
static __thread long long hold_journal_bytes;
static __thread long long hold_writes;
static __thread long long hold_cpu_start;
/* The thread's CPU clock costs a system call: it is read around a transaction only when 200 us have passed
   since the last reading ended, so a program of tiny transactions pays for a sample of them (the mean
   per transaction stays unbiased) and one of long transactions for every one. */
#define CPU_SAMPLE_GAP_NANOS 200000LL
static __thread long long cpu_read_at;
static __thread int cpu_measured;

#define STMT_SLOTS 64
static __thread void *cached_stmt[STMT_SLOTS];
static __thread const char *cached_sql[STMT_SLOTS];
static __thread int cached_id[STMT_SLOTS];
static __thread unsigned char cached_control[STMT_SLOTS];
static __thread unsigned int cached_generation[STMT_SLOTS];
/* A program that finalizes a statement and prepares the next one may get both the statement and its SQL
   text at the addresses just freed: the text's length and first bytes tell the two apart. */
#define SQL_PREFIX 48
static __thread size_t cached_length[STMT_SLOTS];
static __thread char cached_prefix[STMT_SLOTS][SQL_PREFIX];

static int statement_id(const struct api *a, void *stmt, int *control) {
    *control = 0;
    if (a == NULL || stmt == NULL || a->sql == NULL) {
        return 0;
    }
    const char *sql = a->sql(stmt);
    if (sql == NULL) {
        return 0;
    }
    unsigned slot = (unsigned)(((uintptr_t)stmt >> 4) % STMT_SLOTS);
    size_t length = strlen(sql);
    size_t prefix = length < SQL_PREFIX ? length : SQL_PREFIX;
    if (cached_stmt[slot] == stmt && cached_sql[slot] == sql && cached_generation[slot] == shape_generation
            && cached_length[slot] == length && memcmp(cached_prefix[slot], sql, prefix) == 0) {
        *control = cached_control[slot];
        return cached_id[slot];
    }
    int id = shape_id(sql, control);
    cached_stmt[slot] = stmt;
    cached_sql[slot] = sql;
    cached_id[slot] = id;
    cached_control[slot] = (unsigned char)*control;
    cached_generation[slot] = shape_generation;
    cached_length[slot] = length;
    memcpy(cached_prefix[slot], sql, prefix);
    return id;
}

static int current_statement(void) {
    int control;
    return statement_id(current_api, current_stmt, &control);
}

static void announce_api(const struct api *a) {
    /* "A base": SQLite's API was reached in this process; with api_lock held */
    if (!enabled || api_announced_pid == my_pid) {
        return;
    }
    api_announced_pid = my_pid;
    char line[64];
    char *p = line;
    *p++ = 'A';
    *p++ = ' ';
    p = put_number(p, (long long)(uintptr_t)a->base, '\n');
    emit(line, (size_t)(p - line), now_nanos());
}

/* "B t tid conn api rc extended statement": a SQLite call that returned SQLITE_BUSY or SQLITE_LOCKED. */
static void log_busy(const struct api *a, char call, void *db, int rc, int statement) {
    int extended = rc;
    if (a->extended_errcode != NULL && db != NULL) {
        extended = a->extended_errcode(db);
        if ((extended & 0xff) != (rc & 0xff)) {
            extended = rc;
        }
    }
    busy_logged = 1;
    long long now = now_nanos();
    char line[160];
    char *p = line;
    *p++ = 'B';
    *p++ = ' ';
    p = put_number(p, now, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, (long long)(uintptr_t)db, ' ');
    *p++ = call;
    *p++ = ' ';
    p = put_number(p, rc, ' ');
    p = put_number(p, extended, ' ');
    p = put_number(p, statement, '\n');
    emit(line, (size_t)(p - line), now);
}

static int is_busy(int rc) {
    return (rc & 0xff) == SQLITE_BUSY_CODE || (rc & 0xff) == SQLITE_LOCKED_CODE;
}

/* "W t tid statement": a SQLite call whose busy handler slept returned without SQLITE_BUSY: its wait is
   over, at the latest now. */
static void log_waited(int statement) {
    long long now = now_nanos();
    char line[96];
    char *p = line;
    *p++ = 'W';
    *p++ = ' ';
    p = put_number(p, now, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, statement, '\n');
    emit(line, (size_t)(p - line), now);
}

int sqlite3_step(void *stmt) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_step");
    if (a == NULL || a->step == NULL) {
        return 21; /* SQLITE_MISUSE: no SQLite to forward to */
    }
    if (!enabled) {
        return a->step(stmt);
    }
    if (holding && a->stmt_busy != NULL && !a->stmt_busy(stmt)) {
        /* a new execution of a statement inside the write transaction this thread holds the lock for */
        int control;
        int id = statement_id(a, stmt, &control);
        if (!control) {
            hold_statements++;
            if (hold_first == 0) {
                hold_first = id;
            }
        }
    }
    void *outer_stmt = current_stmt;
    const struct api *outer_api = current_api;
    current_stmt = stmt;
    current_api = a;
    if (api_depth++ == 0) {
        slept = 0;
    }
    int rc = a->step(stmt);
    api_depth--;
    int control;
    if (is_busy(rc)) {
        log_busy(a, 's', a->db_handle != NULL ? a->db_handle(stmt) : NULL, rc, statement_id(a, stmt, &control));
    } else if (slept && api_depth == 0) {
        log_waited(statement_id(a, stmt, &control));
    }
    current_stmt = outer_stmt;
    current_api = outer_api;
    return rc;
}

int sqlite3_exec(void *db, const char *sql, void *callback, void *arg, char **errmsg) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_exec");
    if (a == NULL || a->exec == NULL) {
        return 21;
    }
    if (!enabled) {
        return a->exec(db, sql, callback, arg, errmsg);
    }
    busy_logged = 0;
    if (api_depth++ == 0) {
        slept = 0;
    }
    int rc = a->exec(db, sql, callback, arg, errmsg);
    api_depth--;
    /* exec runs its statements through sqlite3_prepare and sqlite3_step, whose BUSY was logged if they
       came through this library; one that SQLite called internally is logged here */
    if (is_busy(rc) && !busy_logged) {
        log_busy(a, 'e', db, rc, 0);
    } else if (!is_busy(rc) && slept && api_depth == 0) {
        log_waited(0);
    }
    return rc;
}

static int after_prepare(const struct api *a, void *db, int rc, const char *sql, int n) {
    if (is_busy(rc) && sql != NULL) {
        /* a length that is not negative may end the text without a NUL */
        char text[1024];
        size_t len = n < 0 ? strnlen(sql, sizeof text - 1) : (size_t)n < sizeof text - 1 ? (size_t)n : sizeof text - 1;
        memcpy(text, sql, len);
        text[len] = 0;
        int control;
        log_busy(a, 'p', db, rc, shape_id(text, &control));
    }
    return rc;
}

int sqlite3_prepare_v2(void *db, const char *sql, int n, void **stmt, const char **tail) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_prepare_v2");
    if (a == NULL || a->prepare_v2 == NULL) {
        return 21;
    }
    if (!enabled) {
        return a->prepare_v2(db, sql, n, stmt, tail);
    }
    if (api_depth++ == 0) {
        slept = 0;
    }
    int rc = a->prepare_v2(db, sql, n, stmt, tail);
    api_depth--;
    if (!is_busy(rc) && slept && api_depth == 0) {
        log_waited(0);
    }
    return after_prepare(a, db, rc, sql, n);
}

int sqlite3_prepare_v3(void *db, const char *sql, int n, unsigned int flags, void **stmt, const char **tail) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_prepare_v3");
    if (a == NULL || a->prepare_v3 == NULL) {
        return 21;
    }
    if (!enabled) {
        return a->prepare_v3(db, sql, n, flags, stmt, tail);
    }
    if (api_depth++ == 0) {
        slept = 0;
    }
    int rc = a->prepare_v3(db, sql, n, flags, stmt, tail);
    api_depth--;
    if (!is_busy(rc) && slept && api_depth == 0) {
        log_waited(0);
    }
    return after_prepare(a, db, rc, sql, n);
}

int sqlite3_prepare(void *db, const char *sql, int n, void **stmt, const char **tail) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_prepare");
    if (a == NULL || a->prepare == NULL) {
        return 21;
    }
    if (!enabled) {
        return a->prepare(db, sql, n, stmt, tail);
    }
    if (api_depth++ == 0) {
        slept = 0;
    }
    int rc = a->prepare(db, sql, n, stmt, tail);
    api_depth--;
    if (!is_busy(rc) && slept && api_depth == 0) {
        log_waited(0);
    }
    return after_prepare(a, db, rc, sql, n);
}

static __thread int in_busy_timeout;

/* "O t tid conn ms": the busy timeout a connection was given; -1 for a busy handler of the program's own. */
static void log_timeout(void *db, long long ms) {
    long long now = now_nanos();
    char line[96];
    char *p = line;
    *p++ = 'O';
    *p++ = ' ';
    p = put_number(p, now, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, (long long)(uintptr_t)db, ' ');
    p = put_number(p, ms, '\n');
    emit(line, (size_t)(p - line), now);
}

int sqlite3_busy_timeout(void *db, int ms) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_busy_timeout");
    if (a == NULL || a->busy_timeout == NULL) {
        return 21;
    }
    if (enabled) {
        log_timeout(db, ms);
    }
    in_busy_timeout = 1; /* SQLite sets its own handler through sqlite3_busy_handler: not the program's */
    int rc = a->busy_timeout(db, ms);
    in_busy_timeout = 0;
    return rc;
}

int sqlite3_busy_handler(void *db, int (*handler)(void *, int), void *arg) {
    const struct api *a = api_for(__builtin_return_address(0), "sqlite3_busy_handler");
    if (a == NULL || a->busy_handler == NULL) {
        return 21;
    }
    if (enabled && handler != NULL && !in_busy_timeout) {
        log_timeout(db, -1);
    }
    return a->busy_handler(db, handler, arg);
}

/* ---- busy-handler sleeps --------------------------------------------------------------------------- */

/* Whether a sleep called from ret is SQLite's: from a library whose name says it has SQLite built in. */
#define SLEEP_SLOTS 64
/* Per slot, the call site times two plus whether it is SQLite's, in one word that threads swap whole
   (user-space addresses fit in 47 bits). */
static uintptr_t sleep_site[SLEEP_SLOTS];

static int sqlite_sleep_site(void *ret) {
    unsigned slot = (unsigned)(((uintptr_t)ret >> 4) % SLEEP_SLOTS);
    uintptr_t known = __atomic_load_n(&sleep_site[slot], __ATOMIC_RELAXED);
    if (known >> 1 == (uintptr_t)ret) {
        return (int)(known & 1);
    }
    Dl_info info;
    int sqlite = dladdr(ret, &info) && info.dli_fname != NULL && strstr(info.dli_fname, "sqlite") != NULL;
    __atomic_store_n(&sleep_site[slot], ((uintptr_t)ret << 1) | (uintptr_t)sqlite, __ATOMIC_RELAXED);
    return sqlite;
}

/* "S t0 t1 tid statement": one sleep of SQLite's busy handler (or of its WAL read retry). */
static void log_sleep(long long started, long long ended) {
    slept = 1;
    char line[128];
    char *p = line;
    *p++ = 'S';
    *p++ = ' ';
    p = put_number(p, started, ' ');
    p = put_number(p, ended, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, current_statement(), '\n');
    emit(line, (size_t)(p - line), ended);
}

int usleep(useconds_t usec) {
    if (real_usleep == NULL) {
        real_usleep = (usleep_fn)dlsym(RTLD_NEXT, "usleep");
    }
    if (!enabled || (api_depth == 0 && !sqlite_sleep_site(__builtin_return_address(0)))) {
        return real_usleep(usec);
    }
    long long started = now_nanos();
    int rc = real_usleep(usec);
    int saved = errno;
    log_sleep(started, now_nanos());
    errno = saved;
    return rc;
}

int nanosleep(const struct timespec *req, struct timespec *rem) {
    if (real_nanosleep == NULL) {
        real_nanosleep = (nanosleep_fn)dlsym(RTLD_NEXT, "nanosleep");
    }
    if (!enabled || (api_depth == 0 && !sqlite_sleep_site(__builtin_return_address(0)))) {
        return real_nanosleep(req, rem);
    }
    long long started = now_nanos();
    int rc = real_nanosleep(req, rem);
    int saved = errno;
    log_sleep(started, now_nanos());
    errno = saved;
    return rc;
}

/* ---- lock requests --------------------------------------------------------------------------------- */

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

/* "F t tid fd db kind dev ino birth": a watched file was first locked through fd. A new inode, or the same
   inode number born at another time (file systems reuse the numbers of deleted files), under a watched
   path is a database that was replaced. birth is 0 where the file system keeps no birth time. */
static void log_file(int fd, unsigned short state) {
    static const char kinds[] = "DWSJ";
    long long dev;
    long long ino;
    long long birth = 0;
    struct statx sx;
    if (statx(fd, "", AT_EMPTY_PATH, STATX_INO | STATX_BTIME, &sx) == 0) {
        dev = (long long)makedev(sx.stx_dev_major, sx.stx_dev_minor);
        ino = (long long)sx.stx_ino;
        if (sx.stx_mask & STATX_BTIME) {
            birth = (long long)sx.stx_btime.tv_sec * 1000000000LL + sx.stx_btime.tv_nsec;
        }
    } else {
        struct stat st;
        if (fstat(fd, &st) != 0) {
            return;
        }
        dev = (long long)st.st_dev;
        ino = (long long)st.st_ino;
    }
    long long now = now_nanos();
    char line[192];
    char *p = line;
    *p++ = 'F';
    *p++ = ' ';
    p = put_number(p, now, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, fd, ' ');
    p = put_number(p, state >> 3, ' ');
    *p++ = kinds[(state & 7) - 2];
    *p++ = ' ';
    p = put_number(p, dev, ' ');
    p = put_number(p, ino, ' ');
    p = put_number(p, birth, '\n');
    emit(line, (size_t)(p - line), now);
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

/* The write lock of a transaction: WAL_WRITE_LOCK in -shm, RESERVED in the database file. */
static int covers_write_lock(unsigned short state, long long start, long long len) {
    int kind = (state & 7) - 2;
    long long byte = kind == 2 ? WAL_WRITE_BYTE : kind == 0 ? RESERVED_BYTE : -1;
    return byte >= 0 && start <= byte && (len == 0 || byte < start + len);
}

/* CPU time this thread has used: one system call (no vDSO for it), made twice per write transaction. */
static long long thread_cpu_nanos(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) {
        return 0;
    }
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * "L t0 t1 tid db kind cmd type start len errno statement": one lock request, t0 and t1 the clock before
 * and after it (a non-blocking request that takes a lock has one reading, t0 = t1); after the release of a write lock,
 * "T t tid db first-statement statements syncs db-bytes wal-bytes journal-bytes writes cpu-ns": the
 * statement that began the transaction this thread held the lock for, how many statements it ran (BEGIN,
 * COMMIT and their kin not counted), and what it did to the watched files meanwhile: syncs, bytes written
 * to the database, its WAL and its journal, write calls, and the CPU time the thread used (-1 for a
 * transaction whose CPU clock was not read: see CPU_SAMPLE_GAP_NANOS).
 */
static void log_lock(unsigned short state, int cmd, const struct flock *lock, long long started, long long ended,
                     int error) {
    static const char kinds[] = "DWSJ";
    char type = lock->l_type == F_RDLCK ? 'R' : lock->l_type == F_WRLCK ? 'W' : 'U';
    char line[320];
    char *p = line;
    *p++ = 'L';
    *p++ = ' ';
    p = put_number(p, started, ' ');
    p = put_number(p, ended, ' ');
    p = put_number(p, tid(), ' ');
    p = put_number(p, state >> 3, ' ');
    *p++ = kinds[(state & 7) - 2];
    *p++ = ' ';
    *p++ = is_blocking(cmd) ? 'W' : 'L';
    *p++ = ' ';
    *p++ = type;
    *p++ = ' ';
    p = put_number(p, (long long)lock->l_start, ' ');
    p = put_number(p, (long long)lock->l_len, ' ');
    p = put_number(p, error, ' ');
    int control = 0;
    int statement = statement_id(current_api, current_stmt, &control);
    p = put_number(p, statement, '\n');
    int write_lock = covers_write_lock(state, (long long)lock->l_start, (long long)lock->l_len);
    if (write_lock && type == 'W' && error == 0) {
        holding = 1;
        hold_first = control ? 0 : statement;
        hold_statements = statement != 0 && !control ? 1 : 0;
        hold_syncs = 0;
        hold_db_bytes = 0;
        hold_wal_bytes = 0;
        hold_journal_bytes = 0;
        hold_writes = 0;
        cpu_measured = ended - cpu_read_at >= CPU_SAMPLE_GAP_NANOS;
        hold_cpu_start = cpu_measured ? thread_cpu_nanos() : 0;
    } else if (write_lock && type == 'U' && holding) {
        holding = 0;
        long long cpu = -1;
        if (cpu_measured) {
            cpu = thread_cpu_nanos() - hold_cpu_start;
            cpu_read_at = ended;
        }
        *p++ = 'T';
        *p++ = ' ';
        p = put_number(p, ended, ' ');
        p = put_number(p, tid(), ' ');
        p = put_number(p, state >> 3, ' ');
        p = put_number(p, hold_first, ' ');
        p = put_number(p, hold_statements, ' ');
        p = put_number(p, hold_syncs, ' ');
        p = put_number(p, hold_db_bytes, ' ');
        p = put_number(p, hold_wal_bytes, ' ');
        p = put_number(p, hold_journal_bytes, ' ');
        p = put_number(p, hold_writes, ' ');
        p = put_number(p, cpu, '\n');
    }
    emit(line, (size_t)(p - line), ended);
}

/*
 * Which requests are logged. Every refused or blocking one, and the grant that ends a thread's refusals
 * of the same lock (so a wait for any lock has its end); of the rest, the ones that make holds: in -shm
 * the write, checkpoint and recovery locks, in the database file a writer's locks and, while it has one,
 * their release. A read mark taken and given back, or a reader's SHARED lock, says nothing a refusal
 * does not, and were 6 of the 8 requests of a one-row transaction: they are not logged.
 */
#define MAX_PENDING 16
static __thread unsigned short pending_state[MAX_PENDING];
static __thread long long pending_offset[MAX_PENDING];
static __thread int pending_count;
/* Per database, whether this process holds a writer's lock on its file (rollback mode): set on a granted
   write lock, cleared by the release of RESERVED. */
static unsigned int database_writer;

static int worth_logging(unsigned short state, const struct flock *lock, int blocking, int refused) {
    int kind = (state & 7) - 2;
    unsigned int db_bit = 1u << (state >> 3);
    long long start = (long long)lock->l_start;
    long long len = (long long)lock->l_len;
    int at = -1;
    for (int i = 0; i < pending_count; i++) {
        if (pending_state[i] == state && pending_offset[i] == start) {
            at = i;
            break;
        }
    }
    if (refused || blocking) {
        if (refused && !blocking && at < 0 && pending_count < MAX_PENDING) {
            pending_state[pending_count] = state;
            pending_offset[pending_count] = start;
            pending_count++;
        }
        return 1;
    }
    int ends_refusals = 0;
    if (at >= 0 && lock->l_type != F_UNLCK) {
        pending_count--;
        pending_state[at] = pending_state[pending_count];
        pending_offset[at] = pending_offset[pending_count];
        ends_refusals = 1;
    }
    if (kind == 2) {
        return ends_refusals || (start <= WAL_WRITE_BYTE + 2 && (len == 0 || start + len > WAL_WRITE_BYTE));
    }
    if (kind == 0) {
        if (lock->l_type == F_WRLCK) {
            __atomic_or_fetch(&database_writer, db_bit, __ATOMIC_RELAXED);
            return 1;
        }
        if (lock->l_type == F_UNLCK && (__atomic_load_n(&database_writer, __ATOMIC_RELAXED) & db_bit)) {
            if (start <= RESERVED_BYTE && (len == 0 || RESERVED_BYTE < start + len)) {
                __atomic_and_fetch(&database_writer, ~db_bit, __ATOMIC_RELAXED);
            }
            return 1;
        }
        return ends_refusals;
    }
    return 1;
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
        if (state != 1) {
            log_file(fd, state);
        }
        errno = saved;
    }
    if (state == 1) {
        return real(fd, cmd, arg);
    }
    const struct flock *lock = (const struct flock *)arg;
    int blocking = is_blocking(cmd);
    /* A hold ends when its release is asked for, and a blocking request may wait: both are timed from
       before the call. Any other request returns at once: one clock read serves as its start and end. */
    int timed_before = blocking || lock->l_type == F_UNLCK;
    long long started = timed_before ? now_nanos() : 0;
    int result = real(fd, cmd, arg);
    int after = errno;
    long long ended = now_nanos();
    if (!timed_before) {
        started = ended;
    }
    if (worth_logging(state, lock, blocking, result != 0)) {
        log_lock(state, cmd, lock, started, ended, result == 0 ? 0 : after);
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

/* ---- writes and syncs under the write lock ------------------------------------------------------------ */

typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off_t);
typedef int (*sync_fn)(int);

/* The watched file behind fd (its state as call() keeps it), or 0 when it is not one. */
static unsigned short watched_state(int fd) {
    if (!enabled || fd < 0 || fd >= MAX_FDS) {
        return 0;
    }
    unsigned short state = fd_state[fd];
    if (state == 0) {
        int saved = errno;
        state = classify(fd);
        fd_state[fd] = state;
        if (state != 1) {
            log_file(fd, state);
        }
        errno = saved;
    }
    return state == 1 ? 0 : state;
}

static void count_write(int fd, ssize_t written) {
    if (!holding || written <= 0) {
        return;
    }
    unsigned short state = watched_state(fd);
    if (state == 0) {
        return;
    }
    int kind = (state & 7) - 2;
    hold_writes++;
    if (kind == 0) {
        hold_db_bytes += written;
    } else if (kind == 1) {
        hold_wal_bytes += written;
    } else if (kind == 3) {
        hold_journal_bytes += written;
    }
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t offset) {
    static pwrite_fn real;
    if (real == NULL) {
        real = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite64");
    }
    ssize_t written = real(fd, buf, n, offset);
    int saved = errno;
    count_write(fd, written);
    errno = saved;
    return written;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset) {
    static pwrite_fn real;
    if (real == NULL) {
        real = (pwrite_fn)dlsym(RTLD_NEXT, "pwrite");
    }
    ssize_t written = real(fd, buf, n, offset);
    int saved = errno;
    count_write(fd, written);
    errno = saved;
    return written;
}

static int count_sync(int fd, int result) {
    if (holding && result == 0 && watched_state(fd) != 0) {
        hold_syncs++;
    }
    return result;
}

int fsync(int fd) {
    static sync_fn real;
    if (real == NULL) {
        real = (sync_fn)dlsym(RTLD_NEXT, "fsync");
    }
    int result = real(fd);
    int saved = errno;
    count_sync(fd, result);
    errno = saved;
    return result;
}

int fdatasync(int fd) {
    static sync_fn real;
    if (real == NULL) {
        real = (sync_fn)dlsym(RTLD_NEXT, "fdatasync");
    }
    int result = real(fd);
    int saved = errno;
    count_sync(fd, result);
    errno = saved;
    return result;
}

/* ---- process ends ---------------------------------------------------------------------------------- */

/* exec replaces the process and _exit skips the destructor: both write what is buffered first. */
int execve(const char *path, char *const argv[], char *const envp[]) {
    static execve_fn real;
    if (real == NULL) {
        real = (execve_fn)dlsym(RTLD_NEXT, "execve");
    }
    flush_all();
    return real(path, argv, envp);
}

int execv(const char *path, char *const argv[]) {
    static execvp_fn real;
    if (real == NULL) {
        real = (execvp_fn)dlsym(RTLD_NEXT, "execv");
    }
    flush_all();
    return real(path, argv);
}

int execvp(const char *file, char *const argv[]) {
    static execvp_fn real;
    if (real == NULL) {
        real = (execvp_fn)dlsym(RTLD_NEXT, "execvp");
    }
    flush_all();
    return real(file, argv);
}

int execvpe(const char *file, char *const argv[], char *const envp[]) {
    static execvpe_fn real;
    if (real == NULL) {
        real = (execvpe_fn)dlsym(RTLD_NEXT, "execvpe");
    }
    flush_all();
    return real(file, argv, envp);
}

void _exit(int status) {
    static exit_fn real;
    if (real == NULL) {
        real = (exit_fn)dlsym(RTLD_NEXT, "_exit");
    }
    flush_all();
    real(status);
    __builtin_unreachable();
}
