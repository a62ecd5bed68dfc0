/* util.h: memory, growing buffers, string lists, and making bytes safe to print.
 *
 * Out-of-memory aborts through xmalloc and friends; nothing else here exits.
 * Every x_free-style function accepts NULL. */
#ifndef HTTPDOC_UTIL_H
#define HTTPDOC_UTIL_H

#include <stdbool.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);            /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growing byte buffer, always NUL-terminated (data may contain NULs). */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_steal(struct buf *b);          /* caller frees; b is left empty */
void buf_free(struct buf *b);

/* Read the file at path whole, or its first max + 1 bytes (so *len > max
 * says it is larger than max; SIZE_MAX: no limit). *data is NUL-terminated
 * and the caller frees it; on failure it is NULL and errno says why
 * (FILE_READ_IO with EISDIR: a directory). */
enum file_read { FILE_READ_OK, FILE_READ_OPEN, FILE_READ_IO };
enum file_read file_read(const char *path, size_t max, char **data, size_t *len);

/* A list of owned strings. */
struct strlist {
	char **v;
	size_t n, cap;
};
void strlist_add(struct strlist *l, const char *s);          /* copies s */
void strlist_addf(struct strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool strlist_contains(const struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/* Case-insensitive ASCII helpers. */
bool str_ieq(const char *a, const char *b);
bool str_istarts(const char *s, const char *prefix);
const char *str_icase_find(const char *hay, size_t hay_len, const char *needle);

/* Make network bytes harmless for a terminal: printable UTF-8 is kept, control
 * bytes become \xNN (\n and \t too, unless keep_newlines), invalid UTF-8 bytes
 * become \xNN, and the C1 controls and bidi overrides in UTF-8 are escaped.
 * Returns a new string; the caller frees. */
char *term_safe(const char *s, size_t len, bool keep_newlines);

/* n bytes as base64 (RFC 4648, padded), a new string; the caller frees. */
char *base64_encode(const void *data, size_t n);

/* Split "HOST", "HOST:PORT", "[V6]" or "[V6]:PORT" (an --origin or a
 * --dns-server): the host, without brackets, into host (size bytes); the
 * port into *port (0 when none); *bracketed when it was in brackets. False
 * when the form is wrong: an unclosed bracket, something after it other than
 * :PORT, an empty or too long host, a port that is not 1 to 65535. The host's
 * own characters are the caller's to check. */
bool addr_port_split(const char *s, char *host, size_t size, long *port, bool *bracketed);

/* Collapse runs of ASCII white space into one space and trim both ends, in place.
 * This is how xgettext normalises XML text, so KB look-ups use it too. */
void str_collapse_space(char *s);

#endif
