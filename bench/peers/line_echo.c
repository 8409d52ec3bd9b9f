/*
 * The floor: a line echo that parses nothing.
 *
 * Reads stdin in 64 KiB chunks and writes every complete line straight back
 * (all complete lines of a chunk in one write), keeping a trailing partial line
 * until its newline arrives. No JSON, no allocation per line. Any worker that
 * parses and answers messages can at best approach this.
 *
 * Build: cc -O2 -o line_echo line_echo.c
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

static char buffer[1 << 20]; /* room for a partial line plus one read */

static int write_all(const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(STDOUT_FILENO, data, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

int main(void) {
    size_t held = 0; /* bytes of an unfinished line at the start of buffer */
    for (;;) {
        if (held == sizeof buffer) held = 0; /* an absurdly long line: drop it */
        size_t room = sizeof buffer - held;
        if (room > 65536) room = 65536;
        ssize_t n = read(STDIN_FILENO, buffer + held, room);
        if (n < 0) {
            if (errno == EINTR) continue;
            return 1;
        }
        if (n == 0) break;
        size_t total = held + (size_t)n;
        /* the last newline in what we have */
        char *last = NULL;
        for (char *p = buffer + total; p > buffer; --p) {
            if (p[-1] == '\n') { last = p; break; }
        }
        if (last == NULL) { held = total; continue; }
        size_t complete = (size_t)(last - buffer);
        if (write_all(buffer, complete) != 0) return 1;
        held = total - complete;
        memmove(buffer, last, held);
    }
    if (held > 0 && write_all(buffer, held) != 0) return 1;
    return 0;
}
