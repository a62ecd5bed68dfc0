/* wizard_text.c: widths, wrapping and screen lines, by display columns. */
#include <config.h>
#include "wizard_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "textwrap.h"

#define ELLIPSIS "\xe2\x80\xa6"          /* … */
#define REPLACEMENT "\xef\xbf\xbd"       /* U+FFFD */

/* Decode one character at s; its byte length (0 at the end), its width in
 * columns (a character that cannot be shown counts one and is marked bad). */
static size_t next_char(const char *s, wchar_t *wc, int *cols, bool *bad)
{
	mbstate_t st;
	memset(&st, 0, sizeof st);
	*bad = false;
	if (!*s)
		return 0;
	size_t n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = L'?';
		*cols = 1;
		*bad = true;
		return 1;
	}
	int w = wcwidth(*wc);
	if (w < 0) {
		*cols = 1;
		*bad = true;
	} else {
		*cols = w;
	}
	return n;
}

int wz_width(const char *s)
{
	int cols = 0, w;
	wchar_t wc;
	bool bad;
	size_t n;
	while (s && (n = next_char(s, &wc, &w, &bad)) > 0) {
		cols += w;
		s += n;
	}
	return cols;
}

size_t wz_fit(const char *s, int cols)
{
	size_t at = 0, n;
	int used = 0, w;
	wchar_t wc;
	bool bad;
	while ((n = next_char(s + at, &wc, &w, &bad)) > 0 && used + w <= cols) {
		used += w;
		at += n;
	}
	return at;
}

char *wz_truncate(const char *s, int cols)
{
	if (cols <= 0)
		return xstrdup("");
	if (wz_width(s) <= cols)
		return xstrdup(s);
	size_t keep = wz_fit(s, cols - 1);
	return xasprintf("%.*s" ELLIPSIS, (int)keep, s);
}

char *wz_truncate_left(const char *s, int cols)
{
	if (cols <= 0)
		return xstrdup("");
	int total = wz_width(s);
	if (total <= cols)
		return xstrdup(s);
	/* Skip characters until what is left fits after the ellipsis. */
	const char *p = s;
	int w;
	wchar_t wc;
	bool bad;
	size_t n;
	while (total > cols - 1 && (n = next_char(p, &wc, &w, &bad)) > 0) {
		total -= w;
		p += n;
	}
	return xasprintf(ELLIPSIS "%s", p);
}

char *wz_net(const char *s)
{
	return term_safe(s ? s : "", s ? strlen(s) : 0, false);
}

/* One unit of wrapping: a run of narrow non-space characters, a wide
 * character with the closing punctuation after it, or a run of spaces. */
static size_t next_unit(const char *s, int *cols, bool *space)
{
	wchar_t wc;
	int w;
	bool bad;
	size_t n = next_char(s, &wc, &w, &bad), at = 0;
	*cols = 0;
	if (!n)
		return 0;
	*space = wc == L' ';
	if (*space) {
		while (s[at] == ' ') {
			at++;
			(*cols)++;
		}
		return at;
	}
	bool wide = w > 1;
	at = n;
	*cols = w;
	if (text_no_break_after(wc) && s[n] && s[n] != ' ') {
		/* An opening bracket goes with what it opens: "（httpdoc". */
		int more;
		bool sp;
		at += next_unit(s + n, &more, &sp);
		*cols += more;
		return at;
	}
	for (;;) {
		size_t m = next_char(s + at, &wc, &w, &bad);
		if (!m || wc == L' ')
			break;
		if (!text_no_break_before(wc) && (wide || w > 1))
			break;      /* a break opportunity next to a wide character */
		at += m;
		*cols += w;
		/* After wide closing punctuation ("8080、") a line may break. */
		wide = wide || w > 1;
	}
	return at;
}

/* Display columns of the first n bytes of s. */
static int span_width(const char *s, size_t n)
{
	int cols = 0, w;
	wchar_t wc;
	bool bad;
	for (size_t k = 0, m; k < n && (m = next_char(s + k, &wc, &w, &bad)) > 0; k += m)
		cols += w;
	return cols;
}

static void flush(struct buf *line, int *used, struct strlist *out)
{
	while (line->len && line->data[line->len - 1] == ' ')
		line->data[--line->len] = '\0';
	strlist_add(out, line->data);
	line->len = 0;
	line->data[0] = '\0';
	*used = 0;
}

void wz_wrap(const char *s, int cols, struct strlist *out)
{
	struct buf line = {0};
	int used = 0, w;
	bool space;
	size_t n, before = out->n;
	if (cols < 1)
		cols = 1;
	buf_puts(&line, "");
	while (s && (n = next_unit(s, &w, &space)) > 0) {
		if (space) {
			/* Spaces at the start of a line or where it breaks are dropped. */
			if (used > 0 && used + w < cols) {
				buf_append(&line, s, n);
				used += w;
			} else if (used > 0) {
				flush(&line, &used, out);
			}
			s += n;
			continue;
		}
		if (used > 0 && used + w > cols)
			flush(&line, &used, out);
		while (w > cols) {
			/* Longer than a whole line: cut it where it fills one. */
			size_t fit = wz_fit(s, cols);
			if (fit == 0)
				fit = (size_t)mblen(s, MB_CUR_MAX) > 0 ? (size_t)mblen(s, MB_CUR_MAX) : 1;
			buf_append(&line, s, fit);
			flush(&line, &used, out);
			w -= span_width(s, fit);
			s += fit;
			n -= fit;
		}
		buf_append(&line, s, n);
		used += w;
		s += n;
	}
	if (line.len || out->n == before)
		flush(&line, &used, out);
	buf_free(&line);
}

/* ------------------------------------------------------------------ documents */

void wz_doc_init(struct wz_doc *d, int width)
{
	memset(d, 0, sizeof *d);
	d->width = width > 0 ? width : 1;
}

void wz_line_free(struct wz_line *l)
{
	for (size_t i = 0; i < l->n_spans; i++)
		free(l->spans[i].text);
	free(l->spans);
	memset(l, 0, sizeof *l);
}

void wz_doc_free(struct wz_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		wz_line_free(&d->lines[i]);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

size_t wz_doc_newline(struct wz_doc *d)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 32;
		d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
	}
	memset(&d->lines[d->n], 0, sizeof d->lines[d->n]);
	return d->n++;
}

void wz_doc_fill(struct wz_doc *d, enum wz_role role)
{
	if (!d->n)
		wz_doc_newline(d);
	d->lines[d->n - 1].fill = role;
}

void wz_doc_highlight(struct wz_doc *d, size_t first, enum wz_role role)
{
	for (size_t i = first; i < d->n; i++) {
		d->lines[i].fill = role;
		for (size_t k = 0; k < d->lines[i].n_spans; k++)
			d->lines[i].spans[k].role = role;
	}
}

int wz_doc_col(const struct wz_doc *d)
{
	if (!d->n)
		return 0;
	const struct wz_line *l = &d->lines[d->n - 1];
	int cols = 0;
	for (size_t i = 0; i < l->n_spans; i++)
		cols += wz_width(l->spans[i].text);
	return cols;
}

/* text with every character the terminal cannot show as one known width
 * replaced (undecodable bytes, controls, tabs), cut to cols columns. */
static char *clean_fit(const char *text, int cols)
{
	struct buf b = {0};
	int used = 0, w;
	wchar_t wc;
	bool bad;
	size_t n;
	buf_puts(&b, "");
	for (const char *p = text; (n = next_char(p, &wc, &w, &bad)) > 0; p += n) {
		if (wc == L'\t' || wc == L'\n')
			bad = false, w = 1, wc = L' ';
		if (used + w > cols)
			break;
		if (bad)
			buf_puts(&b, REPLACEMENT);
		else if (wc == L' ')
			buf_puts(&b, " ");
		else
			buf_append(&b, p, n);
		used += w;
	}
	return buf_steal(&b);
}

void wz_doc_add(struct wz_doc *d, enum wz_role role, const char *text)
{
	if (!d->n)
		wz_doc_newline(d);
	int left = d->width - wz_doc_col(d);
	if (!text || !*text || left <= 0)
		return;
	char *fit = clean_fit(text, left);
	struct wz_line *l = &d->lines[d->n - 1];
	l->spans = xrealloc(l->spans, (l->n_spans + 1) * sizeof *l->spans);
	l->spans[l->n_spans].text = fit;
	l->spans[l->n_spans].role = role;
	l->n_spans++;
}

void wz_doc_addf(struct wz_doc *d, enum wz_role role, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	wz_doc_add(d, role, s ? s : "");
	free(s);
}

void wz_doc_pad(struct wz_doc *d, int col)
{
	if (!d->n)
		wz_doc_newline(d);
	int at = wz_doc_col(d);
	if (col > d->width)
		col = d->width;
	if (at >= col)
		return;
	char *sp = xmalloc((size_t)(col - at) + 1);
	memset(sp, ' ', (size_t)(col - at));
	sp[col - at] = '\0';
	wz_doc_add(d, d->lines[d->n - 1].fill, sp);   /* padding looks like the row */
	free(sp);
}

void wz_doc_para(struct wz_doc *d, enum wz_role role, const char *first, enum wz_role first_role,
		 const char *text)
{
	int indent = first ? wz_width(first) : 0;
	if (indent > d->width / 2)
		indent = d->width / 2;
	struct strlist lines = {0};
	wz_wrap(text ? text : "", d->width - indent, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		wz_doc_newline(d);
		if (i == 0 && first)
			wz_doc_add(d, first_role, first);
		else
			wz_doc_pad(d, indent);
		wz_doc_add(d, role, lines.v[i]);
	}
	strlist_free(&lines);
}

void wz_doc_field(struct wz_doc *d, const char *label, int label_cols, enum wz_role role, const char *value)
{
	struct strlist lines = {0};
	int width = d->width - label_cols;
	if (width < 10) {
		/* Too narrow for a label column: the value goes under the label. */
		wz_doc_newline(d);
		wz_doc_add(d, WZ_LABEL, label);
		wz_doc_para(d, role, "  ", WZ_NORMAL, value);
		return;
	}
	wz_wrap(value ? value : "", width, &lines);
	for (size_t i = 0; i < lines.n; i++) {
		wz_doc_newline(d);
		if (i == 0)
			wz_doc_add(d, WZ_LABEL, label);
		wz_doc_pad(d, label_cols);
		wz_doc_add(d, role, lines.v[i]);
	}
	strlist_free(&lines);
}
