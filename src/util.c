/* util.c: memory, buffers, reading a file whole, string lists, terminal-safe text. */
#include <config.h>
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void oom(void)
{
	fputs("httpdoc: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

static char *vasprintf_x(const char *fmt, va_list ap)
{
	/* Most strings fit on the stack: one formatting pass, not two. */
	char tmp[256];
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, aq);
	va_end(aq);
	if (n < 0)
		oom();
	char *s = xmalloc((size_t)n + 1);
	if ((size_t)n < sizeof tmp)
		memcpy(s, tmp, (size_t)n + 1);
	else
		vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vasprintf_x(fmt, ap);
	va_end(ap);
	return s;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vasprintf_x(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

char *buf_steal(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

enum file_read file_read(const char *path, size_t max, char **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return FILE_READ_OPEN;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return FILE_READ_IO;
	}
	size_t limit = max == SIZE_MAX ? SIZE_MAX : max + 1;
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	errno = 0;
	while (b.len < limit &&
	       (n = fread(chunk, 1, limit - b.len < sizeof chunk ? limit - b.len : sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	int read_errno = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (read_errno) {
		buf_free(&b);
		errno = read_errno;
		return FILE_READ_IO;
	}
	*len = b.len;
	*data = buf_steal(&b);
	return FILE_READ_OK;
}

void strlist_add(struct strlist *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(s);
}

void strlist_addf(struct strlist *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = vasprintf_x(fmt, ap);
	va_end(ap);
	strlist_add(l, s);
	free(s);
}

bool strlist_contains(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return true;
	return false;
}

void strlist_free(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

bool str_ieq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

bool str_istarts(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
	return true;
}

const char *str_icase_find(const char *hay, size_t hay_len, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return hay;
	for (size_t i = 0; i + n <= hay_len; i++) {
		size_t j = 0;
		while (j < n && tolower((unsigned char)hay[i + j]) == tolower((unsigned char)needle[j]))
			j++;
		if (j == n)
			return hay + i;
	}
	return NULL;
}

/* Length of a valid UTF-8 sequence at s (at most len bytes), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t n;
	uint32_t c;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		n = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		n = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

static bool cp_is_dangerous(uint32_t c)
{
	return (c >= 0x80 && c <= 0x9F) ||          /* C1 controls, e.g. CSI */
	       (c >= 0x202A && c <= 0x202E) ||      /* bidi embeddings and overrides */
	       (c >= 0x2066 && c <= 0x2069) ||      /* bidi isolates */
	       c == 0x200E || c == 0x200F || c == 0x061C || c == 0xFEFF;
}

char *term_safe(const char *s, size_t len, bool keep_newlines)
{
	struct buf b = {0};
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	buf_append(&b, "", 0);
	while (p && i < len) {
		uint32_t cp;
		size_t n = utf8_valid(p + i, len - i, &cp);
		if (n == 0) {
			buf_printf(&b, "\\x%02X", p[i]);
			i++;
			continue;
		}
		if (n == 1 && (cp < 0x20 || cp == 0x7F)) {
			if (keep_newlines && (cp == '\n' || cp == '\t'))
				buf_append(&b, p + i, 1);
			else if (cp == '\n')
				buf_puts(&b, "\\n");
			else if (cp == '\t')
				buf_puts(&b, "\\t");
			else if (cp == '\r')
				buf_puts(&b, "\\r");
			else
				buf_printf(&b, "\\x%02X", (unsigned)cp);
		} else if (cp == '\\' && n == 1) {
			buf_puts(&b, "\\\\");
		} else if (cp_is_dangerous(cp)) {
			buf_printf(&b, "\\u%04X", (unsigned)cp);
		} else {
			buf_append(&b, p + i, n);
		}
		i += n;
	}
	return buf_steal(&b);
}

void str_collapse_space(char *s)
{
	char *w = s;
	bool space = false;
	for (char *r = s; *r; r++) {
		if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
			space = true;
			continue;
		}
		if (space && w != s)
			*w++ = ' ';
		space = false;
		*w++ = *r;
	}
	*w = '\0';
}

char *base64_encode(const void *data, size_t n)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *out = xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) |
			     (i + 2 < n ? p[i + 2] : 0);
		*o++ = alphabet[v >> 18 & 63];
		*o++ = alphabet[v >> 12 & 63];
		*o++ = i + 1 < n ? alphabet[v >> 6 & 63] : '=';
		*o++ = i + 2 < n ? alphabet[v & 63] : '=';
	}
	*o = '\0';
	return out;
}

bool addr_port_split(const char *s, char *host, size_t size, long *port, bool *bracketed)
{
	const char *start = s, *end, *after;
	*port = 0;
	*bracketed = s && s[0] == '[';
	if (!s || !size)
		return false;
	if (*bracketed) {
		start = s + 1;
		end = strchr(start, ']');
		if (!end)
			return false;
		after = end + 1;
		if (*after && *after != ':')
			return false;
	} else {
		end = strchr(s, ':');
		if (!end)
			end = s + strlen(s);
		after = end;
	}
	size_t len = (size_t)(end - start);
	if (len == 0 || len >= size)
		return false;
	memcpy(host, start, len);
	host[len] = '\0';
	if (*after == ':') {
		const char *p = after + 1;
		char *stop;
		long v = strtol(p, &stop, 10);
		if (*p < '0' || *p > '9' || *stop || v < 1 || v > 65535)
			return false;
		*port = v;
	}
	return true;
}
