/* wizard_text.h: text measured in terminal columns, and the lines of a screen.
 *
 * Widths are display columns (wcwidth: a CJK character takes two), never
 * bytes or characters. Text is UTF-8 in the current locale (the program runs
 * in a UTF-8 locale; see i18n_init). No curses here: the UI draws the lines
 * these functions build. */
#ifndef HTTPDOC_WIZARD_TEXT_H
#define HTTPDOC_WIZARD_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "wizard.h"

/* Display columns of s; a character that cannot be decoded counts one. */
int wz_width(const char *s);

/* The longest prefix of s (in bytes) that fits in cols columns. */
size_t wz_fit(const char *s, int cols);

/* s cut to at most cols columns, ending in "…" when it was cut (new string). */
char *wz_truncate(const char *s, int cols);

/* s cut from the left to at most cols columns, starting with "…" when cut. */
char *wz_truncate_left(const char *s, int cols);

/* Break s into lines of at most cols columns, at spaces, or between two wide
 * characters (CJK text has no spaces); a word longer than a line is cut.
 * Closing punctuation never starts a line. Appends to out, at least one line. */
void wz_wrap(const char *s, int cols, struct strlist *out);

/* Network text made harmless for a terminal (term_safe), new string; NULL
 * gives "". */
char *wz_net(const char *s);

/* ------------------------------------------------------------------ documents
 * A document is the lines of a screen's body before it is scrolled: every
 * line fits in the document's width. */
struct wz_doc {
	struct wz_line *lines;
	size_t n, cap;
	int width;
};

void wz_doc_init(struct wz_doc *d, int width);
void wz_doc_free(struct wz_doc *d);
void wz_line_free(struct wz_line *l);

/* Start a new, empty line; returns its index. */
size_t wz_doc_newline(struct wz_doc *d);
/* Give the current line a background role (it fills the whole row). */
void wz_doc_fill(struct wz_doc *d, enum wz_role role);
/* Lines from first to the last take role, text and background (a selection). */
void wz_doc_highlight(struct wz_doc *d, size_t first, enum wz_role role);
/* Append text to the current line, cut to the columns left on it. */
void wz_doc_add(struct wz_doc *d, enum wz_role role, const char *text);
void wz_doc_addf(struct wz_doc *d, enum wz_role role, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Columns used on the current line. */
int wz_doc_col(const struct wz_doc *d);
/* Pad the current line with spaces to column col. */
void wz_doc_pad(struct wz_doc *d, int col);

/* Wrapped paragraph: the first line starts with first (e.g. "  1. ") and the
 * rest are indented by its width. Starts on a new line. */
void wz_doc_para(struct wz_doc *d, enum wz_role role, const char *first, enum wz_role first_role,
		 const char *text);
/* A label column then a wrapped value: "Status       403 Forbidden". */
void wz_doc_field(struct wz_doc *d, const char *label, int label_cols, enum wz_role role, const char *value);

#endif
