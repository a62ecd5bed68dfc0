/* textwrap.c: wrapping by display width. */
#include <config.h>
#include "textwrap.h"

#include <string.h>
#include <wchar.h>

/* Display width of n bytes of UTF-8 (CJK characters take two columns). */
size_t text_width(const char *s, size_t n, bool *wide_out)
{
	mbstate_t st = {0};
	size_t w = 0;
	bool wide = false;
	while (n > 0) {
		wchar_t wc;
		size_t len = mbrtowc(&wc, s, n, &st);
		if (len == (size_t)-1 || len == (size_t)-2) {
			memset(&st, 0, sizeof st);
			len = 1;
			w++;
		} else {
			if (len == 0)
				len = 1;
			int cw = wcwidth(wc);
			w += cw > 0 ? (size_t)cw : 0;
			wide |= cw > 1;
		}
		s += len;
		n -= len;
	}
	if (wide_out)
		*wide_out = wide;
	return w;
}

/* Length in bytes of the next word: a run of narrow characters up to a space,
 * or one wide character (CJK text breaks between any two of them). */
static size_t word_len(const char *s)
{
	mbstate_t st = {0};
	size_t i = 0;
	while (s[i] && s[i] != ' ') {
		wchar_t wc;
		size_t len = mbrtowc(&wc, s + i, strlen(s + i), &st);
		if (len == (size_t)-1 || len == (size_t)-2 || len == 0) {
			memset(&st, 0, sizeof st);
			len = 1;
		} else if (wcwidth(wc) > 1) {
			return i ? i : len;
		}
		i += len;
	}
	return i;
}

void text_wrap(struct buf *out, size_t indent, const char *prefix, const char *text, size_t columns)
{
	size_t hang = indent + text_width(prefix, strlen(prefix), NULL);
	buf_printf(out, "%*s%s", (int)indent, "", prefix);
	size_t col = hang;
	bool line_empty = true;
	const char *p = text ? text : "";
	while (*p) {
		bool space = false;
		while (*p == ' ') {
			space = true;
			p++;
		}
		if (!*p)
			break;
		size_t len = word_len(p);
		bool wide;
		size_t w = text_width(p, len, &wide);
		size_t gap = (space && !line_empty) ? 1 : 0;
		if (!line_empty && col + gap + w > columns) {
			buf_printf(out, "\n%*s", (int)hang, "");
			col = hang;
			gap = 0;
		}
		buf_printf(out, "%*s%.*s", (int)gap, "", (int)len, p);
		col += gap + w;
		line_empty = false;
		p += len;
	}
	buf_puts(out, "\n");
}
