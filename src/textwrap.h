/* textwrap.h: wrapping text for a terminal by display width (CJK characters
 * take two columns and may break anywhere; other text breaks at spaces). */
#ifndef HTTPDOC_TEXTWRAP_H
#define HTTPDOC_TEXTWRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "util.h"

/* Display columns of n bytes of UTF-8; *wide_out (may be NULL) says whether
 * any character was double-width. Invalid bytes count one column each. */
size_t text_width(const char *s, size_t n, bool *wide_out);

/* True for a character a line must not start with (closing punctuation,
 * the prolonged sound mark, small kana): Chinese and Japanese typesetting
 * keeps it with the character before. */
bool text_no_break_before(wchar_t c);

/* True for an opening bracket or quote (wide, or curly) that a line must
 * not end with: it stays with the character after it. */
bool text_no_break_after(wchar_t c);

/* Append text wrapped to columns: prefix at column indent, the following
 * lines aligned after the prefix; ends with a newline. */
void text_wrap(struct buf *out, size_t indent, const char *prefix, const char *text, size_t columns);

#endif
