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

/* Characters a line must not start with (closing punctuation, the
 * prolonged sound mark, small kana), as Chinese and Japanese typesetting
 * keeps them with the character before. */
bool text_no_break_before(wchar_t c)
{
	static const wchar_t closing[] = L"\u3002\u3001\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\u300d\u300f"
					  L"\u3011\u3015\u3009\u300b\u201d\u2019\u30fc\u30fb\u3005"
					  L"\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087"
					  L"\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7"
					  L",.;:!?)]}";
	return c && wcschr(closing, c) != NULL;
}

bool text_no_break_after(wchar_t c)
{
	static const wchar_t opening[] = L"\uff08\u300c\u300e\u3010\u3014\u3008\u300a\u201c\u2018";
	return c && wcschr(opening, c) != NULL;
}

/* Length in bytes of the next word: a run of narrow characters up to a space,
 * or one wide character (CJK text breaks between any two of them) together
 * with any characters that may not start a line. */
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
		} else if (wcwidth(wc) > 1 && i && text_no_break_before(wc)) {
			/* Wide closing punctuation stays with the word before it
			 * ("8080、"); a line may break after it. */
			i += len;
			for (;;) {
				size_t l2 = mbrtowc(&wc, s + i, strlen(s + i), &st);
				if (l2 == (size_t)-1 || l2 == (size_t)-2 || l2 == 0 || !text_no_break_before(wc))
					return i;
				i += l2;
			}
		} else if (wcwidth(wc) > 1) {
			if (i)
				return i;
			/* An opening bracket goes with what it opens: "（httpdoc". */
			if (text_no_break_after(wc) && s[len] && s[len] != ' ')
				return len + word_len(s + len);
			/* The wide character, then what must stay with it. */
			i = len;
			for (;;) {
				size_t l2 = mbrtowc(&wc, s + i, strlen(s + i), &st);
				if (l2 == (size_t)-1 || l2 == (size_t)-2 || l2 == 0 || !text_no_break_before(wc))
					return i;
				i += l2;
			}
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
