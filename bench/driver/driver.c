/*
 * bench driver: spawns an NDJSON JSON-RPC worker with pipes and measures it.
 *
 *   driver MODE [options] -- command [args...]
 *
 * Modes (each prints one JSON object on stdout):
 *   throughput  pipelined ping: one thread writes --requests pings as fast as it
 *               can while the main thread reads every reply; requests/s
 *   lockstep    send one ping, wait for its reply; --requests times after
 *               --warmup; median, p99, mean, max in microseconds
 *   coldstart   spawn, send one ping, read its reply; --spawns times after two
 *               unmeasured spawns; median in milliseconds
 *   memory      idle RSS after the first reply; then pushes --bytes of pings
 *               while never reading stdout, until done, or no byte is accepted
 *               for --stall-ms, or the worker's RSS reaches --rss-cap-mb;
 *               peak RSS (VmHWM) and bytes accepted
 *   underload   lockstep pings while --heavy-count heavy requests are kept in
 *               flight (each finished one is replaced at once), at least
 *               --requests of them and until --heavy-complete heavy requests
 *               finished; p50, p99, p99.9, max, and the worst ping among those
 *               whose reply came after a heavy reply and among the others
 *
 * The driver parses nothing in a timed path: throughput counts newlines with
 * memchr and checks every reply (id order, "result") after the clock stops.
 *
 * Build: cc -O2 -pthread -o driver driver.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* ---------------------------------------------------------------- options */

static const char *mode;
static char **command;           /* argv of the worker */
static long requests = -1;       /* per mode default below */
static long warmup = -1;
static long spawns = 30;
static long long push_bytes = 200LL * 1000 * 1000;
static long stall_ms = 2000;
static long rss_cap_mb = 4096;     /* memory: stop pushing once the worker holds this much */
static const char *heavy_method = "diagnostics/slow";
static const char *heavy_params = "{\"steps\":10000,\"stepMilliseconds\":0}";
static long heavy_count = 2;
static long heavy_complete = 0;  /* underload: heavy requests that must finish while pings are timed */
static int echo_replies = 0;     /* the floor echoes requests instead of answering */
static long timeout_s = 300;
static const char *stderr_path = NULL;

/* ---------------------------------------------------------------- helpers */

static volatile pid_t current_child = 0;

static void die(const char *format, ...) {
    va_list args;
    va_start(args, format);
    fprintf(stderr, "driver: ");
    vfprintf(stderr, format, args);
    fprintf(stderr, "\n");
    va_end(args);
    if (current_child > 0) kill(current_child, SIGKILL);
    exit(2);
}

static void on_alarm(int signal_number) {
    (void)signal_number;
    static const char message[] = "driver: timed out\n";
    if (current_child > 0) kill(current_child, SIGKILL);
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(3);
}

static inline uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void *xmalloc(size_t size) {
    void *p = malloc(size);
    if (!p) die("out of memory (%zu bytes)", size);
    return p;
}

static int compare_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* The value at quantile q (0..1) of sorted samples, nearest rank. */
static uint64_t quantile(const uint64_t *sorted, size_t n, double q) {
    if (n == 0) return 0;
    size_t rank = (size_t)(q * (double)n + 0.999999999);
    if (rank < 1) rank = 1;
    if (rank > n) rank = n;
    return sorted[rank - 1];
}

/* ---------------------------------------------------------------- child process */

typedef struct {
    pid_t pid;
    int to_child;   /* its stdin */
    int from_child; /* its stdout */
} child_t;

static void spawn_child(child_t *child) {
    int in_pipe[2], out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) die("pipe: %s", strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    if (stderr_path) {
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    }
    int status = posix_spawnp(&child->pid, command[0], &actions, NULL, command, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (status != 0) die("cannot spawn %s: %s", command[0], strerror(status));
    current_child = child->pid;
    close(in_pipe[0]);
    close(out_pipe[1]);
    child->to_child = in_pipe[1];
    child->from_child = out_pipe[0];
}

/* Closes the child's stdin and waits for it to exit (killing it after a grace period). */
static void finish_child(child_t *child, int kill_now) {
    if (child->to_child >= 0) close(child->to_child);
    child->to_child = -1;
    if (kill_now) kill(child->pid, SIGKILL);
    int status = 0;
    uint64_t deadline = now_ns() + 10ull * 1000000000ull;
    char sink[65536];
    for (;;) {
        pid_t done = waitpid(child->pid, &status, WNOHANG);
        if (done == child->pid) break;
        if (now_ns() > deadline) {
            kill(child->pid, SIGKILL);
            waitpid(child->pid, &status, 0);
            break;
        }
        /* keep draining stdout so a worker flushing its last replies can exit */
        struct pollfd pfd = {.fd = child->from_child, .events = POLLIN};
        if (child->from_child >= 0 && poll(&pfd, 1, 5) > 0) {
            ssize_t n = read(child->from_child, sink, sizeof sink);
            if (n <= 0) { close(child->from_child); child->from_child = -1; }
        } else if (child->from_child < 0) {
            usleep(1000);
        }
    }
    if (child->from_child >= 0) close(child->from_child);
    child->from_child = -1;
    current_child = 0;
}

static void write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("write to worker: %s", strerror(errno));
        }
        data += n;
        length -= (size_t)n;
    }
}

/* Reads /proc/PID/status fields VmRSS and VmHWM, in KiB. */
static void read_rss(pid_t pid, long *rss_kb, long *hwm_kb) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *file = fopen(path, "r");
    *rss_kb = -1;
    if (hwm_kb) *hwm_kb = -1;
    if (!file) return;
    while (fgets(line, sizeof line, file)) {
        if (strncmp(line, "VmRSS:", 6) == 0) *rss_kb = strtol(line + 6, NULL, 10);
        else if (hwm_kb && strncmp(line, "VmHWM:", 6) == 0) *hwm_kb = strtol(line + 6, NULL, 10);
    }
    fclose(file);
}

/* ---------------------------------------------------------------- line reader */

typedef struct {
    int fd;
    char *data;
    size_t capacity, start, end; /* unread bytes are data[start..end) */
    size_t scanned;              /* data[start..start+scanned) holds no newline: a long line is scanned once */
} reader_t;

static void reader_init(reader_t *r, int fd) {
    r->fd = fd;
    r->capacity = 1 << 20;
    r->data = xmalloc(r->capacity);
    r->start = r->end = r->scanned = 0;
}

/* The next line (without '\n'); blocks. Dies on end of file. */
static char *read_line(reader_t *r, size_t *length) {
    for (;;) {
        char *newline = memchr(r->data + r->start + r->scanned, '\n', r->end - r->start - r->scanned);
        if (newline) {
            char *line = r->data + r->start;
            *length = (size_t)(newline - line);
            r->start = (size_t)(newline - r->data) + 1;
            r->scanned = 0;
            return line;
        }
        r->scanned = r->end - r->start;
        if (r->start > 0) {
            memmove(r->data, r->data + r->start, r->end - r->start);
            r->end -= r->start;
            r->start = 0;
        }
        if (r->end == r->capacity) {
            r->capacity *= 2;
            r->data = realloc(r->data, r->capacity);
            if (!r->data) die("out of memory");
        }
        ssize_t n = read(r->fd, r->data + r->end, r->capacity - r->end);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("read from worker: %s", strerror(errno));
        }
        if (n == 0) die("the worker closed its stdout early");
        r->end += (size_t)n;
    }
}

/* ---------------------------------------------------------------- messages */

static size_t format_ping(char *out, long long id) {
    return (size_t)sprintf(out, "{\"jsonrpc\":\"2.0\",\"id\":%lld,\"method\":\"ping\"}\n", id);
}

/* Finds the value of "id" in a reply line: kind 'n' number, 's' string, 0 none. */
static int find_id(const char *line, size_t length, long long *number, const char **string, size_t *string_length) {
    const char *p = memmem(line, length, "\"id\"", 4);
    if (!p) return 0;
    const char *end = line + length;
    p += 4;
    while (p < end && (*p == ' ' || *p == ':')) p++;
    if (p >= end) return 0;
    if (*p == '"') {
        const char *close = memchr(p + 1, '"', (size_t)(end - p - 1));
        if (!close) return 0;
        *string = p + 1;
        *string_length = (size_t)(close - p - 1);
        return 's';
    }
    char *after;
    *number = strtoll(p, &after, 10);
    return after == p ? 0 : 'n';
}

/* Checks that a line is the reply to ping `id`. */
static int is_ping_reply(const char *line, size_t length, long long id) {
    long long number = 0;
    const char *s;
    size_t sl;
    if (find_id(line, length, &number, &s, &sl) != 'n' || number != id) return 0;
    if (echo_replies) return memmem(line, length, "\"method\":\"ping\"", 15) != NULL;
    return memmem(line, length, "\"result\"", 8) != NULL && memmem(line, length, "\"error\"", 7) == NULL;
}

/* Sends `count` pings (ids first..) at once and reads their replies. */
static void warm_up(child_t *child, reader_t *r, long long first, long count) {
    while (count > 0) {
        long batch = count > 500 ? 500 : count; /* stays well inside the pipe buffers */
        char *buffer = xmalloc((size_t)batch * 128);
        size_t used = 0;
        for (long i = 0; i < batch; i++) used += format_ping(buffer + used, first + i);
        write_all(child->to_child, buffer, used);
        free(buffer);
        for (long i = 0; i < batch; i++) {
            size_t length;
            char *line = read_line(r, &length);
            if (!is_ping_reply(line, length, first + i)) die("unexpected warm-up reply: %.*s", (int)length, line);
        }
        first += batch;
        count -= batch;
    }
}

/* ---------------------------------------------------------------- throughput */

typedef struct {
    int fd;
    const char *data;
    size_t length;
    uint64_t finished_ns;
} writer_job_t;

static void *writer_thread(void *argument) {
    writer_job_t *job = argument;
    write_all(job->fd, job->data, job->length);
    job->finished_ns = now_ns();
    return NULL;
}

static int run_throughput(void) {
    long n = requests > 0 ? requests : 200000;
    long w = warmup >= 0 ? warmup : 1000;
    child_t child;
    spawn_child(&child);
    reader_t r;
    reader_init(&r, child.from_child);
    warm_up(&child, &r, 1000000000LL, w > 0 ? w : 1);

    char *requests_buffer = xmalloc((size_t)n * 64);
    size_t request_bytes = 0;
    for (long i = 0; i < n; i++) request_bytes += format_ping(requests_buffer + request_bytes, i + 1);

    size_t capacity = (size_t)n * 128 + (1 << 20);
    char *replies = xmalloc(capacity);
    /* touch the reply buffer now so page faults are not timed */
    memset(replies, 0, capacity);
    size_t received = 0;
    long lines = 0;

    writer_job_t job = {.fd = child.to_child, .data = requests_buffer, .length = request_bytes};
    pthread_t thread;
    uint64_t t0 = now_ns();
    if (pthread_create(&thread, NULL, writer_thread, &job) != 0) die("pthread_create failed");
    while (lines < n) {
        if (received == capacity) die("replies larger than expected");
        ssize_t got = read(child.from_child, replies + received, capacity - received);
        if (got < 0) {
            if (errno == EINTR) continue;
            die("read from worker: %s", strerror(errno));
        }
        if (got == 0) die("the worker closed its stdout after %ld replies", lines);
        const char *p = replies + received, *end = p + got;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            lines++;
            p++;
        }
        received += (size_t)got;
    }
    uint64_t t1 = now_ns();
    pthread_join(thread, NULL);

    /* check every reply, in order */
    long errors = 0;
    const char *line = replies;
    for (long i = 0; i < n; i++) {
        const char *newline = memchr(line, '\n', (size_t)(replies + received - line));
        if (!is_ping_reply(line, (size_t)(newline - line), i + 1)) {
            if (errors < 3) fprintf(stderr, "driver: bad reply %ld: %.*s\n", i + 1, (int)(newline - line), line);
            errors++;
        }
        line = newline + 1;
    }
    finish_child(&child, 0);
    double seconds = (double)(t1 - t0) / 1e9;
    printf("{\"mode\":\"throughput\",\"requests\":%ld,\"request_bytes\":%zu,\"reply_bytes\":%zu,"
           "\"seconds\":%.6f,\"write_seconds\":%.6f,\"rps\":%.1f,\"errors\":%ld}\n",
           n, request_bytes, received, seconds, (double)(job.finished_ns - t0) / 1e9, (double)n / seconds, errors);
    free(requests_buffer);
    free(replies);
    return errors ? 1 : 0;
}

/* ---------------------------------------------------------------- lockstep */

static int run_lockstep(void) {
    long n = requests > 0 ? requests : 20000;
    long w = warmup >= 0 ? warmup : 2000;
    child_t child;
    spawn_child(&child);
    reader_t r;
    reader_init(&r, child.from_child);
    char request[128];
    uint64_t *samples = xmalloc((size_t)n * sizeof *samples);
    long errors = 0;
    for (long i = -w; i < n; i++) {
        long long id = i + 1 + w; /* ids 1.. */
        size_t length = format_ping(request, id);
        uint64_t t0 = now_ns();
        write_all(child.to_child, request, length);
        size_t reply_length;
        char *reply = read_line(&r, &reply_length);
        uint64_t t1 = now_ns();
        if (!is_ping_reply(reply, reply_length, id)) {
            if (errors < 3) fprintf(stderr, "driver: bad reply: %.*s\n", (int)reply_length, reply);
            errors++;
        }
        if (i >= 0) samples[i] = t1 - t0;
    }
    finish_child(&child, 0);
    uint64_t total = 0;
    for (long i = 0; i < n; i++) total += samples[i];
    qsort(samples, (size_t)n, sizeof *samples, compare_u64);
    printf("{\"mode\":\"lockstep\",\"requests\":%ld,\"p50_us\":%.3f,\"p90_us\":%.3f,\"p99_us\":%.3f,"
           "\"mean_us\":%.3f,\"max_us\":%.3f,\"errors\":%ld}\n",
           n, quantile(samples, (size_t)n, 0.5) / 1e3, quantile(samples, (size_t)n, 0.9) / 1e3,
           quantile(samples, (size_t)n, 0.99) / 1e3, (double)total / (double)n / 1e3,
           samples[n - 1] / 1e3, errors);
    free(samples);
    return errors ? 1 : 0;
}

/* ---------------------------------------------------------------- cold start */

static int run_coldstart(void) {
    long n = spawns;
    uint64_t *samples = xmalloc((size_t)n * sizeof *samples);
    char request[128];
    size_t length = format_ping(request, 1);
    long errors = 0;
    for (long i = -2; i < n; i++) { /* two unmeasured spawns warm the page cache */
        child_t child;
        reader_t r;
        uint64_t t0 = now_ns();
        spawn_child(&child);
        reader_init(&r, child.from_child);
        write_all(child.to_child, request, length);
        size_t reply_length;
        char *reply = read_line(&r, &reply_length);
        uint64_t t1 = now_ns();
        if (!is_ping_reply(reply, reply_length, 1)) errors++;
        finish_child(&child, 0);
        free(r.data);
        if (i >= 0) samples[i] = t1 - t0;
    }
    qsort(samples, (size_t)n, sizeof *samples, compare_u64);
    printf("{\"mode\":\"coldstart\",\"spawns\":%ld,\"p50_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,\"errors\":%ld}\n",
           n, quantile(samples, (size_t)n, 0.5) / 1e6, samples[0] / 1e6, samples[n - 1] / 1e6, errors);
    free(samples);
    return errors ? 1 : 0;
}

/* ---------------------------------------------------------------- memory */

static int run_memory(void) {
    child_t child;
    spawn_child(&child);
    reader_t r;
    reader_init(&r, child.from_child);
    warm_up(&child, &r, 1, 1);
    usleep(200 * 1000); /* let start-up threads settle */
    long idle_rss, idle_hwm;
    read_rss(child.pid, &idle_rss, &idle_hwm);

    /* 1 MiB of pings, repeated; stdout is never read from here on */
    size_t chunk_capacity = 1 << 20, chunk_length = 0;
    char *chunk = xmalloc(chunk_capacity + 128);
    for (long long id = 1; chunk_length < chunk_capacity - 64; id++) chunk_length += format_ping(chunk + chunk_length, id);
    fcntl(child.to_child, F_SETFL, fcntl(child.to_child, F_GETFL) | O_NONBLOCK);

    long long accepted = 0;
    size_t offset = 0;
    long max_rss = idle_rss;
    uint64_t start = now_ns(), last_progress = start, last_sample = 0;
    int stalled = 0, capped = 0;
    while (accepted < push_bytes && !capped) {
        size_t want = chunk_length - offset;
        if ((long long)want > push_bytes - accepted) want = (size_t)(push_bytes - accepted);
        ssize_t n = write(child.to_child, chunk + offset, want);
        uint64_t now = now_ns();
        if (n > 0) {
            accepted += n;
            offset = (offset + (size_t)n) % chunk_length;
            last_progress = now;
        } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
            die("write to worker: %s (after %lld bytes)", strerror(errno), accepted);
        } else {
            if ((now - last_progress) / 1000000ull >= (uint64_t)stall_ms) {
                stalled = 1;
                break;
            }
            struct pollfd pfd = {.fd = child.to_child, .events = POLLOUT};
            poll(&pfd, 1, 10);
        }
        if (now - last_sample > 10ull * 1000000ull) {
            long rss;
            read_rss(child.pid, &rss, NULL);
            if (rss > max_rss) max_rss = rss;
            if (rss / 1024 >= rss_cap_mb) capped = 1; /* it grows with input; enough is shown */
            last_sample = now;
        }
    }
    uint64_t end = now_ns();
    long final_rss, peak_hwm;
    read_rss(child.pid, &final_rss, &peak_hwm);
    if (final_rss > max_rss) max_rss = final_rss;
    finish_child(&child, 1);
    printf("{\"mode\":\"memory\",\"idle_rss_kb\":%ld,\"idle_hwm_kb\":%ld,\"pushed_limit_bytes\":%lld,"
           "\"accepted_bytes\":%lld,\"stalled\":%s,\"capped\":%s,\"push_seconds\":%.3f,\"final_rss_kb\":%ld,"
           "\"max_sampled_rss_kb\":%ld,\"peak_rss_kb\":%ld}\n",
           idle_rss, idle_hwm, push_bytes, accepted, stalled ? "true" : "false", capped ? "true" : "false", (double)(end - start) / 1e9,
           final_rss, max_rss, peak_hwm);
    free(chunk);
    return 0;
}

/* ---------------------------------------------------------------- ping under load */

static long long heavy_sent = 0;

static void send_heavy(child_t *child) {
    char buffer[8192];
    int length = snprintf(buffer, sizeof buffer, "{\"jsonrpc\":\"2.0\",\"id\":\"heavy-%lld\",\"method\":\"%s\",\"params\":%s}\n",
                          ++heavy_sent, heavy_method, heavy_params);
    if (length <= 0 || (size_t)length >= sizeof buffer) die("heavy request too long");
    write_all(child->to_child, buffer, (size_t)length);
}

static int run_underload(void) {
    long n = requests > 0 ? requests : 20000;
    long w = warmup >= 0 ? warmup : 500;
    child_t child;
    spawn_child(&child);
    reader_t r;
    reader_init(&r, child.from_child);
    warm_up(&child, &r, 1000000000LL, w > 0 ? w : 1);
    for (long i = 0; i < heavy_count; i++) send_heavy(&child);

    size_t capacity = (size_t)n;
    uint64_t *samples = xmalloc(capacity * sizeof *samples);
    uint64_t worst_behind_heavy = 0, worst_clear = 0; /* pings whose reply came after a heavy reply, and the rest */
    long behind_heavy = 0;
    long errors = 0, heavy_done = 0, heavy_errors = 0, other_lines = 0;
    char request[128];
    uint64_t started = now_ns();
    long count = 0;
    while (count < n || heavy_done < heavy_complete) {
        long long id = count + 1;
        size_t length = format_ping(request, id);
        int after_heavy = 0;
        uint64_t t0 = now_ns();
        write_all(child.to_child, request, length);
        for (;;) {
            size_t reply_length;
            char *reply = read_line(&r, &reply_length);
            long long number = 0;
            const char *s = NULL;
            size_t sl = 0;
            int kind = find_id(reply, reply_length, &number, &s, &sl);
            if (kind == 'n') {
                uint64_t took = now_ns() - t0;
                if ((size_t)count == capacity) {
                    capacity *= 2;
                    samples = realloc(samples, capacity * sizeof *samples);
                    if (!samples) die("out of memory");
                }
                samples[count++] = took;
                if (after_heavy) {
                    behind_heavy++;
                    if (took > worst_behind_heavy) worst_behind_heavy = took;
                } else if (took > worst_clear) {
                    worst_clear = took;
                }
                if (!is_ping_reply(reply, reply_length, id)) {
                    if (errors < 3) fprintf(stderr, "driver: bad reply: %.*s\n", (int)reply_length, reply);
                    errors++;
                }
                break;
            }
            if (kind == 's' && sl > 6 && memcmp(s, "heavy-", 6) == 0) {
                heavy_done++;
                after_heavy = 1;
                if (!memmem(reply, reply_length, "\"result\"", 8)) {
                    if (heavy_errors < 3) fprintf(stderr, "driver: heavy request failed: %.*s\n", (int)reply_length, reply);
                    heavy_errors++;
                }
                send_heavy(&child); /* keep heavy_count in flight */
            } else {
                other_lines++; /* progress notifications and the like */
            }
        }
    }
    double seconds = (double)(now_ns() - started) / 1e9;
    finish_child(&child, 0);
    qsort(samples, (size_t)count, sizeof *samples, compare_u64);
    printf("{\"mode\":\"underload\",\"requests\":%ld,\"heavy_in_flight\":%ld,\"heavy_completed\":%ld,"
           "\"heavy_errors\":%ld,\"other_lines\":%ld,\"seconds\":%.3f,\"p50_us\":%.3f,\"p90_us\":%.3f,"
           "\"p99_us\":%.3f,\"p999_us\":%.3f,\"max_us\":%.3f,\"pings_after_heavy_reply\":%ld,"
           "\"max_after_heavy_reply_us\":%.3f,\"max_other_us\":%.3f,\"errors\":%ld}\n",
           count, heavy_count, heavy_done, heavy_errors, other_lines, seconds,
           quantile(samples, (size_t)count, 0.5) / 1e3, quantile(samples, (size_t)count, 0.9) / 1e3,
           quantile(samples, (size_t)count, 0.99) / 1e3, quantile(samples, (size_t)count, 0.999) / 1e3,
           samples[count - 1] / 1e3, behind_heavy, worst_behind_heavy / 1e3, worst_clear / 1e3, errors);
    free(samples);
    return (errors || heavy_errors) ? 1 : 0;
}

/* ---------------------------------------------------------------- main */

static void usage(void) {
    fprintf(stderr,
            "usage: driver throughput|lockstep|coldstart|memory|underload [options] -- command [args...]\n"
            "  --requests N        pings measured (throughput 200000, lockstep 20000, underload 20000)\n"
            "  --warmup N          unmeasured pings first (throughput 1000, lockstep 2000, underload 500)\n"
            "  --spawns N          cold starts measured (30)\n"
            "  --bytes N           memory: bytes of pings to push at a worker whose stdout is never read (200000000)\n"
            "  --stall-ms N        memory: give up pushing after N ms without progress (2000)\n"
            "  --rss-cap-mb N      memory: stop pushing once the worker's RSS reaches N MiB (4096)\n"
            "  --heavy-method M    underload: the heavy request's method (diagnostics/slow)\n"
            "  --heavy-params J    underload: its params, a JSON text ({\"steps\":10000,\"stepMilliseconds\":0})\n"
            "  --heavy-count N     underload: heavy requests kept in flight (2)\n"
            "  --heavy-complete N  underload: ping on past --requests until N heavy requests finished (0)\n"
            "  --echo              replies are echoes of the requests (the C floor)\n"
            "  --timeout S         abort after S seconds (300)\n"
            "  --stderr PATH       append the worker's stderr to PATH\n");
    exit(2);
}

int main(int argc, char **argv) {
    if (argc < 2) usage();
    mode = argv[1];
    int i = 2;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) { i++; break; }
        if (strcmp(a, "--echo") == 0) { echo_replies = 1; continue; }
        if (i + 1 >= argc) usage();
        const char *v = argv[++i];
        if (strcmp(a, "--requests") == 0) requests = atol(v);
        else if (strcmp(a, "--warmup") == 0) warmup = atol(v);
        else if (strcmp(a, "--spawns") == 0) spawns = atol(v);
        else if (strcmp(a, "--bytes") == 0) push_bytes = atoll(v);
        else if (strcmp(a, "--stall-ms") == 0) stall_ms = atol(v);
        else if (strcmp(a, "--rss-cap-mb") == 0) rss_cap_mb = atol(v);
        else if (strcmp(a, "--heavy-method") == 0) heavy_method = v;
        else if (strcmp(a, "--heavy-params") == 0) heavy_params = v;
        else if (strcmp(a, "--heavy-count") == 0) heavy_count = atol(v);
        else if (strcmp(a, "--heavy-complete") == 0) heavy_complete = atol(v);
        else if (strcmp(a, "--timeout") == 0) timeout_s = atol(v);
        else if (strcmp(a, "--stderr") == 0) stderr_path = v;
        else usage();
    }
    if (i >= argc) usage();
    command = argv + i;
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    alarm((unsigned)timeout_s);
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (strcmp(mode, "throughput") == 0) return run_throughput();
    if (strcmp(mode, "lockstep") == 0) return run_lockstep();
    if (strcmp(mode, "coldstart") == 0) return run_coldstart();
    if (strcmp(mode, "memory") == 0) return run_memory();
    if (strcmp(mode, "underload") == 0) return run_underload();
    usage();
    return 2;
}
